"""Server-side template injection: user text must never become template source.

branca/folium compile ``Element(text)`` as a Jinja2 template, so a title like ``{{ 7*7 }}``
used to render "49" in the HTML export, and ``lipsum.__globals__`` reached ``os``. The tests
feed template payloads through the paths users reach (export panel, upload file name) and
check the code for the pattern itself, so a new call of that kind fails here first.
"""

from __future__ import annotations

import ast
import html
from pathlib import Path
from xml.etree import ElementTree

import pytest
from streamlit.testing.v1 import AppTest

from ikzmap.atlas import AtlasData
from ikzmap.export import export_file
from ikzmap.export.static import SnapshotOptions
from ikzmap.fmt import printable
from ikzmap.ui import export_panel
from ikzmap.upload import read_upload
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState
from tests import test_hostile_data as hostile
from tests.apptest import open_panel

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_CALLS = {"Element", "MacroElement", "Template", "Environment", "from_string", "Figure"}


def assert_not_evaluated(text: str) -> None:
    for shown in hostile.EVALUATED:
        assert shown not in text, f"a template was evaluated: {shown!r} in the output"


@pytest.mark.parametrize("payload", hostile.TEMPLATES)
def test_html_export_title_is_never_evaluated(kreis_view, payload):
    page = export_file(kreis_view, "html", SnapshotOptions(title=payload)).data.decode("utf-8")
    assert_not_evaluated(page)
    assert f"<h1>{html.escape(payload)}</h1>" in page
    assert f"<title>{html.escape(payload)}</title>" in page


def test_html_export_carries_every_hostile_title_as_text(kreis_view):
    for payload in hostile.CORPUS:
        options = SnapshotOptions(title=payload)
        page = export_file(kreis_view, "html", options).data.decode("utf-8")
        assert_not_evaluated(page)
        assert html.escape(printable(payload)) in page
        for markup in hostile.MARKUP:  # HTML markup; Markdown is plain text in HTML
            assert "<" not in markup or markup not in page


@pytest.fixture(scope="module")
def hostile_upload_view(hierarchy, atlas):
    """A Kreis view of an upload whose file name is a template and markup payload."""
    result = read_upload(hostile.csv_bytes(), hostile.FILE_NAME, hierarchy)
    assert result.ok
    uploaded = AtlasData.build(
        hierarchy, result.dataset, atlas.budget_status, result.population, "hostile-upload"
    )
    return build_view(uploaded, ViewState(level="kreis"))


@pytest.mark.parametrize("file_format", ["html", "svg", "csv", "geojson"])
def test_upload_file_name_stays_text_in_every_export(hostile_upload_view, file_format):
    data = export_file(hostile_upload_view, file_format).data
    text = data.decode("utf-8-sig")
    assert_not_evaluated(text)
    assert "{{ 'EVAL' ~ 'UIERT' }}" in html.unescape(text)  # the name, as the user gave it


def _panel_script() -> None:
    import streamlit as st

    from ikzmap.export.cli import default_atlas
    from ikzmap.ui.export_panel import render_export_panel
    from ikzmap.view import build_view
    from ikzmap.viewstate import ViewState

    atlas = st.cache_resource(default_atlas)()
    view = build_view(atlas, ViewState(level="kreis"))
    render_export_panel(view, atlas)


def test_export_panel_title_reaches_the_file_as_text(monkeypatch):
    """As a user does it: Format "HTML", a title, "Datei erstellen"."""
    built: list[bytes] = []

    def recording(*args, **kwargs):
        file = export_file(*args, **kwargs)
        built.append(file.data)
        return file

    monkeypatch.setattr(export_panel, "export_file", recording)
    export_panel._build.clear()
    at = AppTest.from_function(_panel_script, default_timeout=60).run()
    open_panel(at, export_panel.PANEL)
    at.selectbox(key="exp_format").set_value("html").run()
    at.text_input(key="exp_title").input(hostile.JINJA_RCE).run()
    at.button(key="exp_build").click().run()
    assert not at.exception
    (page,) = built
    text = page.decode("utf-8")
    assert_not_evaluated(text)
    assert html.escape(hostile.JINJA_RCE) in text


def _python_files() -> list[Path]:
    return sorted([*ROOT.joinpath("ikzmap").rglob("*.py"), *ROOT.joinpath("geo").rglob("*.py")])


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _template_calls_with_computed_source(path: Path) -> list[str]:
    """Template-compiling calls whose template text is not a literal of the source code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or _called_name(node) not in TEMPLATE_CALLS:
            continue
        sources = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "template")]
        for source in sources:
            if not (isinstance(source, ast.Constant) and isinstance(source.value, str)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_template_is_compiled_from_computed_text():
    """Every template source in the code is a literal: nothing computed (an f-string, a
    variable) can carry user text into Jinja. Insert text with ``mapview.Markup`` instead."""
    offenders = [
        hit for path in _python_files() for hit in _template_calls_with_computed_source(path)
    ]
    assert offenders == []


def test_the_code_check_finds_the_pattern(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('from branca.element import Element\nElement(f"<h1>{title}</h1>")\n')
    good = tmp_path / "good.py"
    good.write_text('from jinja2 import Template\nT = Template("{{ this.text }}")\n')
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert _template_calls_with_computed_source(bad) == ["bad.py:2"]
        assert _template_calls_with_computed_source(good) == []
    finally:
        ROOT = saved


@pytest.mark.parametrize("file_format", ["svg", "pdf", "png", "html"])
def test_control_characters_in_a_title_keep_the_file_valid(kreis_view, file_format):
    """NUL, escape sequences and bidi overrides would make SVG invalid XML or reorder text."""
    data = export_file(kreis_view, file_format, SnapshotOptions(title=hostile.CONTROL)).data
    if file_format == "svg":
        title = ElementTree.fromstring(data).findtext(".//{http://www.w3.org/2000/svg}title")
        assert title is not None
    if file_format in ("svg", "html"):
        text = data.decode("utf-8")
        assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text
        assert "Steuer\ufffdzeichen" in text
