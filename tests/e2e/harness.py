"""Shared by the end-to-end tests and the benchmarks: app server, Chromium, map helpers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

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
) -> Iterator[str]:
    """Start the app (or another Streamlit ``script`` with the app's server settings) on a
    free localhost port, optionally under ``base_path``; yield its URL; stop it afterwards."""
    port = free_port()
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
    with open(ARTIFACTS / log_name, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
        try:
            wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


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
MAP_READY_JS = """([selector, n]) => {
    const maps = document.querySelectorAll(selector);
    return maps.length === 1
        && maps[0].querySelectorAll('path.leaflet-interactive').length === n;
}"""


def map_locator(page):
    return page.locator(MAP)


def wait_for_map(page, count: int):
    """Wait until exactly one map is on the page and it shows ``count`` polygons."""
    page.wait_for_function(MAP_READY_JS, arg=[MAP, count])
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
