"""The modelled default Kreis counts: every published constraint, asserted on the committed
CSV that the app reads (regenerating it is tested once, too)."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikzmap import model
from ikzmap.budget_findings import FINDINGS, Quarter, finding_share, quarter_keys, share_bounds
from ikzmap.fmt import round_half_up
from ikzmap.model import (
    DEFAULT_CSV,
    MODEL_NOTICE,
    ROBUST_QUANTILE_METHODS,
    ModelInputs,
    check_committed,
    class_counts,
    default_csv_text,
    default_kreis_counts,
    largest_remainder,
    prior,
    rbz_bounds,
    rbz_targets,
    read_default_csv,
    size_weights,
)
from ikzmap.provenance import Provenance
from ikzmap.published import QUANTILE_METHOD, PublishedDataError, load_published

PUB = load_published()
RECKLINGHAUSEN, SIEGEN_WITTGENSTEIN, STEINFURT, BORKEN = "05562", "05970", "05566", "05554"
DETMOLD = ("05754", "05758", "05762", "05766", "05770", "05774")


@pytest.fixture(scope="module")
def inputs(hierarchy) -> ModelInputs:
    return ModelInputs.default(hierarchy)


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return read_default_csv()


@pytest.fixture(scope="module")
def counts(committed) -> pd.Series:
    return committed["count"].astype(int)


@pytest.fixture(scope="module")
def rbz_of(hierarchy) -> pd.Series:
    return hierarchy.kreise()["rbz"]


# --- every published constraint ----------------------------------------------------------


def test_one_count_per_kreis(hierarchy, counts):
    assert len(counts) == 31
    assert set(counts.index) == set(hierarchy.kreise().index)


def test_sum_is_6250(counts):
    assert counts.sum() == 6250 == PUB.total


@pytest.mark.parametrize(("rbz", "total"), [("055", 1540), ("051", 826)])
def test_published_rbz_totals(counts, rbz_of, rbz, total):
    assert counts[rbz_of == rbz].sum() == total


@pytest.mark.parametrize(
    ("rbz", "percent"), [("055", 25), ("053", 22), ("059", 21), ("057", 19), ("051", 13)]
)
def test_rbz_shares_round_to_published_percent(counts, rbz_of, rbz, percent):
    share = 100 * counts[rbz_of == rbz].sum() / 6250
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


@pytest.mark.parametrize("key", [RECKLINGHAUSEN, STEINFURT, BORKEN])
def test_most_active_kreise_are_in_the_top_quarter(counts, key):
    assert counts[key] > 227
    assert key in quarter_keys(counts, Quarter.TOP)


def test_each_quarter_holds_seven_kreise(counts):
    assert len(quarter_keys(counts, Quarter.TOP)) == 7
    assert len(quarter_keys(counts, Quarter.BOTTOM)) == 7
    assert SIEGEN_WITTGENSTEIN in quarter_keys(counts, Quarter.BOTTOM)


@pytest.mark.parametrize("finding", FINDINGS, ids=lambda f: f.figure_id)
def test_budget_findings_of_1_3_2_hold(counts, inputs, finding):
    """With the status of 31.12.2025 each share rounds to the published percent."""
    result = finding_share(finding, counts, inputs.status, inputs.gemeinden())
    published = PUB.value(finding.figure_id)
    assert result.n > 0
    assert int(round_half_up(float(result.share) * 100)) == published
    lo, hi = share_bounds(published)
    assert lo <= result.share <= hi


def test_provenance_and_ranges(committed):
    published = committed.index[committed["provenance"] == Provenance.PUBLISHED]
    assert sorted(published) == [RECKLINGHAUSEN, SIEGEN_WITTGENSTEIN]
    assert committed.loc[published, ["range_lo", "range_hi"]].isna().all().all()
    modelled = committed.drop(published)
    assert (modelled["provenance"] == Provenance.MODELLED).all()
    assert (modelled["range_lo"] <= modelled["count"]).all()
    assert (modelled["count"] <= modelled["range_hi"]).all()
    assert (modelled["range_lo"] >= 67).all() and (modelled["range_hi"] <= 452).all()


@pytest.mark.parametrize("key", [STEINFURT, BORKEN])
def test_range_of_a_most_active_kreis_starts_above_q3(committed, key):
    assert committed.at[key, "range_lo"] == 228


def test_budget_findings_narrow_some_ranges(committed):
    """Kreise with several Kommunen in Haushaltssicherung cannot be in the least active
    quarter (5 %): the findings are real constraints, not decoration."""
    assert committed.at["05954", "range_lo"] >= 155  # Ennepe-Ruhr: 6 of 9 in HSK


def test_committed_csv_passes_the_startup_check(committed, inputs):
    check_committed(committed, inputs)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"05978": 118}, "Summe: Summe 6132 nicht in 6250..6250"),
        ({"05978": 179, "05374": 211}, "Regierungsbezirk 053: Summe"),
        ({"05966": 66, "05970": 128}, "05970: 128 nicht in 66..66"),
        ({"05554": 220, "05570": 297}, "05554: 220 nicht in 228..452"),  # Borken must be above Q3
        ({"05162": 140}, "Bereich"),  # below its own range ... and the sum
    ],
)
def test_startup_check_rejects_a_broken_csv(committed, inputs, changes, problem):
    frame = committed.copy()
    for key, count in changes.items():
        frame.loc[key, "count"] = count
    if "05162" in changes:
        frame.loc["05162", "range_lo"] = 141
    with pytest.raises(PublishedDataError, match=problem):
        check_committed(frame, inputs)


def test_startup_check_rejects_a_published_kreis_marked_modelled(committed, inputs):
    frame = committed.copy()
    frame.loc[RECKLINGHAUSEN, "provenance"] = Provenance.MODELLED
    with pytest.raises(PublishedDataError, match="Herkunft"):
        check_committed(frame, inputs)


# --- reproducibility and the shipped CSV ----------------------------------------------


def test_regenerating_gives_the_shipped_csv(hierarchy):
    assert default_csv_text(hierarchy) == DEFAULT_CSV.read_text(encoding="utf-8")


def test_shipped_csv_columns(committed):
    csv = pd.read_csv(DEFAULT_CSV, dtype={"key": str})
    assert list(csv.columns) == list(model.CSV_COLUMNS)


def test_default_dataset_reads_the_csv_without_refitting(hierarchy, counts, monkeypatch):
    def refit(*_args, **_kwargs):
        raise AssertionError("the app must not refit at start-up")

    monkeypatch.setattr(model, "fit_model", refit)
    monkeypatch.setattr(model.CountProblem, "fit", refit)
    dataset = default_kreis_counts(hierarchy)
    assert dataset.level == "kreis"
    assert dataset.values["count"].dtype == "Int64"
    assert dataset.values["count"].astype(int).to_dict() == counts.to_dict()
    assert {"range_lo", "range_hi"} <= set(dataset.values.columns)
    assert dataset.has_modelled
    assert dataset.source.provenance is Provenance.MODELLED
    assert dataset.notes == (MODEL_NOTICE,)


def test_broken_csv_gives_a_german_error(tmp_path, hierarchy, monkeypatch):
    path = tmp_path / "kreis_counts_default.csv"
    path.write_text("key,name,count\n05154,Kleve,1\n", encoding="utf-8")
    monkeypatch.setattr(model, "DEFAULT_CSV", path)
    with pytest.raises(PublishedDataError, match="Spalte"):
        model.read_default_csv(path)


@pytest.mark.parametrize(
    "phrase", ["modelliert", "6.250", "Siegen-Wittgenstein", "Upload", "Bereich"]
)
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


def test_rbz_bounds_are_the_counts_that_round_to_the_share():
    bounds = rbz_bounds(PUB)
    assert bounds["055"] == (1540, 1540) and bounds["051"] == (826, 826)
    assert bounds["053"] == (1344, 1406)  # 21.5 % <= share < 22.5 % of 6,250
    assert bounds["059"] == (1282, 1343)
    assert bounds["057"] == (1157, 1218)


def test_class_counts_for_31_values():
    limits = {c.name: (c.lo, c.hi) for c in class_counts(31)}
    assert limits["unter Q1"] == (7, 7) and limits["gleich Q1"] == (2, 2)
    assert limits["gleich Q3"] == (2, 2) and limits["über Q3"] == (7, 7)
    assert limits["unter dem Median"] == (0, 15) and limits["bis zum Median"] == (16, 31)


def test_prior_meets_rbz_totals(hierarchy, inputs):
    priors = prior(hierarchy, PUB, inputs.population)
    by_rbz = priors.groupby(hierarchy.kreise()["rbz"]).sum()
    pd.testing.assert_series_equal(
        by_rbz, rbz_targets(PUB).astype(float), check_names=False, check_index_type=False
    )


def test_prior_tells_kreise_of_one_rbz_apart(hierarchy, inputs):
    """The old prior gave all six Detmold Kreise the same rate per Gebietskörperschaft."""
    weights = size_weights(hierarchy, inputs.population)
    units = hierarchy.kreisangehoerige_gemeinden().groupby("kreis").size() + 1
    rate = (prior(hierarchy, PUB, inputs.population) / units).loc[list(DETMOLD)]
    assert rate.round(1).nunique() == len(DETMOLD)
    assert weights[RECKLINGHAUSEN] > weights["05966"]  # 618,000 vs 132,000 inhabitants


def test_share_bounds_are_half_up_rounding():
    lo, hi = share_bounds(14)
    assert lo == Fraction(135, 1000)
    assert hi < Fraction(145, 1000) and Fraction(144, 1000) < hi
    assert share_bounds(0)[0] == 0


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


@pytest.mark.parametrize(
    ("column", "value", "phrase"),
    [
        ("count", "", "Spalte count"),  # a blank count: no crash, a German message
        ("count", "-3", "Spalte count"),
        ("provenance", "geschätzt", "Spalte provenance"),
        ("key", "05154", "Schlüssel"),  # a key twice
    ],
)
def test_damaged_model_csv_gives_a_german_error(tmp_path, column, value, phrase):
    lines = model.DEFAULT_CSV.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index(column)] = value
    lines[2] = ",".join(cells)
    path = tmp_path / "kreis_counts_default.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PublishedDataError, match=f"ungültiger Inhalt.*{phrase}"):
        model.read_default_csv(path)
