"""Classes that say something: ties, empty classes and single values (pure, no Streamlit)."""

import re

import pandas as pd
import pytest

from ikzmap import fmt
from ikzmap.breaks import BreaksError, german
from ikzmap.classify import SCHEMES, classify
from ikzmap.legend import class_labels, class_note
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

AUTOMATIC = [s for s in SCHEMES if s != "manual"]
# Kreis level "Anteil in Haushaltssicherung": 26 of 53 units at 0 %, 8 at 100 %.
HSK_LIKE = pd.Series([0.0] * 26 + [0.05, 0.09, 0.1, 0.2, 0.3, 0.35, 0.6, 0.667] * 2 + [1.0] * 11)
# After an activity upload: a few small whole numbers with ties.
COUNTS_LIKE = pd.Series([1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 10, 10, 11, 25])


def labels(cls, formatter=fmt.format_int):
    return class_labels(cls, formatter)


def equal_bounds(label: str) -> bool:
    parts = re.sub(r"^(über|bis) ", "", label).split(" – ")
    return len(parts) == 2 and parts[0] == parts[1]


@pytest.mark.parametrize("scheme", AUTOMATIC)
@pytest.mark.parametrize("k", [3, 4, 5, 6, 7])
@pytest.mark.parametrize(
    ("values", "formatter"), [(HSK_LIKE, fmt.format_share), (COUNTS_LIKE, fmt.format_int)]
)
def test_no_empty_class_and_no_equal_bounds(values, formatter, scheme, k):
    cls = classify(values, scheme, k)
    assert all(n > 0 for n in cls.counts)  # empty classes are merged
    assert sum(cls.counts) == len(values)
    texts = class_labels(cls, formatter)
    assert not any(equal_bounds(t) for t in texts), texts
    assert len(set(texts)) == len(texts), texts
    for i, text in enumerate(texts):  # a class of one value is named by it
        if cls.single_value(i):
            assert text == formatter(cls.smallest[i])
    if cls.k < k:
        assert class_note(cls, formatter).startswith(f"{cls.k} statt {k} Klassen")


def test_degenerate_quantiles_say_why_there_are_fewer_classes():
    cls = classify(HSK_LIKE, "quantiles", 5)
    texts = class_labels(cls, fmt.format_share)
    assert cls.k == 4 and texts[0] == "0,0 %" and cls.counts[0] == 26
    note = class_note(cls, fmt.format_share)
    assert note.startswith("4 statt 5 Klassen") and "0,0 %" in note


def test_single_distinct_value_is_one_class_for_every_scheme():
    for scheme in AUTOMATIC:
        cls = classify(pd.Series([4.0, 4.0, None]), scheme, 5)
        assert cls.counts == (2,) and labels(cls) == ["4"]
        assert class_note(cls, fmt.format_int) == (
            "1 statt 5 Klassen: Es gibt nur 1 verschiedene Werte."
        )


def test_whole_number_labels_never_round_a_bound_into_the_next_class():
    # equal intervals over 66..453 put a bound at 220.8: 221 belongs to the next class
    values = pd.Series([66, 100, 143, 144, 220, 221, 298, 299, 453])
    texts = labels(classify(values, "equal_interval", 5))
    assert texts[:3] == ["66 – 143", "144 – 220", "221 – 298"]


def test_manual_breaks_keep_empty_classes_and_explain_them():
    values = pd.Series([66.0, 120, 150, 151, 180, 453])
    cls = classify(values, "manual", breaks=(-5.0, 150.0, 200.0, 300.0))
    assert cls.counts == (0, 3, 2, 0, 1)
    bound = german
    assert class_labels(cls, fmt.format_int, bound) == [
        "bis -5",
        "66 – 150",
        "151 – 200",
        "201 – 300",
        "453",
    ]
    assert class_note(cls, fmt.format_int) == (
        "Klassen mit 0 Einheiten: Kein Wert liegt in diesem Bereich."
    )


def test_manual_breaks_in_percent_for_shares(atlas):
    view = build_view(
        atlas, ViewState(level="kreis", indicator="budget_hsk", scheme="manual", breaks=(10.5, 50))
    )
    texts = [e.label for e in view.legend.entries]
    assert texts == ["0,0 % – 10,5 %", "über 10,5 % – 50 %", "über 50 % – 100,0 %"]
    assert sum(e.count for e in view.legend.entries) == 53


@pytest.mark.parametrize("breaks", [None, (), (float("inf"),), tuple(range(8))])
def test_unusable_manual_breaks_raise_a_german_error(breaks):
    with pytest.raises(BreaksError):
        classify(pd.Series([1.0, 2.0]), "manual", breaks=breaks)
