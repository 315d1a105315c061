"""The map's browser code and its folium plugin (pure module, no Streamlit).

The map is drawn by ONE JavaScript file, ``ikzmap/web/ikzmap-map.js``, from a JSON spec
(``ikzmap.mapspec``). The app's Streamlit element and the static atlas load that file from
a static folder; the offline HTML export is a folium map to which :class:`IkzMapLayer`, a
folium plugin, adds the same file (inlined) and the spec. Only folium's public API is used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from ikzmap.mapspec import script_json

NRW_CENTER: Final = (51.48, 7.55)
SELECTED: Final = "#d7301f"  # the selected unit's outline (as ikzmap-map.js draws it)
WEB_DIR: Final = Path(__file__).with_name("web")
MODULE_FILE: Final = WEB_DIR / "ikzmap-map.js"
CSS_FILE: Final = WEB_DIR / "ikzmap-map.css"


@cache
def module_text() -> str:
    return MODULE_FILE.read_text(encoding="utf-8")


@cache
def css_text() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def escape_end_tag(text: str, tag: str) -> str:
    """Inline code cannot close its element early ("</script" inside a JS string)."""
    return text.replace(f"</{tag}", f"<\\/{tag}")


class Markup(Element):
    """HTML inserted into the page as it is. branca compiles ``Element(text)`` as a Jinja2
    template, so user text there (a title ``{{ ... }}``) would run on the server; here the
    text is the template's data and is never parsed. Escape user text before (html.escape)."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup


class IkzMapLayer(MacroElement):
    """folium plugin: the atlas's map module draws ``spec`` on the folium map.

    The module and its CSS are inlined into the page's header (a self-contained file needs
    no server); the spec and the options are JSON data of the template, never its source.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        IkzMap.attach({{ this._parent.get_name() }}, {{ this.spec_json }},
                      {{ this.options_json }});
        {% endmacro %}"""
    )

    def __init__(self, spec: dict[str, object], options: dict[str, object] | None = None) -> None:
        super().__init__()
        self._name = "IkzMapLayer"
        self.spec_json = script_json(spec)
        self.options_json = script_json(options or {})

    def render(self, **kwargs) -> None:
        header = self.get_root().header
        module = escape_end_tag(module_text(), "script")
        header.add_child(
            Markup(f"<style>{escape_end_tag(css_text(), 'style')}</style>"), name="ikzmap_css"
        )
        header.add_child(Markup(f"<script>{module}</script>"), name="ikzmap_js")
        super().render(**kwargs)


def new_map() -> folium.Map:
    """An empty folium map of NRW that names no JS or CSS to load (no CDN): the caller
    inlines Leaflet. Tiles, attribution and view come from the spec (IkzMapLayer)."""
    fmap = folium.Map(
        location=NRW_CENTER, zoom_start=7.75, tiles=None, control_scale=True, zoom_snap=0.25
    )
    fmap.default_js = []
    fmap.default_css = []
    return fmap


def geometry_collection(collection: dict) -> dict:
    """The layer's FeatureCollection (``id`` = key; properties: label, type)."""
    features = [
        {
            "type": "Feature",
            "id": f["id"],
            "properties": {k: f["properties"][k] for k in ("label", "type")},
            "geometry": f["geometry"],
        }
        for f in collection["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def geometry_json(collection: dict) -> str:
    """The layer's FeatureCollection as script-safe JSON text (a static file)."""
    return script_json(geometry_collection(collection))
