"""The "Steckbrief (PDF)" download in the detail panel of a surveyed Kreis.

The PDF is built only when the button is clicked (Streamlit calls the data function then,
on a thread of its own; a failure is logged by Streamlit), and kept per dataset fingerprint
and Kreis: drawing the panel costs nothing, a second download of the same Kreis nothing
either.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import streamlit as st

from ikzmap.atlas import AtlasData
from ikzmap.export.steckbrief import file_name, steckbrief_keys, steckbrief_pdf
from ikzmap.ui.markdown import md_escape

CACHE_SIZE = 32  # a Steckbrief is about 0.3 MB
LABEL = "Steckbrief (PDF)"
HELP = (
    "Eine A4-Seite zu {name}: Karte der Gemeinden nach Haushaltsstatus, IKZ-Wert mit "
    "Herkunft, Rang, Haushaltstabelle, Aussagen und Praxisbeispiele des Berichts, Quellen."
)


def is_steckbrief_kreis(atlas: AtlasData, key: str) -> bool:
    return key in steckbrief_keys(atlas)


class _Recent:
    """The last few PDFs by (dataset fingerprint, Kreis). Not ``st.cache_data``: the
    button calls the builder on a thread of its own, outside any script run."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._files: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str], build: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._files:
                self._files.move_to_end(key)
                return self._files[key]
        data = build()
        with self._lock:
            self._files[key] = data
            while len(self._files) > self._size:
                self._files.popitem(last=False)
        return data

    def clear(self) -> None:
        with self._lock:
            self._files.clear()


RECENT = _Recent(CACHE_SIZE)


def pdf_builder(atlas: AtlasData, key: str) -> Callable[[], bytes]:
    """The function the download button calls on click."""

    def build() -> bytes:
        return RECENT.get((atlas.fingerprint, key), lambda: steckbrief_pdf(atlas, key))

    return build


def steckbrief_button(atlas: AtlasData, key: str, label: str) -> None:
    st.download_button(
        LABEL,
        pdf_builder(atlas, key),
        file_name(key),
        "application/pdf",
        key=f"steckbrief_{key}",
        help=HELP.format(name=md_escape(label)),
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
