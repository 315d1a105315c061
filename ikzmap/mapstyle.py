"""German texts of a value's origin (provenance, Stichtag, feasible range), shared by the
map's tooltips, the detail panel and the exports (pure)."""

from __future__ import annotations

from typing import Final

import pandas as pd

from ikzmap.indicators import BIVARIATE
from ikzmap.provenance import Provenance
from ikzmap.status import Status
from ikzmap.view import MapView

OUTLINE: Final = "#5a5a5a"  # units' edges, as ikzmap-map.js draws them


def provenance_text(provenance: object, view: MapView) -> str:
    """German provenance label with the Stichtag of official data."""
    if provenance is None or provenance != provenance:  # None or NaN
        return "–"
    stichtag = next((s.stichtag for s in view.sources if s.provenance == provenance), None)
    if stichtag:
        year, month, day = stichtag.split("-")
        return f"{Provenance(provenance).label} (Stichtag {day}.{month}.{year})"
    return Provenance(provenance).label


def row_provenance_text(row: pd.Series, view: MapView) -> str:
    """A value's provenance; a bivariate value names both halves: "IKZ modelliert ·
    Haushalt amtlich (Stichtag 31.12.2025)"."""
    budget = row.get("budget_provenance")
    if budget is None or budget != budget:
        return provenance_text(row["provenance"], view)
    ikz = provenance_text(row["provenance"], view)
    return f"IKZ {ikz} · Haushalt {provenance_text(budget, view)}"


def range_text(row: pd.Series, view: MapView) -> str | None:
    """ "mit den veröffentlichten Zahlen vereinbar: 67–452" for a modelled value; else None."""
    lo, hi = row.get("range_lo"), row.get("range_hi")
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi) or row["status"] != Status.VALUE:
        return None
    fmt_value = view.indicator.format
    span = f"{fmt_value(lo)}–{fmt_value(hi)}"
    if view.indicator.kind == BIVARIATE:  # the range is the IKZ half's
        return f"IKZ mit den veröffentlichten Zahlen vereinbar: {span}"
    return f"mit den veröffentlichten Zahlen vereinbar: {span}"


def origin_text(row: pd.Series, view: MapView) -> str:
    """Provenance with Stichtag, and the feasible range of a modelled value."""
    text = row_provenance_text(row, view)
    span = range_text(row, view)
    return f"{text}; {span}" if span else text
