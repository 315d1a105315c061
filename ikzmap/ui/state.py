"""The view state: widgets <-> ViewState <-> URL query (``st.query_params``)."""

from __future__ import annotations

import streamlit as st

from ikzmap.atlas import AtlasData
from ikzmap.indicators import INDICATORS, indicators_for
from ikzmap.viewstate import ViewState, from_query

WIDGET_KEYS = {
    "level": "w_level",
    "indicator": "w_indicator",
    "scheme": "w_scheme",
    "k": "w_k",
    "palette": "w_palette",
}
SELECTED = "selected"
BASEMAP = "basemap"
_INITIALISED = "state_initialised"


def init_from_url(units: set[str]) -> list[str]:
    """On a session's first run: seed the widgets from the URL; return German notes."""
    if st.session_state.get(_INITIALISED):
        return []
    state, notes = from_query(st.query_params.to_dict(), INDICATORS, units)
    for attr, key in WIDGET_KEYS.items():
        st.session_state[key] = getattr(state, attr)
    st.session_state["w_breaks"] = ", ".join(f"{b:g}" for b in state.breaks)
    st.session_state[SELECTED] = state.selected
    st.session_state[_INITIALISED] = True
    return notes


def valid_indicator(level: str, atlas: AtlasData) -> list[str]:
    """Indicator ids offered at a level; keeps the widget value valid."""
    ids = [i.id for i in indicators_for(level, atlas)]
    if st.session_state.get(WIDGET_KEYS["indicator"]) not in ids:
        st.session_state[WIDGET_KEYS["indicator"]] = ids[0]
    return ids


def parse_breaks(text: str) -> tuple[tuple[float, ...], str | None]:
    try:
        values = [float(p.replace(",", ".")) for p in text.replace(";", " ").split()]
    except ValueError:
        return (), "Klassengrenzen bitte als Zahlen eingeben, getrennt durch Leerzeichen."
    return tuple(sorted(set(values))), None


def current() -> ViewState:
    breaks, _ = parse_breaks(st.session_state.get("w_breaks", ""))
    return ViewState(
        level=st.session_state[WIDGET_KEYS["level"]],
        indicator=st.session_state[WIDGET_KEYS["indicator"]],
        scheme=st.session_state[WIDGET_KEYS["scheme"]],
        k=int(st.session_state[WIDGET_KEYS["k"]]),
        palette=st.session_state[WIDGET_KEYS["palette"]],
        selected=st.session_state.get(SELECTED),
        breaks=breaks if st.session_state[WIDGET_KEYS["scheme"]] == "manual" else (),
    )


def write_url(state: ViewState) -> None:
    query = state.to_query()
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def basemap_on() -> bool:
    """Whether the optional OpenStreetMap background is switched on (sidebar toggle)."""
    return bool(st.session_state.get(BASEMAP, False))


def select(key: str | None) -> None:
    st.session_state[SELECTED] = key
