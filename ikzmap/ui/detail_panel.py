"""The detail panel beside the map for the selected unit."""

from __future__ import annotations

import streamlit as st

from ikzmap.ui import loaders


def render_detail(selected: str | None) -> None:
    h = loaders.hierarchy()
    if selected is None or selected not in h:
        st.info("Klicken Sie auf eine Einheit in der Karte, um Details zu sehen.")
        return
    unit = h.units.loc[selected]
    st.subheader(unit["label"])
    lines = [f"**Art:** {unit['type']}", f"**Schlüssel:** {selected}"]
    if unit["level"] != "rbz":
        lines.append(f"**Regierungsbezirk:** {h.label(unit['rbz'])}")
    if unit["level"] == "gemeinde":
        lines.append(f"**Kreis:** {h.label(unit['kreis'])}")
    table = loaders.unit_table(unit["level"])
    surveyed, reason = table.loc[selected, ["surveyed", "erhebung_grund"]]
    lines.append(f"**IKZ-Erhebung:** {'erhoben' if surveyed else reason}")
    st.markdown("  \n".join(lines))
    children = h.children(selected)
    if len(children):
        st.caption(f"{len(children)} zugehörige Einheiten")
        st.dataframe(
            children[["label", "type"]]
            .rename(columns={"label": "Name", "type": "Art"})
            .rename_axis("Schlüssel"),
            hide_index=False,
            width="stretch",
        )
