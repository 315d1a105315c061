"""Filters of an uploaded activity list: sidebar multiselects (Aufgabenfeld, Rechtsform,
Status; each only if the data has that column), their link parameters, the table
"Zuordnung der Kategorien" and the partners to mark on the map. Thin: the counting is
ikzmap.activity_filter's; this module only passes the chosen values on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import streamlit as st

from ikzmap.activity_categories import DIMENSION_LABELS, DIMENSIONS, STATUS
from ikzmap.activity_filter import ActivityFilter, ActivityTable
from ikzmap.atlas import AtlasData
from ikzmap.csv_safe import neutralized
from ikzmap.ui.markdown import md_escape

FILTER: Final = "activity_filter"  # the chosen filter, kept outside the widgets (a run of
# another page drops their state)
SHOWN: Final = "activity_filter_shown"  # the filter the shown data follow (for the link)
_LINK: Final = "activity_filter_link"  # a link's values, checked once the data are there
WIDGETS: Final = {dim: f"w_af_{dim}" for dim in DIMENSIONS}
NOT_ACTIVITIES: Final = (
    "Link-Parameter „{name}“ wurde ignoriert: Die gezeigten Daten sind keine hochgeladene "
    "Liste von IKZ-Aktivitäten."
)


def init_from_url(query: Mapping[str, object]) -> None:
    """Keep a link's filter values until the data they refer to are loaded."""
    found = {dim: query[dim] for dim in DIMENSIONS if dim in query}
    st.session_state[_LINK] = found or None


def current(table: ActivityTable | None) -> tuple[ActivityFilter, list[str]]:
    """The filter the shown data follow (valid for ``table``), and German notes on the
    values of a link that were dropped."""
    link = st.session_state.pop(_LINK, None)
    notes: list[str] = []
    if link and table is None:
        notes = [NOT_ACTIVITIES.format(name=name) for name in link]
    elif link:
        chosen, notes = table.from_query(link)
        st.session_state[FILTER] = chosen
    flt = ActivityFilter()
    if table is not None:
        stored = st.session_state.get(FILTER)
        flt = table.valid(stored if isinstance(stored, ActivityFilter) else ActivityFilter())
    st.session_state[SHOWN] = flt
    return flt, notes


def shown() -> ActivityFilter:
    value = st.session_state.get(SHOWN)
    return value if isinstance(value, ActivityFilter) else ActivityFilter()


def url_query() -> dict[str, str]:
    """``aufgabenfeld``, ``rechtsform``, ``status`` of the shown filter (none if inactive)."""
    return shown().to_query()


def _on_change() -> None:
    values = {dim: tuple(st.session_state.get(WIDGETS[dim]) or ()) for dim in DIMENSIONS}
    st.session_state[FILTER] = ActivityFilter(**values).normalized()


def render_sidebar(atlas: AtlasData) -> None:
    """The multiselects, for the dimensions the uploaded list has."""
    if atlas.activities is None:
        return
    table = atlas.activities.table
    dims = [dim for dim in DIMENSIONS if table.present[dim]]
    if not dims:
        return
    flt = shown()
    sb = st.sidebar
    sb.header("Aktivitäten filtern")
    sb.caption(
        "Karte, Legende, Tabelle, Detailpanel, Abgleich und Exporte zählen nur die gewählten "
        "Aktivitäten der hochgeladenen Liste. Ohne Auswahl: alle (Status: umgesetzt)."
    )
    for dim in dims:
        options = table.options(dim)
        labels = {value: f"{label} ({n})" for value, label, n in options}
        chosen = flt.statuses() if dim == STATUS else flt.values(dim)
        st.session_state[WIDGETS[dim]] = [v for v in chosen if v in labels]
        sb.multiselect(
            DIMENSION_LABELS[dim],
            list(labels),
            format_func=labels.__getitem__,  # option labels are plain text, never Markdown
            key=WIDGETS[dim],
            on_change=_on_change,
            placeholder="alle" if dim != STATUS else "umgesetzt",
        )


def render_notice(atlas: AtlasData) -> None:
    """Above the map: which activities the counts follow, and how values were assigned."""
    if atlas.activities is None:
        return
    subset = atlas.activities.subset
    if subset:
        st.info(
            md_escape(f"Gefiltert: {subset}.")
            + " Karte, Legende, Tabelle, Detailpanel, Abgleich und Exporte zählen nur diese "
            "hochgeladenen Aktivitäten.",
            icon="🔎",
        )
    _mapping(atlas.activities.table)


def _mapping(table: ActivityTable) -> None:
    if not any(table.present[dim] for dim in DIMENSIONS):
        return
    with st.expander("Zuordnung der Kategorien"):
        st.caption(
            "Jede Angabe der Datei und die Kategorie, zu der sie zählt: Aufgabenfelder und "
            "Rechtsformen wie im gpaNRW-Bericht (Abschnitte 1.2.3 und 1.2.6), Status "
            "umgesetzt, geplant, rückabgewickelt. Eine Angabe ohne passende Kategorie bleibt "
            "als eigene Kategorie erhalten und ist einzeln wählbar."
        )
        for dim in DIMENSIONS:
            unknown = table.unknown_categories(dim) if table.present[dim] else []
            if unknown:
                names = ", ".join(f"„{name}“" for name in unknown)
                st.caption(md_escape(f"Eigene Kategorien ({DIMENSION_LABELS[dim]}): {names}"))
        st.dataframe(neutralized(table.mapping_table()), hide_index=True, width="stretch")


def highlight_keys(atlas: AtlasData, selected: str | None, level: str) -> tuple[str, ...]:
    """The selected unit's partners on the map of ``level`` (none without partner column)."""
    if atlas.activities is None:
        return ()
    return atlas.activities.partner_highlight(selected, level, atlas.hierarchy)
