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
def running_app(log_name: str = "streamlit-e2e.log") -> Iterator[str]:
    """Start the app on a free localhost port; yield its URL; stop it afterwards."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "streamlit_app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / log_name, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
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


MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Position (in the iframe) of a lat/lng on the map, evaluated on the map's <div>.
CONTAINER_POINT_JS = """(div, [lat, lng]) => {
    const p = window.map.latLngToContainerPoint([lat, lng]);
    const r = div.getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
}"""


def map_frame(page):
    return page.frame_locator(MAP_IFRAME).first


def wait_for_map(page, count: int):
    """Wait until exactly one map is on the page and it shows ``count`` polygons."""
    page.wait_for_function(
        """([selector, n]) => {
            const frames = document.querySelectorAll(selector);
            if (frames.length !== 1) return false;
            const doc = frames[0].contentDocument;
            return !!doc && doc.querySelectorAll('path.leaflet-interactive').length === n;
        }""",
        arg=[MAP_IFRAME, count],
    )
    return map_frame(page)


@lru_cache(maxsize=3)
def _inner_points(level: str) -> dict[str, tuple[float, float]]:
    import shapely

    from geo import load_layer

    layer = load_layer(level)
    points = shapely.point_on_surface(layer.geometry.values)
    return {key: (p.y, p.x) for key, p in zip(layer["ags"], points, strict=True)}


def _inner_point(level: str, key: str) -> tuple[float, float]:
    return _inner_points(level)[key]


def unit_screen_point(page, level: str, key: str) -> tuple[float, float]:
    """Page coordinates of a point inside the unit's polygon on the map."""
    lat, lng = _inner_point(level, key)
    iframe = page.locator(MAP_IFRAME).first
    iframe.scroll_into_view_if_needed()
    frame_box = iframe.bounding_box()
    x, y = map_frame(page).locator("#map_div").evaluate(CONTAINER_POINT_JS, [lat, lng])
    return frame_box["x"] + x, frame_box["y"] + y


def click_unit(page, level: str, key: str) -> None:
    """Click the unit on the map like a user (mouse at a point inside its polygon)."""
    x, y = unit_screen_point(page, level, key)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
