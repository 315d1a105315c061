"""Sign-in behind a trusted reverse proxy, end to end: the app shows nothing without the
user header the operator enabled, and everything with it (as oauth2-proxy or nginx
``auth_request`` would set it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from ikzmap.ui.auth import AUTH_HEADER_ENV
from tests import test_hostile_data as hostile
from tests.e2e.harness import running_app, wait_for_map

pytestmark = pytest.mark.e2e
HEADER = "X-Forwarded-User"


@pytest.fixture(scope="module")
def proxied_app() -> Iterator[str]:
    with running_app("streamlit-auth.log", env={AUTH_HEADER_ENV: HEADER}) as url:
        yield url


def _page(browser, headers: dict[str, str] | None = None):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="de-DE")
    if headers:
        context.set_extra_http_headers(headers)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def test_without_the_user_header_the_app_shows_only_a_german_sign_in_notice(browser, proxied_app):
    context, page = _page(browser)
    page.goto(f"{proxied_app}/?ebene=kreis&auswahl=05562")
    expect(page.get_by_text("Anmeldung erforderlich", exact=False)).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1000)
    expect(page.locator(".leaflet-container")).to_have_count(0)
    expect(page.get_by_text("Kreis Recklinghausen")).to_have_count(0)
    expect(page.locator("[data-testid='stFileUploader']")).to_have_count(0)
    context.close()


def test_with_the_user_header_the_app_works_and_names_the_user(browser, proxied_app):
    context, page = _page(browser, {HEADER: "erika.mustermann"})
    page.goto(f"{proxied_app}/?ebene=kreis")
    wait_for_map(page, 53)
    expect(page.get_by_text("Angemeldet: erika.mustermann")).to_be_visible()
    context.close()


def test_a_hostile_user_name_is_shown_as_text(browser, proxied_app):
    context, page = _page(browser, {HEADER: hostile.IMG})
    page.add_init_script("window.__xss = 0;")
    page.goto(f"{proxied_app}/?ebene=kreis")
    wait_for_map(page, 53)
    expect(page.get_by_text("Angemeldet:", exact=False)).to_be_visible()
    assert page.evaluate("window.__xss") == 0
    assert page.locator("img[src='x']").count() == 0
    context.close()


def test_the_open_app_needs_no_header(app_url, browser):
    context, page = _page(browser)
    page.goto(f"{app_url}/?ebene=kreis")
    wait_for_map(page, 53)
    expect(page.get_by_text("Angemeldet:", exact=False)).to_have_count(0)
    context.close()
