"""The detail panel beside the map: the selected unit's figures, each with its provenance."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from geo import level_of
from ikzmap import details, fmt
from ikzmap.atlas import AtlasData
from ikzmap.budget import UEBERSCHULDUNG_LABELS
from ikzmap.mapstyle import provenance_text
from ikzmap.palettes import BUDGET_STATUS_COLORS
from ikzmap.ui import loaders
from ikzmap.ui.markdown import md_escape
from ikzmap.view import MapView


def _header(atlas: AtlasData, key: str) -> None:
    h = atlas.hierarchy
    unit = h.units.loc[key]
    st.subheader(unit["label"])
    context = [unit["type"], f"Schlüssel {key}"]
    if unit["level"] == "gemeinde":
        context.append(h.label(unit["kreis"]))
    if unit["level"] != "rbz":
        context.append(h.label(unit["rbz"]))
    st.caption(" · ".join(context))


def _indicator(view: MapView, key: str) -> None:
    if key not in view.table.index:
        return
    row = view.table.loc[key]
    if len(str(row["display"])) <= 16:
        st.metric(view.indicator.label, row["display"])
    else:
        st.markdown(f"**{view.indicator.label}:** {md_escape(row['display'])}")
    if row["status"] == "Wert":
        st.caption(f"Herkunft: {provenance_text(row['provenance'], view)}")


def _ikz(atlas: AtlasData, key: str) -> None:
    facts = details.ikz_facts(atlas, key)
    lines = [f"**IKZ-Aktivitäten:** {facts.display}"]
    if facts.provenance:
        lines[0] += f" ({facts.provenance})"
    if facts.rank is not None:
        plural = {"kreis": "Kreisen", "rbz": "Regierungsbezirken", "gemeinde": "Gemeinden"}
        lines.append(
            f"**Rang:** {facts.rank} von {facts.of} {plural[level_of(key)]} ({facts.quartile})"
        )
    if facts.share_of_parent is not None:
        lines.append(
            f"**Anteil an {facts.parent_label}:** {fmt.format_share(facts.share_of_parent)}"
        )
    st.markdown("  \n".join(lines))
    reason = atlas.units[level_of(key)].at[key, "erhebung_grund"]
    if isinstance(reason, str):
        st.caption(reason)


def _budget_chart(atlas: AtlasData, key: str) -> None:
    """Gemeinden per status as small horizontal bars (plain HTML: fast, no chart engine)."""
    counts = details.budget_counts(atlas, key)
    peak = max(int(counts["Anzahl"].max()), 1)
    rows = []
    for code, label, n in counts[["code", "Status", "Anzahl"]].itertuples(index=False):
        style = f"width:{100 * n / peak:.0f}%;background:{BUDGET_STATUS_COLORS[code - 1]}"
        rows.append(
            f'<div class="ikz-bar"><span class="l">{html.escape(label)}</span>'
            f'<span class="b" style="{style}">'
            f'</span><span class="n">{n}</span></div>'
        )
    st.html(f"<style>{_BAR_CSS}</style><div role='list'>{''.join(rows)}</div>")


_BAR_CSS = (
    ".ikz-bar{display:flex;align-items:center;gap:6px;font:12px/1.6 sans-serif}"
    ".ikz-bar .l{flex:0 0 44%;color:#333;white-space:nowrap;overflow:hidden;"
    "text-overflow:ellipsis}.ikz-bar .b{height:11px;min-width:1px;border:1px solid #999}"
    ".ikz-bar .n{color:#333}"
)


def _light_table(table) -> None:
    """A plain HTML table (st.table): cheap to draw, so the panel updates fast."""
    st.table(table.drop(columns=["Art"], errors="ignore"))


def _budget(atlas: AtlasData, key: str) -> None:
    st.markdown("**Haushaltsstatus** (MHKBD, amtlich, Stichtag 31.12.2025)")
    if level_of(key) == "gemeinde":
        row = atlas.budget_status.loc[key]
        code = row["ueberschuldung_code"]
        debt = "nicht angegeben" if pd.isna(code) else UEBERSCHULDUNG_LABELS[int(code)]
        st.write(f"{row['status_code']} – {row['status_label']}  \nÜberschuldung: {debt}")
        return
    _budget_chart(atlas, key)
    if level_of(key) == "rbz":
        _light_table(details.kreise_table(atlas, key))
    else:
        _light_table(details.kommunen_table(atlas, key))


def _examples(atlas: AtlasData, key: str) -> None:
    examples = details.examples_for(loaders.published(), atlas, key)
    if not examples:
        return
    with st.expander(f"Praxisbeispiele aus dem Bericht ({len(examples)})"):
        for example in examples:
            facts = [example.aufgabenfeld]
            if example.rechtsform:
                facts.append(example.rechtsform)
            if example.year:
                facts.append(str(example.year))
            st.markdown(f"**{example.title}** ({', '.join(facts)})")
            st.caption(f"{example.summary} (gpaNRW-Bericht, Abschnitt {example.section})")


def render_detail(atlas: AtlasData, view: MapView, key: str | None) -> None:
    if key is None or key not in atlas.hierarchy:
        st.info("Klicken Sie auf eine Einheit in der Karte oder suchen Sie sie oben.")
        return
    _header(atlas, key)
    _indicator(view, key)
    _ikz(atlas, key)
    _budget(atlas, key)
    if level_of(key) == "gemeinde":
        kreis = atlas.hierarchy.units.at[key, "kreis"]
        st.markdown(f"**Im Kreis:** {atlas.hierarchy.label(kreis)}")
        _ikz(atlas, kreis)
        with st.expander(f"Kommunen in {atlas.hierarchy.label(kreis)}"):
            _budget_chart(atlas, kreis)
            _light_table(details.kommunen_table(atlas, kreis))
    _examples(atlas, key)
