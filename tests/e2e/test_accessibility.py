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
