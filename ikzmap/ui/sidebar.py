"""Sidebar controls: level, indicator, classification, palette, basemap."""

from __future__ import annotations

import streamlit as st

from geo import LEVEL_NAMES, LEVELS
from ikzmap.atlas import AtlasData
from ikzmap.breaks import HELP, MAX_TEXT, echo, unit_suffix
from ikzmap.classify import MANUAL, SCHEMES
from ikzmap.indicators import BIVARIATE, CATEGORICAL, INDICATORS, Indicator
from ikzmap.palettes import MAX_CLASSES, MIN_CLASSES, PALETTES
from ikzmap.ui.markdown import md_escape
from ikzmap.ui.state import BASEMAP, BREAKS, WIDGET_KEYS, read_breaks, valid_indicator

KEEPS_MAP = "Die Karte zeigt weiter die zuletzt gültige Einteilung."


def _breaks_control(indicator: Indicator) -> None:
    """Text box for manual breaks; under it how the input was read, or what is wrong."""
    st.text_input(
        "Klassengrenzen (obere Grenzen, z. B. 150 200 300)",
        key=BREAKS,
        max_chars=MAX_TEXT,
        help=HELP,
        placeholder="z. B. 150 200 300",
    )
    typed = read_breaks()
    if not str(st.session_state.get(BREAKS) or "").strip():
        st.info(f"Bitte Klassengrenzen eingeben. {KEEPS_MAP}")
        return
    if typed.error:  # the typed text may hold anything: shown as text, never Markdown
        st.error(f"{md_escape(typed.error)} {KEEPS_MAP}", icon="⚠️")
        return
    st.caption(md_escape(echo(typed.values, unit_suffix(indicator))))
    for note in typed.notes:
        st.caption(md_escape(note))


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
    disabled = kind in (CATEGORICAL, BIVARIATE)
    # ``expanded`` stays constant, so no rerun folds the box while someone types in it
    with sb.expander("Klassen und Farben", expanded=False):
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
            disabled=disabled or scheme == MANUAL,
        )
        if scheme == MANUAL and not disabled:
            _breaks_control(INDICATORS[indicator])
        st.selectbox(
            "Farbpalette (farbfehlsichtig geeignet)",
            list(PALETTES),
            format_func=lambda p: PALETTES[p].label,
            key=WIDGET_KEYS["palette"],
            disabled=disabled,
        )
    sb.toggle("Hintergrundkarte (OpenStreetMap, braucht Internet)", key=BASEMAP)
