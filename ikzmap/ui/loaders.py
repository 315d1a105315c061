"""Cached loaders: an interaction never redoes I/O or serialisation."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from geo import Hierarchy, attribution, load_layer
from ikzmap import mapdata

MAP_COLUMNS = ["label", "type", "erhebung"]


@st.cache_resource(show_spinner=False)
def hierarchy() -> Hierarchy:
    return Hierarchy.load()


@st.cache_resource(show_spinner=False)
def layer(level: str) -> gpd.GeoDataFrame:
    return load_layer(level)


@st.cache_resource(show_spinner=False)
def unit_table(level: str):
    return mapdata.unit_table(hierarchy(), level)


@st.cache_resource(show_spinner=False)
def collection(level: str) -> dict:
    """The level's GeoJSON with display properties (shared, read-only)."""
    return mapdata.feature_collection(layer(level), unit_table(level), MAP_COLUMNS)


@st.cache_resource(show_spinner=False)
def features_by_key(level: str) -> dict[str, dict]:
    return mapdata.features_by_key(collection(level))


@st.cache_resource(show_spinner=False)
def geo_attribution() -> str:
    return attribution()
