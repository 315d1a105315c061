"""Streamlit AppTest of the export panel: build on request only, cache, German error."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ikzmap.ui import export_panel
from tests.apptest import open_panel


def _panel_script() -> None:
    import streamlit as st

    from ikzmap.export.cli import default_atlas
    from ikzmap.ui.export_panel import render_export_panel
    from ikzmap.view import build_view
    from ikzmap.viewstate import ViewState

    atlas = st.cache_resource(default_atlas)()
    st.session_state.setdefault("selected", "05562")
    view = build_view(atlas, ViewState(level="kreis"))
    render_export_panel(view, atlas)


@pytest.fixture
def app() -> AppTest:
    export_panel._build.clear()
    at = AppTest.from_function(_panel_script, default_timeout=60)
    at.run()
    assert not at.get("selectbox")  # closed: its content is not drawn
    open_panel(at, export_panel.PANEL)
    assert not at.exception, at.exception
    return at


def _downloads(at: AppTest) -> list:
    return at.get("download_button")


def test_nothing_is_built_before_the_click(app, monkeypatch):
    calls = []
    monkeypatch.setattr(export_panel, "export_file", lambda *a, **k: calls.append(a))
    app.selectbox(key="exp_format").set_value("pdf").run()
    app.selectbox(key="exp_page").set_value("a3-hoch").run()
    assert calls == []
    assert _downloads(app) == []


def test_click_builds_and_offers_the_file_until_the_choice_changes(app):
    app.selectbox(key="exp_format").set_value("csv").run()
    app.button(key="exp_build").click().run()
    assert not app.exception
    (button,) = _downloads(app)
    assert "ikz_kreis_ikz_count.csv" in button.proto.label
    app.run()  # an unrelated rerun keeps the offer
    assert len(_downloads(app)) == 1
    app.selectbox(key="exp_format").set_value("xlsx").run()
    assert _downloads(app) == []


def test_map_options_reach_the_export(app, monkeypatch):
    seen = []

    def fake(view, fmt, options):
        seen.append((fmt, options))
        return export_panel.ExportFile("x.png", "image/png", b"\x89PNG")

    monkeypatch.setattr(export_panel, "export_file", fake)
    app.selectbox(key="exp_format").set_value("png").run()
    app.selectbox(key="exp_dpi").set_value("druck").run()
    app.selectbox(key="exp_zoom").set_value("055").run()
    app.text_input(key="exp_title").input("Folie 3").run()
    app.button(key="exp_build").click().run()
    ((fmt, options),) = seen
    assert fmt == "png"
    assert (options.dpi, options.zoom, options.title) == (300, "055", "Folie 3")
    assert options.selected == "05562" and options.highlight and options.labels


def test_failed_export_shows_german_error_and_app_stays_usable(app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(export_panel, "export_file", broken)
    app.selectbox(key="exp_format").set_value("gpkg").run()
    app.button(key="exp_build").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == [export_panel.ERROR_TEXT]
    assert _downloads(app) == []
    app.selectbox(key="exp_format").set_value("csv").run()
    assert not app.exception and not app.error


@pytest.mark.parametrize(
    ("size", "text"), [(850_000, "850 kB"), (1_234_567, "1,2 MB"), (10, "1 kB")]
)
def test_file_size_text(size, text):
    assert export_panel.file_size(size) == text


def test_the_choices_are_kept_while_the_panel_is_closed(app):
    app.selectbox(key="exp_format").set_value("png").run()
    app.text_input(key="exp_title").input("Folie 3").run()
    app.session_state[export_panel.PANEL] = False  # closed: its widgets are not drawn
    app.run().run()
    assert not app.get("selectbox")
    open_panel(app, export_panel.PANEL)
    assert app.selectbox(key="exp_format").value == "png"
    assert app.text_input(key="exp_title").value == "Folie 3"
