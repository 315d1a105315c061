"""The map: a Streamlit components-v2 element that draws the view's map spec in the page.

Why not ``streamlit_folium``: its iframe with a 225 kB React bundle cost 0.4-0.6 s on every
page load (measured by ``benchmarks.bench_browser``). The element (``map_component.js``)
loads Leaflet and the shared map module (``ikzmap/web/ikzmap-map.js``, also used by the
HTML export and the static atlas) from the app's static folder and hands it the spec
(``ikzmap.mapspec``): data only, no generated code. The spec depends only on the view
(level, indicator, classes, colours, basemap) and is cached per view; selection outline
and zoom requests reach the map as data, so clicking and searching never redraw it.
Panning and zooming never rerun the script: once the map has come to rest, the element
writes its centre and zoom into the page's URL itself, so a shared link shows the same
part of the map.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

import streamlit as st

from geo import NRW_KEY
from ikzmap import assets, mapview
from ikzmap.ui import first_paint, loaders, state
from ikzmap.view import MapView
from ikzmap.viewstate import Camera

MAP_HEIGHT: Final = 560
MAP_KEY: Final = "atlas_map"
ELEMENT_ID: Final = "ikz-atlas-map"
NRW: Final = NRW_KEY
_ZOOM_SEQ: Final = "map_zoom_seq"

_map_element = st.components.v2.component(
    "ikzmap.map",
    js=(Path(__file__).with_name("map_component.js")).read_text(encoding="utf-8"),
    css=mapview.css_text(),
    isolate_styles=False,  # Leaflet positions its panes with document-level CSS
)


def clicked_key() -> str | None:
    """In the map's click callback: the key of the unit just clicked."""
    value = st.session_state.get(MAP_KEY) or {}
    click = value.get("clicked")
    key = click.get("key") if isinstance(click, dict) else None
    return key if isinstance(key, str) else None


def _camera_data(camera: Camera | None) -> dict[str, float | None] | None:
    if camera is None:
        return None
    lat, lon = camera.center if camera.center is not None else (None, None)
    return {"lat": lat, "lon": lon, "zoom": camera.zoom}


def _zoom_request(zoom_to: str | None) -> dict[str, object] | None:
    if not zoom_to:
        return None
    seq = st.session_state.get(_ZOOM_SEQ, 0) + 1
    st.session_state[_ZOOM_SEQ] = seq
    return {"seq": seq, "key": zoom_to}


def render_map(
    view: MapView,
    basemap: bool,
    selected: str | None,
    zoom_to: str | None,
    on_click: Callable[[], None],
    highlight: tuple[str, ...] = (),
    territory: tuple[str, ...] = (),
    on_drawn: Callable[[], None] | None = None,
) -> None:
    """Draw the map; ``on_click`` runs before the rerun that a click causes. ``highlight``:
    keys of units to mark (a practice example's participants); ``territory``: keys of
    units drawn as a layer of their own (a Landschaftsverband's area). ``on_drawn``: if
    given, the browser reports once that the map is drawn (or failed), and it runs before
    the rerun that report causes (``ikzmap.ui.first_paint``)."""
    spec, spec_id = loaders.map_spec(view, basemap)
    _map_element(
        key=MAP_KEY,
        data={
            "spec": spec,
            "spec_id": spec_id,
            "scripts": [*assets.asset_urls("js"), loaders.module_url()],
            "styles": assets.asset_urls("css"),
            "element_id": ELEMENT_ID,
            "height": MAP_HEIGHT,
            "selected": selected,
            "highlight": list(highlight),
            "territory": list(territory),
            "zoom": _zoom_request(zoom_to),
            "camera": _camera_data(state.camera()),
            "report_drawn": first_paint.session_token() if on_drawn else None,
        },
        height=MAP_HEIGHT,
        on_clicked_change=on_click,
        on_drawn_change=on_drawn or _ignore,
    )


def _ignore() -> None:
    """A report of the map drawn after the page's first paint: nothing to do."""
