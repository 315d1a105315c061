"""A server restart ends every session and its uploads: the page must not go on listing a
file whose data is gone, and says why the map shows the standard data again."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import free_port, running_app, wait_for_map

pytestmark = pytest.mark.e2e
UPLOAD = Path(__file__).resolve().parents[1] / "data" / "uploads" / "kreise_utf8bom_komma.csv"
LISTED_FILE = "[data-testid='stFileChip']"


def test_after_a_restart_the_upload_is_not_listed_and_the_page_says_so(browser):
    port = free_port()
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    page.set_default_timeout(30_000)
    with running_app("streamlit-restart-1.log", port=port) as url:
        page.goto(f"{url}/?ebene=kreis")
        wait_for_map(page, 53)
        page.get_by_text("Daten: eigene IKZ-Zahlen").click()
        page.locator("input[type=file]").set_input_files(UPLOAD)
        expect(page.get_by_text("Eigene Daten in der Karte zeigen")).to_be_visible()
        expect(page.locator(LISTED_FILE)).to_have_count(1)
    with running_app("streamlit-restart-2.log", port=port):
        # The browser reconnects by itself (with a back-off); the next action runs the page
        # in a new session. Until it has reconnected, an action may be lost: try again.
        toggle = page.get_by_text("Eigene Daten in der Karte zeigen")
        for _ in range(20):
            page.get_by_text("Gemeinden", exact=True).click()
            page.wait_for_timeout(1500)
            if toggle.count() == 0:
                break
        expect(toggle).to_have_count(0)
        expect(page.locator(LISTED_FILE)).to_have_count(0)
        expect(page.get_by_text("Dieser Link zeigte eigene, hochgeladene Daten")).to_be_visible()
        # The new session draws the standard data. Whether a lost click above left the level
        # at Kreise or switched it, one more click on the connected page settles it.
        page.get_by_text("Gemeinden", exact=True).click()
        wait_for_map(page, 396)
    page.close()
