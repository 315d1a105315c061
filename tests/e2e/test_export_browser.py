"""The exported HTML map opened from disk in headless Chromium with all network blocked."""

from __future__ import annotations

import pytest
import shapely
from playwright.sync_api import expect

from geo import load_layer
from ikzmap.export.cli import default_atlas
from ikzmap.export.html import interactive_html
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def atlas():
    return default_atlas()


@pytest.fixture
def offline_page(browser):
    """A page that may load nothing but local files; every other request is recorded."""
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="de-DE")
    blocked: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page, blocked, errors
    context.close()


def _screen_point(page, level: str, key: str) -> tuple[float, float]:
    point = shapely.point_on_surface(load_layer(level).set_index("ags").geometry[key])
    return page.evaluate(
        """([lat, lng]) => {
            const map = Object.values(window).find((v) => v instanceof L.Map);
            const p = map.latLngToContainerPoint([lat, lng]);
            const r = map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [point.y, point.x],
    )


@pytest.mark.parametrize(
    ("level", "count", "key", "tooltip"),
    [("kreis", 53, "05562", "453"), ("rbz", 5, "055", "Regierungsbezirk Münster")],
)
def test_exported_map_works_offline(atlas, offline_page, tmp_path, level, count, key, tooltip):
    page, blocked, errors = offline_page
    view = build_view(atlas, ViewState(level=level))
    path = tmp_path / "karte.html"
    path.write_bytes(interactive_html(view))
    page.goto(path.as_uri())
    page.wait_for_function(
        "n => document.querySelectorAll('path.leaflet-interactive').length === n", arg=count
    )
    expect(page.locator("h1")).to_have_text(view.title)
    expect(page.locator(".ikz-legend")).to_contain_text(view.legend.entries[0].label)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("GeoBasis-DE / BKG 2016")
    expect(page.locator(".ikz-foot")).to_contain_text("Quellen:")

    x, y = _screen_point(page, level, key)
    page.mouse.move(x, y)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(tooltip)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(view.table.at[key, "label"])

    page.screenshot(path=str(ARTIFACTS / f"e2e-export-{level}.png"))
    assert blocked == []
    assert errors == []
