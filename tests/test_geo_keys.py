import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.keys import (
    KEY_PATTERN,
    NRW_KEY,
    InvalidKeyError,
    at_level,
    is_canonical,
    is_level,
    key_width,
    kreis_of,
    level_of,
    normalize_key,
    parent_key,
    parent_keys,
    rbz_of,
    unit_at_level,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05562", "05562"),
        ("5562", "05562"),
        (5562, "05562"),
        (5562.0, "05562"),
        ("5562.0", "05562"),
        ("5,562E+03", "05562"),
        (" 05 562 ", "05562"),
        ("'05562", "05562"),
        ("05562032", "05562032"),
        ("5562032", "05562032"),
        (5562032, "05562032"),
        ("055620032032", "05562032"),
        ("55620032032", "05562032"),
        ("059", "059"),
        ("59", "059"),
        ("05334002", "05334002"),
        ("05562000", "05562000"),
    ],
)
def test_normalize_key_repairs_spreadsheet_damage(raw, expected):
    assert normalize_key(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message_part"),
    [
        (None, "fehlt"),
        ("", "fehlt"),
        (float("nan"), "fehlt"),
        ("abc", "nur Ziffern"),
        ("09162000", "nicht in Nordrhein-Westfalen"),
        ("095", "nicht in Nordrhein-Westfalen"),
        ("055620", "6 Stellen"),
        ("055620032000", "Gemeindeverband"),
        (5562.5, "ganzzahlig"),
        (True, "kein"),
    ],
)
def test_normalize_key_rejects_with_german_message(raw, message_part):
    with pytest.raises(InvalidKeyError, match=message_part):
        normalize_key(raw)


@pytest.mark.parametrize(
    ("key", "level"), [("059", "rbz"), ("05562", "kreis"), ("05562032", "gemeinde")]
)
def test_level_of(key, level):
    assert level_of(key) == level


def test_parents():
    assert kreis_of("05562032") == "05562"
    assert rbz_of("05562032") == "055"
    with pytest.raises(InvalidKeyError):
        kreis_of("055")


@given(st.integers(min_value=5000000, max_value=5999999))
def test_key_that_lost_its_leading_zero_round_trips(number):
    key = f"0{number}"
    assert normalize_key(number) == key
    assert normalize_key(str(number)) == key
    assert normalize_key(f"{number}.0") == key
    assert normalize_key(key) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05562", True),
        ("059", True),
        ("05562012", True),
        ("5562", False),  # a lost leading zero: normalize_key repairs it, a link must not
        ("05562000", True),  # the form of a Gemeinde key (whether one exists: Hierarchy)
        ("055620032032", False),  # a Regionalschlüssel
        ("06412", False),  # Hessen
        ("0556a", False),
        ("\u0660\u0665\u0665\u0666\u0662", False),  # Arabic-Indic digits
        ("", False),
        (5562, False),
        (None, False),
    ],
)
def test_is_canonical(text, expected):
    assert is_canonical(text) is expected


@pytest.mark.parametrize(
    ("key", "level", "expected"),
    [
        ("05562032", "gemeinde", "05562032"),
        ("05562032", "kreis", "05562"),
        ("05562032", "rbz", "055"),
        ("05562032", "nrw", "05"),
        ("05562", "kreis", "05562"),
        ("05562", "rbz", "055"),
        ("055", "rbz", "055"),
        ("055", "nrw", "05"),
    ],
)
def test_parent_key(key, level, expected):
    assert parent_key(key, level) == expected
    assert level == "nrw" or unit_at_level(key, level) == expected


@pytest.mark.parametrize(("key", "level"), [("055", "kreis"), ("05562", "gemeinde")])
def test_parent_key_of_a_finer_level_raises_and_names_no_unit(key, level):
    with pytest.raises(InvalidKeyError):
        parent_key(key, level)
    assert unit_at_level(key, level) is None


def test_key_widths_and_levels_agree():
    assert [key_width(level) for level in ("rbz", "kreis", "gemeinde")] == [3, 5, 8]
    assert NRW_KEY == "05" and all(key.startswith(NRW_KEY) for key in ("055", "05562"))
    for key, level in (("059", "rbz"), ("05562", "kreis"), ("05562032", "gemeinde")):
        assert level_of(key) == level and is_level(key, level)
        assert re.match(KEY_PATTERN, key)
    with pytest.raises(ValueError, match="unknown level"):
        key_width("land")


def test_vectorised_helpers():
    keys = pd.Index(["055", "05562", "05562032", "05554008"])
    assert list(at_level(keys, "gemeinde")) == [False, False, True, True]
    assert list(parent_keys(keys[2:], "kreis")) == ["05562", "05554"]
