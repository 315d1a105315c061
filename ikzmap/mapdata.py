"""Map-ready data per level: the boundary layer joined with hierarchy and survey coverage."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Final

import geopandas as gpd
import pandas as pd

from geo import LEVELS, Hierarchy, load_layer
from ikzmap.survey import coverage


def unit_table(hierarchy: Hierarchy, level: str) -> pd.DataFrame:
    """Units of a level with label, type and survey status (index: key)."""
    units = hierarchy.level(level)
    cov = coverage(hierarchy).loc[units.index]
    return units[["label", "type", "kreis", "rbz", "status"]].assign(
        surveyed=cov["surveyed"], erhebung=cov["label"], erhebung_grund=cov["reason"]
    )


def feature_collection(layer: gpd.GeoDataFrame, table: pd.DataFrame, columns: list[str]) -> dict:
    """GeoJSON FeatureCollection (dict) with ``id`` = key and the chosen table columns."""
    joined = layer[["ags", "geometry"]].join(table[columns], on="ags")
    collection = json.loads(joined.to_json(na="null", drop_id=True))
    for feature in collection["features"]:
        feature["id"] = feature["properties"]["ags"]
    return collection


UNIT_COLUMNS: Final = ["label", "type"]  # the properties every map's features carry


@lru_cache(maxsize=len(LEVELS))
def level_collection(level: str) -> dict:
    """The level's boundaries with each unit's official name and type: built once per
    process and shared by the app's map, the HTML export and the static atlas (read-only)."""
    layer = load_layer(level)
    return feature_collection(layer, layer.set_index("ags")[UNIT_COLUMNS], UNIT_COLUMNS)


def features_by_key(collection: dict) -> dict[str, dict]:
    return {f["properties"]["ags"]: f for f in collection["features"]}


__all__ = ["feature_collection", "features_by_key", "level_collection", "unit_table"]
