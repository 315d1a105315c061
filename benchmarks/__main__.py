"""Every performance figure of ikzmap in one run, with its target, printed and saved as JSON.

    .venv/bin/python -m benchmarks [--quick] [--skip-browser] [--skip-export] [--json PATH]

Server side (``bench_core``): loading, view, map build and serialisation per level, upload,
payload sizes. The running app: websocket bytes, server memory after warm-up and after the
browser run. Browser (``bench_browser``, on the same server): navigation to the drawn map
against plain Leaflet, click -> detail panel, reruns on pan/zoom. Exports
(``bench_export``): PNG/SVG/PDF/HTML/GeoPackage. The JSON (default
``artifacts/benchmarks.json``) carries a timestamp and the git commit for comparisons over
time. Timings depend on the machine and its load; no test checks them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import bench_core
from benchmarks.bench_core import ROOT, row

DEFAULT_JSON = ROOT / "artifacts" / "benchmarks.json"
RUNS = {"core": (7, 3), "browser": (5, 2), "export": (5, 1)}  # runs: (full, --quick)
QUICK = 1


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def browser_run(runs: int, into: list[dict]) -> Callable[[str], None]:
    """The browser benchmark against an already running server (its rows go to ``into``)."""
    from benchmarks import bench_browser

    def run(url: str) -> None:
        for r in bench_browser.measure(runs, url):
            unit = "s" if "[s]" in r["figure"] else ""
            figure = r["figure"].replace(" [s]", "")
            into.append(
                row("Browser", f"browser.{_slug(figure)}", figure, r["value"], unit, r["target"])
            )

    return run


def export_rows(runs: int) -> list[dict]:
    """Export times per format (``bench_export``), with the first, cold call separately."""
    try:
        from benchmarks import bench_export
    except ImportError as err:  # the export benchmark is optional
        print(f"Export-Benchmark fehlt ({err}); übersprungen.", file=sys.stderr)
        return []
    from ikzmap.export.cli import default_atlas
    from ikzmap.view import build_view
    from ikzmap.viewstate import ViewState

    atlas = default_atlas()
    kreis = build_view(atlas, ViewState(level="kreis", indicator="ikz_count"))
    gemeinde = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    cold = bench_export._time(bench_export._export(kreis, "png", bench_export.A4_PRINT))[0]
    rows = [
        row("Export", "export.png_kreis_cold", "PNG 300 dpi A4, Kreise (erster Aufruf)", cold, "s")
    ]
    for name, call, target in bench_export.cases(kreis, gemeinde, atlas):
        figure = bench_export.measure(name, call, target, runs)
        rows.append(row("Export", f"export.{_slug(name)}", name, figure.median_s, "s", target))
    return rows


def git_commit() -> tuple[str, bool]:
    """(commit, whether the working tree has changes); ("unbekannt", False) without git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unbekannt", False
    return head, bool(status.strip())


def document(rows: list[dict], quick: bool) -> dict:
    """The JSON document of one benchmark run."""
    import streamlit

    commit, dirty = git_commit()
    return {
        "timestamp": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
        "git_commit": commit,
        "git_dirty": dirty,
        "quick": quick,
        "machine": {
            "cpus": os.cpu_count(),
            "load_1min": round(os.getloadavg()[0], 2),
            "python": platform.python_version(),
            "streamlit": streamlit.__version__,
        },
        "figures": rows,
    }


def write_json(doc: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit in ("kB", "MiB"):
        return f"{value:,.1f}".replace(",", " ")
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def print_table(rows: list[dict]) -> None:
    width = max(len(r["figure"]) for r in rows)
    print(f"{'Gruppe':10} {'Kennzahl':<{width}} {'Wert':>10} {'':4} {'Ziel':>8}  ok")
    for r in rows:
        target = "" if r["target"] is None else f"≤ {r['target']:g}"
        ok = "" if r["ok"] is None else ("ja" if r["ok"] else "NEIN")
        value = _value(r["value"], r["unit"])
        print(f"{r['group']:10} {r['figure']:<{width}} {value:>10} {r['unit']:4} {target:>8}  {ok}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="weniger Läufe je Messung")
    parser.add_argument("--skip-browser", action="store_true", help="ohne Chromium-Messungen")
    parser.add_argument("--skip-export", action="store_true", help="ohne Export-Messungen")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="Ergebnisdatei (JSON)")
    args = parser.parse_args(argv)
    pick = QUICK if args.quick else 0
    rows = bench_core.measure(RUNS["core"][pick])
    browser: list[dict] = []
    run = None if args.skip_browser else browser_run(RUNS["browser"][pick], browser)
    rows += bench_core.server_figures(run) + browser
    if not args.skip_export:
        rows += export_rows(RUNS["export"][pick])
    print_table(rows)
    write_json(document(rows, args.quick), args.json)
    print(f"\nGespeichert: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
