"""Published figures as table rows for the report page: German display, source, provenance.

No Streamlit, no chart library: the rows feed the charts (:mod:`ikzmap.report.charts`),
the table views and the CSV downloads alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pandas as pd

from ikzmap.fmt import format_int, format_number
from ikzmap.provenance import Provenance
from ikzmap.published import Figure, Published

TALK_LABEL: Final = "Vortrag 24.02.2026"
REPORT_LABEL: Final = Provenance.PUBLISHED.value  # "veröffentlicht"
QUALIFIER_NOTES: Final = {
    "rund": "„rund“: der Text nennt einen gerundeten Wert.",
    "mehr als": "„mehr als“: der Text nennt eine Untergrenze; der Balken endet an ihr.",
    "weniger als": "„weniger als“: der Text nennt eine Obergrenze; der Balken endet an ihr.",
}
# Columns of every report table (view and CSV); "Wert" stays numeric.
COLUMNS: Final = (
    "Kennzahl",
    "Wert",
    "Einheit",
    "Angabe",
    "Wortlaut",
    "Einschränkung",
    "Segment",
    "Fundstelle",
    "Quelle",
    "Herkunft",
    "Anmerkung",
)


def source_label(fig: Figure) -> str:
    """How the page names a figure's origin: "veröffentlicht" (report) or the talk."""
    return TALK_LABEL if fig.source == "vortrag" else REPORT_LABEL


def reference(fig: Figure) -> str:
    """Where the figure stands: "Abschnitt 1.2.2" or "Vortrag 24.02.2026, Folie …"."""
    if fig.section[0].isdigit():
        return f"Abschnitt {fig.section}"
    return f"{TALK_LABEL}, {fig.section}" if fig.source == "vortrag" else fig.section


def display(fig: Figure) -> str:
    """The figure in German notation with its qualifier: "mehr als 75 %", "2.504"."""
    if fig.display:
        return fig.display
    if fig.unit == "Rang":
        return f"Rang {format_int(fig.value)}"
    if fig.unit == "Jahr":
        return fig.value_text
    if fig.unit == "Euro":
        return f"{fig.qualifier + ' ' if fig.qualifier else ''}{_euro(fig.value)}"
    if fig.unit == "Prozent" and fig.value != int(fig.value):
        # "ein Drittel" is worded, not a rounded percentage: keep the report's words.
        return fig.value_text[0].lower() + fig.value_text[1:]
    number = format_number(fig.value) if fig.unit == "Prozent" else format_int(fig.value)
    suffix = " %" if fig.unit == "Prozent" else ""
    prefix = f"{fig.qualifier} " if fig.qualifier else ""
    return f"{prefix}{number}{suffix}"


def _euro(value: float) -> str:
    if value >= 1e9:
        return f"{format_number(value / 1e9, 2)} Mrd. Euro"
    return f"{format_int(value)} Euro"


def row(pub: Published, fig: Figure, label: str | None = None) -> dict[str, object]:
    return {
        "id": fig.id,
        "Kennzahl": label or fig.label,
        "Wert": fig.value,
        "Einheit": fig.unit,
        "Angabe": display(fig),
        "Wortlaut": fig.value_text,
        "Einschränkung": fig.qualifier or "",
        "Segment": pub.segments.get(fig.segment, "") if fig.segment else "",
        "Fundstelle": reference(fig),
        "Quelle": pub.sources[fig.source].title,
        "Herkunft": source_label(fig),
        "Anmerkung": fig.note or "",
    }


def table(pub: Published, items: Iterable[str | tuple[str, str]]) -> pd.DataFrame:
    """Rows for figure ids, or (id, label) pairs where the chart names the figure shorter."""
    rows = []
    for item in items:
        figure_id, label = (item, None) if isinstance(item, str) else item
        rows.append(row(pub, pub.figure(figure_id), label))
    return pd.DataFrame(rows, columns=["id", *COLUMNS])
