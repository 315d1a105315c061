"""Geodata of North Rhine-Westphalia: boundary layers, keys, hierarchy. Knows nothing of IKZ."""

from geo.errors import GeoError
from geo.hierarchy import KREISANGEHOERIG, KREISFREI, Hierarchy
from geo.keys import (
    InvalidKeyError,
    is_canonical,
    is_within,
    kreis_of,
    level_of,
    normalize_key,
    rbz_of,
)
from geo.layers import (
    BOUNDARY_DIR,
    LEVEL_NAMES,
    LEVELS,
    NRW_BOUNDS,
    BoundaryDataError,
    attribution,
    load_attributes,
    load_layer,
    load_metadata,
)

__all__ = [
    "BOUNDARY_DIR",
    "KREISANGEHOERIG",
    "KREISFREI",
    "LEVELS",
    "LEVEL_NAMES",
    "NRW_BOUNDS",
    "BoundaryDataError",
    "GeoError",
    "Hierarchy",
    "InvalidKeyError",
    "attribution",
    "is_canonical",
    "is_within",
    "kreis_of",
    "level_of",
    "load_attributes",
    "load_layer",
    "load_metadata",
    "normalize_key",
    "rbz_of",
]
