"""Browser benchmark of the interactive map (headless Chromium, warm local server).

Prints the median of N runs for: navigation to the drawn map (the app's first paint, see
``ikzmap.ui.first_paint``, and separately its whole page with the sidebar; app vs. a plain
Leaflet page of the same layer, served as static files by a local server of this benchmark
only — never from the app's served folder — and vs. the smallest Streamlit page, which no
Streamlit app can undercut), click -> detail panel at Kreis and Gemeinde level, and the
reruns caused by panning and zooming (must be 0).

    .venv/bin/python -m benchmarks.bench_browser [--runs 5] [--json figures.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

from ikzmap import mapspec
from ikzmap.assets import VENDOR_DIR
from tests.e2e.harness import (
    launch_chromium,
    map_locator,
    running_app,
    serve_folder,
    unit_screen_point,
    wait_for_heading,
    wait_for_map,
)

EMPTY_APP = Path(__file__).with_name("empty_app.py")
KREISE = ["05562", "05970", "05566", "05554", "05958", "05382", "05766", "05154"]
GEMEINDEN = ["05562032", "05358008", "05154036", "05362008", "05554008", "05566076", "05170048"]
PLAIN_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="../vendor/leaflet/leaflet.css">
<script src="../vendor/leaflet/leaflet.js"></script>
<style>html,body,#m{{height:100%;margin:0}}</style></head>
<body><div id="m"></div><script>
var map = L.map("m").fitBounds([[50.32, 5.87], [52.53, 9.46]]);
var units = {units};
var esc = s => String(s).replace(/[&<>"']/g, c => "&#" + c.charCodeAt(0) + ";");
var tip = f => "<table>" + [["Name", f.properties.label], ["Wert", units[f.id][2]],
  ["Herkunft", units[f.id][3]], ["Schlüssel", f.id]].map(r =>
  "<tr><th>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>").join("") + "</table>";
L.geoJson({geometry}, {{style: f => ({{fillColor: units[f.id][0], color: "#5a5a5a",
  weight: 0.7, fillOpacity: 0.9}}),
  onEachFeature: (f, l) => l.bindTooltip(tip(f), {{sticky: true}})}}).addTo(map);
</script></body></html>"""


def plain_page(level: str) -> str:
    """A plain Leaflet page of the same layer, colours and tooltips, hand-written."""
    from ikzmap import mapdata, mapview
    from ikzmap.ui import loaders
    from ikzmap.view import build_view
    from ikzmap.viewstate import ViewState

    view = build_view(loaders.default_atlas(), ViewState(level=level))
    return PLAIN_PAGE.format(
        units=mapspec.script_json(mapspec.unit_specs(view)),
        geometry=mapview.geometry_json(mapdata.level_collection(level)),
    )


