"""axe-core on every page state people use: no serious or critical finding (BITV NRW /
WCAG 2.1 AA). The other findings are printed (``pytest -s``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.harness import ARTIFACTS, wait_for_map

pytestmark = pytest.mark.e2e
UPLOADS = Path(__file__).resolve().parents[1] / "data" / "uploads"
IDLE_JS = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stSpinner"]')"""
# A stale element fades out during a run and back in after it (a CSS transition): until it
# is fully opaque, axe measures the contrast of text half-way faded.
OPAQUE_JS = """() => ![...document.querySelectorAll('[data-testid="stElementContainer"]')]
    .some((el) => el.offsetWidth > 0 && parseFloat(getComputedStyle(el).opacity) < 1)"""


def settle(page) -> None:
    """Wait until the app's run has ended: no faded (stale) element is left."""
    page.wait_for_function(IDLE_JS)
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE_JS)
    page.wait_for_function(OPAQUE_JS)


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("ebene=rbz", 5),
        ("ebene=kreis", 53),
        ("ebene=gemeinde&indikator=budget_status", 396),
        ("ebene=kreis&indikator=bivariate", 53),
        ("ebene=kreis&auswahl=05562", 53),  # detail panel open
        ("ebene=gemeinde&auswahl=05562012", 396),
    ],
)
def test_map_page(app_url, guarded_page, query, count):
    page, guard = guarded_page
    page.set_default_timeout(120_000)  # the session's first page may meet a cold server
    page.goto(f"{app_url}/?{query}")
    wait_for_map(page, count=count)
    settle(page)
    assert_accessible(page, query)
    assert guard.blocked == []


def test_upload_panel_with_a_problem_report(app_url, guarded_page):
    page, _guard = guarded_page
    page.goto(f"{app_url}/?ebene=gemeinde")
    wait_for_map(page, count=396)
    page.get_by_text("Daten: eigene IKZ-Zahlen").click()
    page.locator("input[type=file]").set_input_files(UPLOADS / "namen_mehrdeutig.csv")
    expect(page.get_by_text("mehrdeutig").first).to_be_visible()
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "e2e-axe-upload.png"), full_page=True)
    assert_accessible(page, "upload")


def test_offline_html_export(guarded_page, kreis_view):
    from ikzmap.export.html import interactive_html

    page, guard = guarded_page
    page.set_content(interactive_html(kreis_view, selected="05562").decode("utf-8"))
    page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length")
    assert_accessible(page, "html-export")
    assert guard.blocked == []


FOCUSED_UNIT_JS = """div => {
    const el = document.activeElement;
    let key = null;
    div.ikzmap.ikzLayer.eachLayer((l) => { if (l.getElement() === el) key = l.feature.id; });
    return {key, name: el.getAttribute('aria-label'), role: el.getAttribute('role'),
            visible: el.matches(':focus-visible'),
            stops: div.querySelectorAll('path.leaflet-interactive[tabindex="0"]').length};
}"""


def test_keyboard_only_reaches_and_selects_a_unit(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=gemeinde")
    frame = wait_for_map(page, count=396)
    settle(page)
    frame.focus()  # as after Tab from the search box and the controls
    page.keyboard.press("Tab")
    first = frame.evaluate(FOCUSED_UNIT_JS)
    assert first["key"] is not None and first["role"] == "button" and first["visible"]
    assert first["stops"] == 1  # one Tab stop for all 396 units, not 396
    assert "Herkunft" in first["name"] or "nicht erhoben" in first["name"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    moved = frame.evaluate(FOCUSED_UNIT_JS)
    assert moved["key"] not in (None, first["key"]) and moved["stops"] == 1
    page.keyboard.press("Enter")
    label = moved["name"].split(" (")[0]
    expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()
    assert frame.evaluate(FOCUSED_UNIT_JS)["key"] == moved["key"]  # focus stays on the unit
    assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.classList.contains('ikz-map')")
    assert guard.blocked == []


def test_map_has_a_text_alternative_and_a_named_legend(app_url, guarded_page):
    page, _guard = guarded_page
    page.goto(f"{app_url}/?ebene=kreis")
    frame = wait_for_map(page, count=53)
    described = frame.evaluate(
        "div => document.getElementById(div.getAttribute('aria-describedby')).textContent"
    )
    assert described.startswith("Karte der Kreise") and "Pfeiltasten" in described
    expect(page.get_by_role("region", name="Legende")).to_be_visible()


# Every box the page scrolls in (the document, Streamlit's main area, the sidebar) that is
# wider inside than it shows: horizontal scrolling.
SCROLLS_SIDEWAYS_JS = """() => [document.documentElement,
        ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
    .filter((box) => box.getBoundingClientRect().right > 1)  // shown (a folded sidebar is not)
    .filter((box) => box.scrollWidth > box.clientWidth + 1)
    .map((box) => `${box.dataset.testid || box.tagName}: ${box.scrollWidth} > ${box.clientWidth}`)
"""
INSIDE_JS = """([inner, outer]) => {
    const a = document.querySelector(inner).getBoundingClientRect();
    const b = document.querySelector(outer).getBoundingClientRect();
    return a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.width > 0;
}"""


def test_phone_shows_map_legend_detail_and_controls_without_sideways_scrolling(app_url, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="de-DE", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{app_url}/?ebene=kreis&auswahl=05562")
        frame = wait_for_map(page, count=53)
        settle(page)
        assert page.evaluate(SCROLLS_SIDEWAYS_JS) == []
        assert page.evaluate(INSIDE_JS, [".ikz-map", "body"])
        assert page.evaluate(INSIDE_JS, [".ikz-legend", ".ikz-map"])
        frame.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "e2e-phone-map.png"))
        heading = page.get_by_role("heading", name="Kreis Recklinghausen", exact=True)
        heading.scroll_into_view_if_needed()
        expect(heading).to_be_in_viewport()
        page.screenshot(path=str(ARTIFACTS / "e2e-phone-detail.png"))
        search = page.get_by_role("textbox", name="Gebiet suchen")
        search.fill("Dorsten")
        search.press("Enter")
        expect(page.get_by_role("heading", name="Dorsten", exact=True)).to_be_visible()
        settle(page)
        assert page.evaluate(SCROLLS_SIDEWAYS_JS) == []
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(page.get_by_text("Ebene", exact=True)).to_be_in_viewport()
        settle(page)
        assert page.evaluate(SCROLLS_SIDEWAYS_JS) == []
        page.screenshot(path=str(ARTIFACTS / "e2e-phone-controls.png"))
    finally:
        context.close()


def test_statement_page_is_accessible_and_linked(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=gemeinde")
    wait_for_map(page, count=396)
    page.get_by_role("link", name="Erklärung zur Barrierefreiheit").last.click()
    expect(page.get_by_role("heading", name="Erklärung zur Barrierefreiheit")).to_be_visible()
    expect(page.get_by_text("Ombudsstelle für barrierefreie Informationstechnik")).to_be_visible()
    settle(page)
    assert_accessible(page, "statement")
    page.get_by_role("link", name="Zurück zur Karte").click()
    wait_for_map(page, count=396)  # the map as it was left
    assert guard.blocked == []


def test_report_page_is_accessible(app_url, guarded_page):
    """ "Bericht in Zahlen" with every chart drawn, and the practice-example panel open."""
    from tests.e2e.test_report_browser import _open_report

    page, guard = guarded_page
    page.set_default_timeout(120_000)
    _open_report(page, app_url)
    settle(page)
    assert_accessible(page, "report")
    assert guard.blocked == []
