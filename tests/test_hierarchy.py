import pandas as pd
import pytest

from geo import InvalidKeyError, rbz_names
from ikzmap.survey import SEGMENT_CHANGE, coverage, surveyed_keys


def test_counts_of_the_report(hierarchy):
    assert len(hierarchy.level("rbz")) == 5
    assert len(hierarchy.level("kreis")) == 53
    assert len(hierarchy.kreise()) == 31
    assert len(hierarchy.kreisfreie_staedte()) == 22
    assert len(hierarchy.level("gemeinde")) == 396
    assert len(hierarchy.kreisangehoerige_gemeinden()) == 373


def test_surveyed_gebietskoerperschaften(hierarchy):
    assert len(surveyed_keys(hierarchy, "gemeinde")) == 371
    assert len(surveyed_keys(hierarchy, "kreis")) == 31
    assert len(surveyed_keys(hierarchy)) == 402


@pytest.mark.parametrize(("unit", "expected"), [("053", 103), ("05562", 11), ("05970", 12)])
def test_surveyed_per_unit(hierarchy, unit, expected):
    keys = surveyed_keys(hierarchy)
    assert sum(1 for k in keys if k.startswith(unit)) == expected


def test_staedteregion_aachen_is_a_kreis_but_aachen_city_is_not_surveyed(hierarchy):
    assert hierarchy.label("05334") == "StädteRegion Aachen"
    assert "05334" in hierarchy.kreise().index
    cov = coverage(hierarchy)
    assert not cov.at["05334002", "surveyed"]
    assert cov.at["05334004", "surveyed"]  # Alsdorf


def test_not_surveyed_reasons(hierarchy):
    cov = coverage(hierarchy)
    assert "kreisfreie Stadt" in cov.at["05111", "reason"]  # Düsseldorf
    assert "kreisfreie Stadt" in cov.at["05111000", "reason"]
    for key in SEGMENT_CHANGE:
        assert "Segmentwechsel" in cov.at[key, "reason"]
    assert pd.isna(cov.at["05562", "reason"])


def test_every_gemeinde_has_kreis_and_rbz(hierarchy):
    gem = hierarchy.level("gemeinde")
    assert gem["kreis"].isin(hierarchy.level("kreis").index).all()
    assert gem["rbz"].isin(hierarchy.level("rbz").index).all()
    assert (gem.index.str[:5] == gem["kreis"]).all()


@pytest.mark.parametrize(
    ("raw", "key"),
    [("5562", "05562"), ("05562000", "05562"), ("05900000", "059"), (5562032, "05562032")],
)
def test_resolve(hierarchy, raw, key):
    assert hierarchy.resolve(raw) == key


def test_resolve_unknown(hierarchy):
    with pytest.raises(InvalidKeyError, match="gibt es"):
        hierarchy.resolve("05999")


def test_children_and_gemeinden_in(hierarchy):
    assert len(hierarchy.children("05562")) == 10
    assert len(hierarchy.children("055")) == 8  # Münster: 5 Kreise, 3 kreisfreie Städte
    assert len(hierarchy.gemeinden_in("055")) == 78
    assert list(hierarchy.gemeinden_in("05562032").index) == ["05562032"]


def test_unknown_level_lists_valid_ones(hierarchy):
    with pytest.raises(ValueError, match="rbz, kreis, gemeinde"):
        hierarchy.level("land")


def test_rbz_names_come_from_the_boundary_layer(hierarchy):
    names = rbz_names()
    assert dict(names) == {
        "051": "Düsseldorf",
        "053": "Köln",
        "055": "Münster",
        "057": "Detmold",
        "059": "Arnsberg",
    }
    assert dict(hierarchy.names("rbz")) == dict(names)
