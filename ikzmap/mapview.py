"""The interactive map: folium assembled from prepared GeoJSON and styles, served offline.

Pure module (no Streamlit): the UI passes the cached GeoJSON and precomputed styles.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from typing import Final

import folium
from branca.element import MacroElement
from jinja2 import Template

from ikzmap import assets
from ikzmap.legend import BivariateLegend, Legend, LegendEntry

NRW_CENTER: Final = (51.48, 7.55)
NRW_BOUNDS: Final = ((50.32, 5.87), (52.53, 9.46))
KEY_FIELD: Final = "ags"
KEY_ALIAS: Final = "Schlüssel"
_KEY_IN_TOOLTIP: Final = re.compile(rf"{KEY_ALIAS}\s*:?\s*(05\d{{1,6}})")
SELECTED: Final = "#d7301f"


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

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self.html = html_text


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
.ikz-legend .bi-grid {border-collapse: separate; border-spacing: 2px; margin: 2px 0;}
.ikz-legend .bi-grid td {width: 26px; height: 20px; text-align: center; font-size: 10px;
  color: #222;}
.ikz-legend .bi-grid th {font-weight: normal; font-size: 10px; color: #555; padding: 0 3px;
  text-align: right;}
.ikz-legend .bi-x, .ikz-legend .bi-y {font-size: 11px; color: #333;}
.leaflet-container {background: #f4f4f2;}
.leaflet-container .leaflet-control-attribution {font-size: 11px;}
.ikz-tip table {border-collapse: collapse; font: 12px/1.35 system-ui, sans-serif;}
.ikz-tip th {text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600;}
.ikz-tip td {padding: 1px 0;}
</style>
"""


def _swatch(color: str, dashed: bool = False) -> str:
    border = "border-style: dashed; " if dashed else ""
    return f'<span class="sw" style="{border}background: {color}"></span>'


def _entry_html(entry: LegendEntry) -> str:
    count = "" if entry.count is None else f'<span class="n">{entry.count}</span>'
    return (
        f'<div class="row">{_swatch(entry.color, entry.dashed)}'
        f"<span>{html.escape(entry.label)}</span>{count}</div>"
    )


def _bivariate_html(grid: BivariateLegend) -> str:
    rows = []
    for i in reversed(range(3)):
        cells = "".join(
            f'<td style="background: {grid.colors[i][b]}" '
            f'title="{grid.counts[i][b]} Einheiten">{grid.counts[i][b]}</td>'
            for b in range(3)
        )
        rows.append(f"<tr><th>{html.escape(grid.y_ticks[i])}</th>{cells}</tr>")
    ticks = "".join(f"<th>{html.escape(t)}</th>" for t in grid.x_ticks)
    return (
        f'<div class="bi"><div class="bi-y">{html.escape(grid.y_label)} ↑</div>'
        f'<table class="bi-grid">{"".join(rows)}<tr><th></th>{ticks}</tr></table>'
        f'<div class="bi-x">{html.escape(grid.x_label)} →</div></div>'
    )


def legend_html(legend: Legend) -> str:
    """Legend markup (classes, 2-D grid, "keine Daten", "nicht erhoben"); all text escaped."""
    parts = [f"<h4>{html.escape(legend.title)}</h4>"]
    if legend.bivariate is not None:
        parts.append(_bivariate_html(legend.bivariate))
    parts.extend(_entry_html(e) for e in legend.entries)
    if legend.note:
        parts.append(f'<div class="note">{html.escape(legend.note)}</div>')
    return "".join(parts)


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
    fmap.fit_bounds(NRW_BOUNDS)
    fmap.get_root().header.add_child(folium.Element(LEGEND_CSS), name="ikz_legend_css")
    _Attribution(attribution).add_to(fmap)
    return fmap


