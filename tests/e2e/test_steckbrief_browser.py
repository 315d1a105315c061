"""The detail panel's "Steckbrief (PDF)" in Chromium: the click builds and delivers the PDF."""

import io

import pypdf
import pytest
from playwright.sync_api import expect

from tests.e2e.harness import wait_for_map

pytestmark = pytest.mark.e2e


def test_steckbrief_download_of_the_selected_kreis(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=kreis&auswahl=05562")
    wait_for_map(page, count=53)
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    button = page.get_by_role("button", name="Steckbrief (PDF)")
    with page.expect_download(timeout=120_000) as info:  # built on the click, on the server
        button.click()
    download = info.value
    assert download.suggested_filename == "steckbrief_05562.pdf"
    with open(download.path(), "rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert text.startswith("Kreis Recklinghausen\n") and "453 (veröffentlicht)" in text
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    assert guard.blocked == []
