"""The map page's first paint: the session's first run draws the page down to the map
(title, notices, search, the map with its detail panel) and not the sidebar's controls or
the panels below the map; once the browser reports the map drawn, one more run draws the
whole page.

Why: the browser draws a Streamlit page's elements before the map's own script can run
(each widget of the sidebar and the panels is React work on the page's one thread), so
the map appeared only after everything else, 0.9 s after an empty Streamlit page. Drawn
first, it was there 0.4 s earlier (1.79 → 1.36 s in one run of both versions), and the
whole page as early as before (``benchmarks.bench_browser``: "Seite vollständig").

The page above the map is the same in both runs, so the map is not moved or redrawn when
the rest arrives."""

from __future__ import annotations

import secrets
from typing import Final

import streamlit as st

COMPLETE: Final = "page_complete"  # the whole page is drawn in this session's runs
_FOLLOW: Final = "page_complete_follow"  # the map was just reported drawn: draw the page
_TOKEN: Final = "page_complete_token"  # what the map reports: this session's first paint
LOADING_TEXT: Final = "Steuerung wird geladen …"


def pending() -> bool:
    """True until the session's first map is drawn: draw the first paint only."""
    return not st.session_state.get(COMPLETE)


def session_token() -> str:
    """What the map reports back: names this session (after a server restart the page's
    map element serves a new session, which must be told apart from the old one)."""
    return st.session_state.setdefault(_TOKEN, secrets.token_urlsafe(12))


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


def placeholder() -> None:
    """What the sidebar says until its controls arrive."""
    st.sidebar.caption(LOADING_TEXT)
