"""The page "Bericht in Zahlen" in headless Chromium with every outside request blocked:
charts drawn by the Vega runtime the app serves, figures in German, downloads, 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ikzmap.report.charts import report_charts
from ikzmap.report.source import default_kreis_names, default_published

pytestmark = pytest.mark.e2e

CHART_COUNT = len(report_charts(default_published(), default_kreis_names()))
CHART = "[data-testid='stVegaLiteChart']"


def _open_report(page, app_url: str) -> None:
    page.goto(f"{app_url}/?seite=bericht")
    expect(page.get_by_role("heading", name="Bericht in Zahlen", exact=True)).to_be_visible(
        timeout=60_000
    )
    page.wait_for_function(
        """([sel, n]) => {
            const charts = document.querySelectorAll(sel);
            return charts.length === n && [...charts].every(
                (c) => c.querySelector('canvas, svg.marks'));
        }""",
        arg=[CHART, CHART_COUNT],
        timeout=90_000,
    )


def test_report_page_offline(guarded_page, app_url, tmp_path):
    page, guard = guarded_page
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    _open_report(page, app_url)
    assert page.locator(CHART).count() == CHART_COUNT
    body = page.locator("body")
    expect(body).to_contain_text("2.504")
    expect(body).to_contain_text("Wirtschaftlichkeit: 96 %")
    expect(body).to_contain_text("Vortrag 24.02.2026")
    legal = page.locator(".st-key-report_rechtsformen")
    expect(legal).to_contain_text("Öffentlich-rechtliche Vereinbarung: 39 %")

    goals = page.locator(".st-key-report_ziele")
    with page.expect_download() as info:
        goals.get_by_role("button", name="PNG herunterladen").click()
    download = info.value
    assert download.suggested_filename == "ikz-bericht_ziele.png"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    assert not guard.blocked, guard.blocked
    assert not errors, errors


def test_report_page_fits_a_phone_and_leads_back(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    try:
        _open_report(page, app_url)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1
        widths = page.locator(CHART).evaluate_all(
            "els => els.map((e) => e.getBoundingClientRect().right)"
        )
        assert max(widths) <= 390
        page.get_by_role("button", name="Zurück zur Karte").first.click()
        expect(
            page.get_by_role("heading", name="Interkommunale Zusammenarbeit in NRW")
        ).to_be_visible(timeout=60_000)
        assert "seite=" not in page.url
    finally:
        context.close()
