"""The unit kept selected when the map level changes (viewstate.fit_selection)."""

import pytest

from ikzmap.viewstate import fit_selection

KNOWN = frozenset({"055", "05562", "05562032", "05111", "05111000"})


@pytest.mark.parametrize(
    ("selected", "level", "expected"),
    [
        (None, "kreis", None),
        ("05562032", "gemeinde", "05562032"),  # same level: kept
        ("05562032", "kreis", "05562"),  # Gemeinde -> its Kreis
        ("05562032", "rbz", "055"),  # Gemeinde -> its RBz
        ("05562", "rbz", "055"),  # Kreis -> its RBz
        ("05562", "kreis", "05562"),
        ("05562", "gemeinde", None),  # a Kreis names no single Gemeinde
        ("055", "kreis", None),
        ("055", "gemeinde", None),
        ("055", "rbz", "055"),
        ("05111000", "kreis", "05111"),  # a kreisfreie Stadt: Gemeinde -> Kreis row
        ("05999", "kreis", None),  # names no unit: dropped
        ("<script>", "rbz", None),
    ],
)
def test_fit_selection(selected, level, expected):
    assert fit_selection(selected, level, KNOWN) == expected


def test_fit_selection_with_the_real_hierarchy(hierarchy):
    known = hierarchy.units.index
    for key in hierarchy.level("gemeinde").index:
        assert fit_selection(key, "kreis", known) == hierarchy.units.at[key, "kreis"]
        assert fit_selection(key, "rbz", known) == hierarchy.units.at[key, "rbz"]
