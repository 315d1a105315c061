"""Manual class breaks: the text box rule, the link form and ViewState <-> URL round trips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikzmap.breaks import (
    MAX_BREAKS,
    MAX_DECIMALS,
    MAX_MAGNITUDE,
    MAX_TEXT,
    BreaksError,
    box_text,
    check,
    echo,
    german,
    parse_text,
    parse_url,
    read_box,
    text_form,
    url_form,
)
from ikzmap.indicators import INDICATORS
from ikzmap.viewstate import ViewState, from_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150 200 300", (150.0, 200.0, 300.0)),
        ("300;200 ; 150", (150.0, 200.0, 300.0)),  # sorted; semicolons separate too
        ("10,5 15,5", (10.5, 15.5)),  # German decimal comma
        ("10.5 15.5", (10.5, 15.5)),  # English decimal point
        ("1.000", (1000.0,)),  # a dot before exactly three digits: thousands
        ("1.000.000", (1_000_000.0,)),
        ("1.000,5", (1000.5,)),
        ("1000.5", (1000.5,)),
        ("10.500", (10500.0,)),
        ("0.125", (0.125,)),  # no thousands group starts with 0
        ("1.5 1.0000", (1.0, 1.5)),
        ("25 %; 50%", (25.0, 50.0)),
        ("\u22125 0", (-5.0, 0.0)),  # typographic minus
        ("200 200", (200.0,)),
    ],
)
def test_text_box_reads_german_and_english_numbers(text, expected):
    assert parse_text(text).values == expected


def test_thousands_reading_is_shown_back():
    parsed = parse_text("1.000 2,5")
    assert parsed.values == (2.5, 1000.0)
    assert parsed.notes == (
        "„1.000“ gelesen als 1000 (Punkt als Tausenderpunkt; Dezimalzeichen ist das Komma).",
    )
    assert echo(parsed.values) == "Gelesen: 2,5 · 1.000"
    assert echo((10.5, 25.0), " %") == "Gelesen: 10,5 % · 25 %"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "mindestens eine"),
        ("   ", "mindestens eine"),
        ("abc", "„abc“ ist keine Zahl"),
        ("inf", "„inf“ ist keine Zahl"),
        ("nan", "„nan“ ist keine Zahl"),
        ("1e308", "„1e308“ ist keine Zahl"),
        ("150, 200", "„150,“ ist keine Zahl"),
        ("1,000.5", "„1,000.5“ ist keine Zahl"),
        ("1.000.5", "„1.000.5“ ist keine Zahl"),
        ("1 2 3 4 5 6 7 8", "Höchstens 6 Klassengrenzen"),
        ("10000000000000", "zwischen −1.000.000.000.000 und 1.000.000.000.000"),
        ("0,1234567", "Höchstens 6 Nachkommastellen"),
        ("1 " * 150, "zu lang"),
    ],
)
def test_bad_text_gets_a_german_message(text, message):
    with pytest.raises(BreaksError, match=message):
        parse_text(text)


@pytest.mark.parametrize(
    ("values", "url", "box"),
    [
        ((10.5, 15.5), "10.5,15.5", "10,5 15,5"),
        ((1000.0, 2000.5), "1000,2000.5", "1000 2000,5"),
        ((0.000001, 0.1), "0.000001,0.1", "0,000001 0,1"),
        ((-5.0, 0.0), "-5,0", "-5 0"),
    ],
)
def test_link_and_box_forms_are_exact(values, url, box):
    assert url_form(values) == url and parse_url(url) == values
    assert text_form(values) == box and parse_text(box).values == values


@pytest.mark.parametrize("url", ["abc", "inf", "1e308", "1,2,3,4,5,6,7,8", "", "10.5%2C15.5"])
def test_bad_link_breaks_are_refused(url):
    with pytest.raises(BreaksError):
        parse_url(url)


def test_german_numbers_for_labels():
    assert german(1540.0) == "1.540"
    assert german(10.500000000000002) == "10,5"
    assert german(-0.0) == "0"


# Every break a user can type: at most MAX_DECIMALS decimals, within MAX_MAGNITUDE.
usable_break = st.decimals(
    min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, places=MAX_DECIMALS, allow_nan=False
).map(float)


@given(st.lists(usable_break, min_size=1, max_size=MAX_BREAKS))
def test_view_state_round_trips_breaks_exactly_through_the_link(values):
    breaks = check(values)
    state = ViewState(scheme="manual", breaks=breaks)
    again, notes = from_query(state.to_query(), INDICATORS, set())
    assert notes == []
    assert again == state  # the very same floats: no precision lost on the way
    assert parse_text(text_form(breaks)).values == breaks  # the text box reads it back too


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=8))
def test_any_float_is_refused_or_round_trips(values):
    try:
        breaks = check(values)
    except BreaksError:
        return
    assert parse_url(url_form(breaks)) == breaks
    assert parse_text(text_form(breaks)).values == breaks


def test_the_box_reads_without_raising():
    """The controls' reading: the breaks and notes of ``parse_text``, or its German error."""
    assert read_box("1.000 2,5") == parse_text("1.000 2,5")
    bad = read_box("zehn")
    assert bad.values == () and "„zehn“ ist keine Zahl" in bad.error
    assert read_box("").error == "Bitte mindestens eine Klassengrenze eingeben."
    assert read_box("150 200").error is None


@pytest.mark.parametrize(
    ("values", "link", "box"),
    [
        ((10.5, 1000.0), "10.5,1000", "10,5 1000"),  # valid: German form
        ((), None, ""),  # no link value: empty box
        ((), "abc,1", "abc 1"),  # invalid: as given, so the box names what is wrong
        ((), "9," * 150, ("9 " * 150)[:MAX_TEXT]),  # never longer than the box takes
    ],
)
def test_box_text_starts_from_the_link(values, link, box):
    assert box_text(values, link) == box
