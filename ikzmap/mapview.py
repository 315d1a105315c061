"""The interactive map: folium assembled from prepared GeoJSON and styles, served offline.

Pure module (no Streamlit): the UI passes the cached GeoJSON and precomputed styles.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import folium
from branca.element import MacroElement
from jinja2 import Template

from ikzmap import assets

NRW_CENTER: Final = (51.48, 7.55)
KEY_FIELD: Final = "ags"
KEY_ALIAS: Final = "Schlüssel"
_KEY_IN_TOOLTIP: Final = re.compile(rf"{KEY_ALIAS}\s*:?\s*(05\d{{1,6}})")
OUTLINE: Final = "#4d4d4d"
SELECTED: Final = "#d7301f"


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str
    count: int | None = None
    dashed: bool = False


@dataclass(frozen=True)
class TooltipField:
    name: str  # property name in the GeoJSON
    alias: str  # German label shown in the tooltip


def escape_properties(collection: dict, fields: Sequence[str]) -> dict:
    """Copy of a FeatureCollection whose display fields are HTML-escaped strings."""
    features = []
    for feature in collection["features"]:
        props = dict(feature["properties"])
        for field in fields:
            value = props.get(field)
            props[field] = "" if value is None else html.escape(str(value))
        features.append({**feature, "properties": props})
    return {**collection, "features": features}


def key_from_tooltip(text: str | None) -> str | None:
    """The unit key in the text of a clicked feature's tooltip (see ``tooltip_fields``)."""
    if not text:
        return None
    match = _KEY_IN_TOOLTIP.search(text)
    return match.group(1) if match else None


class _Attribution(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(false)
            .addAttribution({{ this.text|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class _Legend(MacroElement):
    """A Leaflet control with the legend as plain HTML (no d3, works offline)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "ikz-legend");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}"""
    )

    def __init__(self, title: str, entries: Sequence[LegendEntry], note: str | None) -> None:
        super().__init__()
        self.html = legend_html(title, entries, note)


LEGEND_CSS: Final = """
<style>
.ikz-legend {background: rgba(255,255,255,.92); padding: 6px 9px; border-radius: 4px;
  font: 12px/1.35 system-ui, sans-serif; color: #222; box-shadow: 0 0 4px rgba(0,0,0,.3);
  max-width: 260px;}
.ikz-legend h4 {margin: 0 0 4px; font-size: 12px;}
.ikz-legend .row {display: flex; align-items: center; gap: 6px; margin: 2px 0;}
.ikz-legend .sw {width: 16px; height: 12px; border: 1px solid #777; flex: none;}
.ikz-legend .n {color: #555; margin-left: auto; padding-left: 6px;}
.ikz-legend .note {margin-top: 4px; color: #555; font-size: 11px;}
.leaflet-container {background: #f4f4f2;}
</style>
"""


def _swatch_style(entry: LegendEntry) -> str:
    border = "border-style: dashed; " if entry.dashed else ""
    return f"{border}background: {entry.color}"


def legend_html(title: str, entries: Sequence[LegendEntry], note: str | None = None) -> str:
    """Legend markup; every text is escaped."""
    rows = []
    for entry in entries:
        count = "" if entry.count is None else f'<span class="n">{entry.count}</span>'
        rows.append(
            f'<div class="row"><span class="sw" style="{_swatch_style(entry)}"></span>'
            f"<span>{html.escape(entry.label)}</span>{count}</div>"
        )
    note_html = f'<div class="note">{html.escape(note)}</div>' if note else ""
    return f"<h4>{html.escape(title)}</h4>{''.join(rows)}{note_html}"


def new_map(attribution: str, basemap: bool = False) -> folium.Map:
    """An empty map of NRW whose JS/CSS come from the local server, not a CDN."""
    fmap = folium.Map(
        location=NRW_CENTER,
        zoom_start=7.75,
        tiles="OpenStreetMap" if basemap else None,
        control_scale=True,
        zoom_snap=0.25,
        prefer_canvas=False,
    )
    fmap.default_js = assets.component_links("js")
    fmap.default_css = assets.component_links("css")
    fmap.get_root().header.add_child(folium.Element(LEGEND_CSS), name="ikz_legend_css")
    _Attribution(attribution).add_to(fmap)
    return fmap


def add_choropleth(
    fmap: folium.Map,
    collection: dict,
    styles: Mapping[str, Mapping[str, object]],
    tooltip_fields: Sequence[TooltipField],
    name: str,
) -> folium.GeoJson:
    """Add the layer; ``styles`` maps each unit key to its Leaflet path style."""
    names = [f.name for f in tooltip_fields]
    layer = folium.GeoJson(
        escape_properties(collection, names),
        name=name,
        style_function=lambda feature: dict(styles[feature["properties"][KEY_FIELD]]),
        highlight_function=lambda _feature: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            fields=names, aliases=[f.alias for f in tooltip_fields], localize=False, sticky=True
        ),
        zoom_on_click=False,
    )
    layer.add_to(fmap)
    return layer


def add_selection(fmap: folium.Map, feature: dict | None) -> None:
    """Outline the selected unit (non-interactive, drawn on top)."""
    if feature is None:
        return
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [{**feature, "properties": {}}]},
        name="Auswahl",
        style_function=lambda _f: {"color": SELECTED, "weight": 3.5, "fill": False},
        interactive=False,
    ).add_to(fmap)


def add_legend(
    fmap: folium.Map, title: str, entries: Sequence[LegendEntry], note: str | None = None
) -> None:
    _Legend(title, entries, note).add_to(fmap)


def collection_text(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
