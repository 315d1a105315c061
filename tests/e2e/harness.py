"""Shared by the end-to-end tests and the benchmarks: app server, Chromium, map helpers."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

from ikzmap.ui.server import APP_SCRIPT
from ikzmap.ui.warmup import DONE

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("IKZMAP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


@contextmanager
def running_app(
    log_name: str = "streamlit-e2e.log",
    script: Path = ROOT / "streamlit_app.py",
    base_path: str = "",
    port: int | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Start the app (or another Streamlit ``script`` with the app's server settings) on a
    free localhost port (or ``port``, e.g. to restart a server), optionally under
    ``base_path`` and with more environment variables ``env``; yield its URL; stop it
    afterwards."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "ikzmap.ui.server",  # streamlit run, with no request to outside services
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.baseUrlPath",
        base_path,
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # tests in parallel: a log per worker
    if worker:
        log_name = f"{Path(log_name).stem}-{worker}{Path(log_name).suffix}"
    with open(ARTIFACTS / log_name, "w") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
        try:
            wait_healthy(url, proc)
            if script.name == APP_SCRIPT:
                wait_warm(ARTIFACTS / log_name, proc)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def wait_warm(log_path: Path, proc: subprocess.Popen, timeout: float = 180.0) -> None:
    """Until the app has warmed its caches (``ikzmap.ui.warmup``), as a server in service
    has long before its first visitor; a test's time limits then measure the page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if DONE in log_path.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.3)
    raise TimeoutError("the app did not warm its caches")


class _FileHandler(SimpleHTTPRequestHandler):
    csp: str | None = None

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *_args) -> None:
        pass


@contextmanager
def serve_folder(folder: Path, host: str = "127.0.0.1", csp: str | None = None) -> Iterator[str]:
    """``folder`` served by a plain file server on a loopback port of its own (optionally
    with a Content-Security-Policy header); yields its origin as reached via ``host``."""
    handler = type("Handler", (_FileHandler,), {"csp": csp})
    serve = functools.partial(handler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), serve)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class NetworkGuard:
    """Blocks and records every request to a host other than localhost."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


MAP = ".ikz-map"  # the map's <div> (ikzmap/ui/map_component.js); .ikzmap is its L.Map
# On an app page, the whole page too: its first paint shows the map before the sidebar's
# controls arrive (ikzmap.ui.first_paint); the level control is on every whole map page.
MAP_READY_JS = """([selector, n, wholePage]) => {
    const maps = document.querySelectorAll(selector);
    const drawn = maps.length === 1
        && maps[0].querySelectorAll('path.leaflet-interactive').length === n;
    return drawn && (!wholePage || !document.querySelector('[data-testid="stApp"]')
        || !!document.querySelector('[data-testid="stSidebar"] [data-testid="stRadio"]'));
}"""


def map_locator(page):
    return page.locator(MAP)


def wait_for_map(page, count: int, *, whole_page: bool = True):
    """Wait until exactly one map is on the page and it shows ``count`` polygons and, on an
    app page, unless ``whole_page`` is false, until the rest of the page is drawn."""
    page.wait_for_function(MAP_READY_JS, arg=[MAP, count, whole_page])
    return map_locator(page)


# With the whole map in view: the first of the candidate positions (lat, lng) whose point
# on screen shows a unit's polygon, not the legend or a control on top of it. If the legend
# hides them all, it is folded first, as a user would do; the first point if none is free.
VISIBLE_POINT_JS = """(div, candidates) => {
    div.scrollIntoView({block: "center", inline: "nearest", behavior: "instant"});
    const free = () => candidates.map(([lat, lng]) => {
        const p = div.ikzmap.latLngToContainerPoint([lat, lng]);
        const r = div.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }).find(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return hit && div.contains(hit) && hit.matches('path.leaflet-interactive');
    });
    let point = free();
    const fold = div.querySelector('.ikz-legend:not(.folded) .ikz-legend-toggle');
    if (!point && fold) {
        fold.click();
        point = free();
    }
    if (point) return point;
    const p = div.ikzmap.latLngToContainerPoint(candidates[0]);
    const r = div.getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
}"""


def inner_points(geometry, count: int = 60) -> list[tuple[float, float]]:
    """Positions (lat, lng) inside a polygon: its point on surface, then a grid of others."""
    import numpy as np
    import shapely

    west, south, east, north = geometry.bounds
    grid = [
        shapely.Point(x, y)
        for x in np.linspace(west, east, 17)[1:-1]
        for y in np.linspace(south, north, 17)[1:-1]
    ]
    inside = [p for p in grid if geometry.contains(p)][:count]
    return [(p.y, p.x) for p in [shapely.point_on_surface(geometry), *inside]]


@lru_cache(maxsize=3)
def _candidates(level: str) -> dict[str, list[tuple[float, float]]]:
    from geo import load_layer

    layer = load_layer(level)
    return {key: inner_points(g) for key, g in zip(layer["ags"], layer.geometry, strict=True)}


def unit_screen_point(page, level: str, key: str) -> tuple[float, float]:
    """Page coordinates of a visible point inside the unit's polygon on the map."""
    x, y = map_locator(page).evaluate(VISIBLE_POINT_JS, _candidates(level)[key])
    return x, y


def click_unit(page, level: str, key: str) -> None:
    """Click the unit on the map like a user (mouse at a point inside its polygon)."""
    x, y = unit_screen_point(page, level, key)
    page.mouse.move(x, y)
    page.mouse.click(x, y)


