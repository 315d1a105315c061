"""The browser's print of the app page shows map, legend, detail panel and sources, not the
controls (print stylesheet)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.harness import ARTIFACTS, wait_for_map


def test_print_shows_map_detail_and_sources_without_widgets(app_url, guarded_page):
    page, guard = guarded_page
    page.goto(f"{app_url}/?ebene=kreis&auswahl=05562")
    frame = wait_for_map(page, count=53)
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stSelectbox"]').first).to_be_hidden()
    expect(page.locator('[data-testid="stButton"]').first).to_be_hidden()
    expect(frame).to_be_visible()
    expect(frame.locator(".ikz-legend")).to_be_visible()
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    expect(page.get_by_text("GeoBasis-DE / BKG").last).to_be_visible()
    examples = page.locator(".ikz-panel details")  # the panel's practice examples, closed
    expect(examples).to_be_hidden()
    page.emulate_media(media="screen")
    examples.locator("summary").click()  # opened by the user: printed with the panel
    page.emulate_media(media="print")
    expect(
        examples.get_by_text("Entsorgung von Bio- und Krankenhausabfällen", exact=True)
    ).to_be_visible()
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (ARTIFACTS / "e2e-print.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    assert guard.blocked == []
