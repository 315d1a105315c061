"""Sidebar controls: level, indicator, classification, palette, basemap."""

from __future__ import annotations

import streamlit as st

from geo import LEVEL_NAMES, LEVELS
from ikzmap.atlas import AtlasData
from ikzmap.classify import SCHEMES
from ikzmap.indicators import BIVARIATE, CATEGORICAL, INDICATORS
from ikzmap.palettes import MAX_CLASSES, MIN_CLASSES, PALETTES
from ikzmap.ui.state import BASEMAP, WIDGET_KEYS, parse_breaks, valid_indicator


def render_controls(atlas: AtlasData) -> None:
    """Draw the map controls (their values are read through ``ikzmap.ui.state``)."""
    sb = st.sidebar
    sb.header("Karte")
    level = sb.radio("Ebene", LEVELS, format_func=LEVEL_NAMES.__getitem__, key=WIDGET_KEYS["level"])
    ids = valid_indicator(level, atlas)
    indicator = sb.selectbox(
        "Indikator", ids, format_func=lambda i: INDICATORS[i].label, key=WIDGET_KEYS["indicator"]
    )
    kind = INDICATORS[indicator].kind
    with sb.expander("Klassen und Farben", expanded=False):
        disabled = kind in (CATEGORICAL, BIVARIATE)
        if kind == CATEGORICAL:
            st.caption("Feste Klassen: die sieben amtlichen Statuskategorien.")
        elif kind == BIVARIATE:
            st.caption("Feste Klassen: 3 × 3 Terzile (IKZ × Haushaltslage).")
        scheme = st.selectbox(
            "Klassifikation",
            list(SCHEMES),
            format_func=lambda s: SCHEMES[s].label,
            key=WIDGET_KEYS["scheme"],
            disabled=disabled,
        )
        st.slider(
            "Anzahl Klassen",
            MIN_CLASSES,
            MAX_CLASSES,
            key=WIDGET_KEYS["k"],
            disabled=disabled or scheme == "manual",
        )
        if scheme == "manual" and not disabled:
            st.text_input("Klassengrenzen (obere Grenzen, z. B. 150 200 300)", key="w_breaks")
            _, error = parse_breaks(st.session_state.get("w_breaks", ""))
            if error:
                st.error(error)
        st.selectbox(
            "Farbpalette (farbfehlsichtig geeignet)",
            list(PALETTES),
            format_func=lambda p: PALETTES[p].label,
            key=WIDGET_KEYS["palette"],
            disabled=disabled,
        )
    sb.toggle("Hintergrundkarte (OpenStreetMap, braucht Internet)", key=BASEMAP)
