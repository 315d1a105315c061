"""The linked table of the level's units (same values as the map) with downloads."""

from __future__ import annotations

from typing import Final

import streamlit as st

from ikzmap import tables
from ikzmap.export import data as export_data
from ikzmap.ui import lazy
from ikzmap.ui.loaders import HASH_FUNCS
from ikzmap.ui.markdown import md_escape
from ikzmap.view import MapView

DOWNLOADS: Final = "dl_panel"  # the downloads' popover, drawn only while open


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=HASH_FUNCS)
def _downloads(view: MapView) -> tuple[bytes, bytes]:
    return export_data.csv_bytes(view), export_data.xlsx_bytes(view)


def render_table(view: MapView) -> None:
    """Summary sentence, downloads, and the sortable table on request (it is costly to
    draw, so it does not delay the map)."""
    st.markdown(f"**{view.title}**")
    st.caption(view.summary)
    if view.subset:  # names categories of the uploaded file: escaped
        st.caption(md_escape(f"Gezählte Aktivitäten: {view.subset} (hochgeladen)."))
    show = st.toggle("Tabelle zur Karte anzeigen (sortierbar)", key="show_table")
    if show:
        frame = tables.level_table(view)
        st.dataframe(frame, width="stretch", height=360, key="level_table")
    lazy.popover("Tabelle herunterladen", DOWNLOADS, lambda: _download_buttons(view))


def _download_buttons(view: MapView) -> None:
    base = f"ikz_{view.state.level}_{view.indicator.id}"
    csv, xlsx = _downloads(view)
    st.download_button("CSV (Excel, Semikolon)", csv, f"{base}.csv", "text/csv", key="dl_csv")
    st.download_button(
        "Excel (XLSX)",
        xlsx,
        f"{base}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_xlsx",
    )
