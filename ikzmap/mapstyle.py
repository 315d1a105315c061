"""Leaflet styles and tooltip HTML for a :class:`~ikzmap.view.MapView` (pure, cacheable)."""

from __future__ import annotations

from typing import Final

from ikzmap.aggregate import STATUS_NO_DATA, STATUS_NOT_SURVEYED
from ikzmap.mapview import KEY_ALIAS, tooltip_html
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


def tooltips_for(view: MapView) -> dict[str, str]:
    """Tooltip HTML per unit; the key row comes last (the click handler reads it)."""
    tips = {}
    for key, row in view.table.iterrows():
        rows: list[tuple[str, object]] = [("Name", row["label"]), ("Art", row["type"])]
        rows.append((view.indicator.label, row["display"]))
        if row["status"] != STATUS_NOT_SURVEYED:
            rows.append(("Herkunft", provenance_text(row["provenance"], view)))
        rows.append((KEY_ALIAS, key))
        tips[key] = tooltip_html(rows)
    return tips