# Window sizes the map must work in: laptop, desktop, full HD, phone (portrait).
WINDOWS = {
    "1366x768": (1366, 768),
    "1400x950": (1400, 950),
    "1920x1080": (1920, 1080),
    "390x844": (390, 844),
}

# Like a user who has just opened the page: the first of the candidate positions (lat, lng)
# that is on screen with the unit's own path on top (no legend or control over it). If none
# is on screen, the page's scroll container is scrolled just far enough to show one (as a
# mouse wheel outside the map would), so the map may still reach beyond the window. Nothing
# is focused, folded or clicked. null if the unit shows nowhere.
POINT_IN_VIEW_JS = """(div, [candidates, key]) => {
    const map = div.ikzmap;
    let own = null;
    map.ikzLayer.eachLayer((l) => { if (l.feature.id === key) own = l.getElement(); });
    const onPage = ([lat, lng]) => {
        const p = map.latLngToContainerPoint([lat, lng]);
        const r = div.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    };
    const inMap = ([x, y]) => {
        const r = div.getBoundingClientRect();
        return x > r.left && x < r.right && y > r.top && y < r.bottom;
    };
    const visible = ([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight
        && document.elementFromPoint(x, y) === own;
    let point = candidates.map(onPage).find(visible);
    if (point) return point;
    let box = div.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight
                    && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
        box = box.parentElement;
    }
    box = box || document.scrollingElement;
    for (const candidate of candidates) {
        const [x, y] = onPage(candidate);
        if (!inMap([x, y]) || x < 0 || x >= innerWidth) continue;
        const margin = 24;
        const delta = y > innerHeight - margin ? y - (innerHeight - margin)
            : y < margin ? y - margin : 0;
        if (delta) box.scrollBy({top: delta, behavior: "instant"});
        point = onPage(candidate);
        if (visible(point)) return point;
    }
    return null;
}"""


def unit_point_in_view(page, level: str, key: str) -> tuple[float, float] | None:
    """Page coordinates of a point inside the unit where a user sees it (see the JS)."""
    point = map_locator(page).evaluate(POINT_IN_VIEW_JS, [_candidates(level)[key], key])
    return None if point is None else (point[0], point[1])


def click_unit_as_seen(page, level: str, key: str) -> None:
    """One real mouse click on the unit where it shows, without first bringing the map
    into view, focusing it or moving the legend (``click_unit`` does those)."""
    point = unit_point_in_view(page, level, key)
    assert point is not None, f"{key}: nowhere visible on the map"
    page.mouse.move(*point)
    page.mouse.click(*point)


# A heading with this exact text is shown (Playwright's expect polls at 0.1, 0.35, 0.85 s and
# then every second; this checks every animation frame, so a click's wait ends when the
# panel shows: 0.3 s less per click, measured).
HEADING_SHOWN_JS = """(name) => [
    ...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'),
].some((h) => h.innerText.trim() === name && h.getClientRects().length > 0)"""


def wait_for_heading(page, name: str, timeout: float | None = None) -> None:
    """Until a heading named ``name`` (the detail panel's unit) shows on the page."""
    page.wait_for_function(HEADING_SHOWN_JS, arg=name, timeout=timeout)


@lru_cache(maxsize=1)
def unit_labels() -> dict[str, str]:
    """The label of every unit (the detail panel's heading)."""
    from geo import Hierarchy

    return Hierarchy.load().units["label"].to_dict()


# What the default view hides, per unit: its interior point (point on surface) outside
# the map or under the legend; no point inside it where it is on top (at the smallest
# zooms a neighbour's border line may cover a narrow unit's interior point); any part of
# it under the legend (every 3 px of the legend's box, every element there, top to bottom,
# is looked at). The map is scrolled into view first (elementFromPoint needs it).
HIDDEN_UNITS_JS = """(div, candidates) => {
    div.scrollIntoView({block: "nearest", behavior: "instant"});
    const map = div.ikzmap;
    const frame = div.getBoundingClientRect();
    const legend = div.querySelector(".ikz-legend").getBoundingClientRect();
    const under = (x, y, r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    const hidden = {};
    const note = (key, why) => { hidden[key] = hidden[key] ? `${hidden[key]}, ${why}` : why; };
    const keys = new Map();
    map.ikzLayer.eachLayer((l) => {
        const key = l.feature.id;
        keys.set(l.getElement(), key);
        const onPage = (latLng) => {
            const p = map.latLngToContainerPoint(latLng);
            return [frame.left + p.x, frame.top + p.y];
        };
        const [x, y] = onPage(candidates[key][0]);
        if (!under(x, y, frame)) note(key, "point outside the map");
        else if (under(x, y, legend)) note(key, "point under the legend");
        const seen = candidates[key].map(onPage).some(([cx, cy]) => under(cx, cy, frame)
            && document.elementFromPoint(cx, cy) === l.getElement());
        if (!seen) note(key, "nowhere on top");
    });
    const partly = new Set();
    for (let x = legend.left; x <= legend.right; x += 3) {
        for (let y = legend.top; y <= legend.bottom; y += 3) {
            for (const el of document.elementsFromPoint(x, y)) {
                if (keys.has(el)) partly.add(keys.get(el));
            }
        }
    }
    partly.forEach((key) => note(key, "partly under the legend"));
    return hidden;
}"""


def hidden_units(page, level: str) -> dict[str, str]:
    """Units the default view hides, with the reason (see ``HIDDEN_UNITS_JS``)."""
    return map_locator(page).evaluate(HIDDEN_UNITS_JS, _candidates(level))
