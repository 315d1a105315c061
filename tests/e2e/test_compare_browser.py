"""Compare units in the browser: a shared link with ``vergleich`` shows the units side by
side; a unit clicked on the map is added from the detail panel, and the link follows."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.harness import ARTIFACTS, click_unit, wait_for_map

pytestmark = pytest.mark.e2e


def _compared(page) -> str | None:
    values = parse_qs(urlparse(page.url).query).get("vergleich")
    return values[0] if values else None


def test_link_shows_the_comparison_and_a_clicked_unit_is_added(app_url, guarded_page):
    page, guard = guarded_page
    page.set_default_timeout(60_000)  # the first page of a fresh server may be slow
    page.goto(f"{app_url}/?ebene=kreis&vergleich=05562,05562012,055")
    wait_for_map(page, count=53)
    table = page.locator("table.ikz-compare")
    expect(table).to_be_visible()
    heads = table.locator("thead th[scope=col]")
    expect(heads).to_have_count(4)  # "Merkmal" and the three units
    for name in ("Kreis Recklinghausen", "Dorsten", "Regierungsbezirk Münster"):
        expect(table.get_by_role("columnheader", name=name, exact=True)).to_be_visible()
    expect(table.get_by_role("rowheader", name="IKZ-Aktivitäten", exact=True)).to_be_visible()

    click_unit(page, "kreis", "05111")  # Düsseldorf: a kreisfreie Stadt
    expect(page.get_by_role("heading", name="Düsseldorf")).to_be_visible()
    page.get_by_role("button", name="Zum Vergleich hinzufügen").click()
    expect(heads).to_have_count(5)
    expect(table.get_by_role("columnheader", name="Düsseldorf", exact=True)).to_be_visible()
    value = table.locator("tbody tr").nth(2).locator("td").nth(3)  # IKZ-Aktivitäten
    expect(value).to_contain_text("nicht erhoben")  # never zero
    page.wait_for_function("() => location.search.includes('05111')")
    assert _compared(page) == "05562,05562012,055,05111"
    assert_accessible(page, "Vergleich", ".ikz-compare-frame")
    ARTIFACTS.mkdir(exist_ok=True)
    table.screenshot(path=str(ARTIFACTS / "e2e-vergleich.png"))

    page.get_by_role("button", name="Dorsten entfernen").click()
    expect(heads).to_have_count(4)
    page.wait_for_function("() => !location.search.includes('05562012')")
    assert _compared(page) == "05562,055,05111"
    assert not guard.blocked, guard.blocked
