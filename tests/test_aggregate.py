import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikzmap.aggregate import (
    NRW_KEY,
    OUTPUT_COLUMNS,
    AggregationError,
    aggregate,
    is_informational,
    per_unit,
    weakest_provenance,
)
from ikzmap.model import default_kreis_counts
from ikzmap.provenance import Provenance
from ikzmap.status import Status
from ikzmap.survey import surveyed_keys
from tests.factories import cached_hierarchy, make_dataset

P, U, M, OFF = Provenance.PUBLISHED, Provenance.UPLOADED, Provenance.MODELLED, Provenance.OFFICIAL
CASTROP, DATTELN, DORSTEN = "05562004", "05562008", "05562012"
RECKLINGHAUSEN = "05562"


@pytest.fixture
def small(hierarchy):
    """Three Gemeinden of Kreis Recklinghausen (one with 0), the Kreis's own, Düsseldorf."""
    dataset = make_dataset(
        {CASTROP: 5, DATTELN: 0, RECKLINGHAUSEN: 7, "05111000": 3},
        provenance={CASTROP: U, DATTELN: U, RECKLINGHAUSEN: M, "05111000": U},
    )
    return aggregate(dataset, hierarchy)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([P, P], P),
        ([OFF, P], P),
        ([P, U], U),
        ([U, M, P], M),
        (["veröffentlicht", "modelliert"], M),
        ([None, P], P),
        ([], None),
        ([None], None),
    ],
)
def test_weakest_provenance(values, expected):
    assert weakest_provenance(values) == expected


@pytest.mark.parametrize(
    ("key", "count", "status"),
    [
        (CASTROP, 5, Status.VALUE),
        (DATTELN, 0, Status.VALUE),  # 0 is a value, not missing
        (DORSTEN, None, Status.NO_DATA),  # surveyed, no value
        ("05754016", None, Status.NOT_SURVEYED),  # Harsewinkel
        ("05162012", None, Status.NOT_SURVEYED),  # Jüchen
        ("05334002", None, Status.NOT_SURVEYED),  # city of Aachen
        ("05113000", None, Status.NOT_SURVEYED),  # Essen, kreisfrei
        # kreisfrei with a value: kept, but informational only ("nicht erhoben", no rank)
        ("05111000", 3, Status.NOT_SURVEYED),
    ],
)
def test_gemeinde_status(small, key, count, status):
    row = small.level("gemeinde").loc[key]
    assert row["status"] == status
    assert (pd.isna(row["count"]) and count is None) or row["count"] == count


def test_output_shape(small, hierarchy):
    assert small.levels == ("gemeinde", "kreis", "rbz", "nrw")
    sizes = {"gemeinde": 396, "kreis": 53, "rbz": 5, "nrw": 1}
    for level, size in sizes.items():
        table = small.level(level)
        assert list(table.columns) == list(OUTPUT_COLUMNS)
        assert len(table) == size
        assert table["count"].dtype == "Int64"
    assert small.level("kreis").at[RECKLINGHAUSEN, "name"] == hierarchy.label(RECKLINGHAUSEN)


def test_kreis_sums_own_and_gemeinden(small):
    row = small.level("kreis").loc[RECKLINGHAUSEN]
    assert row["count"] == 12
    assert row["status"] == Status.VALUE
    assert (row["contributors"], row["surveyed"], row["missing"]) == (3, 11, 8)
    assert row["provenance"] == M  # the Kreis's own value is modelled
    assert row["per_unit"] == pytest.approx(12 / 11)


@pytest.mark.parametrize(
    ("key", "status"),
    [("05113", Status.NOT_SURVEYED), ("05754", Status.NO_DATA), ("05111", Status.NOT_SURVEYED)],
)
def test_kreis_status(small, key, status):
    assert small.level("kreis").at[key, "status"] == status


def test_kreisfreie_stadt_with_value_has_per_unit(small):
    row = small.level("kreis").loc["05111"]
    assert (row["count"], row["surveyed"], row["contributors"]) == (3, 0, 1)
    assert row["per_unit"] == 3


def test_rbz_and_nrw(small):
    rbz = small.level("rbz")
    assert rbz.at["055", "count"] == 12
    # Düsseldorf was not surveyed: its uploaded value stays at its own level only
    assert small.level("kreis").at["05111", "count"] == 3
    assert pd.isna(rbz.at["051", "count"]) and rbz.at["051", "status"] == Status.NO_DATA
    assert rbz.at["053", "status"] == Status.NO_DATA
    assert pd.isna(rbz.at["053", "count"]) and rbz.at["053", "provenance"] is None
    nrw = small.level("nrw").loc[NRW_KEY]
    assert (nrw["count"], nrw["provenance"], nrw["surveyed"]) == (12, M, 402)
    assert small.total == 12


