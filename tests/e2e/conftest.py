"""End-to-end fixtures: the real app on a free localhost port, driven in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import (  # noqa: F401 (re-exported for the tests)
    ARTIFACTS,
    CHROMIUM,
    NetworkGuard,
    click_unit,
    launch_chromium,
    map_locator,
    running_app,
    unit_screen_point,
    wait_for_map,
)

# Assertions wait up to 15 s for the page (Playwright's default: 5 s): on a shared, loaded
# machine a rerun may take longer; a passing check returns as soon as it holds.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium missing at {CHROMIUM}: install the Debian package 'chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture
def guarded_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="de-DE")
    guard = NetworkGuard()
    context.route("**/*", guard.route)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page, guard
    context.close()
