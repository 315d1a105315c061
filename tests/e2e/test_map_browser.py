"""The app in a real headless Chromium, with every non-local request blocked."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from ikzmap.mapview import SELECTED
from ikzmap.ui import first_paint
from tests.e2e.harness import (
    ARTIFACTS,
    MAP,
    click_unit,
    map_locator,
    running_app,
    unit_screen_point,
    wait_for_map,
)

pytestmark = pytest.mark.e2e


def test_kreis_map_draws_offline_and_click_shows_recklinghausen(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(app_url)
    frame = wait_for_map(page, count=53)
    legend = frame.locator(".ikz-legend")
    expect(legend).to_contain_text("nicht erhoben")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("GeoBasis-DE / BKG")
    expect(frame).to_have_attribute("aria-label", "Karte: IKZ-Aktivitäten (Anzahl) – Kreise")
    # The map's own CSS reached the page: legend boxed, swatches drawn.
    expect(legend).to_have_css("background-color", "rgba(255, 255, 255, 0.92)")
    expect(legend.locator(".sw").first).to_have_css("width", "16px")

    click_unit(page, "kreis", "05562")
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    # Outlined in a pane above the units: hovering (which brings a unit to front) keeps it.
    outline = frame.locator(f'.leaflet-ikzSelection-pane path[stroke="{SELECTED}"]')
    expect(outline).to_have_count(1)
    expect(page.get_by_text("453 (veröffentlicht)")).to_be_visible()
    expect(page.get_by_text("1 von 31 Kreisen")).to_be_visible()
    assert parse_qs(urlparse(page.url).query)["auswahl"] == ["05562"]

    page.screenshot(path=str(ARTIFACTS / "e2e-kreis-map.png"), full_page=True)
    assert guard.blocked == []


# The map's place on the page in every animation frame, a list of the changes (CSS pixels
# from the page's top): one entry if it never moved.
TRACK_MAP_JS = f"""() => {{ window.ikzTops = []; const step = () => {{
    const map = document.querySelector('{MAP}');
    if (map) {{
        const top = Math.round(map.getBoundingClientRect().top + window.scrollY);
        if (window.ikzTops.at(-1) !== top) window.ikzTops.push(top);
    }}
    requestAnimationFrame(step);
}}; requestAnimationFrame(step); }}"""


@pytest.mark.parametrize(
    ("width", "query"),
    [
        (1400, "?ebene=kreis"),
        (500, "?ebene=gemeinde&auswahl=05562032"),  # narrow: columns stacked
    ],
)
def test_the_map_comes_first_and_the_page_completes_around_it(app_url, guarded_page, width, query):
    """ikzmap.ui.first_paint: the map is drawn before the widgets above it and the sidebar's
    controls; when they arrive in their slots, the map does not move in any frame and is
    not drawn again."""
    page, guard = guarded_page
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(f"({TRACK_MAP_JS})()")
    page.goto(f"{app_url}/{query}")
    count = 396 if "gemeinde" in query else 53
    wait_for_map(page, count=count, whole_page=False)
    page.evaluate(f"document.querySelector('{MAP}').ikzFirst = true")
    expect(page.get_by_role("radiogroup", name="Ebene")).to_be_attached()  # the whole page
    expect(page.get_by_text(first_paint.LOADING_TEXT)).to_have_count(0)
    expect(page.get_by_text("Karte und Daten exportieren")).to_be_attached()
    expect(page.get_by_label("Gebiet suchen")).to_be_attached()
    page.wait_for_timeout(300)  # frames after the last element arrived
    assert page.evaluate(f"document.querySelector('{MAP}').ikzFirst") is True  # same map
    assert len(page.evaluate("window.ikzTops")) == 1, "the map moved"
    if width == 1400:
        click_unit(page, "kreis", "05562")
        expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    assert guard.blocked == []


def test_not_surveyed_city_tooltip(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(app_url)
    frame = wait_for_map(page, count=53)
    x, y = unit_screen_point(page, "kreis", "05111")
    page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("Düsseldorf")
    expect(tooltip).to_contain_text("nicht erhoben")
    assert guard.blocked == []


@pytest.mark.parametrize(("label", "count"), [("Regierungsbezirke", 5), ("Gemeinden", 396)])
def test_switch_level(app_url, guarded_page, label, count):
    page, guard = guarded_page
    page.goto(app_url)
    wait_for_map(page, count=53)
    page.get_by_text(label, exact=True).click()
    wait_for_map(page, count=count)
    assert guard.blocked == []


def test_switch_indicator_to_budget_status(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=gemeinde")
    frame = wait_for_map(page, count=396)
    expect(frame.locator(".ikz-legend")).to_contain_text("keine Daten")
    page.get_by_label("Indikator").click()
    page.get_by_role("option", name="Haushaltsstatus (Stichtag 31.12.2025)").click()
    expect(map_locator(page).locator(".ikz-legend")).to_contain_text("HSK genehmigt")
    assert parse_qs(urlparse(page.url).query)["indikator"] == ["budget_status"]
    assert guard.blocked == []


def test_url_round_trip_with_bivariate_legend(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=kreis&indikator=bivariate&auswahl=05970")
    frame = wait_for_map(page, count=53)
    grid = frame.locator(".ikz-legend .bi-grid td[title]")  # the 9 swatches, not the corner cell
    expect(grid).to_have_count(9)
    expect(page.get_by_role("heading", name="Kreis Siegen-Wittgenstein")).to_be_visible()
    query = parse_qs(urlparse(page.url).query)
    assert query["indikator"] == ["bivariate"] and query["auswahl"] == ["05970"]
    page.screenshot(path=str(ARTIFACTS / "e2e-bivariate.png"), full_page=True)
    assert guard.blocked == []


def test_search_selects_and_zooms(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(app_url)
    frame = wait_for_map(page, count=53)
    zoom_before = frame.evaluate("div => div.ikzmap.getZoom()")
    page.get_by_label("Gebiet suchen").fill("siegen wittgenstien")  # as people type
    page.get_by_label("Gebiet suchen").press("Enter")
    expect(page.get_by_role("heading", name="Kreis Siegen-Wittgenstein")).to_be_visible()
    page.wait_for_function(
        """([selector, before]) => {
            const div = document.querySelector(selector);
            return div && div.ikzmap && div.ikzmap.getZoom() > before;
        }""",
        arg=[MAP, zoom_before],
    )
    assert guard.blocked == []


ZOOM_JS = f"document.querySelector('{MAP}').ikzmap.getZoom()"


def _zoom(page) -> float:
    return map_locator(page).evaluate("div => div.ikzmap.getZoom()")


# A click on unit ``key``, as Leaflet delivers it, then what the map shows before the page's
# next task (a message from the server can only arrive in a task of its own): whether the
# unit is marked selected and how many outlines there are.
CLICK_NOW_JS = """async (div, [key, stroke]) => {
    let unit = null;
    div.ikzmap.ikzLayer.eachLayer((l) => { if (l.feature.id === key) unit = l; });
    unit.fire('click');
    await Promise.resolve();  // the outline is drawn in a microtask of the map's own
    await Promise.resolve();
    return {pressed: unit.getElement().getAttribute('aria-pressed'),
            outlined: div.querySelectorAll(`path[stroke="${stroke}"]`).length};
}"""


def test_a_click_outlines_the_unit_before_the_server_answers(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=kreis")
    frame = wait_for_map(page, count=53)
    shown = frame.evaluate(CLICK_NOW_JS, ["05562", SELECTED])
    assert shown == {"pressed": "true", "outlined": 1}
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    expect(frame.locator(f'path[stroke="{SELECTED}"]')).to_have_count(1)  # still one
    assert "auswahl=05562" in page.url and guard.blocked == []


def test_map_stays_when_clicking_and_keeps_the_view_on_indicator_change(app_url, guarded_page):
    page, guard = guarded_page
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(app_url)
    wait_for_map(page, count=53)
    page.evaluate("() => { document.querySelector('.ikz-map').dataset.probe = 'first'; }")
    start = _zoom(page)
    map_locator(page).evaluate(
        "div => div.ikzmap.once('zoomend', () => { div.dataset.zoomed = 'yes'; })"
    )
    map_locator(page).locator(".leaflet-control-zoom-in").click()
    expect(map_locator(page)).to_have_attribute("data-zoomed", "yes")  # animation over
    zoomed = _zoom(page)
    assert zoomed > start

    click_unit(page, "kreis", "05978")  # near the centre: still in view after zooming in
    expect(page.get_by_role("heading", name="Kreis Unna")).to_be_visible()
    assert map_locator(page).get_attribute("data-probe") == "first"  # not redrawn
    assert _zoom(page) == zoomed

    page.get_by_label("Indikator").click()
    page.get_by_role("option", name="IKZ × Haushaltslage (bivariat)").click()
    swatches = map_locator(page).locator(".ikz-legend .bi-grid td[title]")  # not the corner
    expect(swatches).to_have_count(9)
    assert map_locator(page).get_attribute("data-probe") is None  # a new map ...
    assert _zoom(page) == zoomed  # ... in the same view
    selected = map_locator(page).locator(f'path[stroke="{SELECTED}"]')
    expect(selected).to_have_count(1)  # the selection is outlined again

    page.get_by_role("button", name="Zurück zu NRW").click()
    expect(selected).to_have_count(0)
    page.wait_for_function(f"z => {ZOOM_JS} < z", arg=zoomed)
    assert errors == [] and guard.blocked == []


@pytest.mark.parametrize(
    ("format_label", "suffix", "expected"),
    [
        ("SVG (Vektorgrafik)", ".svg", ["<svg", "GeoBasis-DE / BKG", "Recklinghausen"]),
        ("CSV (Excel, Semikolon)", ".csv", ["Kreis Recklinghausen", "453", "veröffentlicht"]),
    ],
)
def test_export_panel_downloads_the_current_view(
    app_url, guarded_page, tmp_path, format_label, suffix, expected
):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=kreis&auswahl=05562")
    wait_for_map(page, count=53)
    page.get_by_text("Karte und Daten exportieren", exact=True).click()  # the expander
    choice = page.get_by_role("combobox", name="Format", exact=True)
    choice.click()  # its list may open below the viewport: type, as a keyboard user does
    page.keyboard.type(format_label.split(" ")[0])
    page.keyboard.press("Enter")
    expect(choice).to_have_value(format_label)
    page.get_by_role("button", name="Datei erstellen").click()
    download_button = page.get_by_role("button", name=re.compile(r"^Herunterladen: "))
    with page.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename.endswith(suffix)
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert all(part in text for part in expected), text[:500]
    assert guard.blocked == []


def test_missing_geometry_shows_a_german_error_instead_of_a_blank_map(app_url, guarded_page):
    page, guard = guarded_page
    page.route("**/app/static/geo/**", lambda route: route.fulfill(status=404, body="fehlt"))
    page.goto(app_url)
    alert = page.locator(".ikz-map-error")
    expect(alert).to_contain_text("Die Karte konnte nicht geladen werden")
    expect(alert).to_contain_text("HTTP 404")
    expect(page.get_by_role("heading", name="Interkommunale Zusammenarbeit in NRW")).to_be_visible()
    # a failed map is reported like a drawn one: the rest of the page still follows
    expect(page.get_by_role("radiogroup", name="Ebene")).to_be_visible()
    assert guard.blocked == []


def test_map_works_under_a_base_path(guarded_page):
    """Behind a reverse proxy at /ikz/: Leaflet and geometry resolve below that path."""
    page, guard = guarded_page
    with running_app("streamlit-e2e-basepath.log", base_path="ikz") as url:
        assert url.endswith("/ikz")
        page.goto(f"{url}/?ebene=kreis")
        wait_for_map(page, count=53)
        click_unit(page, "kreis", "05562")
        expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    assert guard.blocked == []


def test_legend_folds_to_its_title_and_stays_folded_for_the_next_map(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(app_url)
    legend = wait_for_map(page, count=53).locator(".ikz-legend")
    rows = legend.locator(".row")
    toggle = legend.get_by_role("button", name="Legende einklappen")
    expect(rows.first).to_be_visible()
    toggle.click()
    expect(rows.first).to_be_hidden()
    expect(legend.locator("h2")).to_be_visible()
    expect(legend.get_by_role("button", name="Legende aufklappen")).to_have_attribute(
        "aria-expanded", "false"
    )
    page.get_by_text("Gemeinden", exact=True).click()
    legend = wait_for_map(page, count=396).locator(".ikz-legend")
    expect(legend.locator(".row").first).to_be_hidden()
    legend.get_by_role("button", name="Legende aufklappen").click()
    expect(legend.locator(".row").first).to_be_visible()
    assert guard.blocked == []
