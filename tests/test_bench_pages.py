"""The browser benchmark's plain Leaflet pages are served by the benchmark itself: nothing of
it lands in the app's ``static/`` folder, which the app serves to every user."""

from __future__ import annotations

import urllib.request

from benchmarks.bench_browser import plain_pages
from ikzmap.assets import STATIC_DIR


def _files() -> set[str]:
    return {str(p.relative_to(STATIC_DIR)) for p in STATIC_DIR.rglob("*")}


def test_plain_pages_are_served_outside_the_app_static_folder():
    before = _files()
    with plain_pages(("kreis",)) as urls:
        url = urls["kreis"]
        assert url.startswith("http://127.0.0.1:") and "/app/static/" not in url
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "L.geoJson" in page
        leaflet = url.rsplit("/bench/", 1)[0] + "/vendor/leaflet/leaflet.js"
        with urllib.request.urlopen(leaflet, timeout=10) as response:
            assert b"Leaflet" in response.read(2000)
    assert _files() == before
