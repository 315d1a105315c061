"""The feasible range of a modelled value wherever the value appears: tooltip, detail
panel, table, data files, notices; none for published values or uploads."""

import io
import json

import pandas as pd
import pytest

from ikzmap import details
from ikzmap.export import data as export_data
from ikzmap.mapspec import unit_specs
from ikzmap.model import read_default_csv
from ikzmap.tables import level_table
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState
from tests.factories import make_dataset

BORKEN, RECKLINGHAUSEN = "05554", "05562"


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return read_default_csv()


@pytest.fixture(scope="module")
def borken_range(committed) -> str:
    lo, hi = committed.loc[BORKEN, ["range_lo", "range_hi"]]
    return f"{lo}–{hi}"


def _view(atlas, indicator="ikz_count", level="kreis"):
    return build_view(atlas, ViewState(level=level, indicator=indicator))


def _origin(view, key: str) -> str:
    """The tooltip's "Herkunft" text of a unit, as the map spec carries it."""
    return unit_specs(view)[key][3]


def test_tooltip_names_the_range(atlas, borken_range):
    assert (
        _origin(_view(atlas), BORKEN)
        == f"modelliert; mit den veröffentlichten Zahlen vereinbar: {borken_range}"
    )


def test_published_kreis_has_no_range(atlas):
    assert _origin(_view(atlas), RECKLINGHAUSEN) == "veröffentlicht"
    assert details.range_text(details.ikz_facts(atlas, RECKLINGHAUSEN)) is None


def test_detail_facts_carry_the_range(atlas, committed, borken_range):
    facts = details.ikz_facts(atlas, BORKEN)
    assert facts.count == committed.at[BORKEN, "count"]
    assert facts.range_lo <= facts.count <= facts.range_hi
    assert details.range_text(facts) == (
        f"mit den veröffentlichten Zahlen vereinbar: {borken_range}"
    )


@pytest.mark.parametrize("indicator", ["ikz_per_unit", "ikz_per_10k"])
def test_rates_scale_the_range_like_the_value(atlas, committed, indicator):
    table = _view(atlas, indicator).table
    count = committed.at[BORKEN, "count"]
    factor = float(table.at[BORKEN, "value"]) / count
    assert float(table.at[BORKEN, "range_lo"]) == pytest.approx(
        committed.at[BORKEN, "range_lo"] * factor
    )
    assert float(table.at[BORKEN, "range_hi"]) == pytest.approx(
        committed.at[BORKEN, "range_hi"] * factor
    )


def test_bivariate_range_says_it_is_the_ikz_half(atlas):
    assert "IKZ mit den veröffentlichten Zahlen vereinbar" in _origin(
        _view(atlas, "bivariate"), BORKEN
    )


def test_table_has_two_range_columns(atlas, committed):
    table = level_table(_view(atlas))
    assert table.at[BORKEN, "Bereich von"] == committed.at[BORKEN, "range_lo"]
    assert table.at[BORKEN, "Bereich bis"] == committed.at[BORKEN, "range_hi"]
    assert pd.isna(table.at[RECKLINGHAUSEN, "Bereich von"])
    assert pd.isna(table.at["05111", "Bereich von"])  # kreisfreie Stadt: not surveyed


def test_csv_and_geojson_carry_the_range(atlas, committed):
    view = _view(atlas)
    csv = pd.read_csv(io.BytesIO(export_data.csv_bytes(view)), sep=";", dtype={"Schlüssel": str})
    row = csv.set_index("Schlüssel").loc[BORKEN]
    assert (row["Bereich von"], row["Bereich bis"]) == tuple(
        committed.loc[BORKEN, ["range_lo", "range_hi"]]
    )
    doc = json.loads(export_data.geojson_bytes(view))
    props = next(
        f["properties"] for f in doc["features"] if f["properties"]["schluessel"] == BORKEN
    )
    assert props["bereich_von"] == committed.at[BORKEN, "range_lo"]
    assert "bereich_bis" in doc["metadata"]["felder"]
    assert props["einwohner_herkunft"] == "amtlich"


def test_kreis_map_notice_gives_the_span_of_the_ranges(atlas):
    notices = " ".join(_view(atlas).notices)
    assert "Spannen:" in notices and "Bereich von" in notices
    assert "Spannen:" not in " ".join(_view(atlas, level="rbz").notices)


def test_upload_has_no_range(hierarchy, atlas):
    from ikzmap.atlas import AtlasData

    uploaded = AtlasData.build(
        hierarchy, make_dataset({BORKEN: 300}, level="kreis"), atlas.budget_status
    )
    view = _view(uploaded)
    assert "range_lo" not in view.table
    assert "Bereich von" not in level_table(view)
    assert "vereinbar" not in _origin(view, BORKEN)
