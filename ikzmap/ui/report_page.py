"""The page "Bericht in Zahlen" (``?seite=bericht``): every group of published figures as a
chart with references, origin, qualifier notes, text alternative, table and downloads."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from ikzmap.report import files
from ikzmap.report.charts import ReportChart, legal_forms_wide, report_charts
from ikzmap.report.figures import REPORT_LABEL, TALK_LABEL
from ikzmap.ui import loaders, state
from ikzmap.ui.markdown import md_escape

PAGE_PARAM: Final = "seite"
REPORT_PAGE: Final = "bericht"
TITLE: Final = "Bericht in Zahlen"
OPEN_LABEL: Final = "Bericht in Zahlen"
BACK_LABEL: Final = "Zurück zur Karte"
TABLE_COLUMNS: Final = [
    "Kennzahl",
    "Angabe",
    "Einschränkung",
    "Fundstelle",
    "Herkunft",
    "Anmerkung",
]
INTRO: Final = (
    "Alle Zahlen, die der Bericht der gpaNRW „Interkommunale Zusammenarbeit (IKZ) in "
    "Nordrhein-Westfalen“ (September 2025) und der Vortrag auf der Jahrestagung "
    "Interkommunales.NRW am 24.02.2026 veröffentlichen, nach den Abschnitten des Berichts. "
    "Die Grafiken des Berichts selbst waren Bilder; gezeigt wird hier nur, was der Text und "
    "die Folien in Zahlen nennen – Rangfolgen als Ränge, „mehr als“ als Untergrenze."
)
ORIGIN_LEGEND: Final = {
    REPORT_LABEL: "im Bericht der gpaNRW (September 2025) gedruckt, mit Abschnitt.",
    TALK_LABEL: "auf den Folien des Vortrags der gpaNRW vom 24.02.2026 genannt, mit Folie.",
}
_FORMAT_LABELS: Final = {"png": "PNG", "svg": "SVG", "csv": "CSV"}


def is_open() -> bool:
    return st.query_params.get(PAGE_PARAM) == REPORT_PAGE


def open_report() -> None:
    st.query_params[PAGE_PARAM] = REPORT_PAGE


def _back_to_map() -> None:
    st.query_params.pop(PAGE_PARAM, None)
    state.reseed_from_url()  # the URL still holds the map's view


def render_open_button() -> None:
    """The map page's way to this page."""
    st.button(OPEN_LABEL, key="open_report", icon=":material/bar_chart:", on_click=open_report)


@st.cache_resource(show_spinner=False)
def _charts() -> tuple[ReportChart, ...]:
    units = loaders.hierarchy().level("kreis")
    return report_charts(loaders.published(), {str(k): str(v) for k, v in units["label"].items()})


def _table(chart: ReportChart) -> pd.DataFrame:
    frame = chart.table[TABLE_COLUMNS].copy()
    return frame.set_index("Kennzahl")


def _downloads(chart: ReportChart) -> None:
    columns = st.columns(len(files.REPORT_FORMATS))
    for column, fmt in zip(columns, files.REPORT_FORMATS, strict=True):
        column.download_button(
            f"{_FORMAT_LABELS[fmt]} herunterladen",
            # rendered when clicked (and then cached): the page itself stays quick
            data=lambda chart_id=chart.id, fmt=fmt: files.default_file(chart_id, fmt).data,
            file_name=files.file_name(chart, fmt),
            mime=files.MIME[fmt],
            key=f"dl_{chart.id}_{fmt}",
            on_click="ignore",
            help=f"„{chart.title}“ als {_FORMAT_LABELS[fmt]}-Datei",
        )


def _render_chart(chart: ReportChart) -> None:
    with st.container(border=True, key=f"report_{chart.id}"):
        st.subheader(chart.title, anchor=chart.id)
        st.caption(md_escape(" / ".join(chart.origins) + " – " + "; ".join(chart.references)))
        for note in (*chart.qualifier_notes, *chart.notes):
            st.caption(md_escape(note))
        st.altair_chart(chart.chart(), theme=None, width="stretch", alt=chart.alt_text)
        st.markdown(f"**Textalternative:** {md_escape(chart.alt_text)}")
        with st.expander(f"Tabelle: {chart.title}"):
            if chart.id == "rechtsformen_segmente":
                st.table(legal_forms_wide(loaders.published()).map(lambda v: f"{v} %"))
            st.table(_table(chart))
        _downloads(chart)


def render() -> None:
    st.button(BACK_LABEL, key="report_back", icon=":material/map:", on_click=_back_to_map)
    st.title(TITLE)
    st.markdown(md_escape(INTRO))
    st.caption(" ".join(f"**{md_escape(k)}**: {md_escape(v)}" for k, v in ORIGIN_LEGEND.items()))
    charts = _charts()
    st.markdown("Inhalt: " + " · ".join(f"[{md_escape(c.title)}](#{c.id})" for c in charts))
    for chart in charts:
        _render_chart(chart)
    st.button(BACK_LABEL, key="report_back_bottom", icon=":material/map:", on_click=_back_to_map)
