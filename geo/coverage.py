"""Topology-preserving simplification of a polygon coverage and its checks."""

from __future__ import annotations

import numpy as np
import shapely
from shapely import STRtree


def simplify_coverage(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify a coverage so that neighbours keep identical shared edges.

    ``geoms`` must be in a projected CRS in metres; ``tolerance`` in metres.
    """
    return shapely.coverage_simplify(np.asarray(geoms), tolerance)


def overlap_areas(geoms: np.ndarray) -> np.ndarray:
    """Areas of all pairwise overlaps between distinct polygons (may be empty)."""
    geoms = np.asarray(geoms)
    left, right = STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    if not pairs.any():
        return np.zeros(0)
    inter = shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])
    return shapely.area(inter)


def gap_areas(geoms: np.ndarray) -> np.ndarray:
    """Areas of the holes of the union that no polygon fills (gaps, slivers)."""
    union = shapely.union_all(np.asarray(geoms))
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    return shapely.area(np.asarray(holes, dtype=object)) if holes else np.zeros(0)


def dissolve_coverage(geoms: np.ndarray, groups: np.ndarray) -> dict[str, shapely.Geometry]:
    """Union the polygons of a valid coverage per group key (fast, exact on shared edges)."""
    geoms = np.asarray(geoms)
    groups = np.asarray(groups)
    return {str(key): shapely.coverage_union_all(geoms[groups == key]) for key in np.unique(groups)}
