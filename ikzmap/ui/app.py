"""Page layout: sidebar controls, map, detail panel, sources."""

from __future__ import annotations

import streamlit as st

from geo import LEVEL_NAMES, LEVELS, BoundaryDataError
from ikzmap.assets import MissingAssetError, require_assets
from ikzmap.ui import loaders
from ikzmap.ui.detail_panel import render_detail
from ikzmap.ui.map_panel import render_map

TITLE = "IKZ-Atlas NRW"
SELECTED = "selected"


def _sidebar() -> tuple[str, bool]:
    st.sidebar.header("Karte")
    level = st.sidebar.radio(
        "Ebene", LEVELS, index=1, format_func=LEVEL_NAMES.__getitem__, key="level"
    )
    basemap = st.sidebar.toggle(
        "Hintergrundkarte (OpenStreetMap, braucht Internet)", value=False, key="basemap"
    )
    return level, basemap


def _check_start() -> None:
    try:
        require_assets()
        loaders.hierarchy()
    except (BoundaryDataError, MissingAssetError) as err:
        st.error(f"ikzmap kann nicht starten: {err}")
        st.stop()


def _sources() -> None:
    st.caption(
        f"Geometrie: {loaders.geo_attribution()}, VG250, Lizenz GeoNutzV. "
        "IKZ-Erhebung: gpaNRW, Interkommunale Zusammenarbeit in NRW (Bericht, September 2025)."
    )


def main() -> None:
    st.set_page_config(page_title=TITLE, page_icon="🗺️", layout="wide")
    _check_start()
    st.title("Interkommunale Zusammenarbeit in Nordrhein-Westfalen")
    level, basemap = _sidebar()
    map_col, detail_col = st.columns([5, 3], gap="medium")
    with map_col:
        clicked = render_map(level, st.session_state.get(SELECTED), basemap)
    if clicked and clicked != st.session_state.get(SELECTED):
        st.session_state[SELECTED] = clicked
        st.rerun()
    with detail_col:
        render_detail(st.session_state.get(SELECTED))
        if st.session_state.get(SELECTED) and st.button("Zurück zu NRW", key="reset"):
            st.session_state[SELECTED] = None
            st.rerun()
    _sources()
