from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikzmap.fmt import (
    format_int,
    format_number,
    format_percent,
    format_share,
    is_missing,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (826, "826"),
        (6250, "6.250"),
        (1234567, "1.234.567"),
        (-6190, "-6.190"),
        (np.int64(1540), "1.540"),
        (2504.4, "2.504"),
        (2504.5, "2.505"),
        (None, "–"),
        (float("nan"), "–"),
        (pd.NA, "–"),
    ],
)
def test_format_int(value, expected):
    assert format_int(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.56, 1, "1.234,6"),
        (0.125, 2, "0,13"),
        (2.675, 2, "2,68"),  # binary float would round to 2,67
        (15.547264, 1, "15,5"),
        (-0.04, 1, "0,0"),  # no "-0,0"
        (1000000.5, 0, "1.000.001"),
        (3, 2, "3,00"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("fraction", "decimals", "expected"),
    [
        (0.125, 1, "12,5 %"),
        (1540 / 6250, 1, "24,6 %"),
        (1 / 3, 1, "33,3 %"),
        (0.5, 0, "50 %"),
        (0.0, 1, "0,0 %"),
        (1.0, 0, "100 %"),
        (None, 1, "–"),
    ],
)
def test_format_share(fraction, decimals, expected):
    assert format_share(fraction, decimals) == expected


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(24.64, "25 %"), (24.5, "25 %"), (13.2, "13 %"), (22, "22 %"), (pd.NA, "–")],
)
def test_format_percent(percent, expected):
    assert format_percent(percent) == expected


@pytest.mark.parametrize(
    ("value", "missing"), [(None, True), (float("nan"), True), (pd.NA, True), (0, False)]
)
def test_is_missing(value, missing):
    assert is_missing(value) is missing


def test_missing_placeholder_is_configurable():
    assert format_int(None, missing="keine Daten") == "keine Daten"


@pytest.mark.parametrize(("value", "expected"), [(0.5, 1), (1.5, 2), (2.5, 3), (-2.5, -3)])
def test_round_half_up_is_commercial(value, expected):
    assert round_half_up(value) == Decimal(expected)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_int_roundtrip(value):
    assert int(format_int(value).replace(".", "")) == value


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_format_number_uses_german_separators(whole, cents):
    text = format_number(whole + cents / 100, 2)
    integer, decimal = text.split(",")
    assert decimal == f"{cents:02d}"
    assert int(integer.replace(".", "")) == whole
    assert all(len(group) == 3 for group in integer.split(".")[1:])
