"""Export panel: choose format and options, then build the file on request.

Nothing is rendered on a rerun: the bytes are built only after "Datei erstellen" and are
cached per (dataset, view state, format, options); the download stays offered
while the choice is unchanged. A failed export shows a German error; the app stays usable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import streamlit as st

from ikzmap.atlas import AtlasData
from ikzmap.export import FILE_FORMATS, PAGE_FORMATS, RESOLUTIONS, ExportFile, export_file
from ikzmap.export.formats import DATA, DEFAULT_DPI, DEFAULT_PAGE, SNAPSHOT
from ikzmap.export.static import SnapshotOptions
from ikzmap.ui import lazy
from ikzmap.ui.errors import guarded
from ikzmap.ui.loaders import HASH_FUNCS
from ikzmap.ui.markdown import md_escape
from ikzmap.ui.state import SELECTED
from ikzmap.view import MapView

PANEL: Final = "exp_panel"
# the choices, kept while the panel is closed (lazy.expander)
KEPT_WIDGETS: Final = (
    "exp_format",
    "exp_page",
    "exp_dpi",
    "exp_labels",
    "exp_zoom",
    "exp_mark",
    "exp_title",
)
_REQUEST = "exp_request"
_NRW = ""
ERROR_TEXT = (
    "Die Datei konnte nicht erstellt werden. Die Karte bleibt nutzbar; bitte ein anderes "
    "Format oder andere Einstellungen versuchen."
)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH_FUNCS)
def _build(view: MapView, file_format: str, options: SnapshotOptions) -> ExportFile:
    return export_file(view, file_format, options)


def file_size(n: int) -> str:
    """German size text: "850 kB", "1,2 MB"."""
    if n < 1_000_000:
        return f"{max(1, round(n / 1000))} kB"
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")


def _labelled_choice(label: str, table: Mapping[str, Any], key: str) -> str:
    """A select box of ``table``'s ids, each shown by its entry's German ``label``."""
    return st.selectbox(label, list(table), format_func=lambda i: table[i].label, key=key)


def _zoom_labels(atlas: AtlasData) -> dict[str, str]:
    labels = {_NRW: "Ganz Nordrhein-Westfalen"}
    for level in ("rbz", "kreis"):
        units = atlas.units[level]
        labels.update(dict(zip(units.index, units["label"].astype(str), strict=True)))
    return labels


def _selected(view: MapView) -> str | None:
    key = st.session_state.get(SELECTED) or view.state.selected
    return key if key in view.table.index else None


def _map_options(view: MapView, atlas: AtlasData, kind: str) -> SnapshotOptions:
    page, dpi, labels = DEFAULT_PAGE, DEFAULT_DPI, None
    if kind == SNAPSHOT:
        page = _labelled_choice("Seitenformat", PAGE_FORMATS, "exp_page")
        if st.session_state.get("exp_format") == "png":
            resolution = _labelled_choice("Auflösung", RESOLUTIONS, "exp_dpi")
            dpi = RESOLUTIONS[resolution].dpi
        labels = st.checkbox(
            "Namen beschriften", value=view.state.level != "gemeinde", key="exp_labels"
        )
    zooms = _zoom_labels(atlas)
    zoom = st.selectbox("Ausschnitt", list(zooms), format_func=zooms.__getitem__, key="exp_zoom")
    selected = _selected(view)
    highlight = False
    if selected:
        label = view.table.at[selected, "label"]
        highlight = st.checkbox(
            f"Auswahl hervorheben ({md_escape(label)})", value=True, key="exp_mark"
        )
    title = st.text_input("Titel (optional)", max_chars=120, key="exp_title").strip()
    return SnapshotOptions(
        page=page,
        dpi=dpi,
        labels=labels,
        highlight=highlight,
        selected=selected if highlight else None,
        zoom=zoom or None,
        title=title or None,
    )


def _offer(view: MapView, file_format: str, options: SnapshotOptions) -> None:
    file = None
    with (
        guarded(f"export {file_format} {options}", notice=ERROR_TEXT),
        st.spinner("Datei wird erstellt …"),
    ):
        file = _build(view, file_format, options)
    if file is None:  # failed: shown and logged; a new click tries again
        st.session_state.pop(_REQUEST, None)
        return
    st.download_button(
        f"Herunterladen: {file.name} ({file_size(len(file.data))})",
        file.data,
        file.name,
        file.mime,
        key="exp_download",
        on_click="ignore",
    )


def render_export_panel(view: MapView, atlas: AtlasData) -> None:
    """The panel, its content drawn only while it is open; the choices are kept."""
    lazy.expander(
        "Karte und Daten exportieren", PANEL, lambda: _choices(view, atlas), keep=KEPT_WIDGETS
    )


def _choices(view: MapView, atlas: AtlasData) -> None:
    """Format and option choices, the build button and (after it) the download."""
    file_format = _labelled_choice("Format", FILE_FORMATS, "exp_format")
    kind = FILE_FORMATS[file_format].kind
    if kind == DATA:
        st.caption("Tabelle der Ebene mit Herkunft und Quelle jedes Werts.")
        options = SnapshotOptions()
    else:
        options = _map_options(view, atlas, kind)
    request = (view.identity, file_format, options)
    if st.button("Datei erstellen", key="exp_build"):
        st.session_state[_REQUEST] = request
    if st.session_state.get(_REQUEST) == request:
        _offer(view, file_format, options)
