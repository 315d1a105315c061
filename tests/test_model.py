from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikzmap.fmt import round_half_up
from ikzmap.model import (
    DEFAULT_CSV,
    MODEL_NOTICE,
    QUANTILE_METHOD,
    ROBUST_QUANTILE_METHODS,
    ModelError,
    constraint_problems,
    default_csv_text,
    default_kreis_counts,
    fit_kreis_counts,
    largest_remainder,
    pinned_positions,
    position_bands,
    prior,
    rbz_targets,
    scale_to_total,
)
from ikzmap.provenance import Provenance
from ikzmap.published import load_published

PUB = load_published()
RECKLINGHAUSEN, SIEGEN_WITTGENSTEIN, STEINFURT, BORKEN = "05562", "05970", "05566", "05554"


@pytest.fixture(scope="module")
def fitted(hierarchy) -> pd.DataFrame:
    return fit_kreis_counts(hierarchy)


@pytest.fixture(scope="module")
def counts(fitted) -> pd.Series:
    return fitted["count"].astype(int)


# --- every published constraint (item 2 of issue 3) ---------------------------------


def test_one_count_per_kreis(hierarchy, counts):
    assert len(counts) == 31
    assert set(counts.index) == set(hierarchy.kreise().index)
    assert (counts > 0).all()


def test_sum_is_6250(counts):
    assert counts.sum() == 6250 == PUB.total


@pytest.mark.parametrize(("rbz", "total"), [("055", 1540), ("051", 826)])
def test_published_rbz_totals(fitted, rbz, total):
    assert fitted.loc[fitted["rbz"] == rbz, "count"].sum() == total


@pytest.mark.parametrize(
    ("rbz", "percent"), [("055", 25), ("053", 22), ("059", 21), ("057", 19), ("051", 13)]
)
def test_rbz_shares_round_to_published_percent(fitted, rbz, percent):
    share = 100 * fitted.loc[fitted["rbz"] == rbz, "count"].sum() / 6250
    assert int(round_half_up(share)) == percent


def test_minimum_is_siegen_wittgenstein_alone(counts):
    assert counts[SIEGEN_WITTGENSTEIN] == 66 == counts.min()
    assert (counts == 66).sum() == 1


def test_maximum_is_recklinghausen_alone(counts):
    assert counts[RECKLINGHAUSEN] == 453 == counts.max()
    assert (counts == 453).sum() == 1


def test_quartiles_with_documented_method(counts):
    assert QUANTILE_METHOD == "linear"
    quartiles = np.quantile(counts.to_numpy(), [0.25, 0.5, 0.75], method=QUANTILE_METHOD)
    assert quartiles.tolist() == [155, 178, 227]


@pytest.mark.parametrize("method", ROBUST_QUANTILE_METHODS)
def test_quartiles_hold_under_other_methods(counts, method):
    quartiles = np.quantile(counts.to_numpy(), [0.25, 0.5, 0.75], method=method)
    assert quartiles.tolist() == [155, 178, 227]


def test_quartiles_match_pandas_default(counts):
    assert counts.quantile([0.25, 0.5, 0.75]).tolist() == [155, 178, 227]


@pytest.mark.parametrize("key", [RECKLINGHAUSEN, STEINFURT, BORKEN])
def test_most_active_kreise_are_in_the_top_quartile(counts, key):
    assert counts[key] > 227
    assert counts.rank(ascending=False, method="max")[key] <= 8  # top quarter of 31


def test_provenance(fitted):
    published = fitted.index[fitted["provenance"] == Provenance.PUBLISHED]
    assert sorted(published) == [RECKLINGHAUSEN, SIEGEN_WITTGENSTEIN]
    assert (fitted.drop(published)["provenance"] == Provenance.MODELLED).all()


def test_counts_stay_in_their_bands(fitted):
    assert ((fitted["lo"] <= fitted["count"]) & (fitted["count"] <= fitted["hi"])).all()


