"""Server-side figures: loading, building and serialising the map, payload sizes, memory.

``measure`` times what a session's script run does on the server, per level, without a
server (median of N runs after one warm-up). ``server_figures`` starts the app and speaks
its websocket protocol (``tests/load/protocol.py``): server memory after warm-up and the
bytes a navigation and a click move; with a ``browser_run`` it also measures memory after
that run on the same server. ``python -m benchmarks`` prints all of it with the browser
and export figures.
"""

from __future__ import annotations

import gzip
import json
import statistics
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from geo import LEVELS, Hierarchy, attribution, load_layer
from ikzmap import mapdata, mapspec, mapview
from ikzmap.atlas import AtlasData
from ikzmap.upload import read_upload
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState

ROOT: Final = Path(__file__).resolve().parent.parent
UPLOAD_SAMPLE: Final = ROOT / "tests" / "data" / "uploads" / "gemeinden_cp1252_semikolon.csv"
LEVEL_LABELS: Final = {"rbz": "Regierungsbezirke", "kreis": "Kreise", "gemeinde": "Gemeinden"}
# The view each level opens with in the benchmarks (Gemeinden have no default IKZ values).
INDICATOR: Final = {"rbz": "ikz_count", "kreis": "ikz_count", "gemeinde": "budget_status"}
QUERY: Final = {level: f"ebene={level}&indikator={INDICATOR[level]}" for level in LEVELS}


def row(group: str, figure_id: str, figure: str, value: float | None, unit: str, target=None):
    """One figure of the benchmark table (``id`` stays stable for comparisons over time)."""
    ok = None if target is None or value is None else value <= target
    return {
        "id": figure_id,
        "group": group,
        "figure": figure,
        "value": value,
        "unit": unit,
        "target": target,
        "ok": ok,
    }


def timed(call: Callable[[], object], runs: int) -> float:
    """Median seconds of ``runs`` calls after one warm-up call."""
    call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _kb(size: int) -> float:
    return round(size / 1000, 1)


