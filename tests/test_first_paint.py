"""The map page's first paint (ikzmap.ui.first_paint): the session's first run draws the
page down to the map; the browser's report that the map is drawn brings the whole page,
and the part above the map is the same in both (the browser test sees it happen)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ikzmap.ui import first_paint
from tests.apptest import map_data, run_app


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


def test_the_first_run_draws_the_page_down_to_the_map():
    at = run_app({"ebene": "kreis", "auswahl": "05562"}, first_run=True)
    assert not at.radio and not at.get("file_uploader")  # the sidebar's controls follow
    assert [c.value for c in at.sidebar.caption] == [first_paint.LOADING_TEXT]
    token = map_data(at)["report_drawn"]  # the browser says when the map is drawn
    assert isinstance(token, str) and len(token) >= 16
    assert run_app(first_run=True).session_state[first_paint._TOKEN] != token  # per session
    assert [t.value for t in at.title] == ["Interkommunale Zusammenarbeit in NRW"]
    assert any("modelliert" in w.value for w in at.warning)  # the notice is in the first paint
    assert any("Kreis Recklinghausen" in s.value for s in at.subheader)  # the detail panel


def test_the_page_above_the_map_is_the_same_in_the_first_paint_and_the_whole_page():
    query = {"ebene": "gemeinde", "indikator": "budget_status"}
    first, whole = run_app(query, first_run=True), run_app(query)
    assert _above_the_map(first) == _above_the_map(whole)  # the map does not move
    assert len(_above_the_map(whole)) >= 4  # title, notices, search, examples


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