def test_fitted_frame_has_no_constraint_problems(fitted):
    assert constraint_problems(fitted, PUB) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"05978": 118}, "sum"),
        ({"05978": 179, "05374": 177}, "quartiles"),  # same sum, other median
        ({"05966": 66, "05970": 138}, "minimum"),
        ({"05562": 394, "05566": 453}, "maximum"),
        ({"05554": 220, "05570": 284}, "most active"),
        ({"05978": 179, "05358": 213}, "RBz totals"),
    ],
)
def test_constraint_problems_detects_violations(fitted, changes, problem):
    frame = fitted.copy()
    for key, count in changes.items():
        frame.loc[key, "count"] = count
    assert any(p.startswith(problem) for p in constraint_problems(frame, PUB))


# --- reproducibility and the shipped CSV ----------------------------------------------


def test_regenerating_gives_the_shipped_csv(hierarchy):
    assert default_csv_text(hierarchy) == DEFAULT_CSV.read_text(encoding="utf-8")


def test_shipped_csv_columns_and_keys(fitted):
    csv = pd.read_csv(DEFAULT_CSV, dtype={"key": str})
    assert list(csv.columns) == ["key", "name", "count", "provenance"]
    assert csv.set_index("key")["count"].to_dict() == fitted["count"].astype(int).to_dict()


def test_fit_is_deterministic(hierarchy, fitted):
    pd.testing.assert_frame_equal(fit_kreis_counts(hierarchy), fitted)


def test_default_dataset(hierarchy, counts):
    dataset = default_kreis_counts(hierarchy)
    assert dataset.level == "kreis"
    assert dataset.values["count"].dtype == "Int64"
    assert dataset.values["count"].astype(int).to_dict() == counts.to_dict()
    assert dataset.has_modelled
    assert dataset.source.provenance is Provenance.MODELLED
    assert dataset.notes == (MODEL_NOTICE,)


@pytest.mark.parametrize("phrase", ["modelliert", "6.250", "Siegen-Wittgenstein", "Upload"])
def test_notice_is_german_and_says_how_to_load_real_figures(phrase):
    assert phrase in MODEL_NOTICE


# --- building blocks -------------------------------------------------------------------


def test_rbz_targets():
    assert rbz_targets(PUB).to_dict() == {
        "051": 826,
        "053": 1378,
        "055": 1540,
        "057": 1190,
        "059": 1316,
    }


def test_prior_meets_rbz_totals(hierarchy):
    priors = prior(hierarchy, PUB)
    by_rbz = priors.groupby(hierarchy.kreise()["rbz"]).sum()
    pd.testing.assert_series_equal(
        by_rbz, rbz_targets(PUB).astype(float), check_names=False, check_index_type=False
    )


def test_pinned_positions_for_31_values():
    assert pinned_positions(31, {0.25: 155, 0.5: 178, 0.75: 227}) == {
        7: 155,
        8: 155,
        15: 178,
        22: 227,
        23: 227,
    }


def test_position_bands_are_ordered():
    bands = position_bands(PUB)
    assert len(bands) == 31
    assert all(b.lo <= b.hi for b in bands)
    assert all(a.lo <= b.lo and a.hi <= b.hi for a, b in pairwise(bands))
    assert (bands[0].lo, bands[1].lo, bands[-2].hi, bands[-1].hi) == (66, 67, 452, 453)


def test_scale_to_total_rejects_infeasible_totals():
    lo, hi = np.array([1.0, 1.0]), np.array([2.0, 2.0])
    with pytest.raises(ModelError):
        scale_to_total(np.array([1.0, 1.0]), lo, hi, 5)


def test_scale_to_total_respects_bands():
    result = scale_to_total(np.array([1.0, 2.0, 3.0]), np.array([0, 0, 0]), np.array([9, 9, 4]), 12)
    assert result.sum() == pytest.approx(12)
    assert result[2] == 4


@given(
    st.lists(st.floats(min_value=0.001, max_value=1000, allow_nan=False), min_size=1, max_size=20),
    st.integers(min_value=0, max_value=10_000),
)
def test_largest_remainder_keeps_total_and_floors(weights, total):
    index = [f"k{i:02d}" for i in range(len(weights))]
    quotas = pd.Series(weights, index=index) * total / sum(weights)
    result = largest_remainder(quotas, total)
    assert result.sum() == total
    assert (result - np.floor(quotas)).between(0, 1).all()