def _deflated(text: str) -> int:
    """Bytes after deflate, as the websocket compression would send them (estimate)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return len(compressor.compress(text.encode("utf-8")) + compressor.flush(zlib.Z_SYNC_FLUSH))


def map_spec_json(view: MapView, geometry_url: str, credit: str) -> str:
    """The map spec as the app builds it once per view (then from its cache) and sends it
    with every run that draws the map (``ikzmap/ui/map_panel.py``), as JSON text."""
    spec = mapspec.map_spec(view, credit, geometry_url=geometry_url)
    return json.dumps({"spec": spec, "spec_id": mapspec.spec_id(spec)}, ensure_ascii=False)


def _level_figures(atlas: AtlasData, level: str, runs: int) -> list[dict]:
    name = LEVEL_LABELS[level]
    state = ViewState(level=level, indicator=INDICATOR[level])
    view = build_view(atlas, state)
    geometry = mapview.geometry_json(mapdata.level_collection(level))
    credit, url = attribution(), f"app/static/geo/nrw_{level}.json"
    script = map_spec_json(view, url, credit)
    raw, packed = len(geometry.encode()), len(gzip.compress(geometry.encode(), 6))
    figures = [
        ("Laden", "load", "Grenzen laden", timed(lambda: load_layer(level), runs), "s"),
        ("Server", "view", "Ansicht (build_view)",
         timed(lambda: build_view(atlas, state), runs), "s"),
        ("Server", "payload", "Farben, Tooltips (unit_specs)",
         timed(lambda: mapspec.unit_specs(view), runs), "s"),
        ("Server", "script", "Kartenspezifikation je Ansicht (dann Cache)",
         timed(lambda: map_spec_json(view, url, credit), runs), "s"),
        ("Größe", "geometry", "Geometrie-JSON (statische Datei)", _kb(raw), "kB"),
        ("Größe", "geometry_gzip", "  gzip", _kb(packed), "kB"),
        ("Größe", "script_bytes", "Kartenspezifikation je Rerun", _kb(len(script.encode())), "kB"),
        ("Größe", "script_deflate", "  komprimiert (Websocket)", _kb(_deflated(script)), "kB"),
    ]  # fmt: skip
    return [row(g, f"{i}.{level}", f"{text}, {name}", v, u) for g, i, text, v, u in figures]


def _upload_figures(atlas: AtlasData, runs: int) -> list[dict]:
    data = UPLOAD_SAMPLE.read_bytes()
    hierarchy = atlas.hierarchy
    result = read_upload(data, UPLOAD_SAMPLE.name, hierarchy)

    def ready(own: AtlasData) -> AtlasData:
        for level in LEVELS:  # the Einwohner every view reads
            own.population_at(level)
        return own

    def from_default() -> AtlasData:  # as the app does it
        return ready(atlas.with_ikz(result.dataset, result.population, "bench"))

    def full() -> AtlasData:
        return ready(
            AtlasData.build(
                hierarchy, result.dataset, atlas.budget_status, result.population, "bench"
            )
        )

    def counts_only() -> AtlasData:  # an upload without Einwohner
        return ready(atlas.with_ikz(result.dataset, None, "bench"))

    read_s = timed(lambda: read_upload(data, UPLOAD_SAMPLE.name, hierarchy), runs)
    return [
        row("Upload", "upload.read", "Upload lesen und zuordnen (12 Zeilen)", read_s, "s"),
        row(
            "Upload",
            "upload.atlas",
            "Upload → eigene Karte (aus den Standarddaten, mit Einwohnern)",
            timed(from_default, runs),
            "s",
        ),
        row(
            "Upload",
            "upload.atlas_counts",
            "  nur Anzahlen (Einwohner geteilt)",
            timed(counts_only, runs),
            "s",
        ),
        row("Upload", "upload.atlas_full", "  zum Vergleich: alles neu", timed(full, runs), "s"),
    ]


def _store_figures(atlas: AtlasData, runs: int) -> list[dict]:
    """Saved datasets on SQLite in a temporary folder: save (with the consistency check),
    open (file, payload, decoding), list; and one 10 MB original stored as is."""
    import dataclasses
    import tempfile

    from ikzmap.published import load_published
    from ikzmap.store import Store, opened_result, save_result
    from ikzmap.store.config import sqlite_url

    hierarchy, published = atlas.hierarchy, load_published()
    result = read_upload(UPLOAD_SAMPLE.read_bytes(), UPLOAD_SAMPLE.name, hierarchy)
    big = dataclasses.replace(result, original=result.original + b"#" * 10_000_000)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(sqlite_url(Path(folder)))
        info = save_result(store, result, "Messung", hierarchy, published, owner="b")
        save_s = timed(lambda: save_result(store, result, "Messung", hierarchy, published), runs)
        open_s = timed(lambda: opened_result(store.load(info.dataset_id)), runs)
        list_s = timed(lambda: store.datasets("b"), runs)
        start = time.perf_counter()
        save_result(store, big, "Groß", hierarchy, published)
        big_s = time.perf_counter() - start
        store.dispose()
    return [
        row("Ablage", "store.save", "Speichern (12 Zeilen, mit Abgleich), SQLite", save_s, "s"),
        row("Ablage", "store.open", "Gespeicherten Datensatz öffnen, SQLite", open_s, "s"),
        row("Ablage", "store.list", "Liste dieses Browsers, SQLite", list_s, "s"),
        row("Ablage", "store.save_10mb", "Speichern mit 10-MB-Originaldatei, SQLite", big_s, "s"),
    ]


def _bomb_figures(hierarchy: Hierarchy) -> list[dict]:
    """The two small XLSX files of issue #10 that took 84 s and 27 s: now rejected early.
    One run each (they take seconds, not milliseconds); target: any file within 5 s."""
    from tests import bombs  # the hostile files are built, not stored

    figures = []
    for figure_id, text, make in (
        (
            "upload.bomb_row",
            "Upload abweisen: 1 Zeile, 24,5 Mio. leere Zellen (97 kB)",
            bombs.wide_empty_row,
        ),
        (
            "upload.bomb_rows",
            "Upload abweisen: 16 Mio. leere Zeilen (142 kB)",
            bombs.many_empty_rows,
        ),
    ):
        data = make()
        start = time.perf_counter()
        read_upload(data, "bombe.xlsx", hierarchy)
        figures.append(row("Upload", figure_id, text, time.perf_counter() - start, "s", 5.0))
    return figures


def _model_figures(hierarchy: Hierarchy) -> list[dict]:
    """The integer program of the default model (run offline by ``python -m ikzmap.model``;
    the app only reads its CSV): the fit, and the fit with the 29 feasible ranges."""
    from ikzmap.model import ModelInputs, fit_model

    inputs = ModelInputs.default(hierarchy)
    start = time.perf_counter()
    fit_model(inputs, with_ranges=False)
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    fit_model(inputs, with_ranges=True)
    all_s = time.perf_counter() - start
    return [
        row("Modell", "model.fit", "Modell anpassen (MILP, HiGHS)", fit_s, "s"),
        row("Modell", "model.ranges", "  mit 29 Spannen (58 weitere MILPs)", all_s, "s"),
    ]


def measure(runs: int = 5) -> list[dict]:
    """Every server-side figure (no app server needed)."""
    start = time.perf_counter()
    atlas = AtlasData.default()  # what the first session of a server waits for
    rows = [
        row(
            "Laden",
            "load.startup",
            "Start: Grenzen, Modell-CSV, Haushalt, Einwohner (erster Aufruf)",
            time.perf_counter() - start,
            "s",
        ),
        row("Laden", "load.hierarchy", "Hierarchie laden", timed(Hierarchy.load, runs), "s"),
    ]
    for level in LEVELS:
        rows.extend(_level_figures(atlas, level, runs))
    rows.extend(_upload_figures(atlas, runs))
    rows.extend(_store_figures(atlas, runs))
    rows.extend(_bomb_figures(atlas.hierarchy))
    rows.extend(_model_figures(atlas.hierarchy))
    return rows


# --- the running app: memory and websocket bytes ------------------------------------------


def _wire(messages: list[bytes]) -> tuple[float, float]:
    """kB of the messages as received, and deflated as one websocket stream (estimate)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = sum(
        len(compressor.compress(m) + compressor.flush(zlib.Z_SYNC_FLUSH)) for m in messages
    )
    return _kb(sum(len(m) for m in messages)), _kb(packed)


