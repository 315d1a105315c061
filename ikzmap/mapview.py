"""The interactive map: folium assembled from prepared GeoJSON and styles, served offline.

Pure module (no Streamlit): the UI passes the cached GeoJSON and precomputed styles.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from ikzmap.legend import BivariateLegend, Legend, LegendEntry
from ikzmap.palettes import text_color_on

NRW_CENTER: Final = (51.48, 7.55)
NRW_BOUNDS: Final = ((50.32, 5.87), (52.53, 9.46))
KEY_FIELD: Final = "ags"
KEY_ALIAS: Final = "Schlüssel"
SELECTED: Final = "#d7301f"
MAP_ID: Final = "ikz"


@dataclass(frozen=True)
class MapScript:
    """What a page needs to show a folium map without folium's HTML page around it."""

    element_id: str  # id of the map's <div>; also the JS variable that holds the L.Map
    script: str  # creates the map in that <div> and adds layers, legend and controls


class Markup(Element):
    """HTML inserted into the page as it is. branca compiles ``Element(text)`` as a Jinja2
    template, so user text there (a title ``{{ ... }}``) would run on the server; here the
    text is the template's data and is never parsed. Escape user text before (html.escape)."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup


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
    """A Leaflet control with the legend as plain HTML (no d3, works offline). A button
    folds it down to its title, so it never hides units for good; the choice holds for
    the maps drawn later on the same page."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "ikz-legend");
                div.setAttribute("role", "region");
                div.setAttribute("aria-label", "Legende");
                div.innerHTML = {{ this.html|tojson }};
                var button = L.DomUtil.create("button", "ikz-legend-toggle", div);
                button.type = "button";
                function show(folded) {
                    div.classList.toggle("folded", folded);
                    button.setAttribute("aria-expanded", String(!folded));
                    button.title = folded ? "Legende aufklappen" : "Legende einklappen";
                    button.setAttribute("aria-label", button.title);
                    button.textContent = folded ? "+" : "−";
                }
                show(window.ikzmapLegendFolded === true);
                L.DomEvent.on(button, "click", function() {
                    window.ikzmapLegendFolded = !div.classList.contains("folded");
                    show(window.ikzmapLegendFolded);
                });
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


