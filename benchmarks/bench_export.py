"""Export speed, request to bytes: median of several runs per figure (after one warm-up).

    .venv/bin/python -m benchmarks.bench_export [--runs 7] [--json figures.json]

Targets (issue 5): PNG 300 dpi A4 of the Kreis map ≤ 1.0 s, of the Gemeinde map ≤ 1.5 s,
SVG and PDF ≤ 0.5 s (PDF including its tags, issue 14; the tagging step alone is measured
too); a Kreis-Steckbrief (issue 13) without a target. The first call of a process (reading
and projecting the boundaries) is reported separately ("kalt"). Figures depend on the
machine and its load.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import matplotlib

from ikzmap.atlas import AtlasData
from ikzmap.export import SnapshotOptions, export_file
from ikzmap.export.cli import default_atlas
from ikzmap.export.static import build_snapshot
from ikzmap.export.steckbrief import steckbrief_pdf
from ikzmap.export.tagged_pdf import tag_pdf
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState

MIN_RUNS = 5
A4_PRINT = SnapshotOptions(page="a4-quer", dpi=300)
A4 = SnapshotOptions(page="a4-quer")


@dataclass(frozen=True)
class Figure:
    name: str
    median_s: float  # wall clock, request to bytes
    target_s: float | None
    runs_s: tuple[float, ...]
    cpu_median_s: float  # process CPU time: hardly affected by other processes' load
    bytes: int

    @property
    def ok(self) -> bool | None:
        return None if self.target_s is None else self.median_s <= self.target_s


def _time(call: Callable[[], bytes]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, bytes) of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    size = len(call())
    return time.perf_counter() - start, time.process_time() - cpu, size


def measure(name: str, call: Callable[[], bytes], target: float | None, runs: int) -> Figure:
    _time(call)  # warm-up: caches of geometry, paths, label anchors, fonts
    results = [_time(call) for _ in range(runs)]
    walls = tuple(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    return Figure(name, statistics.median(walls), target, walls, cpu, results[-1][2])


def _export(view: MapView, fmt: str, options: SnapshotOptions) -> Callable[[], bytes]:
    return lambda: export_file(view, fmt, options).data


def _tagging(view: MapView) -> Callable[[], bytes]:
    """Only the step that tags matplotlib's PDF (pikepdf), on a page written beforehand."""
    snapshot = build_snapshot(view, A4, "pdf")
    buffer = io.BytesIO()
    snapshot.figure.savefig(buffer, format="pdf", dpi=72)
    untagged, structure = buffer.getvalue(), snapshot.structure()
    return lambda: tag_pdf(untagged, structure)


def cases(
    kreis: MapView, gemeinde: MapView, atlas: AtlasData | None = None
) -> list[tuple[str, Callable[[], bytes], float | None]]:
    steckbrief: list[tuple[str, Callable[[], bytes], float | None]] = []
    if atlas is not None:  # one tagged A4 page: map, tables, texts
        steckbrief = [
            ("Kreis-Steckbrief PDF, ein Kreis", lambda: steckbrief_pdf(atlas, "05566"), None)
        ]
    return [
        ("PNG 300 dpi A4, Kreise", _export(kreis, "png", A4_PRINT), 1.0),
        ("PNG 300 dpi A4, Gemeinden", _export(gemeinde, "png", A4_PRINT), 1.5),
        ("SVG A4, Kreise", _export(kreis, "svg", A4), 0.5),
        ("SVG A4, Gemeinden", _export(gemeinde, "svg", A4), 0.5),
        ("PDF A4, Kreise", _export(kreis, "pdf", A4), 0.5),
        ("PDF A4, Gemeinden", _export(gemeinde, "pdf", A4), 0.5),
        ("davon PDF-Tags (pikepdf), Kreise", _tagging(kreis), None),
        ("davon PDF-Tags (pikepdf), Gemeinden", _tagging(gemeinde), None),
        ("PNG 150 dpi A4, Kreise", _export(kreis, "png", A4), None),
        ("HTML, Gemeinden", _export(gemeinde, "html", A4), None),
        ("GeoPackage, Gemeinden", _export(gemeinde, "gpkg", A4), None),
        *steckbrief,
    ]


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def print_table(figures: list[Figure]) -> None:
    width = max(len(f.name) for f in figures)
    print(f"{'Messung':<{width}}  {'Median s':>9}  {'CPU s':>6}  {'Ziel s':>7}  ok")
    for f in figures:
        ok = "–" if f.ok is None else ("ja" if f.ok else "NEIN")
        print(
            f"{f.name:<{width}}  {_cell(f.median_s):>9}  {_cell(f.cpu_median_s):>6}  "
            f"{_cell(f.target_s):>7}  {ok}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help=f"Läufe je Messung (≥ {MIN_RUNS})")
    parser.add_argument("--json", type=Path, help="Ergebnisse zusätzlich als JSON schreiben")
    args = parser.parse_args(argv)
    runs = max(args.runs, MIN_RUNS)
    atlas = default_atlas()
    kreis = build_view(atlas, ViewState(level="kreis", indicator="ikz_count"))
    gemeinde = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    cold_s, cold_cpu, cold_bytes = _time(_export(kreis, "png", A4_PRINT))
    cold = "PNG 300 dpi A4, Kreise (kalt, erster Aufruf)"
    figures = [Figure(cold, cold_s, None, (cold_s,), cold_cpu, cold_bytes)]
    figures.extend(
        measure(name, call, target, runs) for name, call, target in cases(kreis, gemeinde, atlas)
    )
    print(
        f"Median aus {runs} Läufen nach einem Aufwärmlauf; {os.cpu_count()} CPU, "
        f"Last {os.getloadavg()[0]:.1f}"
    )
    print_table(figures)
    if args.json:
        payload = {
            "runs": runs,
            "python": platform.python_version(),
            "matplotlib": matplotlib.__version__,
            "cpus": os.cpu_count(),
            "load_1min": os.getloadavg()[0],
            "figures": [{**asdict(f), "ok": f.ok} for f in figures],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
