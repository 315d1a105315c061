"""The static atlas in Chromium: from file://, from a web server that allows only its own
scripts (CSP script-src 'self'), and embedded in a page of another origin; the network
beyond this machine is blocked throughout."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import LOCAL_HOSTS, click_unit, serve_folder, wait_for_map

pytestmark = pytest.mark.e2e
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'"
)


@pytest.fixture
def page(browser):
    """A page whose requests may go to files and this machine only; records what else."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="de-DE")
    blocked: list[str] = []
    problems: list[str] = []

    def route(r) -> None:
        url = urlparse(r.request.url)
        if url.scheme in ("file", "data", "blob", "about") or url.hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None,
    )
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    assert blocked == [] and page.dialogs == []
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []
    context.close()


def _hash(page) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(page.evaluate("location.hash").lstrip("#")))


def test_from_file_the_map_draws_clicks_and_keeps_the_view_in_the_url(page, atlas_site):
    url = (atlas_site.out / "index.html").as_uri()
    page.goto(f"{url}#ebene=kreis&indikator=ikz_count")
    wait_for_map(page, 53)
    click_unit(page, "kreis", "05562")
    expect(page.locator("#atlas-detail h2")).to_have_text("Kreis Recklinghausen")
    expect(page.locator("#atlas-detail")).to_contain_text("453 (veröffentlicht)")
    assert _hash(page) == {"ebene": "kreis", "indikator": "ikz_count", "auswahl": "05562"}
    expect(page.locator(".ikz-legend")).to_contain_text("nicht erhoben")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("GeoBasis-DE / BKG")
    expect(page.locator("#atlas-notices")).to_contain_text("modelliert")

    page.select_option("#atlas-level", "gemeinde")
    wait_for_map(page, 396)
    assert _hash(page)["ebene"] == "gemeinde" and "auswahl" not in _hash(page)

    page.goto(f"{url}#ebene=rbz&indikator=budget_hsk&auswahl=055")  # a shared link
    page.reload()
    wait_for_map(page, 5)
    expect(page.locator("#atlas-indicator")).to_have_value("budget_hsk")
    expect(page.locator("#atlas-detail h2")).to_have_text("Regierungsbezirk Münster")


@pytest.mark.parametrize(
    ("typed", "found", "level"),
    [
        ("Koln", "Köln", 53),
        ("Hochsauerland-Kreis", "Hochsauerlandkreis", 53),
        ("gutersloh", "Kreis Gütersloh", 53),
        ("Dorsten", "Dorsten", 396),
        ("Reckinghausen", "Kreis Recklinghausen", 53),
    ],
)
def test_search_as_people_type(page, atlas_site, typed, found, level):
    page.goto((atlas_site.out / "index.html").as_uri())
    wait_for_map(page, 53)
    page.fill("#atlas-search", typed)
    expect(page.locator("#atlas-results li").first).to_contain_text(found)
    page.keyboard.press("Enter")
    wait_for_map(page, level)
    expect(page.locator("#atlas-detail h2")).to_have_text(found)


def test_search_without_a_hit_names_the_closest(page, atlas_site):
    page.goto((atlas_site.out / "index.html").as_uri())
    wait_for_map(page, 53)
    page.fill("#atlas-search", "Bielefeldd-Nord")
    expect(page.locator("#atlas-results")).to_contain_text("Keine Treffer")
    page.fill("#atlas-search", "xyzzy")
    expect(page.locator("#atlas-search-status")).to_have_text("Keine Treffer.")


def test_table_and_csv_of_the_view(page, atlas_site):
    page.goto((atlas_site.out / "index.html").as_uri())
    wait_for_map(page, 53)
    page.locator("#atlas-table-title").click()
    rows = page.locator("#atlas-table tbody tr")
    expect(rows).to_have_count(53)
    expect(page.locator("#atlas-table")).to_contain_text("nicht erhoben")
    href = page.locator("#atlas-csv").get_attribute("href")
    assert href.startswith("csv/") and (atlas_site.out / href).is_file()


def test_a_server_that_allows_only_its_own_scripts(page, atlas_site):
    with serve_folder(atlas_site.out, "127.0.0.1", CSP) as origin:
        response = page.goto(f"{origin}/index.html#ebene=kreis")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        wait_for_map(page, 53)
        click_unit(page, "kreis", "05554")
        expect(page.locator("#atlas-detail h2")).to_have_text("Kreis Borken")
        expect(page.locator("#atlas-detail")).to_contain_text("vereinbar")


EMBEDDING_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Artikel</title></head><body><h1>Ein Artikel</h1>
<iframe data-ikzmap src="{atlas}/index.html#ebene=kreis&einbetten=1" title="IKZ-Atlas NRW"
  style="width:100%;height:300px;border:0"></iframe>
<script src="{atlas}/embed.js"></script></body></html>"""


def test_embedded_in_a_page_of_another_origin(page, atlas_site, tmp_path):
    with serve_folder(atlas_site.out, "localhost") as atlas:
        (tmp_path / "artikel.html").write_text(EMBEDDING_PAGE.format(atlas=atlas))
        with serve_folder(tmp_path, "127.0.0.1") as host:
            page.goto(f"{host}/artikel.html")
            frame = page.frame_locator("iframe[data-ikzmap]")
            expect(frame.locator("path.leaflet-interactive")).to_have_count(53)
            iframe = page.locator("iframe[data-ikzmap]")
            page.wait_for_function(
                "el => parseInt(el.style.height) > 400", arg=iframe.element_handle()
            )
            inner = iframe.element_handle().content_frame()
            assert inner.evaluate("document.body.classList.contains('embedded')")
            expect(frame.locator("#atlas-controls")).to_be_hidden()


@pytest.mark.parametrize(
    "view",
    ["ebene=kreis&indikator=ikz_count&auswahl=05562", "ebene=gemeinde&auswahl=05562032"],
)
def test_accessible_with_the_detail_panel_open(page, atlas_site, view):
    from tests.e2e.axe import assert_accessible

    page.goto(f"{(atlas_site.out / 'index.html').as_uri()}#{view}")
    wait_for_map(page, 53 if "kreis" in view else 396)
    expect(page.locator("#atlas-detail h2")).to_be_visible()
    page.locator("#atlas-table-title").click()
    assert_accessible(page, f"static-atlas {view}")


def test_a_hostile_file_name_in_the_sources_stays_text(page, tmp_path, hierarchy, atlas):
    """An uploaded file's name reaches the atlas's sources: shown as text, never run."""
    from ikzmap.atlas import AtlasData
    from ikzmap.publish import publish
    from ikzmap.upload import read_upload
    from tests.e2e.harness import ROOT

    data = (ROOT / "tests" / "data" / "uploads" / "kreise_utf8bom_komma.csv").read_bytes()
    name = "<img src=x onerror=alert(1)><script>alert(2)</script>.csv"
    result = read_upload(data, name, hierarchy)
    uploaded = AtlasData.build(hierarchy, result.dataset, atlas.budget_status)
    site = publish(uploaded, tmp_path / "site")
    page.goto(f"{(site.out / 'index.html').as_uri()}#ebene=kreis&auswahl=05562")
    wait_for_map(page, 53)
    expect(page.locator("#atlas-sources")).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator("#atlas-detail")).to_contain_text("hochgeladen")
    assert page.locator("#atlas-sources img, #atlas-sources script").count() == 0
