"""The map: built from cached geometry and view payload; returns the clicked unit's key.

The map script depends only on the view (level, indicator, classes, colours); the
selection outline and the zoom to a search result reach the map as st_folium's dynamic
``feature_group_to_add`` / ``center`` / ``zoom``, so clicking and searching never reload
the map, and panning or zooming never rerun the script.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import streamlit as st
from streamlit_folium import st_folium

from ikzmap import mapview
from ikzmap.ui import loaders
from ikzmap.view import MapView

MAP_HEIGHT = 560
_ASSUMED_WIDTH = 700
_MERCATOR_STRETCH = 1.0 / math.cos(math.radians(51.5))


def zoom_for(bounds: tuple[float, float, float, float]) -> tuple[tuple[float, float], float]:
    """Center and zoom that show ``bounds`` (west, south, east, north) in the map."""
    west, south, east, north = bounds
    span_x = max(east - west, 1e-3)
    span_y = max((north - south) * _MERCATOR_STRETCH, 1e-3)
    zoom_x = math.log2(_ASSUMED_WIDTH / 256 * 360 / span_x)
    zoom_y = math.log2(MAP_HEIGHT / 256 * 360 / span_y)
    zoom = min(12.0, max(7.0, math.floor(min(zoom_x, zoom_y) * 4) / 4 - 0.25))
    return ((south + north) / 2, (west + east) / 2), zoom


MAP_KEY = "atlas_map"
NRW = "05"
NRW_EXTENT = (5.87, 50.32, 9.46, 52.53)


def clicked_key() -> str | None:
    """In the map's on_change callback: the key of the unit just clicked."""
    value = st.session_state.get(MAP_KEY) or {}
    return mapview.key_from_tooltip(value.get("last_object_clicked_tooltip"))


def render_map(
    view: MapView,
    fingerprint: str,
    basemap: bool,
    selected: str | None,
    zoom_to: str | None,
    on_click: Callable[[], None],
) -> None:
    """Draw the map; ``on_click`` runs before the rerun that a click causes."""
    level = view.state.level
    payload = loaders.map_payload(view, fingerprint, view.state)
    fmap = mapview.new_map(loaders.geo_attribution(), basemap=basemap)
    mapview.add_choropleth(fmap, payload, geometry_url=loaders.geometry_url(level))
    mapview.add_legend(fmap, view.legend)
    center = zoom = None
    bounds = NRW_EXTENT if zoom_to == NRW else loaders.unit_bounds(level).get(zoom_to or "")
    if bounds:
        center, zoom = zoom_for(bounds)
    st_folium(
        fmap,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
        feature_group_to_add=mapview.selection_group(loaders.features_by_key(level).get(selected)),
        center=center,
        zoom=zoom,
        on_change=on_click,
    )
