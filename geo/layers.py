"""Load the derived NRW boundary layers shipped in ``data/boundaries``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from geo.errors import GeoError

BOUNDARY_DIR: Final = Path(__file__).resolve().parent.parent / "data" / "boundaries"
LEVELS: Final = ("rbz", "kreis", "gemeinde")
LEVEL_NAMES: Final = {"rbz": "Regierungsbezirke", "kreis": "Kreise", "gemeinde": "Gemeinden"}
LAYER_FILES: Final = {
    "rbz": "nrw_regierungsbezirke.geojson",
    "kreis": "nrw_kreise.geojson",
    "gemeinde": "nrw_gemeinden.geojson",
}
METADATA_FILE: Final = "build.json"
REQUIRED_COLUMNS: Final = {
    "rbz": ("ags", "name", "label", "type"),
    "kreis": ("ags", "name", "label", "type", "rbz"),
    "gemeinde": ("ags", "name", "label", "type", "kreis", "rbz"),
}
# South-west and north-east corners (lat, lon) around every boundary of the layers.
NRW_BOUNDS: Final = ((50.32, 5.87), (52.53, 9.46))


class BoundaryDataError(GeoError):
    """A boundary file is missing or unreadable; the message names the file (German)."""


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; valid levels: {', '.join(LEVELS)}")
    return level


def layer_path(level: str, directory: Path = BOUNDARY_DIR) -> Path:
    return directory / LAYER_FILES[check_level(level)]


def _shown(path: Path) -> str:
    """The file as messages name it: folder and name, never the server's full path."""
    return f"{path.parent.name}/{path.name}"


def _check_readable(path: Path) -> None:
    if not path.is_file():
        raise BoundaryDataError(f"Datei fehlt: {path.name} (erwartet in {path.parent.name}/).")
    try:
        with open(path, "rb"):
            pass
    except OSError as err:
        raise BoundaryDataError(
            f"Datei ist nicht lesbar: {_shown(path)} (Der Dienstbenutzer der App braucht "
            "Leserechte auf data/.)"
        ) from err


def _read(path: Path, **kwargs) -> pd.DataFrame:
    _check_readable(path)
    try:
        return pyogrio.read_dataframe(path, **kwargs)
    except (DataSourceError, DataLayerError) as err:  # GDAL's errors for broken files
        detail = str(err).replace(str(path), path.name)  # GDAL names the full path
        raise BoundaryDataError(
            f"Datei ist beschädigt oder unlesbar: {_shown(path)} ({detail})."
        ) from err


def _complete(frame: pd.DataFrame, path: Path, level: str) -> pd.DataFrame:
    """``frame`` if it has units and the attribute columns of its level."""
    missing = [c for c in REQUIRED_COLUMNS[level] if c not in frame.columns]
    if frame.empty or missing:
        what = "keine Einheiten" if frame.empty else f"Spalte(n) fehlen: {', '.join(missing)}"
        raise BoundaryDataError(f"Datei ist unvollständig: {path.name} ({what}).")
    return frame


def load_layer(level: str, directory: Path = BOUNDARY_DIR) -> gpd.GeoDataFrame:
    """The layer as a GeoDataFrame in WGS84, keys as strings, sorted by key."""
    path = layer_path(level, directory)
    return _complete(_read(path), path, level).sort_values("ags", ignore_index=True)


def load_attributes(level: str, directory: Path = BOUNDARY_DIR) -> pd.DataFrame:
    """The layer's attribute table without geometry (fast)."""
    path = layer_path(level, directory)
    frame = _complete(_read(path, read_geometry=False), path, level)
    return pd.DataFrame(frame).sort_values("ags", ignore_index=True)


@lru_cache(maxsize=4)
def load_metadata(directory: Path = BOUNDARY_DIR) -> dict:
    """Source, licence, Gebietsstand and attribution of the boundary build."""
    path = directory / METADATA_FILE
    _check_readable(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BoundaryDataError(
            f"Datei ist beschädigt oder unlesbar: {path.name} ({err})."
        ) from err


def attribution(directory: Path = BOUNDARY_DIR) -> str:
    """Attribution line for maps and exports, e.g. "© GeoBasis-DE / BKG 2016"."""
    metadata = load_metadata(directory)
    text = metadata.get("attribution") if isinstance(metadata, dict) else None
    if not isinstance(text, str) or not text:
        raise BoundaryDataError(
            f"Datei ist unvollständig: {METADATA_FILE} (Eintrag „attribution“ fehlt)."
        )
    return text
