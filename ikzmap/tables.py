"""The level's table as shown beside the map (pure); its files: ``ikzmap.export.data``."""

from __future__ import annotations

import pandas as pd

from ikzmap.provenance import provenance_label
from ikzmap.status import status_label
from ikzmap.view import MapView


def level_table(view: MapView) -> pd.DataFrame:
    """The same values as the map, one row per unit, German column names; modelled values
    with their feasible range ("Bereich von/bis"), and the population with its provenance."""
    table = view.table
    frame = pd.DataFrame(
        {
            "Name": table["label"],
            "Art": table["type"],
            view.indicator.label: _numbers(table["value"]),
            "Anzeige": table["display"],
            "Status": table["status"].map(status_label),
            "Herkunft": provenance_column(table).fillna("–"),
            "Klasse": (table["klasse"] + 1).astype("Int64"),
        },
        index=table.index.rename("Schlüssel"),
    )
    if "range_lo" in table:
        frame.insert(6, "Bereich von", _numbers(table["range_lo"]))
        frame.insert(7, "Bereich bis", _numbers(table["range_hi"]))
    if "einwohner_gesamt" in table:
        frame["Einwohner"] = table["einwohner_gesamt"].astype("Float64").round().astype("Int64")
        frame["Herkunft Einwohner"] = table["einwohner_herkunft"].fillna("–")
    return frame


def provenance_column(table: pd.DataFrame) -> pd.Series:
    """Each value's provenance; a bivariate value's names both halves ("IKZ modelliert ·
    Haushalt amtlich")."""
    provenance = table["provenance"].map(provenance_label)
    if "budget_provenance" not in table:
        return provenance
    budget = table["budget_provenance"].map(provenance_label)
    both = provenance.notna() & budget.notna()
    combined = "IKZ " + provenance.astype(str) + " · Haushalt " + budget.astype(str)
    return combined.where(both, provenance)


def _numbers(values: pd.Series) -> pd.Series:
    """Counts as whole numbers ("453", not "453,0"); other values as decimals."""
    values = values.astype("Float64")
    present = values.dropna()
    return values.astype("Int64") if ((present % 1) == 0).all() else values
