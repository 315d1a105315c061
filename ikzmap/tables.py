"""The level's table as shown beside the map (pure); its files: ``ikzmap.export.data``."""

from __future__ import annotations

import pandas as pd

from ikzmap.view import MapView


def level_table(view: MapView) -> pd.DataFrame:
    """The same values as the map, one row per unit, German column names."""
    table = view.table
    frame = pd.DataFrame(
        {
            "Name": table["label"],
            "Art": table["type"],
            view.indicator.label: _numbers(table["value"]),
            "Anzeige": table["display"],
            "Status": table["status"],
            "Herkunft": table["provenance"].fillna("–"),
            "Klasse": (table["klasse"] + 1).astype("Int64"),
        },
        index=table.index.rename("Schlüssel"),
    )
    return frame


def _numbers(values: pd.Series) -> pd.Series:
    """Counts as whole numbers ("453", not "453,0"); other values as decimals."""
    values = values.astype("Float64")
    present = values.dropna()
    return values.astype("Int64") if ((present % 1) == 0).all() else values
