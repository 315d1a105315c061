"""Leaflet styles and tooltip HTML for a :class:`~ikzmap.view.MapView` (pure, cacheable)."""

from __future__ import annotations

from typing import Final

import pandas as pd

from ikzmap import mapview
from ikzmap.aggregate import STATUS_NO_DATA, STATUS_NOT_SURVEYED, STATUS_VALUE
from ikzmap.indicators import BIVARIATE
from ikzmap.mapview import KEY_ALIAS
from ikzmap.view import MapView

OUTLINE: Final = "#5a5a5a"


def leaflet_style(color: str, status: str) -> dict[str, object]:
    style: dict[str, object] = {
        "fillColor": color,
        "color": OUTLINE,
        "weight": 0.7,
        "fillOpacity": 0.9,
    }
    if status == STATUS_NOT_SURVEYED:
        style.update(color="#7a7a7a", dashArray="3 3")
    elif status == STATUS_NO_DATA:
        style.update(color="#9a9a9a")
    return style


def styles_for(view: MapView) -> dict[str, dict[str, object]]:
    table = view.table
    return {
        key: leaflet_style(color, status)
        for key, color, status in zip(table.index, table["color"], table["status"], strict=True)
    }


def provenance_text(provenance: object, view: MapView) -> str:
    """German provenance label with the Stichtag of official data."""
    if provenance is None or provenance != provenance:  # None or NaN
        return "–"
    stichtag = next((s.stichtag for s in view.sources if s.provenance == provenance), None)
    if stichtag:
        year, month, day = stichtag.split("-")
        return f"{provenance} (Stichtag {day}.{month}.{year})"
    return str(provenance)


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
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi) or row["status"] != STATUS_VALUE:
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


STATUS_CODES: Final = {STATUS_VALUE: 0, STATUS_NO_DATA: 1, STATUS_NOT_SURVEYED: 2}


def map_payload(view: MapView) -> dict[str, object]:
    """What the map needs per view, compact: fill colour, status code and the texts of
    the tooltip (value, provenance) per unit. Names come with the cached geometry."""
    table = view.table
    return {
        "label": view.indicator.label,
        "fill": dict(zip(table.index, table["color"], strict=True)),
        "status": {k: STATUS_CODES[s] for k, s in table["status"].items()},
        "rows": {key: [row["display"], origin_text(row, view)] for key, row in table.iterrows()},
    }


def tooltip_rows(view: MapView, key: str) -> list[tuple[str, object]]:
    """The rows of a unit's tooltip, as the map shows them (for tests and plain pages)."""
    row = view.table.loc[key]
    rows: list[tuple[str, object]] = [("Name", row["label"]), ("Art", row["type"])]
    rows.append((view.indicator.label, row["display"]))
    if row["status"] != STATUS_NOT_SURVEYED:
        rows.append(("Herkunft", origin_text(row, view)))
    rows.append((KEY_ALIAS, key))
    return rows


def map_script(
    view: MapView, geometry_url: str, attribution: str, basemap: bool = False
) -> mapview.MapScript:
    """The view's interactive map as the app sends it: colours, tooltips, legend and
    attribution; the geometry is fetched from ``geometry_url``."""
    fmap = mapview.new_map(attribution, basemap=basemap)
    mapview.add_choropleth(fmap, map_payload(view), geometry_url=geometry_url)
    mapview.add_legend(fmap, view.legend)
    return mapview.map_script(fmap)
