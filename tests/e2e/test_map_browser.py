"""The app in a real headless Chromium, with every non-local request blocked."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, wait_for_map

pytestmark = pytest.mark.e2e


def test_kreis_map_draws_offline_and_click_shows_the_name(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(app_url)
    frame = wait_for_map(page, count=53)
    assert frame.locator(".ikz-legend").inner_text().count("erhoben") == 2
    assert "GeoBasis-DE / BKG" in frame.locator(".leaflet-control-attribution").inner_text()

    # Kreis Recklinghausen: click the polygon whose tooltip names it.
    target = None
    polygons = frame.locator("path.leaflet-interactive")
    for index in range(polygons.count()):
        polygons.nth(index).hover()
        tooltip = frame.locator(".leaflet-tooltip").last
        if "05562" in tooltip.inner_text():
            target = polygons.nth(index)
            break
    assert target is not None, "no polygon with key 05562"
    target.click()
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    expect(page.get_by_text("Regierungsbezirk Münster").first).to_be_visible()

    page.screenshot(path=str(ARTIFACTS / "e2e-kreis-map.png"), full_page=True)
    assert guard.blocked == []


def test_not_surveyed_city_is_labelled(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(app_url)
    frame = wait_for_map(page, count=53)
    polygons = frame.locator("path.leaflet-interactive")
    texts = []
    for index in range(polygons.count()):
        polygons.nth(index).hover()
        texts.append(frame.locator(".leaflet-tooltip").last.inner_text())
    duesseldorf = next(t for t in texts if "05111" in t)
    assert "nicht erhoben" in duesseldorf and "kreisfreie Stadt" in duesseldorf
    assert sum("nicht erhoben" in t for t in texts) == 22
    assert guard.blocked == []


@pytest.mark.parametrize(("label", "count"), [("Regierungsbezirke", 5), ("Gemeinden", 396)])
def test_switch_level(app_url, guarded_page, label, count):
    page, guard = guarded_page
    page.goto(app_url)
    wait_for_map(page, count=53)
    page.get_by_text(label, exact=True).click()
    wait_for_map(page, count=count)
    assert guard.blocked == []