async def _navigation_bytes(url: str) -> dict[str, tuple[float, float]]:
    from tests.load.protocol import ProtocolClient

    found = {}
    for level in ("kreis", "gemeinde"):
        client = ProtocolClient(url)
        await client.open(QUERY[level])
        found[level] = _wire(client.received)
        if level == "kreis":
            client.received.clear()
            await client.click_unit("05562")
            found["click"] = _wire(client.received)
        await client.close()
    return found


async def _warm_up(url: str) -> None:
    from tests.load.protocol import ProtocolClient

    for level in LEVELS:
        client = ProtocolClient(url)
        await client.open(QUERY[level])
        await client.close()


@contextmanager
def observed_app(notes: dict) -> Iterator[str]:
    """The app on a free port, warmed up; ``notes`` receives its memory and wire sizes."""
    from tests.e2e.harness import running_app
    from tests.load.common import run_in_own_loop
    from tests.load.server import peak_rss_mib, rss_mib, server_pid

    with running_app("streamlit-bench-core.log") as url:
        pid = server_pid(url)
        notes["rss_idle"] = rss_mib(pid)
        run_in_own_loop(_warm_up(url))
        notes["rss_warm"] = rss_mib(pid)
        notes["bytes"] = run_in_own_loop(_navigation_bytes(url))
        yield url
        time.sleep(2)  # the closed sessions' websockets are dropped
        notes["rss_after"] = rss_mib(pid)
        notes["rss_peak"] = peak_rss_mib(pid)


def server_figures(browser_run: Callable[[str], object] | None = None) -> list[dict]:
    """Memory and websocket bytes of the running app; ``browser_run(url)`` runs in between
    (the browser benchmark on the same server), so memory after it is measured too."""
    notes: dict = {}
    with observed_app(notes) as url:
        if browser_run is not None:
            browser_run(url)
    kreis, gemeinde, click = (notes["bytes"][k] for k in ("kreis", "gemeinde", "click"))
    figures = [
        ("Websocket", "ws.kreis", "Navigation → Kreiskarte, Nutzdaten", kreis[0], "kB"),
        ("Websocket", "ws.kreis_deflate", "  komprimiert (geschätzt)", kreis[1], "kB"),
        ("Websocket", "ws.gemeinde", "Navigation → Gemeindekarte, Nutzdaten", gemeinde[0], "kB"),
        ("Websocket", "ws.gemeinde_deflate", "  komprimiert (geschätzt)", gemeinde[1], "kB"),
        ("Websocket", "ws.click", "Klick auf einen Kreis, Nutzdaten", click[0], "kB"),
        ("Speicher", "rss.idle", "Server-RSS nach dem Start", notes["rss_idle"], "MiB"),
        ("Speicher", "rss.warm", "Server-RSS nach Aufwärmen", notes["rss_warm"], "MiB"),
    ]
    if browser_run is not None:
        figures += [
            (
                "Speicher",
                "rss.after_browser",
                "Server-RSS nach Browserlauf",
                notes["rss_after"],
                "MiB",
            ),
            ("Speicher", "rss.peak", "Server-RSS, Höchstwert", notes["rss_peak"], "MiB"),
        ]
    return [row(*figure) for figure in figures]
