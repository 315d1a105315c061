"""The interactive map as ONE self-contained HTML file that works offline from disk.

A folium map with the atlas's map plugin (``ikzmap.mapview.IkzMapLayer``): the same browser
module and the same spec (``ikzmap.mapspec``) as the app, with Leaflet, the module and the
geometry inlined instead of linked. No CDN, no tiles; a Content-Security-Policy
forbids any network request. Title, notices, sources and attribution frame the map.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Final

import folium
import shapely
import shapely.geometry

from ikzmap import assets, mapdata, mapspec, mapview
from ikzmap.export import credits
from ikzmap.fmt import printable
from ikzmap.mapview import Markup, escape_end_tag
from ikzmap.view import MapView

CSP: Final = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:"
)
PAGE_CSS: Final = """
html, body {height: 100%; margin: 0;}
body {display: flex; flex-direction: column; font: 14px/1.4 system-ui, sans-serif; color: #222;}
.ikz-head {padding: 10px 16px 6px;}
.ikz-head h1 {font-size: 20px; margin: 0 0 2px;}
.ikz-head p {margin: 0; color: #444;}
.ikz-notice {margin: 6px 0 0; padding: 4px 8px; background: #fff3cd; border: 1px solid #c9a227;
  border-radius: 4px; display: inline-block; color: #5c4400;}
main {flex: 1 1 auto; display: flex; flex-direction: column; min-height: 320px;}
.folium-map {flex: 1 1 auto; min-height: 320px; height: auto !important;}
.ikz-foot {padding: 6px 16px 10px; font-size: 12px; color: #444;}
.ikz-foot p {margin: 2px 0;}
"""


@lru_cache(maxsize=3)
def geometry(level: str) -> dict:
    """The level's FeatureCollection, as the map's spec inlines it (its geometries are the
    shared ones of :func:`ikzmap.mapdata.level_collection`)."""
    return mapview.geometry_collection(mapdata.level_collection(level))


_VIEWPORT: Final = re.compile(r'<meta name="viewport"[^>]*>')
_ZOOMABLE_VIEWPORT: Final = '<meta name="viewport" content="width=device-width, initial-scale=1.0">'


def _unit(level: str, key: str) -> dict | None:
    return mapdata.features_by_key(mapdata.level_collection(level)).get(key)


def _inline_assets(fmap: folium.Map) -> None:
    fmap.default_js = []
    fmap.default_css = []
    header = fmap.get_root().header
    js = escape_end_tag(assets.inline_text("js"), "script")
    css = escape_end_tag(assets.inline_text("css"), "style")
    header.add_child(Markup(f"<style>{css}</style>"), name="leaflet_css_inline", index=0)
    header.add_child(Markup(f"<script>{js}</script>"), name="leaflet_js_inline", index=0)
    header.add_child(
        Markup(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'),
        name="ikz_csp",
        index=0,
    )
    header.add_child(Markup(f"<style>{PAGE_CSS}</style>"), name="ikz_page_css")


def _head_html(view: MapView, title: str, zoom_label: str | None) -> str:
    parts = [
        '<header class="ikz-head">',
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{html.escape(credits.subtitle(view, zoom_label, title))}</p>",
    ]
    short = credits.modelled_short(view)
    if short:
        parts.append(f'<div class="ikz-notice">{html.escape(short)}</div>')
    parts.append("</header>")
    return "".join(parts)


def _foot_html(view: MapView) -> str:
    lines = [*credits.notes(view), view.summary]
    sources = credits.source_lines(view)
    parts = ['<footer class="ikz-foot">']
    parts.extend(f"<p>{html.escape(line)}</p>" for line in lines)
    parts.append(f"<p><strong>Quellen:</strong> {html.escape(' · '.join(sources[:-1]))}</p>")
    parts.append(f"<p>{html.escape(sources[-1])}</p>")
    parts.append("</footer>")
    return "".join(parts)


def _zoom(zoom: str | None) -> tuple[str, list[list[float]]] | None:
    """The label and bounds ([[south, west], [north, east]]) of the unit ``zoom``."""
    if not zoom:
        return None
    feature = _unit(credits.zoom_level(zoom), zoom)
    if feature is None:
        raise ValueError(f"unknown zoom unit {zoom!r}")
    west, south, east, north = shapely.bounds(shapely.geometry.shape(feature["geometry"]))
    return str(feature["properties"]["label"]), [[south, west], [north, east]]


def build_map(
    view: MapView, title: str | None = None, zoom: str | None = None, selected: str | None = None
) -> folium.Map:
    """The folium map of the export (inspectable in tests before rendering)."""
    level = view.state.level
    fmap = mapview.new_map()
    _inline_assets(fmap)
    attribution = credits.geometry_line().removeprefix("Geometrie: ")
    spec = mapspec.map_spec(view, attribution, geometry=geometry(level))
    key = selected or view.state.selected
    fitted = _zoom(zoom)
    options = {
        "selected": key if key and _unit(level, key) else None,
        "bounds": fitted[1] if fitted else None,
    }
    zoom_label = fitted[0] if fitted else None
    mapview.IkzMapLayer(spec, options).add_to(fmap)
    page_title = printable(title or view.title)
    root = fmap.get_root()
    root.title = html.escape(page_title)
    root.html.add_child(Markup(_head_html(view, page_title, zoom_label)), name="ikz_head", index=0)
    return fmap


def interactive_html(
    view: MapView, title: str | None = None, zoom: str | None = None, selected: str | None = None
) -> bytes:
    """The view as a self-contained HTML page (UTF-8 bytes)."""
    text = build_map(view, title, zoom, selected).get_root().render()
    text = text.replace("<html>", '<html lang="de">', 1)
    text = _VIEWPORT.sub(_ZOOMABLE_VIEWPORT, text, count=1)  # people may zoom (WCAG 1.4.4)
    start = text.index("</header>", text.index("<body>")) + len("</header>")
    end = text.index("</body>", start)  # the map div renders last in body
    main = f"<main>{text[start:end]}</main>"
    return (text[:start] + main + _foot_html(view) + text[end:]).encode("utf-8")
