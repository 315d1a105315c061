"""A shared link shows the part of the map its sender saw: centre and zoom in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import click_unit_as_seen, map_locator, wait_for_map

pytestmark = pytest.mark.e2e

VIEW_JS = """div => {
    const map = div.ikzmap;
    const c = map.getCenter();
    return {zoom: map.getZoom(), lat: c.lat, lon: c.lng};
}"""
# The link names the view the map shows (after the last move has come to rest).
URL_IS_VIEW_JS = """() => {
    const query = new URLSearchParams(location.search);
    const map = document.querySelector('.ikz-map').ikzmap;
    if (!query.has('zoom') || !query.has('mitte')) return false;
    const [lat, lon] = query.get('mitte').split(',').map(Number);
    const c = map.getCenter();
    return Number(query.get('zoom')) === map.getZoom()
        && Math.abs(lat - c.lat) < 1e-4 && Math.abs(lon - c.lng) < 1e-4;
}"""
NO_VIEW_JS = """() => {
    const query = new URLSearchParams(location.search);
    return query.has('ebene') && !query.has('zoom') && !query.has('mitte');
}"""


def _query(page) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


def _zoom_in_and_pan(page) -> None:
    """Like a user: the "+" button (waiting for its animation), then a drag of the map."""
    frame = map_locator(page)
    frame.evaluate("div => div.ikzmap.once('zoomend', () => { div.dataset.zoomed = 'yes'; })")
    frame.locator(".leaflet-control-zoom-in").click()
    expect(frame).to_have_attribute("data-zoomed", "yes")
    box = frame.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 90, y - 60, steps=8)
    page.mouse.up()


def test_link_keeps_centre_and_zoom(app_url, guarded_page, browser):
    page, guard = guarded_page
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(app_url)
    wait_for_map(page, count=53)
    page.wait_for_function(NO_VIEW_JS)  # the default view needs no parameters
    page.wait_for_timeout(1000)
    sent.clear()
    _zoom_in_and_pan(page)
    page.wait_for_function(URL_IS_VIEW_JS)  # written once the map has come to rest
    assert sent == []  # the map writes the URL itself: panning and zooming rerun nothing
    query = _query(page)
    seen = map_locator(page).evaluate(VIEW_JS)
    assert float(query["zoom"]) == seen["zoom"]
    lat, lon = (float(part) for part in query["mitte"].split(","))
    assert abs(lat - seen["lat"]) < 1e-4 and abs(lon - seen["lon"]) < 1e-4
    assert "auswahl" not in query  # dragging is no click: nothing selected
    expect(page.get_by_text("Klicken Sie auf eine Einheit in der Karte")).to_be_visible()

    # The link, opened by someone else: the same part of the map, and the link stays.
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="de-DE")
    context.route("**/*", guard.route)
    other = context.new_page()
    other.set_default_timeout(30_000)
    other.goto(page.url)
    wait_for_map(other, count=53)
    shown = map_locator(other).evaluate(VIEW_JS)
    assert shown["zoom"] == seen["zoom"]
    assert abs(shown["lat"] - seen["lat"]) < 1e-4 and abs(shown["lon"] - seen["lon"]) < 1e-4
    click_unit_as_seen(other, "kreis", "05978")  # Kreis Unna: near the centre, in view
    expect(other.get_by_role("heading", name="Kreis Unna")).to_be_visible()
    assert {k: v for k, v in _query(other).items() if k in ("zoom", "mitte")} == {
        "zoom": query["zoom"],
        "mitte": query["mitte"],
    }
    # Back to all of NRW: the default view again, and a link without a position.
    other.get_by_role("button", name="Zurück zu NRW").click()
    other.wait_for_function(NO_VIEW_JS)
    assert "auswahl" not in _query(other)
    context.close()
    assert guard.blocked == []


def test_invalid_position_in_a_link_is_named_and_ignored(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=kreis&zoom=hoch&mitte=48.1,11.6")
    wait_for_map(page, count=53)
    expect(page.get_by_text("„zoom=hoch“ ist ungültig")).to_be_visible()
    expect(page.get_by_text("„mitte=48.1,11.6“ ist ungültig")).to_be_visible()
    page.wait_for_function(NO_VIEW_JS)  # the default view, and the link shows it
    assert guard.blocked == []
