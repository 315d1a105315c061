"""Cached loaders: an interaction never redoes I/O, aggregation or serialisation.

Read-only objects are shared via ``st.cache_resource``; views are keyed by the dataset's
fingerprint and the view state, so sessions with different uploads never share results.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import Hierarchy, attribution, load_layer
from ikzmap import assets, mapdata, mapspec, mapview
from ikzmap.atlas import AtlasData
from ikzmap.budget import default_budget_status
from ikzmap.published import Published, load_published
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState

DEFAULT_FINGERPRINT = "standard"


@st.cache_resource(show_spinner=False)
def hierarchy() -> Hierarchy:
    return Hierarchy.load()


@st.cache_resource(show_spinner=False)
def published() -> Published:
    return load_published()


@st.cache_resource(show_spinner=False)
def budget_status() -> pd.DataFrame:
    return default_budget_status()


@st.cache_resource(show_spinner=False)
def _collection(level: str) -> dict:
    table = mapdata.unit_table(hierarchy(), level)
    return mapdata.feature_collection(load_layer(level), table, ["label", "type"])


@st.cache_resource(show_spinner=False)
def geometry_text(level: str) -> str:
    """The level's geometry as script-safe GeoJSON text (serialised once per process)."""
    return mapview.geometry_json(_collection(level))


@st.cache_resource(show_spinner=False)
def geometry_url(level: str) -> str:
    """URL of the level's geometry in the static folder (written once per content)."""
    return assets.publish_static("geo", f"nrw_{level}", geometry_text(level))


@st.cache_resource(show_spinner=False)
def static_folder_writable() -> bool:
    """Checked once per process (a write probe); a failure is not cached, so the start-up
    message stays until the folder is fixed."""
    assets.require_static_writable()
    return True


@st.cache_resource(show_spinner=False)
def geo_attribution() -> str:
    return attribution()


@st.cache_resource(show_spinner=False)
def default_atlas() -> AtlasData:
    return AtlasData.default(DEFAULT_FINGERPRINT)


@st.cache_resource(show_spinner=False, max_entries=64)
def view(_atlas: AtlasData, fingerprint: str, state: ViewState) -> MapView:
    """The classified view (``fingerprint`` keys the cache for ``_atlas``)."""
    return build_view(_atlas, state)


@st.cache_resource(show_spinner=False)
def module_url() -> str:
    """URL of the map's browser module in the static folder (content-hashed name)."""
    return assets.publish_static("web", "ikzmap-map", mapview.module_text(), ".js")


@st.cache_resource(show_spinner=False, max_entries=64)
def map_spec(
    _view: MapView, fingerprint: str, state: ViewState, basemap: bool
) -> tuple[dict[str, object], str]:
    """The view's map spec and its id (``fingerprint`` and ``state`` key the cache)."""
    spec = mapspec.map_spec(
        _view, geo_attribution(), geometry_url=geometry_url(state.level), basemap=basemap
    )
    return spec, mapspec.spec_id(spec)
