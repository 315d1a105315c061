"""The detail panel beside the map: the selected unit's figures, each with its provenance."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from geo import level_of
from ikzmap import details
from ikzmap.activity_filter import UnitActivities, partner_text
from ikzmap.atlas import AtlasData
from ikzmap.budget import UEBERSCHULDUNG_LABELS
from ikzmap.export.credits import source_line
from ikzmap.mapstyle import origin_text
from ikzmap.palettes import BUDGET_STATUS_COLORS
from ikzmap.status import Status
from ikzmap.ui import compare_panel, loaders
from ikzmap.ui.light_table import light_table
from ikzmap.ui.markdown import md_escape
from ikzmap.ui.steckbrief_button import is_steckbrief_kreis, steckbrief_button
from ikzmap.view import MapView


def _header(facts: details.UnitFacts) -> None:
    st.subheader(facts.label)
    st.caption(" · ".join(facts.context))


def _indicator(view: MapView, key: str) -> None:
    if key not in view.table.index:
        return
    row = view.table.loc[key]
    if len(str(row["display"])) <= 16:
        st.metric(view.indicator.label, row["display"])
    else:
        st.markdown(f"**{view.indicator.label}:** {md_escape(row['display'])}")
    if row["status"] == Status.VALUE:
        st.caption(f"Herkunft: {origin_text(row, view)}")


def _ikz_lines(lines: tuple[details.FactLine, ...]) -> None:
    st.markdown("  \n".join(f"**{md_escape(f.label)}:** {md_escape(f.text)}" for f in lines))


def _ikz(facts: details.UnitFacts) -> None:
    _ikz_lines(facts.lines)
    if facts.survey_note:
        st.caption(facts.survey_note)


def _budget_chart(counts: pd.DataFrame) -> None:
    """Gemeinden per status as small horizontal bars (plain HTML: fast, no chart engine)."""
    peak = max(int(counts["Anzahl"].max()), 1)
    rows = []
    for code, label, n in counts[["code", "Status", "Anzahl"]].itertuples(index=False):
        style = f"width:{100 * n / peak:.0f}%;background:{BUDGET_STATUS_COLORS[code - 1]}"
        rows.append(
            f'<div class="ikz-bar" role="listitem"><span class="l">{html.escape(label)}</span>'
            f'<span class="b" style="{style}">'
            f'</span><span class="n">{n}<span class="u"> Gemeinden</span></span></div>'
        )
    st.html(
        f"<style>{_BAR_CSS}</style>"
        f"<div role='list' aria-label='Gemeinden je Haushaltsstatus'>{''.join(rows)}</div>"
    )


_BAR_CSS = (
    ".ikz-bar{display:flex;align-items:center;gap:6px;font:12px/1.6 sans-serif}"
    ".ikz-bar .l{flex:0 0 44%;color:#333;white-space:nowrap;overflow:hidden;"
    "text-overflow:ellipsis}.ikz-bar .b{height:11px;min-width:1px;border:1px solid #999}"
    ".ikz-bar .n{color:#333}.ikz-bar .u{position:absolute;left:-9999px}"
)


ACTIVITY_BAR_COLOR = "#1f5a96"


def _count_bars(counts: tuple[tuple[str, int], ...], what: str) -> None:
    """Activities per category as small bars like the budget bars; the numbers are text
    (screen readers read a list of "label: n"), category names from the file escaped."""
    peak = max((n for _, n in counts), default=1) or 1
    rows = []
    for label, n in counts:
        style = f"width:{100 * n / peak:.0f}%;background:{ACTIVITY_BAR_COLOR}"
        rows.append(
            f'<div class="ikz-bar" role="listitem"><span class="l" title="{html.escape(label)}">'
            f'{html.escape(label)}</span><span class="b" style="{style}"></span>'
            f'<span class="n">{n}<span class="u"> Aktivitäten</span></span></div>'
        )
    st.html(
        f"<style>{_BAR_CSS}</style><div role='list' aria-label='{html.escape(what)}'>"
        f"{''.join(rows)}</div>"
    )


def _activities(atlas: AtlasData, key: str) -> None:
    """The unit's uploaded activities (as filtered) by Aufgabenfeld and Rechtsform, and
    its partners (marked on the map)."""
    if atlas.activities is None:
        return
    facts: UnitActivities = atlas.activities.unit(key)
    subset = atlas.activities.subset or "umgesetzte Aktivitäten"
    st.markdown(
        f"**Aktivitäten der hochgeladenen Liste:** {facts.total} ({md_escape(subset)}; hochgeladen)"
    )
    for what, counts in (("Aufgabenfeld", facts.by_field), ("Rechtsform", facts.by_form)):
        if counts:
            st.caption(f"Je {what}")
            _count_bars(counts, f"Aktivitäten je {what}")
    partners = partner_text(facts)
    if partners is not None:
        shown = atlas.activities.partner_highlight(key, level_of(key), atlas.hierarchy)
        marked = " – auf der Karte hervorgehoben" if shown else ""
        st.markdown(f"**Partner:** {md_escape(partners)}{marked}")


def _budget(atlas: AtlasData, facts: details.UnitFacts) -> None:
    st.markdown("**Haushaltsstatus** (MHKBD, amtlich, Stichtag 31.12.2025)")
    if facts.budget_counts is None:  # a Gemeinde: its own status
        row = atlas.budget_status.loc[facts.key]
        code = row["ueberschuldung_code"]
        debt = "nicht angegeben" if pd.isna(code) else UEBERSCHULDUNG_LABELS[int(code)]
        st.write(f"{row['status_code']} – {row['status_label']}  \nÜberschuldung: {debt}")
        return
    _budget_chart(facts.budget_counts)
    if facts.members is not None:
        light_table(facts.members)


def _examples(facts: details.UnitFacts) -> None:
    if not facts.examples:
        return
    with st.expander(f"Praxisbeispiele aus dem Bericht ({len(facts.examples)})"):
        for example in facts.examples:
            st.markdown(f"**{md_escape(example.title)}** ({md_escape(example.facts)})")
            st.caption(md_escape(example.text))


def _statements(facts: details.UnitFacts) -> None:
    if facts.statements:
        lines = "\n".join(f"- {md_escape(line)}" for line in facts.statements)
        st.markdown("**Im Bericht:**\n" + lines)


def render_detail(atlas: AtlasData, view: MapView, key: str | None) -> None:
    if key is None or key not in atlas.hierarchy:
        st.info("Klicken Sie auf eine Einheit in der Karte oder suchen Sie sie oben.")
        return
    facts = loaders.unit_facts(atlas, key)
    _header(facts)
    compare_panel.render_add_buttons(atlas, key)
    _indicator(view, key)
    _ikz(facts)
    _activities(atlas, key)
    if is_steckbrief_kreis(atlas, key):
        steckbrief_button(atlas, key, facts.label)
    _statements(facts)
    _budget(atlas, facts)
    if level_of(key) == "gemeinde":
        kreis = atlas.hierarchy.units.at[key, "kreis"]
        st.markdown(f"**Im Kreis:** {md_escape(atlas.hierarchy.label(kreis))}")
        _ikz_lines(details.ikz_lines(atlas, kreis))
        note = details.survey_note(atlas, kreis)
        if note:
            st.caption(note)
        with st.expander(f"Kommunen in {atlas.hierarchy.label(kreis)}"):
            _budget_chart(details.budget_counts(atlas, kreis))
            light_table(details.kommunen_table(atlas, kreis))
    _examples(facts)
    st.caption("Quellen: " + md_escape("; ".join(source_line(s) for s in facts.sources)))