MAP_CSS: Final = """
.ikz-legend {background: rgba(255,255,255,.92); padding: 6px 9px; border-radius: 4px;
  font: 12px/1.35 system-ui, sans-serif; color: #222; box-shadow: 0 0 4px rgba(0,0,0,.3);
  max-width: 260px;}
.ikz-legend {position: relative;}
.ikz-legend h2 {margin: 0 0 4px; font-size: 12px; line-height: 1.35; font-weight: 600;
  padding: 0 20px 0 0; color: #222;}
.ikz-legend-toggle {position: absolute; top: 3px; right: 4px; border: 0; background: none;
  font: 15px/1 system-ui, sans-serif; color: #333; cursor: pointer; padding: 1px 4px;}
.ikz-legend-toggle:focus-visible {outline: 2px solid #2c7fb8;}
.ikz-legend.folded > :not(h2):not(.ikz-legend-toggle) {display: none;}
.ikz-legend.folded h2 {margin: 0;}
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
.ikz-map-error {padding: 12px 16px; border: 1px solid #c0392b; border-radius: 4px;
  color: #7b241c; background: #fdf2f0; font: 14px/1.4 system-ui, sans-serif;}
.ikz-map-loading {display: flex; align-items: center; justify-content: center; gap: 10px;
  background: #f4f4f2; color: #333; font: 15px/1.4 system-ui, sans-serif;}
.ikz-map-loading.over {position: absolute; inset: 0; z-index: 1000; pointer-events: none;
  background: rgba(244,244,242,.8);}
.ikz-map-loading::before {content: ""; width: 18px; height: 18px; border-radius: 50%;
  border: 3px solid #bbb; border-top-color: #2c7fb8; animation: ikz-spin 1s linear infinite;}
@keyframes ikz-spin {to {transform: rotate(360deg);}}
@media (prefers-reduced-motion: reduce) {.ikz-map-loading::before {animation: none;}}
.leaflet-container path.leaflet-interactive:focus {outline: none;}
.ikz-map-help {position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; margin: 0;}
.leaflet-container path.leaflet-interactive:focus-visible {stroke: #d7301f; stroke-width: 3.5px;
  stroke-dasharray: none;}
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
            f'<td style="background: {fill}; color: {text_color_on(fill)}" '
            f'title="{grid.counts[i][b]} Einheiten">{grid.counts[i][b]}</td>'
            for b, fill in enumerate(grid.colors[i])
        )
        rows.append(f"<tr><th>{html.escape(grid.y_ticks[i])}</th>{cells}</tr>")
    ticks = "".join(f"<th>{html.escape(t)}</th>" for t in grid.x_ticks)
    return (
        f'<div class="bi"><div class="bi-y">{html.escape(grid.y_label)} ↑</div>'
        f'<table class="bi-grid">{"".join(rows)}<tr><td></td>{ticks}</tr></table>'
        f'<div class="bi-x">{html.escape(grid.x_label)} →</div></div>'
    )


def legend_html(legend: Legend) -> str:
    """Legend markup (classes, 2-D grid, "keine Daten", "nicht erhoben"); all text escaped."""
    parts = [f"<h2>{html.escape(legend.title)}</h2>"]
    if legend.bivariate is not None:
        parts.append(_bivariate_html(legend.bivariate))
    parts.extend(_entry_html(e) for e in legend.entries)
    if legend.note:
        parts.append(f'<div class="note">{html.escape(legend.note)}</div>')
    return "".join(parts)


def new_map(attribution: str, basemap: bool = False) -> folium.Map:
    """An empty map of NRW. It names no JS or CSS to load: the app's map component loads
    Leaflet from the local server, self-contained files inline it (no CDN either way)."""
    fmap = folium.Map(
        location=NRW_CENTER,
        zoom_start=7.75,
        tiles="OpenStreetMap" if basemap else None,
        control_scale=True,
        zoom_snap=0.25,
        prefer_canvas=False,
    )
    fmap._id = MAP_ID  # stable JS name and element id: map_ikz
    fmap.default_js = []
    fmap.default_css = []
    fmap.fit_bounds(NRW_BOUNDS)
    fmap.get_root().header.add_child(Markup(f"<style>{MAP_CSS}</style>"), name="ikz_css")
    _Attribution(attribution).add_to(fmap)
    return fmap


def script_json(value: object) -> str:
    """JSON safe to place inside a <script> element (no "<", ">", "&" characters)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ChoroplethLayer(MacroElement):
    """A GeoJSON layer drawn from a compact per-view payload (see ``mapstyle.map_payload``).

    The geometry (with the units' official names) is fetched from a static URL, so the
    browser caches it, or is inlined in self-contained files; the payload carries only
    fill colour, status and display texts per unit; styles and tooltips are built in the
    browser, every text escaped. A click on a unit dispatches the DOM event
    ``ikzmap:select`` (detail: its key) on the map's container: the app's map component
    forwards it to Streamlit, a standalone file ignores it. The layer is ``map.ikzLayer``;
    ``layer.ready`` resolves once its features are drawn.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function(map) {
            var P = {{ this.payload_json }};
            var BASE = [{color: "#5a5a5a"}, {color: "#9a9a9a"},
                        {color: "#7a7a7a", dashArray: "3 3"}];
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
            function spoken(f) {
                var r = P.rows[f.id];
                var text = f.properties.label + " (" + f.properties.type + "): " + P.label +
                    " " + r[0];
                return P.status[f.id] !== 2 ? text + "; Herkunft: " + r[1] : text;
            }
            function name(l) {
                var el = l.getElement && l.getElement();
                if (el) {
                    el.setAttribute("role", "img");
                    el.setAttribute("aria-label", spoken(l.feature));
                }
            }
            var layer = L.geoJson(null, {
                style: style,
                onEachFeature: function(f, l) {
                    l.bindTooltip(tip(f), {sticky: true, className: "ikz-tip"});
                    l.on({
                        click: function() {
                            map.getContainer().dispatchEvent(new CustomEvent(
                                "ikzmap:select", {bubbles: true, detail: f.id}));
                        },
                        mouseover: function(e) {
                            e.target.setStyle({weight: 3, color: "#000000"});
                            e.target.bringToFront();
                        },
                        mouseout: function(e) { layer.resetStyle(e.target); }
                    });
                }
            }).addTo(map);
            {% if this.geometry_url %}
            var url = {{ this.geometry_url|tojson }};
            var json = window.ikzmapJson || function(u) {
                return fetch(u).then(function(r) { return r.json(); });
            };
            layer.ready = json(url).then(function(data) {
                layer.addData(data);
                layer.eachLayer(name);
            });
            {% else %}
            layer.addData({{ this.geometry_json }});
            layer.eachLayer(name);
            layer.ready = Promise.resolve();
            {% endif %}
            map.ikzLayer = layer;
        })({{ this._parent.get_name() }});
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
    """The selected unit's outline, for self-contained files (the app's map component
    outlines the selection in the browser)."""
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


def _stable_names(fmap: folium.Map) -> None:
    """Name every element by its position, so one view always gives the same script (the
    app's map component redraws only when the script changes)."""
    pending = list(fmap._children.values())
    number = 0
    while pending:
        element = pending.pop(0)
        element._id = f"{MAP_ID}{number}"
        number += 1
        pending.extend(element._children.values())


def map_script(fmap: folium.Map) -> MapScript:
    """Render ``fmap`` and keep only its script (Leaflet and ``MAP_CSS`` come separately)."""
    _stable_names(fmap)
    root = fmap.get_root()
    root.render()
    return MapScript(element_id=fmap.get_name(), script=root.script.render())
