import math

import numpy as np
import pandas as pd
import pytest

from ikzmap.upload.cells import detect_style, parse_number, value_problems


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        ("12", "de", 12.0),
        (" 12 ", "de", 12.0),
        ("+7", "de", 7.0),
        ("-3", "de", -3.0),
        ("−3", "de", -3.0),  # Unicode minus
        ("1.540", "de", 1540.0),
        ("1.540", "en", 1.54),
        ("1,540", "de", 1.54),
        ("1,540", "en", 1540.0),
        ("12,5", "de", 12.5),
        ("12.5", "de", 12.5),  # unambiguous: not three digits
        ("1.234.567", "de", 1234567.0),
        ("1.234,5", "de", 1234.5),
        ("1,234,567", "en", 1234567.0),
        ("1,234.5", "de", 1234.5),
        ("1 540", "de", 1540.0),
        ("1\u00a0540", "de", 1540.0),
        ("1\u202f540,5", "de", 1540.5),
        (",5", "de", 0.5),
        ("12,00", "de", 12.0),
        ("5,562E+03", "de", 5562.0),
        ("1.5e3", "de", 1500.0),
        (12, "de", 12.0),
        (12.5, "de", 12.5),
        ("k.A.", "de", None),
        ("-", "de", None),
        ("", "de", None),
        ("12 %", "de", None),
        ("nan", "de", None),
        ("inf", "de", None),
        ("1e999", "de", None),
        ("1.2.3", "de", None),
        ("12,5,6", "de", None),
        (True, "de", None),
        (None, "de", None),
        (float("nan"), "de", None),
        (float("inf"), "de", None),
        (10**400, "de", None),
    ],
)
def test_parse_number(value, style, expected):
    result = parse_number(value, style)
    if expected is None:
        assert result is None
    else:
        assert result is not None and math.isclose(result, expected)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1.540", "12"], "de"),
        (["12,5", "1.540"], "de"),
        (["12.5", "1.540"], "en"),
        (["1,540.5"], "en"),
        (["12.5", "12,5"], "de"),  # mixed: German wins
        ([3, 4.5, None], "de"),
        ([], "de"),
    ],
)
def test_detect_style(values, expected):
    assert detect_style(values) == expected


def test_unknown_style_is_a_value_error_listing_the_valid_ones():
    with pytest.raises(ValueError, match="de, en"):
        parse_number("1", "fr")


@pytest.mark.parametrize(
    ("values", "what", "expected"),
    [
        ([1.0, 0.0, 6250.0], "count", {}),
        ([-1.0], "count", {10: "Anzahl ist negativ"}),
        ([2.5], "count", {10: "Anzahl ist keine ganze Zahl"}),
        ([-2.5], "count", {10: "Anzahl ist negativ; Anzahl ist keine ganze Zahl"}),
        ([2e6], "count", {10: "Anzahl ist unplausibel groß (höchstens 1.000.000)"}),
        ([np.nan, 3.0], "count", {}),  # missing values are reported elsewhere
        ([1.2e8], "population", {10: "Einwohnerzahl ist unplausibel groß (höchstens 100.000.000)"}),
        ([17_900_000.0], "population", {}),
    ],
)
def test_value_problems(values, what, expected):
    series = pd.Series(values, index=range(10, 10 + len(values)), dtype="float64")
    assert value_problems(series, what) == expected


def test_value_problems_unknown_kind():
    with pytest.raises(ValueError, match="count, population"):
        value_problems(pd.Series([1.0]), "area")
