"""The map page's first paint (ikzmap.ui.first_paint): the session's first run draws title,
notices and map; the browser's report that the map is drawn brings the whole page, whose
widgets above the map fill slots kept free for them (the browser test sees that the map
does not move)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ikzmap.ui import first_paint
from ikzmap.ui.examples_panel import URL_PARAM, example_ids
from tests.apptest import map_data, panel_headings, run_app


def _above_the_map(at: AppTest) -> list[tuple[str, str]]:
    """The main area's elements in page order, up to the map."""
    shown = []

    def walk(node) -> bool:
        if getattr(node, "type", "") == "bidi_component":
            return True
        children = getattr(node, "children", None)
        if children is not None:
            return any(walk(child) for _index, child in sorted(children.items()))
        shown.append((node.type, str(getattr(node, "value", "") or getattr(node, "label", ""))))
        return False

    assert walk(at.main), "no map on the page"
    return shown


WIDGETS_ABOVE_THE_MAP = {"button", "text_input"}  # in slots: the whole page draws them


def test_the_first_run_draws_title_notices_and_map():
    query = {"ebene": "kreis", "auswahl": "05562"}
    at = run_app(query, first_run=True)
    assert not at.radio and not at.get("file_uploader")  # the sidebar's controls follow
    assert [c.value for c in at.sidebar.caption] == [first_paint.LOADING_TEXT]
    token = map_data(at)["report_drawn"]  # the browser says when the map is drawn
    assert isinstance(token, str) and len(token) >= 16
    assert run_app(first_run=True).session_state[first_paint._TOKEN] != token  # per session
    assert map_data(at)["selected"] == "05562"  # the map outlines the unit from the link
    assert [t.value for t in at.title] == ["Interkommunale Zusammenarbeit in NRW"]
    assert any("modelliert" in w.value for w in at.warning)  # the notice is in the first paint
    assert not at.text_input and not at.button and not at.expander  # widgets: in their slots
    assert "Kreis Recklinghausen" not in panel_headings(at)  # the detail panel follows
    whole = run_app(query)
    assert "Kreis Recklinghausen" in panel_headings(whole)


@pytest.mark.parametrize(
    "query",
    [
        {"ebene": "gemeinde", "indikator": "budget_status"},
        {"ebene": "kreis"},
        {"ebene": "rbz"},
    ],
)
def test_above_the_map_the_first_paint_is_the_whole_page_without_its_widgets(query):
    first, whole = run_app(query, first_run=True), run_app(query)
    shown = _above_the_map(whole)
    assert {kind for kind, _ in shown} >= WIDGETS_ABOVE_THE_MAP  # report button, search
    drawn = _above_the_map(first)
    assert [e for e in drawn if e[0] != "empty"] == [
        e for e in shown if e[0] not in WIDGETS_ABOVE_THE_MAP
    ]
    assert [e[0] for e in drawn].count("empty") == len(first_paint.SLOT_HEIGHTS)  # held free


def _styled_page() -> None:
    from ikzmap.ui.page_style import apply_page_style

    apply_page_style()


def test_every_widget_above_the_map_has_a_slot_of_its_height():
    for name, height in first_paint.SLOT_HEIGHTS.items():
        assert f".st-key-slot_{name}{{min-height:{height}}}" in first_paint.SLOT_CSS
    at = AppTest.from_function(_styled_page).run()
    assert first_paint.SLOT_CSS in at.get("html")[0].proto.body  # on every page


def test_a_link_that_opens_the_examples_chooser_gets_the_whole_page_at_once():
    """The open chooser's height is not known before it is drawn: arriving after the map,
    it would move the map."""
    at = run_app({"ebene": "kreis", URL_PARAM: _an_example()}, first_run=True)
    assert at.expander and at.selectbox  # the open chooser with its list
    assert at.radio(key="w_level").value == "kreis"  # and the sidebar's controls
    assert map_data(at)["report_drawn"] is None  # no second run to wait for


def _an_example() -> str:
    return sorted(example_ids())[0]


def test_a_session_whose_map_was_drawn_gets_the_whole_page_at_once():
    at = run_app()
    assert at.radio(key="w_level").value == "kreis"
    assert map_data(at)["report_drawn"] is None  # no report needed any more
    assert first_paint.LOADING_TEXT not in [c.value for c in at.sidebar.caption]


def _reporting_page() -> None:
    """The app's pattern: the map (here a button) in a fragment reports, the page follows."""
    import streamlit as st

    from ikzmap.ui import first_paint

    @st.fragment
    def map_part() -> None:
        st.button("Karte gezeichnet", key="drawn", on_click=first_paint.on_map_drawn)
        first_paint.follow()

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    map_part()
    state = "erster Lauf" if first_paint.pending() else "ganze Seite"
    st.markdown(f"{state}, Lauf {st.session_state['runs']}")


def test_the_report_reruns_the_whole_app_once():
    """In a browser the report reruns only the map's fragment, which then reruns the app
    (AppTest reruns the whole script for a fragment's widget too: here the report's run is
    followed by one more, the app's; the browser test sees the page complete itself)."""
    at = AppTest.from_function(_reporting_page).run()
    assert [m.value for m in at.markdown] == ["erster Lauf, Lauf 1"]
    at.button(key="drawn").click().run()
    assert [m.value for m in at.markdown] == ["ganze Seite, Lauf 3"]
    assert not at.exception
    at.button(key="drawn").click().run()  # a later report reruns nothing more
    assert [m.value for m in at.markdown] == ["ganze Seite, Lauf 4"]