def script_json(value: object) -> str:
    """JSON safe to place inside a <script> element (no "<", ">", "&" characters)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ChoroplethLayer(MacroElement):
    """A GeoJSON layer drawn from a compact per-view payload (see ``mapstyle.map_payload``).

    The geometry (with the units' official names) is fetched from a static URL, so the
    browser caches it; the payload carries only fill colour, status and display texts
    per unit; styles and tooltips are built in the browser, every text escaped.
    Clicks are reported to Streamlit at once: streamlit-folium would debounce them by
    250 ms, and its handler is not attached to layers added after the map started. The
    value sent is exactly what its own update would send, so a later one is skipped.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function() {
            var P = {{ this.payload_json }};
            var BASE = [{color: "#5a5a5a"}, {color: "#9a9a9a"},
                        {color: "#7a7a7a", dashArray: "3 3"}];
            var wanted = ["last_object_clicked_count", "last_object_clicked_tooltip"];
            function esc(s) {
                return String(s).replace(/[&<>"']/g, function(c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                            "'": "&#39;"}[c];
                });
            }
            function style(f) {
                var s = {fillColor: P.fill[f.id], weight: 0.7, fillOpacity: 0.9};
                return Object.assign(s, BASE[P.status[f.id]]);
            }
            function tip(f) {
                var r = P.rows[f.id];
                var rows = [["Name", f.properties.label], ["Art", f.properties.type],
                            [P.label, r[0]]];
                if (P.status[f.id] !== 2) { rows.push(["Herkunft", r[1]]); }
                rows.push([{{ this.key_alias|tojson }}, f.id]);
                return "<table>" + rows.map(function(x) {
                    return "<tr><th>" + esc(x[0]) + "</th><td>" + esc(x[1]) + "</td></tr>";
                }).join("") + "</table>";
            }
            function text(html) {
                var span = document.createElement("span");
                span.innerHTML = html;
                return (span.textContent || span.innerText).trim();
            }
            function report(e, before) {
                var g = window.__GLOBAL_DATA__;
                if (!g || !window.Streamlit || !g.returned_objects) { return; }
                if (g.last_object_clicked_count === before) {  // its handler did not run
                    g.last_object_clicked = e.latlng;
                    g.last_object_clicked_count += 1;
                    g.last_object_clicked_tooltip = text(tip(e.target.feature));
                }
                var value = {};
                wanted.forEach(function(k) {
                    if (g.returned_objects.includes(k)) { value[k] = g[k]; }
                });
                if (JSON.stringify(g.previous_data) !== JSON.stringify(value)) {
                    g.previous_data = value;
                    window.Streamlit.setComponentValue(value);
                }
            }
            var layer = L.geoJson(null, {
                style: style,
                onEachFeature: function(f, l) {
                    l.bindTooltip(tip(f), {sticky: true, className: "ikz-tip"});
                    l.on({
                        click: function(e) {
                            var g = window.__GLOBAL_DATA__;
                            var before = g ? g.last_object_clicked_count : 0;
                            setTimeout(function() { report(e, before); }, 0);
                        },
                        mouseover: function(e) {
                            e.target.setStyle({weight: 3, color: "#000000"});
                            e.target.bringToFront();
                        },
                        mouseout: function(e) { layer.resetStyle(e.target); }
                    });
                }
            }).addTo({{ this._parent.get_name() }});
            {% if this.geometry_url %}
            fetch({{ this.geometry_url|tojson }})
                .then(function(r) { return r.json(); })
                .then(function(data) { layer.addData(data); });
            {% else %}
            layer.addData({{ this.geometry_json }});
            {% endif %}
            window.ikzLayer = layer;
        })();
        {% endmacro %}"""
    )

    def __init__(
        self,
        payload_json: str,
        geometry_url: str | None = None,
        geometry_json: str | None = None,
    ) -> None:
        super().__init__()
        if (geometry_url is None) == (geometry_json is None):
            raise ValueError("give either geometry_url or geometry_json")
        self._name = "ChoroplethLayer"
        self.payload_json = payload_json
        self.geometry_url = geometry_url
        self.geometry_json = geometry_json
        self.key_alias = KEY_ALIAS


def geometry_json(collection: dict) -> str:
    """FeatureCollection text (``id`` = key; properties: label, type) for the layer."""
    features = [
        {
            "type": "Feature",
            "id": f["id"],
            "properties": {k: f["properties"][k] for k in ("label", "type")},
            "geometry": f["geometry"],
        }
        for f in collection["features"]
    ]
    return script_json({"type": "FeatureCollection", "features": features})


def tooltip_html(rows: Sequence[tuple[str, object]]) -> str:
    """Tooltip table as the map builds it; labels and values are escaped."""
    cells = "".join(
        f"<tr><th>{html.escape(str(label))}</th><td>{html.escape(str(value))}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"


def add_choropleth(
    fmap: folium.Map,
    payload: Mapping[str, object],
    *,
    geometry_url: str | None = None,
    geometry: str | None = None,
) -> ChoroplethLayer:
    """Add the layer. The geometry comes from a static URL (app) or inline JSON text
    (self-contained files)."""
    layer = ChoroplethLayer(script_json(payload), geometry_url, geometry)
    layer.add_to(fmap)
    return layer


def selection_group(feature: dict | None) -> folium.FeatureGroup:
    """The selected unit's outline, passed to st_folium as a dynamic feature group.

    Changing it does not reload the map.
    """
    group = folium.FeatureGroup(name="Auswahl", control=False)
    if feature is not None:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": [{**feature, "properties": {}}]},
            style_function=lambda _f: {"color": SELECTED, "weight": 3.5, "fill": False},
            interactive=False,
        ).add_to(group)
    return group


def add_legend(fmap: folium.Map, legend: Legend) -> None:
    _Legend(legend_html(legend)).add_to(fmap)
