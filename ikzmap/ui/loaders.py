"""Cached loaders: an interaction never redoes I/O, aggregation or serialisation.

Read-only objects are shared via ``st.cache_resource``. Caches take an atlas or a view as
an argument and key it by what it is made from (:data:`HASH_FUNCS`: the dataset's
fingerprint, and the view state), so sessions with different uploads never share results
and no cache hashes a data frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import streamlit as st

from geo import Hierarchy, attribution
from ikzmap import assets, details, mapdata, mapspec, mapview
from ikzmap.atlas import AtlasData
from ikzmap.consistency import Finding, check_atlas
from ikzmap.published import Published, load_published
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState


def _atlas_identity(atlas: AtlasData) -> str:
    return atlas.fingerprint


def _view_identity(view: MapView) -> tuple[str, ViewState]:
    return view.identity


# For every cache decorator with an atlas or view argument.
HASH_FUNCS: Final[dict[type, Callable[[Any], Any]]] = {
    AtlasData: _atlas_identity,
    MapView: _view_identity,
}


@st.cache_resource(show_spinner=False)
def hierarchy() -> Hierarchy:
    return Hierarchy.load()


@st.cache_resource(show_spinner=False)
def published() -> Published:
    return load_published()


@st.cache_resource(show_spinner=False)
def geometry_url(level: str) -> str:
    """URL of the level's geometry in the static folder (serialised and written once per
    process; the map loads it from there)."""
    text = mapview.geometry_json(mapdata.level_collection(level))
    return assets.publish_static("geo", f"nrw_{level}", text)


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
    return AtlasData.default()


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=HASH_FUNCS)
def view(atlas: AtlasData, state: ViewState) -> MapView:
    """The classified view."""
    return build_view(atlas, state)


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=HASH_FUNCS)
def findings(atlas: AtlasData) -> tuple[Finding, ...]:
    """The dataset's comparison with the report, once per dataset (not per rerun)."""
    return check_atlas(atlas, published())


@st.cache_resource(show_spinner=False)
def module_url() -> str:
    """URL of the map's browser module in the static folder (content-hashed name)."""
    return assets.publish_static("web", "ikzmap-map", mapview.module_text(), ".js")


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=HASH_FUNCS)
def map_spec(view: MapView, basemap: bool) -> tuple[dict[str, object], str]:
    """The view's map spec and its id."""
    spec = mapspec.map_spec(
        view, geo_attribution(), geometry_url=geometry_url(view.state.level), basemap=basemap
    )
    return spec, mapspec.spec_id(spec)


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=HASH_FUNCS)
def unit_facts(atlas: AtlasData, key: str) -> details.UnitFacts:
    """The detail panel's facts of a unit, built once per dataset and unit: a click on a
    unit seen before answers without rebuilding them (read-only, shared by sessions)."""
    return details.unit_facts(atlas, published(), key)
