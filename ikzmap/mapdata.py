"""Map-ready data per level: the boundary layer joined with hierarchy and survey coverage."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from geo import Hierarchy
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


def features_by_key(collection: dict) -> dict[str, dict]:
    return {f["properties"]["ags"]: f for f in collection["features"]}


__all__ = ["feature_collection", "features_by_key", "unit_table"]
