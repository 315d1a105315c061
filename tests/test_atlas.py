"""AtlasData: the default atlas, and an upload's atlas made from it (``with_ikz``), which
must equal a full build while sharing the parts the upload does not change."""

from pathlib import Path

import pandas as pd
import pytest

from geo import LEVELS
from ikzmap.atlas import AtlasData
from ikzmap.upload import read_upload
from tests.factories import make_dataset

UPLOADS = Path(__file__).parent / "data" / "uploads"


def _upload(name: str, hierarchy):
    path = UPLOADS / name
    result = read_upload(path.read_bytes(), path.name, hierarchy)
    assert result.ok
    return result


def _assert_same(fast: AtlasData, full: AtlasData) -> None:
    assert fast.fingerprint == full.fingerprint
    assert fast.ikz is full.ikz
    assert fast.aggregates.tables.keys() == full.aggregates.tables.keys()
    for level, table in full.aggregates.tables.items():
        pd.testing.assert_frame_equal(fast.aggregates.tables[level], table)
    for level in full.budget:
        pd.testing.assert_frame_equal(fast.budget[level], full.budget[level])
    for level in LEVELS:
        pd.testing.assert_frame_equal(fast.units[level], full.units[level])
        pd.testing.assert_frame_equal(fast.population_at(level), full.population_at(level))
    pd.testing.assert_series_equal(fast.population.values, full.population.values)
    pd.testing.assert_frame_equal(fast.budget_status, full.budget_status)


@pytest.mark.parametrize(
    "name", ["gemeinden_cp1252_semikolon.csv", "kreise_utf8bom_komma.csv", "regierungsbezirke.csv"]
)
def test_an_upload_atlas_equals_a_full_build(atlas, hierarchy, name):
    result = _upload(name, hierarchy)
    fast = atlas.with_ikz(result.dataset, result.population, "upload-1")
    full = AtlasData.build(
        hierarchy, result.dataset, atlas.budget_status, result.population, "upload-1"
    )
    _assert_same(fast, full)
    assert not fast.is_default


def test_an_upload_shares_what_it_does_not_change(atlas):
    atlas.population_at("kreis")  # computed before: the upload reads the same frames
    own = atlas.with_ikz(make_dataset({"05562": 400}, level="kreis"), None, "upload-2")
    assert own.units is atlas.units and own.budget is atlas.budget
    assert own.population is atlas.population
    assert own.population_at("kreis") is atlas.population_at("kreis")
    assert own.aggregates is not atlas.aggregates
    assert own.ikz_table("kreis").at["05562", "count"] == 400


def test_uploaded_einwohner_are_not_shared(atlas, hierarchy):
    result = _upload("gemeinden_cp1252_semikolon.csv", hierarchy)
    own = atlas.with_ikz(result.dataset, result.population, "upload-3")
    assert own.population is not atlas.population
    castrop = "05562004"
    assert own.population_at("gemeinde").at[castrop, "einwohner"] == 73_425
    assert atlas.population_at("gemeinde").at[castrop, "einwohner"] != 73_425
    # and an atlas made from the upload's does not take its Einwohner along
    again = own.with_ikz(result.dataset, None, "upload-4")
    pd.testing.assert_frame_equal(again.population_at("kreis"), atlas.population_at("kreis"))


def test_only_the_embedded_data_are_the_default(atlas):
    assert atlas.is_default
    assert not AtlasData.build(atlas.hierarchy, atlas.ikz, atlas.budget_status).is_default
