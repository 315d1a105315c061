"""Hostile uploads in the app (AppTest): every text that Streamlit renders as Markdown shows
the hostile strings as inert text; unusable files give one clear German message."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from ikzmap.ui.markdown import md_escape
from ikzmap.upload import MAX_BYTES, ColumnMapping, read_upload
from ikzmap.upload.limits import MAX_UNCOMPRESSED_BYTES
from tests import test_hostile_data as hostile
from tests.apptest import html_text, run_app


def _app_with(result, selected: str | None = None) -> AppTest:
    state = {"upload_result": result, "use_upload": result.ok}
    return run_app({"auswahl": selected} if selected else None, state=state)


def markdown_sources(at: AppTest) -> list[str]:
    """Every text the page renders as Markdown (bodies, labels, titles)."""
    texts = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader)]
    texts += [e.value for e in (*at.error, *at.warning, *at.info, *at.success, *at.toast)]
    texts += [e.label for e in (*at.expander, *at.metric, *at.selectbox, *at.toggle)]
    texts += [e.label for e in (*at.button, *at.checkbox, *at.radio, *at.text_input)]
    return [str(t) for t in texts]


def assert_inert(texts: list[str]) -> None:
    """No hostile markup occurs verbatim (unescaped) in any Markdown text."""
    for text in texts:
        for payload in hostile.MARKUP:
            assert payload not in text, f"{payload!r} unescaped in {text[:200]!r}"
        assert "](" not in text.replace("\\]\\(", ""), text[:200]


# What would act in HTML (the detail panel's blocks are HTML, so Markdown is plain text there).
HTML_MARKUP = (hostile.SCRIPT, hostile.IMG, hostile.SVG, hostile.HTML_LINK, hostile.MD_AUTOLINK)


def assert_inert_html(at: AppTest) -> None:
    """No hostile markup occurs verbatim (unescaped) in any HTML element."""
    for element in at.get("html"):
        for payload in HTML_MARKUP:
            assert payload not in element.proto.body, f"{payload!r} unescaped in HTML"


@pytest.fixture(scope="module")
def hostile_result(hierarchy):
    return read_upload(hostile.csv_bytes(), hostile.FILE_NAME, hierarchy)


def test_hostile_file_reaches_the_report_as_text(hostile_result):
    assert hostile_result.ok
    values = set(hostile_result.issues["Wert"])
    assert {hostile.SCRIPT, hostile.IMG, hostile.MD_IMAGE, *hostile.FORMULAS} <= values
    at = _app_with(hostile_result, selected="05562")
    texts = markdown_sources(at)
    assert_inert(texts)
    assert any(md_escape(hostile.FILE_NAME) in t for t in texts)  # shown, escaped
    assert_inert_html(at)
    assert "707" in html_text(at)  # the uploaded value reached the detail panel
    frames = [d.value for d in at.dataframe]
    report = next(f for f in frames if "Problem" in f.columns)
    assert hostile.SCRIPT in set(report["Wert"])  # the grid shows text, it runs nothing
    assert "'" + hostile.FORMULAS[0] in set(report["Wert"])


def test_error_naming_a_hostile_column_is_escaped(hierarchy):
    mapping = ColumnMapping(key=hostile.HEADER, name=hostile.HEADER, count="Anzahl")
    result = read_upload(hostile.csv_bytes(), hostile.FILE_NAME, hierarchy, mapping=mapping)
    assert hostile.HEADER in result.error  # the message names the column
    at = _app_with(result)
    assert [e.value for e in at.error] == [md_escape(result.error)]
    assert_inert(markdown_sources(at))


def _two_sheets(first: str) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = first
    workbook.active.append(["Bemerkung"])
    data = workbook.create_sheet("Daten")
    for row in hostile.rows():
        data.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "sheet", ["<img src=x onerror=alert(1)>", "{{ 'EVAL' ~ 'UIERT' }}", "{% if 1 %}WENN{% endif %}"]
)
def test_error_naming_a_hostile_sheet_is_escaped(hierarchy, sheet):
    result = read_upload(_two_sheets(sheet), "blatt.xlsx", hierarchy)
    assert f"Tabellenblatt „{sheet}“" in result.error
    at = _app_with(result)
    assert [e.value for e in at.error] == [md_escape(result.error)]
    shown = " ".join(markdown_sources(at))
    assert (
        sheet not in shown
        and "EVALUIERT" not in shown
        and "WENN" not in shown.replace(md_escape("{% if 1 %}WENN{% endif %}"), "")
    )


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(MAX_UNCOMPRESSED_BYTES // (1 << 20) + 1):
                member.write(b"\0" * (1 << 20))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"x" * (MAX_BYTES + 1), "gross.csv", "höchstens 10 MB"),
        (b"", "leer.csv", "leer"),
        (bytes(range(256)) * 40, "binaer.csv", "Binärdaten"),
        (_zip_bomb(), "bombe.xlsx", "entpackt"),
    ],
    ids=["zu-gross", "leer", "binaer", "zip-bombe"],
)
def test_unusable_upload_shows_one_german_message(hierarchy, data, name, message):
    result = read_upload(data, name, hierarchy)
    at = _app_with(result)
    (error,) = at.error
    assert message in error.value.replace("\\", "")
    assert any("modelliert" in w.value for w in at.warning)  # the map keeps the defaults