def test_all_uploaded_stays_uploaded(hierarchy):
    agg = aggregate(make_dataset({CASTROP: 1, DATTELN: 2}, provenance=U), hierarchy)
    assert agg.level("kreis").at[RECKLINGHAUSEN, "provenance"] == U
    assert agg.level("nrw").at[NRW_KEY, "provenance"] == U


def test_empty_dataset_has_no_data_anywhere(hierarchy):
    agg = aggregate(make_dataset({}), hierarchy)
    assert agg.total is None
    assert agg.level("nrw").at[NRW_KEY, "status"] == Status.NO_DATA
    statuses = set(agg.level("kreis")["status"])
    assert statuses == {Status.NO_DATA, Status.NOT_SURVEYED}


def test_kreis_level_model(hierarchy):
    agg = aggregate(default_kreis_counts(hierarchy), hierarchy)
    assert agg.levels == ("kreis", "rbz", "nrw")
    kreis = agg.level("kreis")
    assert kreis.at["05562", "contributors"] == kreis.at["05562", "surveyed"] == 11
    assert kreis.at["05562", "provenance"] == P
    assert kreis.at["05562", "per_unit"] == pytest.approx(453 / 11)
    assert kreis.at["05111", "status"] == Status.NOT_SURVEYED
    assert agg.level("rbz").at["055", "count"] == 1540
    assert agg.level("rbz").at["055", "provenance"] == M
    assert agg.total == 6250
    assert agg.level("nrw").at[NRW_KEY, "contributors"] == 402
    assert per_unit(agg, "nrw")[NRW_KEY] == pytest.approx(6250 / 402)


def test_rbz_level_dataset(hierarchy):
    agg = aggregate(make_dataset({"055": 1540, "051": 826}, level="rbz", provenance=P), hierarchy)
    assert agg.levels == ("rbz", "nrw")
    assert agg.level("rbz").at["053", "status"] == Status.NO_DATA
    assert agg.level("rbz").at["055", "contributors"] == 80
    assert agg.total == 2366
    with pytest.raises(KeyError):
        agg.level("kreis")


@pytest.mark.parametrize(
    ("level", "key"),
    [
        ("gemeinde", "05111"),  # kreisfreie Stadt by Kreis key: use its Gemeinde key
        ("gemeinde", "05999000"),
        ("gemeinde", "055"),
        ("kreis", "05562004"),
        ("rbz", "05562"),
    ],
)
def test_keys_that_do_not_fit_the_level(hierarchy, level, key):
    with pytest.raises(AggregationError, match=key):
        aggregate(make_dataset({key: 1}, level=level), hierarchy)


def test_negative_counts_are_rejected(hierarchy):
    with pytest.raises(AggregationError, match="negative"):
        aggregate(make_dataset({CASTROP: -1}), hierarchy)


# --- property: aggregation conserves totals ------------------------------------------

_BASE = cached_hierarchy().units
_REPORTING = sorted(
    _BASE.index[
        (_BASE["level"] == "gemeinde")
        | ((_BASE["level"] == "kreis") & (_BASE["status"] == "kreisangehörig"))
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(_REPORTING), st.integers(min_value=0, max_value=500), max_size=60
    )
)
def test_aggregation_conserves_totals(counts):
    hierarchy = cached_hierarchy()
    agg = aggregate(make_dataset(counts), hierarchy)
    surveyed = set(surveyed_keys(hierarchy))
    kreisfrei = set(hierarchy.kreisfreie_staedte().index)
    in_sums = {k: v for k, v in counts.items() if k in surveyed}
    own_level = {k: v for k, v in counts.items() if k[:5] in kreisfrei}
    expected = {
        "kreis": sum(in_sums.values()) + sum(own_level.values()),
        "rbz": sum(in_sums.values()),
        "nrw": sum(in_sums.values()),
    }
    for level in ("kreis", "rbz", "nrw"):
        table = agg.level(level)
        assert int(table["count"].sum()) == expected[level]
        valued = table["status"] == Status.VALUE
        assert valued.sum() == (table["count"].notna() & (table["surveyed"] > 0)).sum()
        # what is classified and ranked sums to what the survey counts
        assert int(table.loc[valued, "count"].sum()) == expected["rbz"]
        assert (is_informational(table) == (table["count"].notna() & ~valued)).all()
    assert int(agg.level("nrw")["contributors"].sum()) == len(in_sums)
    assert int(agg.level("gemeinde")["count"].sum()) == sum(
        v for k, v in counts.items() if len(k) == 8
    )
    assert agg.total == (expected["nrw"] if in_sums else None)
