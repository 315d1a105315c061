"""The detail panel beside the map: the selected unit's figures, each with its provenance.

Its text is two HTML blocks (``ikzmap.panel_html``: why, and what it saves per click);
only the widgets are Streamlit elements of their own."""

from __future__ import annotations

import streamlit as st

from geo import level_of
from ikzmap import details, panel_html
from ikzmap.activity_filter import UnitActivities, partner_text
from ikzmap.atlas import AtlasData
from ikzmap.export.credits import source_line
from ikzmap.mapstyle import origin_text
from ikzmap.status import Status
from ikzmap.ui import compare_panel, loaders
from ikzmap.ui.steckbrief_button import is_steckbrief_kreis, steckbrief_button
from ikzmap.view import MapView


def _shown_value(view: MapView, key: str) -> panel_html.ShownValue | None:
    if key not in view.table.index:
        return None
    row = view.table.loc[key]
    origin = origin_text(row, view) if row["status"] == Status.VALUE else None
    return panel_html.ShownValue(view.indicator.label, str(row["display"]), origin)


def _activities(atlas: AtlasData, key: str) -> None:
    """The unit's uploaded activities (as filtered) by Aufgabenfeld and Rechtsform, and
    its partners (marked on the map)."""
    if atlas.activities is None:
        return
    facts: UnitActivities = atlas.activities.unit(key)
    subset = atlas.activities.subset or "umgesetzte Aktivitäten"
    uploaded = details.FactLine(
        "Aktivitäten der hochgeladenen Liste", f"{facts.total} ({subset}; hochgeladen)"
    )
    parts = [panel_html.fact_lines([uploaded])]
    for what, counts in (("Aufgabenfeld", facts.by_field), ("Rechtsform", facts.by_form)):
        if counts:
            parts.append(panel_html.note(f"Je {what}"))
            parts.append(panel_html.count_bars(counts, f"Aktivitäten je {what}"))
    partners = partner_text(facts)
    if partners is not None:
        shown = atlas.activities.partner_highlight(key, level_of(key), atlas.hierarchy)
        marked = " – auf der Karte hervorgehoben" if shown else ""
        parts.append(panel_html.fact_lines([details.FactLine("Partner", partners + marked)]))
    st.html(panel_html.block(parts))


def _budget(atlas: AtlasData, facts: details.UnitFacts) -> str:
    if facts.budget_counts is None:  # a Gemeinde: its own status
        return panel_html.own_budget(*details.own_budget(atlas, facts.key))
    return panel_html.members_budget(facts.budget_counts, facts.members)


def _kreis_of(atlas: AtlasData, key: str) -> str:
    """A Gemeinde's Kreis: its IKZ figures, and its Kommunen on demand."""
    kreis = atlas.hierarchy.units.at[key, "kreis"]
    label = atlas.hierarchy.label(kreis)
    note = details.survey_note(atlas, kreis)
    members = panel_html.budget_bars(details.budget_counts(atlas, kreis))
    members += panel_html.table(details.kommunen_table(atlas, kreis))
    return "".join(
        (
            panel_html.fact_lines([details.FactLine("Im Kreis", label)]),
            panel_html.fact_lines(details.ikz_lines(atlas, kreis)),
            panel_html.note(note) if note else "",
            panel_html.folded(f"Kommunen in {label}", members),
        )
    )


def _body(atlas: AtlasData, facts: details.UnitFacts) -> str:
    """The second block: the report's statements, budget, the Gemeinde's Kreis, the
    practice examples and the sources."""
    kreis = _kreis_of(atlas, facts.key) if level_of(facts.key) == "gemeinde" else ""
    sources = "Quellen: " + "; ".join(source_line(s) for s in facts.sources)
    return panel_html.block(
        (
            panel_html.statements(facts.statements),
            _budget(atlas, facts),
            kreis,
            panel_html.examples(facts.examples),
            panel_html.note(sources),
        )
    )


def render_detail(atlas: AtlasData, view: MapView, key: str | None) -> None:
    if key is None or key not in atlas.hierarchy:
        st.info("Klicken Sie auf eine Einheit in der Karte oder suchen Sie sie oben.")
        return
    facts = loaders.unit_facts(atlas, key)
    st.html(panel_html.head(facts, _shown_value(view, key)))
    compare_panel.render_add_buttons(atlas, key)
    _activities(atlas, key)
    if is_steckbrief_kreis(atlas, key):
        steckbrief_button(atlas, key, facts.label)
    st.html(_body(atlas, facts))
