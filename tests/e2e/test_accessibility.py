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


def settle(page) -> None:
    """Wait until the app's run has ended: no faded (stale) element is left."""
    page.wait_for_function(IDLE_JS)
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE_JS)


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
