"""Hostile input end to end in Chromium: a file full of script, HTML and Markdown (also in
its name) goes through the real uploader; hostile names go into the map's tooltips and
legend. Nothing may run: ``window.__xss`` stays 0 in every frame, no dialog opens, no
request leaves localhost, no injected element exists. Downloads are neutralised against
spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import shapely
from branca.element import Element
from playwright.sync_api import expect

from geo import load_layer
from ikzmap import assets, mapspec, mapview
from ikzmap.csv_safe import FORMULA_PREFIXES
from ikzmap.legend import Legend, LegendEntry
from tests import test_hostile_data as hostile
from tests.e2e.harness import click_unit, wait_for_map

pytestmark = pytest.mark.e2e
WORD_JOINER = "\u2060"

INJECTED = "img[src='x'], [onerror], [onload], a[href^='javascript:'], a[href*='example.invalid']"


def _arm(page) -> list[str]:
    """Install the tripwire in every frame; collect dialogs (there must be none)."""
    dialogs: list[str] = []
    page.add_init_script("window.__xss = 0;")

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _assert_nothing_ran(page, dialogs: list[str], guard) -> None:
    for frame in page.frames:
        if frame.url.startswith(("http", "about:blank")):
            assert frame.evaluate("window.__xss") == 0, frame.url
            found = frame.locator(INJECTED).evaluate_all("els => els.map(e => e.outerHTML)")
            assert found == [], frame.url
    assert dialogs == []
    assert guard.blocked == []


def _cells_csv(data: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    return [cell for row in rows for cell in row]


def _cells_xlsx(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _download(page, button) -> bytes:
    """The file a download button delivers (clicked by event: a popover may open partly
    outside the viewport)."""
    with page.expect_download() as info:
        button.dispatch_event("click")
    path = info.value.path()
    with open(path, "rb") as file:
        return file.read()


def _assert_no_formula(cells: list[str]) -> None:
    running = [c for c in cells if c.startswith(FORMULA_PREFIXES)]
    assert running == []


def test_hostile_upload_stays_inert_and_downloads_are_neutralised(app_url, guarded_page):
    page, guard = guarded_page
    dialogs = _arm(page)
    page.goto(app_url)
    wait_for_map(page, count=53)
    uploader = page.get_by_test_id("stExpander").filter(has_text="Daten: eigene IKZ-Zahlen")
    uploader.locator('input[type="file"]').set_input_files(
        files=[{"name": hostile.FILE_NAME, "mimeType": "text/csv", "buffer": hostile.csv_bytes()}]
    )
    report = page.get_by_test_id("stExpander").filter(has_text="Hochgeladene Datei:")
    sent_name = hostile.FILE_NAME.replace('"', "%22")  # the browser's multipart encoding
    unmatched = len(hostile.NAMES) + len(hostile.FORMULAS)  # one row per hostile name
    expect(report.first).to_contain_text(f"{unmatched} Zeilen nicht gezählt")
    shown = report.first.inner_text().replace(WORD_JOINER, "")  # md_escape breaks autolinks
    assert f"Hochgeladene Datei: {sent_name}" in shown  # the whole name, as plain text
    wait_for_map(page, count=53)
    click_unit(page, "kreis", "05562")
    expect(page.get_by_text("707 (hochgeladen)")).to_be_visible()

    issues = _download(page, report.first.get_by_role("button", name="Problemliste (CSV)"))
    cells = _cells_csv(issues)
    assert {hostile.SCRIPT, hostile.IMG, hostile.MD_IMAGE} <= set(cells)  # kept as text
    assert {"'" + f for f in hostile.FORMULAS} <= set(cells)  # formulas guarded
    _assert_no_formula(cells)

    page.get_by_role("button", name="Tabelle herunterladen").click()
    table_csv = _download(page, page.get_by_role("button", name="CSV (Excel, Semikolon)"))
    _assert_no_formula(_cells_csv(table_csv))
    assert any(sent_name in cell for cell in _cells_csv(table_csv))  # cited, as text
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Tabelle herunterladen").click()
    table_xlsx = _download(page, page.get_by_role("button", name="Excel (XLSX)"))
    xlsx_cells = _cells_xlsx(table_xlsx)
    assert all(c.data_type != "f" for c in xlsx_cells)
    _assert_no_formula([c.value for c in xlsx_cells if isinstance(c.value, str)])
    _assert_nothing_ran(page, dialogs, guard)


def test_error_naming_a_hostile_column_stays_inert(app_url, guarded_page):
    """The mapping form of a file without usable rows: one hostile column chosen twice
    gives an error naming it."""
    page, guard = guarded_page
    dialogs = _arm(page)
    page.goto(app_url)
    wait_for_map(page, count=53)
    uploader = page.get_by_test_id("stExpander").filter(has_text="Daten: eigene IKZ-Zahlen")
    data = hostile.csv_bytes(matched=False)
    uploader.locator('input[type="file"]').set_input_files(
        files=[{"name": "spalten.csv", "mimeType": "text/csv", "buffer": data}]
    )
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("Keine Zeile")
    form = page.get_by_test_id("stForm")
    for role in ("Schlüssel (AGS/RS)", "Name der Gebietskörperschaft"):
        form.get_by_label(role).click()  # its list may open below the viewport: type
        page.keyboard.type("Bemerkung")
        page.keyboard.press("Enter")
        expect(form.get_by_label(role)).to_have_value(hostile.HEADER)
    form.get_by_role("button", name="Neu einlesen").click()
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("ist zweimal zugeordnet")
    shown = error.inner_text().replace(WORD_JOINER, "")
    assert f"Die Spalte „{hostile.HEADER}“ ist zweimal zugeordnet" in shown  # as text
    _assert_nothing_ran(page, dialogs, guard)


def _hostile_map_html(names: list[str]) -> tuple[str, dict[str, tuple[float, float]]]:
    """A standalone map (the app's folium pieces, Leaflet inlined) whose unit names,
    tooltip texts and legend are hostile; returns it and a point inside each unit."""
    layer = load_layer("kreis").head(len(names))
    features, points = [], {}
    for (key, geometry), name in zip(
        zip(layer["ags"], layer.geometry, strict=True), names, strict=True
    ):
        inside = shapely.point_on_surface(geometry)
        points[key] = (inside.y, inside.x)
        features.append(
            {
                "type": "Feature",
                "id": key,
                "properties": {"label": name, "type": hostile.SVG},
                "geometry": shapely.geometry.mapping(geometry),
            }
        )
    units = {key: ["#41b6c4", 0, hostile.IMG, hostile.MD_LINK] for key in points}
    entries = (LegendEntry("#41b6c4", hostile.IMG, 1), LegendEntry("#cccccc", hostile.SCRIPT))
    spec = {
        "level": "kreis",
        "title": hostile.SCRIPT,
        "summary": hostile.HTML_LINK,
        "label": hostile.SCRIPT,
        "keyAlias": "Schlüssel",
        "attribution": hostile.IMG,
        "units": units,
        "legend": mapspec.legend_spec(Legend(hostile.MD_IMAGE, entries, note=hostile.HTML_LINK)),
        "tiles": None,
        "geometry": {"data": {"type": "FeatureCollection", "features": features}},
    }
    fmap = mapview.new_map()
    header = fmap.get_root().header
    js = assets.inline_text("js").replace("</script", "<\\/script")
    header.add_child(Element(f"<style>{assets.inline_text('css')}</style>"), name="css", index=0)
    header.add_child(Element(f"<script>{js}</script>"), name="js", index=0)
    header.add_child(Element("<script>window.__xss = 0;</script>"), name="tripwire", index=0)
    mapview.IkzMapLayer(spec).add_to(fmap)
    return fmap.get_root().render(), points


def test_hostile_names_in_tooltips_and_legend_stay_inert(guarded_page):
    page, guard = guarded_page
    dialogs = _arm(page)
    names = [n for n in hostile.NAMES if n is not hostile.LONG_HTML][:8]
    html_text, points = _hostile_map_html(names)
    page.set_content(html_text)
    page.wait_for_function(
        "n => document.querySelectorAll('path.leaflet-interactive').length === n", arg=len(names)
    )
    expect(page.locator(".ikz-legend")).to_contain_text(hostile.IMG)
    for (lat, lng), name in zip(points.values(), names, strict=True):
        x, y = page.evaluate(
            """([lat, lng]) => {
                const m = document.querySelector('.ikz-map').ikzmap;
                const p = m.latLngToContainerPoint([lat, lng]);
                const r = m.getContainer().getBoundingClientRect();
                return [r.left + p.x, r.top + p.y];
            }""",
            [lat, lng],
        )
        page.mouse.move(x, y)
        tooltip = page.locator(".leaflet-tooltip").last
        expect(tooltip).to_contain_text(name[:200])
        expect(tooltip).to_contain_text(hostile.IMG)
        page.mouse.click(x, y)
    _assert_nothing_ran(page, dialogs, guard)


FORGED_CLICKS = ["x", "05562'; --", {"key": "05562"}, ["05562"], None, 5, "0" * 10_000]


def test_forged_map_clicks_are_ignored_and_the_map_still_works(app_url, guarded_page):
    """Any script in the page can send the map element a "click" with any value: it must not
    break the session, and a real click afterwards still opens the panel."""
    page, guard = guarded_page
    dialogs = _arm(page)
    page.goto(f"{app_url}/?ebene=kreis")
    wait_for_map(page, 53)
    for detail in FORGED_CLICKS:
        page.locator(".leaflet-container").first.evaluate(
            "(el, d) => el.dispatchEvent(new CustomEvent('ikzmap:select',"
            " {bubbles: true, detail: d}))",
            detail,
        )
        page.wait_for_timeout(300)
    expect(page.get_by_role("button", name="Zurück zu NRW")).to_have_count(0)  # no selection
    page.get_by_text("Gemeinden", exact=True).click()  # a full rerun of the page
    wait_for_map(page, 396)
    page.get_by_text("Kreise", exact=True).click()
    wait_for_map(page, 53)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    click_unit(page, "kreis", "05562")
    expect(page.get_by_role("heading", name="Kreis Recklinghausen")).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    _assert_nothing_ran(page, dialogs, guard)
