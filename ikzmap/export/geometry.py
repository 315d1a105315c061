"""Boundaries prepared once per level for static maps: projected to EPSG:25832 (metres).

Projection, matplotlib paths and label anchors are computed on first use and cached for the
process, so a snapshot request never re-reads or re-projects a layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import shapely
from matplotlib.path import Path

from geo import load_layer

CRS: Final = "EPSG:25832"  # ETRS89 / UTM 32N: the official metric CRS of NRW
LABEL_TOLERANCE_M: Final = 250.0


@dataclass(frozen=True, eq=False)
class LevelGeometry:
    level: str
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    paths: tuple[Path, ...]
    bounds: np.ndarray  # (n, 4): minx, miny, maxx, maxy in metres
    areas: np.ndarray  # (n,) square metres
    geometries: np.ndarray  # shapely geometries in EPSG:25832
    positions: dict[str, int]  # key -> row

    @property
    def total_bounds(self) -> tuple[float, float, float, float]:
        b = self.bounds
        return (
            float(b[:, 0].min()),
            float(b[:, 1].min()),
            float(b[:, 2].max()),
            float(b[:, 3].max()),
        )

    def index(self, key: str) -> int | None:
        return self.positions.get(key)


def _ring_arrays(geometry) -> tuple[list[np.ndarray], list[np.ndarray]]:
    vertices, codes = [], []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.asarray(ring.coords)[:, :2]
            code = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
            code[0], code[-1] = Path.MOVETO, Path.CLOSEPOLY
            vertices.append(coords)
            codes.append(code)
    return vertices, codes


def to_path(geometry) -> Path:
    """A compound matplotlib path of a (multi)polygon; holes stay holes (even-odd)."""
    vertices, codes = _ring_arrays(geometry)
    return Path(np.concatenate(vertices), np.concatenate(codes), readonly=True)


@lru_cache(maxsize=3)
def level_geometry(level: str) -> LevelGeometry:
    layer = load_layer(level).to_crs(CRS)
    geoms = np.asarray(layer.geometry.values, dtype=object)
    return LevelGeometry(
        level=level,
        keys=tuple(layer["ags"]),
        labels=tuple(layer["label"]),
        paths=tuple(to_path(g) for g in geoms),
        bounds=shapely.bounds(geoms),
        areas=shapely.area(geoms),
        geometries=geoms,
        positions={key: i for i, key in enumerate(layer["ags"])},
    )


def _largest_part(geometry):
    parts = getattr(geometry, "geoms", None)
    return max(parts, key=lambda p: p.area) if parts else geometry


@lru_cache(maxsize=3)
def label_anchors(level: str) -> np.ndarray:
    """(n, 2) label points: pole of inaccessibility of each unit's largest part."""
    from shapely.ops import polylabel

    points = [
        polylabel(_largest_part(g), tolerance=LABEL_TOLERANCE_M)
        for g in level_geometry(level).geometries
    ]
    return np.array([(p.x, p.y) for p in points])
