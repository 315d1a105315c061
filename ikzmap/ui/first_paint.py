"""The map page's first paint: the session's first run draws the title, the notices and
the map, and not the sidebar's controls, the widgets above the map (report button, check,
search, examples), the detail panel or the panels below the map; once the browser reports
the map drawn, one more run draws the whole page.

Why: the browser draws a Streamlit page's elements before the map's own script can run
(each widget of the sidebar and the panels is React work on the page's one thread), so
the map appeared only after everything else, 0.9 s after an empty Streamlit page. Drawn
first, it was there 0.4 s earlier (1.79 → 1.36 s in one run of both versions), and the
whole page as early as before (``benchmarks.bench_browser``: "Seite vollständig").

Each widget above the map has a slot that keeps its height free in the first paint
(``slot``, ``SLOT_CSS``), so the map is not moved or redrawn when the rest arrives. Each
is a kind of element whose code the browser loads and draws before the map's script runs.
Measured in one run (variants of the app, empty Streamlit page 1.25 s): map drawn after
2.25 s with everything in the first paint, 2.18 s without detail panel, 2.01 s without the
widgets above the map too."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Final

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

COMPLETE: Final = "page_complete"  # the whole page is drawn in this session's runs
_FOLLOW: Final = "page_complete_follow"  # the map was just reported drawn: draw the page
_TOKEN: Final = "page_complete_token"  # what the map reports: this session's first paint
LOADING_TEXT: Final = "Steuerung wird geladen …"

# The height each widget above the map takes (its slot keeps it free in the first paint):
# one line of button or expander, a labelled text field. In rem, as Streamlit sizes them.
SLOT_HEIGHTS: Final = {
    "report": "2.5rem",
    "check": "2.5rem",
    "search": "4.25rem",
    "examples": "2.5rem",
}
SLOT_CSS: Final = "".join(
    f".st-key-slot_{name}{{min-height:{height}}}" for name, height in SLOT_HEIGHTS.items()
)


def pending() -> bool:
    """True until the session's first map is drawn: draw the first paint only."""
    return not st.session_state.get(COMPLETE)


def session_token() -> str:
    """What the map reports back: names this session (after a server restart the page's
    map element serves a new session, which must be told apart from the old one)."""
    return st.session_state.setdefault(_TOKEN, secrets.token_urlsafe(12))


def skip() -> None:
    """Draw the whole page in this run already (a part above the map whose height is not
    known beforehand would move the map when it arrives)."""
    st.session_state[COMPLETE] = True


def on_map_drawn() -> None:
    """The map's callback for its report (runs before the map fragment's rerun)."""
    if pending():
        st.session_state[COMPLETE] = True
        st.session_state[_FOLLOW] = True


def follow() -> None:
    """In the map's fragment: after the report, rerun the whole app (a fragment's rerun
    draws only the fragment)."""
    if st.session_state.pop(_FOLLOW, False):
        st.rerun(scope="app")


def slot(name: str) -> DeltaGenerator:
    """The container of a widget above the map (``SLOT_HEIGHTS``): its height is kept free
    while the widget is not drawn yet (see ``hold``)."""
    return st.container(key=f"slot_{name}")


def hold(slots: Iterable[DeltaGenerator]) -> None:
    """In the first paint: keep the ``slots`` free. Streamlit draws no empty container at
    all, so each gets an empty element, which the widget replaces in the next run."""
    for box in slots:
        box.empty()


def placeholder() -> None:
    """What the sidebar says until its controls arrive."""
    st.sidebar.caption(LOADING_TEXT)
