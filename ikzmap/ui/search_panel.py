"""Search box above the map: finds a unit at any level by name as people type it.

Enter picks the best hit: the map switches to its level if needed (a Gemeinde found from
the Kreis level is shown in its Kreis: the map zooms to the Kreis, the Gemeinde outlined),
selects it and zooms there. Other hits, or the closest names when nothing was found, are
offered as buttons.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from geo import level_of
from ikzmap.search import MAX_QUERY, SearchResult, UnitSearch
from ikzmap.ui import loaders, state
from ikzmap.ui.markdown import md_escape

SEARCH: Final = "search"
ZOOM_TO: Final = "zoom_to"
_RESULT: Final = "search_result"
LABEL: Final = "Gebiet suchen"


@st.cache_resource(show_spinner=False)
def unit_search() -> UnitSearch:
    return UnitSearch(loaders.hierarchy())


def describe(key: str) -> str:
    """ "Dorsten (Gemeinde, Kreis Recklinghausen)": name, kind and where it lies."""
    h = loaders.hierarchy()
    unit = h.units.loc[key]
    where = [str(unit["type"])]
    if unit["level"] == "gemeinde" and unit["status"] != "kreisfrei":
        where.append(h.label(unit["kreis"]))
    return f"{unit['label']} ({', '.join(where)})"


def go_to(key: str, *, from_level: str) -> None:
    """Show ``key``: its level, selected, zoomed to (a Gemeinde met from a coarser level
    in its Kreis)."""
    level = level_of(key)
    st.session_state[state.WIDGET_KEYS["level"]] = level
    state.select(key)
    unit = loaders.hierarchy().units.loc[key]
    in_kreis = level == "gemeinde" and from_level != level and unit["status"] != "kreisfrei"
    st.session_state[ZOOM_TO] = str(unit["kreis"]) if in_kreis else key


def _on_search() -> None:
    text = str(st.session_state.get(SEARCH) or "").strip()[:MAX_QUERY]
    if not text:
        st.session_state.pop(_RESULT, None)
        return
    level = st.session_state[state.WIDGET_KEYS["level"]]
    result = unit_search().search(text, level)
    st.session_state[_RESULT] = result
    if result.best is not None:
        go_to(result.best, from_level=level)


def _on_pick(key: str) -> None:
    go_to(key, from_level=st.session_state[state.WIDGET_KEYS["level"]])


def _buttons(keys: tuple[str, ...], prefix: str) -> None:
    for key in keys:
        st.button(describe(key), key=f"{prefix}_{key}", on_click=_on_pick, args=(key,))


def _report(result: SearchResult) -> None:
    query = md_escape(result.query)
    if result.best is not None:
        st.caption(f"Treffer für „{query}“: {md_escape(describe(result.best))}")
        if len(result.hits) > 1:
            st.caption("Weitere Treffer:")
            _buttons(result.hits[1:], "search_hit")
        return
    if result.closest:
        st.warning(f"Keine Treffer für „{query}“. Ähnliche Namen:", icon="🔍")
        _buttons(result.closest, "search_near")
    else:
        st.warning(
            f"Keine Treffer für „{query}“. Bitte die Schreibweise prüfen; gesucht wird in "
            "allen Gemeinden, Kreisen und Regierungsbezirken von NRW.",
            icon="🔍",
        )


def render_search() -> None:
    """The search box and what it found."""
    st.text_input(
        LABEL,
        key=SEARCH,
        max_chars=MAX_QUERY,
        placeholder="Name eingeben, z. B. Koln, Gutersloh, Hochsauerland-Kreis – Enter",
        on_change=_on_search,
    )
    result = st.session_state.get(_RESULT)
    if isinstance(result, SearchResult):
        _report(result)
