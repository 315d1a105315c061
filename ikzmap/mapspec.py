"""The map specification: what the browser module ``ikzmap/web/ikzmap-map.js`` draws.

One JSON object per view (pure data, no code): the units' fill, status and tooltip texts,
the legend, the attribution and where the geometry comes from. The app's Streamlit
element, the offline HTML export and the static atlas all send this spec to the same
module, so a tooltip or legend cannot differ between them. Every text in it is plain
text; the module escapes it when it builds HTML.
"""

from __future__ import annotations

import hashlib
import json
from typing import Final

from geo import NRW_KEY
from ikzmap.legend import BivariateLegend, Legend, LegendEntry
from ikzmap.mapstyle import origin_text
from ikzmap.palettes import text_color_on
from ikzmap.status import Status
from ikzmap.view import MapView

KEY_ALIAS: Final = "Schlüssel"
# The status codes of the module (IkzMap.STATUS): value, no data, not surveyed.
STATUS_CODES: Final = {Status.VALUE: 0, Status.NO_DATA: 1, Status.NOT_SURVEYED: 2}
OSM_TILES: Final = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    " contributors",
}


def _entry(entry: LegendEntry) -> dict[str, object]:
    return {
        "color": entry.color,
        "label": entry.label,
        "count": entry.count,
        "dashed": entry.dashed,
    }


def _bivariate(grid: BivariateLegend) -> dict[str, object]:
    return {
        "colors": [list(row) for row in grid.colors],
        "textColors": [[text_color_on(fill) for fill in row] for row in grid.colors],
        "counts": [list(row) for row in grid.counts],
        "xTicks": list(grid.x_ticks),
        "yTicks": list(grid.y_ticks),
        "xLabel": grid.x_label,
        "yLabel": grid.y_label,
    }


def legend_spec(legend: Legend) -> dict[str, object]:
    """The legend as data: classes, the 2-D grid with its text colours, note."""
    return {
        "title": legend.title,
        "entries": [_entry(e) for e in legend.entries],
        "bivariate": None if legend.bivariate is None else _bivariate(legend.bivariate),
        "note": legend.note,
    }


def unit_specs(view: MapView) -> dict[str, list[object]]:
    """Per unit: fill colour, status code, value text, provenance text (with range)."""
    table = view.table
    return {
        str(key): [
            row["color"],
            STATUS_CODES[row["status"]],
            row["display"],
            origin_text(row, view),
        ]
        for key, row in table.iterrows()
    }


def map_spec(
    view: MapView,
    attribution: str,
    *,
    geometry_url: str | None = None,
    geometry: dict | None = None,
    basemap: bool = False,
) -> dict[str, object]:
    """The view's map: geometry from a static URL (app, atlas) or inline (one-file export)."""
    if (geometry_url is None) == (geometry is None):
        raise ValueError("give either geometry_url or geometry")
    return {
        "level": view.state.level,
        "home_key": NRW_KEY,  # zoomTo(home_key) shows the default view
        "title": view.title,
        "summary": view.summary,
        "label": view.indicator.label,
        "keyAlias": KEY_ALIAS,
        "attribution": attribution,
        "units": unit_specs(view),
        "legend": legend_spec(view.legend),
        "tiles": OSM_TILES if basemap else None,
        "geometry": {"url": geometry_url} if geometry is None else {"data": geometry},
    }


def script_json(value: object) -> str:
    """JSON safe to place inside a <script> element (no "<", ">", "&" characters)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def spec_id(spec: dict[str, object]) -> str:
    """A short hash of the spec: the browser redraws the map only when it changes."""
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
