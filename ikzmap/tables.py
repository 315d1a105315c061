"""The level's table as shown beside the map and as CSV / XLSX download (pure)."""

from __future__ import annotations

import io

import pandas as pd

from ikzmap.csv_safe import neutralized, safe_csv_bytes
from ikzmap.view import MapView


def level_table(view: MapView) -> pd.DataFrame:
    """The same values as the map, one row per unit, German column names."""
    table = view.table
    frame = pd.DataFrame(
        {
            "Name": table["label"],
            "Art": table["type"],
            view.indicator.label: table["value"].astype("Float64"),
            "Anzeige": table["display"],
            "Status": table["status"],
            "Herkunft": table["provenance"].fillna("–"),
            "Klasse": (table["klasse"] + 1).astype("Int64"),
        },
        index=table.index.rename("Schlüssel"),
    )
    return frame


def csv_bytes(view: MapView) -> bytes:
    return safe_csv_bytes(level_table(view).reset_index())


def xlsx_bytes(view: MapView) -> bytes:
    frame = neutralized(level_table(view).reset_index())
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="Daten")
        sources = pd.DataFrame(
            {"Quelle": [s.citation() for s in view.sources] + list(view.notices)}
        )
        sources.to_excel(writer, index=False, sheet_name="Quellen")
    return buffer.getvalue()