@contextlib.contextmanager
def plain_pages(levels: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """Serve the plain pages and Leaflet from a temporary folder on a loopback port of
    their own (the app's ``static/`` is served to every user: no test pages there)."""
    with tempfile.TemporaryDirectory(prefix="ikzmap-bench-") as folder:
        root = Path(folder)
        shutil.copytree(VENDOR_DIR, root / "vendor")
        (root / "bench").mkdir()
        for level in levels:
            (root / "bench" / f"plain_{level}.html").write_text(plain_page(level), "utf-8")
        with serve_folder(root) as origin:
            yield {level: f"{origin}/bench/plain_{level}.html" for level in levels}


@contextlib.contextmanager
def static_atlas() -> Iterator[str]:
    """The static atlas of the default data (``python -m ikzmap.publish``), written to a
    temporary folder and served by a plain file server on a loopback port of its own."""
    from ikzmap.publish import publish
    from ikzmap.ui import loaders

    with tempfile.TemporaryDirectory(prefix="ikzmap-atlas-") as folder:
        publish(loaders.default_atlas(), Path(folder))
        with serve_folder(Path(folder)) as origin:
            yield f"{origin}/index.html"


def _plain_drawn(count: int):
    def ready(page) -> None:
        page.wait_for_function(
            "n => document.querySelectorAll('path.leaflet-interactive').length === n", arg=count
        )

    return ready


def _app_drawn(count: int):
    """The map drawn (on an app page its first paint: ikzmap.ui.first_paint)."""
    return lambda page: wait_for_map(page, count, whole_page=False)


def _app_whole(count: int):
    """The map drawn and, on an app page, the rest of the page too (the sidebar's controls)."""
    return lambda page: wait_for_map(page, count)


def _empty_shown(page) -> None:
    # Checked every animation frame, like the maps' polygons (a locator's wait polls at
    # up to 0.5 s steps, which would flatter the ratio to this page).
    page.wait_for_function("() => document.body.innerText.includes('Streamlit bereit')")


def navigation_time(context, url: str, ready) -> float:
    """Seconds from navigation until ``ready(page)`` returns. One browser context for all
    pages, so static files come from the browser cache as for a returning user."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    ready(page)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def navigation_medians(context, pages: dict[str, tuple[str, object]], runs: int) -> dict:
    """Median navigation time per page; the pages take turns in every round, so load on
    the shared machine affects them alike. The first round only warms the caches."""
    samples: dict[str, list[float]] = {name: [] for name in pages}
    for round_ in range(runs + 1):
        for name, (url, ready) in pages.items():
            elapsed = navigation_time(context, url, ready)
            if round_:
                samples[name].append(elapsed)
    return {name: statistics.median(values) for name, values in samples.items()}


def cold_medians(browser, pages: dict[str, tuple[str, object]], runs: int) -> dict:
    """Median navigation time per page for a first visit: a new browser context (empty
    cache) for every navigation; the pages take turns in every round."""
    samples: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(runs):
        for name, (url, ready) in pages.items():
            context = browser.new_context(viewport={"width": 1400, "height": 1200})
            samples[name].append(navigation_time(context, url, ready))
            context.close()
    return {name: statistics.median(values) for name, values in samples.items()}


def time_clicks(browser, url: str, level: str, keys: list[str], count: int) -> float:
    from geo import Hierarchy

    labels = Hierarchy.load().units["label"]
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(url)
    wait_for_map(page, count)
    samples = []
    for key in keys:
        x, y = unit_screen_point(page, level, key)
        page.mouse.move(x, y)
        start = time.perf_counter()
        page.mouse.click(x, y)
        wait_for_heading(page, labels[key])  # every animation frame, not in 0.1-0.5 s steps
        samples.append(time.perf_counter() - start)
    page.close()
    return statistics.median(samples[1:])  # the first click warms the caches of the level


def reruns_on_pan_zoom(browser, url: str) -> int:
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(url)
    wait_for_map(page, 53)
    page.wait_for_timeout(1500)
    sent.clear()
    box = map_locator(page).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(1500)
    page.close()
    return len(sent)


def measure(runs: int, base: str | None = None) -> list[dict]:
    """All browser figures against the app at ``base`` (started here if not given)."""
    with contextlib.ExitStack() as stack:
        if base is None:
            base = stack.enter_context(running_app("streamlit-bench.log"))
        empty = stack.enter_context(running_app("streamlit-bench-empty.log", EMPTY_APP))
        pw = stack.enter_context(sync_playwright())
        browser = launch_chromium(pw)
        context = browser.new_context(viewport={"width": 1400, "height": 1200})
        plain = stack.enter_context(plain_pages(("kreis", "gemeinde")))
        atlas = stack.enter_context(static_atlas())
        kreis_url, gem_url = (
            f"{base}/?ebene=kreis",
            f"{base}/?ebene=gemeinde&indikator=budget_status",
        )
        atlas_kreis = f"{atlas}#ebene=kreis&indikator=ikz_count"
        pages = {
            "app_kreis": (kreis_url, _app_drawn(53)),
            "plain_kreis": (plain["kreis"], _plain_drawn(53)),
            "empty": (empty, _empty_shown),
            "atlas_kreis": (atlas_kreis, _app_drawn(53)),
        }
        nav = navigation_medians(
            context,
            {
                **pages,
                "app_whole": (kreis_url, _app_whole(53)),
                "app_gem": (gem_url, _app_drawn(396)),
                "plain_gem": (plain["gemeinde"], _plain_drawn(396)),
            },
            runs,
        )
        cold = cold_medians(browser, pages, runs)
        app_kreis, plain_kreis, floor = nav["app_kreis"], nav["plain_kreis"], nav["empty"]
        app_gem, plain_gem = nav["app_gem"], nav["plain_gem"]
        figures = [
            ("Navigation → Kreiskarte gezeichnet [s]", app_kreis, 1.2),
            ("  plain Leaflet, gleiche Ebene [s]", plain_kreis, None),
            ("  Verhältnis App / plain Leaflet", app_kreis / plain_kreis, 3.0),
            ("  leere Streamlit-Seite (Untergrenze) [s]", floor, None),
            ("  Verhältnis leere Streamlit-Seite / plain", floor / plain_kreis, None),
            ("  Verhältnis App / leere Streamlit-Seite", app_kreis / floor, 1.6),
            ("  App: Seite vollständig (mit Seitenleiste) [s]", nav["app_whole"], None),
            ("Statischer Atlas → Kreiskarte gezeichnet [s]", nav["atlas_kreis"], None),
            ("  Verhältnis Atlas / plain Leaflet", nav["atlas_kreis"] / plain_kreis, 1.5),
            ("Erster Besuch (leerer Cache): App [s]", cold["app_kreis"], None),
            ("  Erster Besuch: statischer Atlas [s]", cold["atlas_kreis"], None),
            ("  Erster Besuch: plain Leaflet [s]", cold["plain_kreis"], None),
            ("  Erster Besuch: leere Streamlit-Seite [s]", cold["empty"], None),
            ("Navigation → Gemeindekarte gezeichnet [s]", app_gem, None),
            ("  plain Leaflet, Gemeinden [s]", plain_gem, None),
            (
                "Klick → Detailpanel, Kreise [s]",
                time_clicks(browser, kreis_url, "kreis", KREISE, 53),
                0.15,
            ),
            (
                "Klick → Detailpanel, Gemeinden [s]",
                time_clicks(browser, gem_url, "gemeinde", GEMEINDEN, 396),
                0.5,
            ),
            (
                "Klick → Detailpanel, statischer Atlas, Kreise [s]",
                time_clicks(browser, atlas_kreis, "kreis", KREISE, 53),
                0.15,
            ),
            ("Reruns durch Verschieben/Zoomen", reruns_on_pan_zoom(browser, kreis_url), 0),
        ]
        browser.close()
    return [
        {"figure": f, "value": v, "target": t, "ok": None if t is None else v <= t}
        for f, v, t in figures
    ]


def print_table(rows: list[dict]) -> None:
    print(f"{'Kennzahl':45} {'Wert':>9} {'Ziel':>7}  ok")
    for row in rows:
        target = "" if row["target"] is None else f"≤ {row['target']:g}"
        ok = "" if row["ok"] is None else ("ja" if row["ok"] else "NEIN")
        print(f"{row['figure']:45} {row['value']:9.3f} {target:>7}  {ok}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_browser")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = measure(max(args.runs, 1))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
