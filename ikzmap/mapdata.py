"""Map-ready data per level: the boundary layer joined with hierarchy and survey coverage."""

from __future__ import annotations

import json
from typing import Final

import geopandas as gpd
import pandas as pd

from geo import LEVELS, Hierarchy
from ikzmap.survey import coverage

NOT_SURVEYED_FILL: Final = "#d9d9d9"
SURVEYED_FILL: Final = "#c6dbef"
NOT_SURVEYED_NOTE: Final = "nicht erhoben"


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


def survey_styles(table: pd.DataFrame) -> dict[str, dict]:
    """Base styles: surveyed units blue, not surveyed grey and dashed."""
    return {
        key: (
            {"fillColor": SURVEYED_FILL, "color": "#4d4d4d", "weight": 0.8, "fillOpacity": 0.85}
            if surveyed
            else {
                "fillColor": NOT_SURVEYED_FILL,
                "color": "#737373",
                "weight": 0.8,
                "dashArray": "3 3",
                "fillOpacity": 0.85,
            }
        )
        for key, surveyed in table["surveyed"].items()
    }


__all__ = ["LEVELS", "feature_collection", "features_by_key", "survey_styles", "unit_table"]
