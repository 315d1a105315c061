"""Page layout: controls, notices, search, map with detail panel, linked table, sources."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.navigation.page import StreamlitPage

from ikzmap.assets import require_assets
from ikzmap.atlas import AtlasData
from ikzmap.errors import DataFileError, boundary_files
from ikzmap.provenance import legend_line
from ikzmap.ui import (
    auth,
    compare_panel,
    examples_panel,
    filter_panel,
    first_paint,
    lazy,
    loaders,
    report_page,
    saved_panel,
    state,
    statement,
    upload_panel,
)
from ikzmap.ui.check_panel import render_default_check
from ikzmap.ui.detail_panel import render_detail
from ikzmap.ui.errors import guarded
from ikzmap.ui.export_panel import render_export_panel
from ikzmap.ui.map_panel import NRW, clicked_key, render_map
from ikzmap.ui.markdown import md_escape
from ikzmap.ui.page_style import apply_page_style
from ikzmap.ui.search_panel import ZOOM_TO, render_search
from ikzmap.ui.sidebar import render_controls
from ikzmap.ui.table_panel import render_table
from ikzmap.view import MapView
from ikzmap.viewstate import fit_selection

TITLE = "IKZ-Atlas NRW"


def _check_start() -> AtlasData:
    try:
        with boundary_files():
            require_assets()
            loaders.static_folder_writable()
            loaders.geo_attribution()  # reads build.json: a broken one must stop start-up too
            return loaders.default_atlas()
    except DataFileError as err:
        st.error(f"ikzmap kann nicht starten: {err}")
        st.stop()


def _signed_in_user() -> str | None:
    try:
        return auth.require_user()
    except auth.AuthConfigError as err:
        st.error(f"ikzmap kann nicht starten: {err}")
        st.stop()


def _fit_selection_to_level(level: str) -> None:
    selected = st.session_state.get(state.SELECTED)
    fitted = fit_selection(selected, level, loaders.hierarchy().units.index)
    if fitted != selected:
        state.select(fitted)


def _on_map_click() -> None:
    key = clicked_key()  # from the browser: any page script can send any value
    if key in loaders.hierarchy().units.index:
        state.select(key)


def _back_to_nrw() -> None:
    state.select(None)
    st.session_state[ZOOM_TO] = NRW


@st.fragment
def _map_and_detail(atlas: AtlasData, basemap: bool, first_paint_only: bool) -> None:
    first_paint.follow()  # the map was reported drawn: the whole page, not this fragment
    current = state.current()
    state.write_url(current, uploaded=not atlas.is_default, saved=saved_panel.link_params())
    view: MapView = loaders.view(atlas, current.with_(selected=None))
    map_col, detail_col = st.columns([5, 3], gap="medium")
    with map_col:
        if view.reason:
            st.info(view.reason)
        zoom_to = st.session_state.pop(ZOOM_TO, None)
        render_map(
            view,
            basemap,
            current.selected,
            zoom_to,
            _on_map_click,
            (
                *examples_panel.highlight_keys(current.level),
                *filter_panel.highlight_keys(atlas, current.selected, current.level),
            ),
            examples_panel.territory_keys(current.level),
            on_drawn=first_paint.on_map_drawn if first_paint_only else None,
        )
    if first_paint_only:  # the detail panel beside the map follows with the whole page
        return
    with detail_col, guarded("Detailpanel"):
        examples_panel.describe(current.level)
        render_detail(atlas, view, current.selected)
        if current.selected:
            st.button("Zurück zu NRW", key="reset", on_click=_back_to_nrw)
    with guarded("Vergleich"):  # in the fragment: the panel's buttons add to it
        compare_panel.render(atlas)


def _sources(view: MapView) -> None:
    lines = [f"Geometrie: {loaders.geo_attribution()}, VG250, Lizenz GeoNutzV (Daten verändert)."]
    lines.extend(md_escape(source.citation()) + "." for source in view.sources)
    st.caption(" ".join(lines))
    st.caption(md_escape(legend_line()) + ".")


def statement_link() -> None:
    """The link to the accessibility statement, on every page (BITV NRW)."""
    st.page_link(statement_page_entry(), label=statement.TITLE, icon="♿")


def _statement_page() -> None:
    statement.render_statement()
    st.page_link(map_page_entry(), label="Zurück zur Karte", icon="🗺️")


class _AboveMap:
    """The containers above the map, in page order, made before the map is drawn (the map
    goes out first); the widgets among them have slots (``first_paint.slot``)."""

    def __init__(self, atlas: AtlasData) -> None:
        self.head = st.container()
        self.report = first_paint.slot("report")
        self.notices = st.container()
        self.check = first_paint.slot("check") if atlas.is_default else None
        self.search = first_paint.slot("search")
        self.examples = first_paint.slot("examples")

    def slots(self) -> list[DeltaGenerator]:
        return [b for b in (self.report, self.check, self.search, self.examples) if b]


def _above_map(
    above: _AboveMap, atlas: AtlasData, view: MapView, level: str, *, first: bool
) -> None:
    """Title and notices above the map, and in the whole page (not ``first``) the widgets
    in their slots: report button, the defaults' check, search, the examples' chooser."""
    with above.head:
        st.title("Interkommunale Zusammenarbeit in NRW")
    with above.notices, guarded("Hinweise"):
        saved_panel.render_notices()
        if state.upload_gone(uploaded=not atlas.is_default):
            st.info(state.UPLOAD_GONE_TEXT)
        for notice in view.notices:
            st.warning(notice, icon="ℹ️")
        upload_panel.render_upload_report()
        filter_panel.render_notice(atlas)
    if first:
        first_paint.hold(above.slots())
        return
    with above.report:
        report_page.render_open_button()
    if above.check is not None:
        with above.check, guarded("Hinweise"):
            render_default_check()
    with above.search, guarded("Suche"):
        render_search()
    with above.examples, guarded("Praxisbeispiele"):  # the map mode's chooser
        examples_panel.render(level)


def map_page() -> None:
    user = _signed_in_user()
    atlas = _check_start()
    if report_page.is_open():
        with guarded("Bericht in Zahlen"):
            report_page.render()
        statement_link()
        return
    for note in state.init_from_url(set(atlas.hierarchy.units.index)):
        st.toast(md_escape(note))
    st.session_state[saved_panel.USER] = user
    saved_panel.open_linked()
    atlas = upload_panel.active_atlas()
    level = st.session_state[state.WIDGET_KEYS["level"]]
    state.valid_indicator(level, atlas)
    _fit_selection_to_level(level)
    current = state.current()  # the fragment below writes it to the URL
    view = loaders.view(atlas, current.with_(selected=None))

    # The map goes out first, so the browser starts drawing it while the rest arrives;
    # the containers keep title, notices and the widgets' slots above it on the page.
    above = _AboveMap(atlas)
    if lazy.is_open(examples_panel.PANEL):  # opened by a link: its height is not known
        first_paint.skip()  # before it is drawn, so the whole page comes at once
    first = first_paint.pending()
    _map_and_detail(atlas, state.basemap_on(), first)
    if first:  # the rest of the page follows once the map is drawn
        _above_map(above, atlas, view, current.level, first=True)
        first_paint.placeholder()
        return
    render_controls(atlas)
    filter_panel.render_sidebar(atlas)
    auth.render_user(user)
    with st.sidebar, guarded("Upload"):
        upload_panel.render_upload_sidebar()
    with st.sidebar, guarded("Gespeicherte Datensätze"):
        saved_panel.render_datasets_sidebar()
    _above_map(above, atlas, view, current.level, first=False)
    with guarded("Tabelle"):
        render_table(view)
    with guarded("Export"):
        render_export_panel(view, atlas)
    _sources(view)
    statement_link()


# The pages are made anew in every run, never kept in the module: st.navigation marks the
# page it returns as runnable and page.run() unmarks it, so page objects shared by the
# sessions' concurrent runs race ("This page cannot be called directly"; the load test
# met it twice in 40 sessions).
def map_page_entry() -> StreamlitPage:
    return st.Page(map_page, title="Karte", icon="🗺️", default=True)


def statement_page_entry() -> StreamlitPage:
    return st.Page(_statement_page, title=statement.TITLE, icon="♿", url_path=statement.URL_PATH)


def main() -> None:
    st.set_page_config(page_title=TITLE, page_icon="🗺️", layout="wide")
    apply_page_style()
    st.navigation([map_page_entry(), statement_page_entry()]).run()
