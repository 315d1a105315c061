"""The build on a tiny synthetic package tarball: deterministic, land parts kept, checked."""

import io
import itertools
import json
import tarfile

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import mapping

from geo import build
from geo.coverage import gap_areas, overlap_areas, simplify_coverage
from geo.layers import LAYER_FILES, METADATA_FILE


def _zigzag_squares(n: int = 2, size: float = 20_000.0, teeth: int = 40) -> list[shapely.Polygon]:
    """An n x n grid of squares (EPSG:25832) whose shared edges are finely jagged."""

    def edge(p0, p1):
        t = np.linspace(0, 1, teeth + 1)
        pts = np.outer(1 - t, p0) + np.outer(t, p1)
        normal = np.array([p0[1] - p1[1], p1[0] - p0[0]]) / np.hypot(*(np.subtract(p1, p0)))
        # deterministic irregular wiggle; both neighbours use exactly this line
        seed = int(abs(p0[0] * 7 + p0[1] * 3 + p1[0] + p1[1])) % 2**32
        wiggle = np.random.default_rng(seed).uniform(-200.0, 200.0, teeth + 1)
        wiggle[[0, -1]] = 0
        return pts + np.outer(wiggle, normal)

    x0, y0 = 350_000.0, 5_700_000.0
    nodes = {(i, j): (x0 + i * size, y0 + j * size) for i in range(n + 1) for j in range(n + 1)}
    edges = {}
    for (i, j), p in nodes.items():
        for di, dj in ((1, 0), (0, 1)):
            q = (i + di, j + dj)
            if q in nodes:
                edges[((i, j), q)] = edge(np.array(p), np.array(nodes[q]))

    def path(a, b):
        return edges[(a, b)] if (a, b) in edges else edges[(b, a)][::-1]

    squares = []
    for i in range(n):
        for j in range(n):
            ring = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
            coords = np.vstack([path(a, b)[:-1] for a, b in itertools.pairwise(ring)])
            squares.append(shapely.Polygon(coords))
    return squares


def _feature(rs, name, bez, geom, gf=4, wsk="2015/01/01"):
    props = {
        "RS": rs,
        "AGS": rs[:5] + rs[9:] if len(rs) == 12 else rs,
        "GEN": name,
        "BEZ": bez,
        "GF": gf,
        "WSK": wsk,
    }
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def _wgs(geoms):
    return gpd.GeoSeries(geoms, crs="EPSG:25832").to_crs(4326).values


@pytest.fixture
def tarball(tmp_path):
    squares = _wgs(_zigzag_squares())
    k1 = shapely.union_all(squares[:2])
    k2 = shapely.union_all(squares[2:])
    rbz = shapely.union_all(squares)
    gem = [
        _feature("055620001001", "Aa", "Stadt", squares[0]),
        _feature("055620002002", "Bb", "Gemeinde", squares[1]),
        _feature("055660003003", "Cc", "Gemeinde", squares[2]),
    ]
    water = shapely.box(*shapely.bounds(squares[3]))
    gem.append(
        {
            "type": "FeatureCollection",
            "features": [
                _feature("055660004004", "Dd", "Stadt", squares[3], wsk="2016/01/01"),
                _feature("055660004004", "Dd", "Stadt", water, gf=2),
            ],
        }
    )
    gem.append(_feature("091620000000", "München", "Kreisfreie Stadt", squares[0]))
    layers = {
        "package/gemeinden.geo.json": gem,
        "package/kreise.geo.json": [
            _feature("05562", "Recklinghausen", "Kreis", k1),
            _feature("05566", "Steinfurt", "Kreis", k2),
        ],
        "package/regierungsbezirke.geo.json": [_feature("055", "Münster", "Regierungsbezirk", rbz)],
    }
    path = tmp_path / "pkg.tgz"
    with tarfile.open(path, "w:gz") as tar:
        for name, items in layers.items():
            data = json.dumps(items).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _build(tarball, out):
    return build.build(tarball, out, expected_integrity=build.integrity_of(tarball))


def test_build_is_deterministic(tarball, tmp_path):
    _build(tarball, tmp_path / "a")
    _build(tarball, tmp_path / "b")
    for name in [*LAYER_FILES.values(), METADATA_FILE]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_build_keeps_land_parts_and_nrw_only(tarball, tmp_path):
    result = _build(tarball, tmp_path)
    gem = result.layers["gemeinde"]
    assert list(gem["ags"]) == ["05562001", "05562002", "05566003", "05566004"]
    assert list(gem["kreis"]) == ["05562", "05562", "05566", "05566"]
    assert list(result.layers["kreis"]["label"]) == ["Kreis Recklinghausen", "Kreis Steinfurt"]
    assert result.metadata["gebietsstand"] == "2016-01-01"
    assert result.metadata["attribution"] == "© GeoBasis-DE / BKG 2016"


def test_build_output_is_a_clean_coverage(tarball, tmp_path):
    result = _build(tarball, tmp_path)
    for frame in result.layers.values():
        metric = frame.to_crs("EPSG:25832").geometry.values
        assert shapely.is_valid(metric).all()
        assert (overlap_areas(metric) <= 1.0).all()
        assert (gap_areas(metric) <= 1.0).all()


def _t_junction(size: float = 20_000.0, teeth: int = 40) -> list[shapely.Polygon]:
    """A | B over C: the junction of B and C lies inside A's wiggly right side."""
    rng = np.random.default_rng(3)
    y = np.linspace(0, 2 * size, 2 * teeth + 1)
    x = rng.uniform(-200.0, 200.0, y.size)
    x[[0, -1]] = 0
    border = np.column_stack([x, y])  # bottom to top
    mid = teeth
    xs = np.linspace(border[mid, 0], size, teeth + 1)
    ys = size + rng.uniform(-200.0, 200.0, xs.size)
    ys[[0, -1]] = size
    ys[0] = border[mid, 1]
    cut = np.column_stack([xs, ys])  # junction to the right side
    a = np.vstack([border, [(-size, 2 * size), (-size, 0)]])
    b = np.vstack([border[mid:], [(size, 2 * size)], cut[::-1][:-1]])
    c = np.vstack([border[: mid + 1], cut[1:], [(size, 0)]])
    return [shapely.Polygon(p) for p in (a, b, c)]


def test_coverage_simplify_keeps_shared_edges_where_per_polygon_simplify_does_not():
    squares = np.array(_t_junction(), dtype=object)
    assert shapely.is_valid(squares).all()
    assert (overlap_areas(squares) <= 1.0).all() and len(gap_areas(squares)) == 0
    per_polygon = shapely.simplify(squares, 100.0)
    coverage = simplify_coverage(squares, 100.0)
    broken = (overlap_areas(per_polygon) > 1.0).sum() + (gap_areas(per_polygon) > 1.0).sum()
    assert broken > 0
    assert (overlap_areas(coverage) <= 1.0).all()
    assert (gap_areas(coverage) <= 1.0).all()
    assert shapely.get_num_coordinates(coverage).sum() < shapely.get_num_coordinates(squares).sum()


def test_integrity_mismatch_stops_the_build(tarball, tmp_path):
    with pytest.raises(build.BuildError, match="integrity"):
        build.build(tarball, tmp_path, expected_integrity="sha512-AAAA")
    assert not any(tmp_path.glob("*.geojson"))


def test_kreis_label():
    assert build.kreis_label("Städteregion Aachen", "Kreis") == "StädteRegion Aachen"
    assert build.kreis_label("Rhein-Kreis Neuss", "Kreis") == "Rhein-Kreis Neuss"
    assert build.kreis_label("Bonn", "Kreisfreie Stadt") == "Bonn"
