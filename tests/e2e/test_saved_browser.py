"""Saved datasets in the browser: a link carries its data into a new browser, across a
server restart, and between two app instances on one PostgreSQL server. The restart also
ends every session and its unsaved uploads: the page must not go on listing a file whose
data is gone, and says why the map shows the standard data again (one restart serves both
checks: each server start costs 10–20 s on CI)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import free_port, running_app, wait_for_map

pytestmark = pytest.mark.e2e
UPLOADS = Path(__file__).resolve().parents[1] / "data" / "uploads"
KREISE = UPLOADS / "kreise_utf8bom_komma.csv"  # Kreis Recklinghausen (05562): 453
OTHER = UPLOADS / "regierungsbezirke.csv"
SAVED_NOTICE = "gespeicherter Datensatz"
TITLE = "Titel des Datensatzes (optional)"
WAIT = 90_000  # ms: a new server's first page (cold caches) on a machine shared with others
LISTED_FILE = "[data-testid='stFileChip']"


def _page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    return context, page


def _upload(page, file: Path) -> None:
    page.get_by_text("Daten: eigene IKZ-Zahlen").click()
    page.locator("input[type=file]").set_input_files(file)
    expect(page.get_by_text("Eigene Daten in der Karte zeigen")).to_be_visible(timeout=WAIT)
    report = page.locator("details", has_text=f"Hochgeladene Datei: {file.name}")
    expect(report).to_be_visible(timeout=WAIT)
    if report.get_attribute("open") is None:  # folded when the file needs no review
        report.locator("summary").click()
    expect(page.get_by_role("textbox", name=TITLE)).to_be_visible(timeout=WAIT)


def _save(page, title: str | None, version: int) -> str:
    if title is not None:
        page.get_by_role("textbox", name=TITLE).fill(title)
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.get_by_text("Gespeichert:")).to_be_visible(timeout=WAIT)
    page.wait_for_function(
        "v => new URLSearchParams(location.search).get('version') === v", arg=str(version)
    )
    return page.url


def _with(link: str, **params: str) -> str:
    """The link with more parameters (e.g. a selected unit), on another base URL if given."""
    parsed = urlparse(link)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    base = params.pop("base", f"{parsed.scheme}://{parsed.netloc}")
    return f"{base}/?{urlencode({**query, **params})}"


def _shows_saved_kreise(browser, link: str, title: str, version: int = 1) -> None:
    """A new browser (no shared storage or session) opens the link: the uploaded value."""
    context, page = _page(browser)
    try:
        page.goto(_with(link, auswahl="05562"))
        wait_for_map(page, 53)
        notice = page.get_by_text(SAVED_NOTICE)
        expect(notice).to_contain_text(f"„{title}“, Version {version} vom", timeout=WAIT)
        expect(notice).to_contain_text("hochgeladen", timeout=WAIT)
        value = page.locator(".ikz-panel .value .v").first  # the detail panel's value
        expect(value).to_have_text("453", timeout=WAIT)
        expect(page.get_by_text("Herkunft: hochgeladen").first).to_be_visible(timeout=WAIT)
    finally:
        context.close()


def _listed(page, url: str):
    """The datasets panel of a new page, opened."""
    page.set_default_timeout(WAIT)
    page.goto(f"{url}/?ebene=kreis")
    wait_for_map(page, 53)
    page.get_by_text("Gespeicherte Datensätze").click()
    return page.locator("[data-testid=stSidebar]")


def _unsaved_upload(browser, url: str):
    """A page of another browser with an upload it did not save."""
    context, page = _page(browser)
    page.goto(f"{url}/?ebene=kreis")
    wait_for_map(page, 53)
    page.get_by_text("Daten: eigene IKZ-Zahlen").click()
    page.locator("input[type=file]").set_input_files(KREISE)
    expect(page.get_by_text("Eigene Daten in der Karte zeigen")).to_be_visible(timeout=WAIT)
    expect(page.locator(LISTED_FILE)).to_have_count(1)
    return context, page


def _upload_gone_after_restart(page) -> None:
    """The page of an unsaved upload, once the restarted server runs it in a new session."""
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


def test_a_restart_keeps_saved_datasets_and_ends_unsaved_uploads(browser, tmp_path):
    port = free_port()
    env = {"IKZMAP_DATA_DIR": str(tmp_path / "ablage")}
    context, page = _page(browser)
    with running_app("streamlit-saved-1.log", port=port, env=env) as url:
        unsaved_context, unsaved = _unsaved_upload(browser, url)
        page.goto(f"{url}/?ebene=kreis")
        wait_for_map(page, 53)
        _upload(page, KREISE)
        link = _save(page, "Kreise im Test", 1)
        assert re.search(r"daten=[A-Za-z0-9_-]{32}", link)
        _shows_saved_kreise(browser, link, "Kreise im Test")
        listed = _listed(context.new_page(), url)  # same browser, a new page: listed
        expect(listed.get_by_text("Kreise im Test")).to_be_visible(timeout=WAIT)
        other, _ = _page(browser)  # another browser: not listed
        expect(_listed(other.new_page(), url).get_by_text("Noch keine gespeichert")).to_be_visible(
            timeout=WAIT
        )
        other.close()
    context.close()
    with running_app("streamlit-saved-2.log", port=port, env=env):
        _shows_saved_kreise(browser, link, "Kreise im Test")
        _upload_gone_after_restart(unsaved)
    unsaved_context.close()


def test_two_app_instances_share_one_postgresql(browser, postgres_url):
    env = {"IKZMAP_DATABASE_URL": postgres_url, "IKZMAP_LIST_ALL_DATASETS": "1"}
    with (
        running_app("streamlit-pg-a.log", env=env) as url_a,
        running_app("streamlit-pg-b.log", env=env) as url_b,
    ):
        context_b, page_b = _page(browser)
        page_b.goto(f"{url_b}/?ebene=kreis")  # B's caches warm, while A is used
        context_a, page_a = _page(browser)
        page_a.goto(f"{url_a}/?ebene=kreis")
        wait_for_map(page_a, 53)
        _upload(page_a, KREISE)
        link = _save(page_a, "Über zwei Instanzen", 1)
        _shows_saved_kreise(browser, _with(link, base=url_b), "Über zwei Instanzen")

        page_b.goto(_with(link, base=url_b))
        expect(page_b.get_by_text(SAVED_NOTICE)).to_be_visible(timeout=WAIT)
        _upload(page_b, OTHER)
        _save(page_b, None, 2)  # B saves a corrected file as a new version of it
        context_b.close()

        page_a.reload()  # A's list (a new session) shows B's version
        page_a.get_by_text("Gespeicherte Datensätze").click()
        expect(page_a.get_by_text("2 Version(en)").first).to_be_visible(timeout=WAIT)
        context_a.close()
