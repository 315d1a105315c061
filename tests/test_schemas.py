"""The tables that flow between the stages keep their pandera contracts (ikzmap.schemas)."""

import pandas as pd
import pandera.pandas as pa
import pytest

from ikzmap.aggregate import aggregate
from ikzmap.indicators import INDICATORS
from ikzmap.provenance import Provenance
from ikzmap.schemas import check_aggregates, check_dataset, check_view_table
from ikzmap.status import Status, status_label
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState
from tests.factories import make_dataset


def test_default_dataset_fits_its_schema(atlas):
    check_dataset(atlas.ikz.values, atlas.ikz.level)


def test_uploaded_gemeinde_dataset_with_kreis_own_values_fits(hierarchy):
    dataset = make_dataset({"05562004": 3, "05562": 1})
    check_dataset(dataset.values, "gemeinde")


@pytest.mark.parametrize(
    ("change", "level"),
    [
        (lambda v: v.assign(count=v["count"] * -1), "kreis"),  # negative counts
        (lambda v: v.assign(provenance="geschätzt"), "kreis"),  # no provenance of ours
        (lambda v: v.rename(index={v.index[0]: "05562032"}), "kreis"),  # a Gemeinde key
        (lambda v: v.rename(index={v.index[0]: "06412"}), "kreis"),  # Hessen
        (lambda v: v.assign(extra=1), "kreis"),  # a column no stage knows
        (lambda v: v.assign(range_lo=v["range_hi"] + 1), "kreis"),  # an empty range
        (lambda v: v, "rbz"),  # Kreis keys in an RBz dataset
    ],
)
def test_broken_dataset_fails(atlas, change, level):
    with pytest.raises(pa.errors.SchemaErrors):
        check_dataset(change(atlas.ikz.values.copy()), level)


def test_default_aggregates_fit_their_schema(atlas, hierarchy):
    check_aggregates(aggregate(atlas.ikz, hierarchy).tables)


def test_gemeinde_aggregates_fit_their_schema(hierarchy):
    dataset = make_dataset({"05562004": 3, "05562": 1, "05111000": 2, "05554004": 0})
    check_aggregates(aggregate(dataset, hierarchy).tables)


def _with(table: pd.DataFrame, key: str, column: str, value: object) -> pd.DataFrame:
    table = table.copy()
    table[column] = table[column].astype(object)
    table.at[key, column] = value
    return table


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("status", "Wert"),  # a label where the status code belongs
        ("provenance", "irgendwoher"),
        ("count", -1),
        ("name", ""),
    ],
)
def test_broken_aggregate_fails(atlas, hierarchy, column, value):
    tables = dict(aggregate(atlas.ikz, hierarchy).tables)
    tables["kreis"] = _with(tables["kreis"], "05562", column, value)
    with pytest.raises(pa.errors.SchemaErrors):
        check_aggregates(tables)


def test_aggregate_value_without_count_fails(atlas, hierarchy):
    tables = dict(aggregate(atlas.ikz, hierarchy).tables)
    kreis = tables["kreis"].copy()
    kreis.loc["05562", "count"] = pd.NA
    tables["kreis"] = kreis
    with pytest.raises(pa.errors.SchemaErrors, match="status VALUE has a count"):
        check_aggregates(tables)


def test_aggregate_of_the_wrong_level_fails(atlas, hierarchy):
    tables = dict(aggregate(atlas.ikz, hierarchy).tables)
    tables["rbz"] = tables["kreis"]
    with pytest.raises(pa.errors.SchemaErrors):
        check_aggregates(tables)


VIEWS = [(i.id, level) for i in INDICATORS.values() for level in i.levels]


@pytest.mark.parametrize(("indicator", "level"), VIEWS)
def test_default_view_tables_fit_their_schema(atlas, indicator, level):
    view = build_view(atlas, ViewState(level=level, indicator=indicator))
    check_view_table(view.table)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("status", "nicht erhoben"),  # the label, not the status
        ("provenance", "geraten"),
        ("color", "red"),
        ("display", None),
        ("klasse", -1),
    ],
)
def test_broken_view_table_fails(atlas, column, value):
    table = build_view(atlas, ViewState(level="kreis", indicator="ikz_count")).table
    with pytest.raises(pa.errors.SchemaErrors):
        check_view_table(_with(table, "05562", column, value))


def test_view_table_with_a_class_for_a_unit_without_value_fails(atlas):
    table = build_view(atlas, ViewState(level="kreis", indicator="ikz_count")).table.copy()
    assert table.at["05111", "status"] == Status.NOT_SURVEYED
    table.loc["05111", "klasse"] = 0
    with pytest.raises(pa.errors.SchemaErrors, match="classes only for status VALUE"):
        check_view_table(table)


def test_provenance_labels_are_the_codes_for_saved_data():
    assert [p.label for p in Provenance] == [p.value for p in Provenance]


def test_status_codes_and_their_german_labels():
    assert [s.label for s in Status] == ["Wert", "keine Daten", "nicht erhoben"]
    assert status_label("not_surveyed") == status_label(Status.NOT_SURVEYED) == "nicht erhoben"
    with pytest.raises(ValueError):
        status_label("nicht erhoben")  # a label is no status
