"""Search as people type: case, umlauts, ß, hyphens, level words and typos do not matter."""

import pytest

from ikzmap.search import UnitSearch, allowed_typos, fold, level_preference
from ikzmap.upload.names import normalize_name


@pytest.fixture(scope="module")
def search(hierarchy):
    return UnitSearch(hierarchy)


@pytest.mark.parametrize(
    ("query", "level", "expected"),
    [
        ("Koln", "kreis", "05315"),  # Köln
        ("köln", "kreis", "05315"),
        ("KOELN", "gemeinde", "05315000"),
        ("Gutersloh", "kreis", "05754"),  # Kreis Gütersloh
        ("Gutersloh", "gemeinde", "05754008"),  # Stadt Gütersloh at Gemeinde level
        ("hochsauerland kreis", "kreis", "05958"),  # Hochsauerlandkreis
        ("Hochsauerland-Kreis", "kreis", "05958"),
        ("Recklinghusen", "kreis", "05562"),  # Kreis Recklinghausen, one typo
        ("Reklinghusen", "kreis", "05562"),  # two typos
        ("Stadt Recklinghausen", "kreis", "05562032"),
        ("Dorsten", "kreis", "05562012"),  # only a Gemeinde has the name
        ("Schloss Holte-Stukenbrock", "gemeinde", "05754036"),
        ("Muelheim an der Ruhr", "kreis", "05117"),
        ("Siegen-Wittg", "kreis", "05970"),  # the beginning of a name
        ("Regierungsbezirk Munster", "gemeinde", "055"),
        ("05970", "rbz", "05970"),  # a key
    ],
)
def test_finds_what_people_type(search, query, level, expected):
    assert search.search(query, level).best == expected


def test_a_kreisfreie_stadt_is_offered_once(search):
    hits = search.search("Köln", "kreis").hits
    assert "05315" in hits and "05315000" not in hits
    assert "053" in hits  # Regierungsbezirk Köln is another place


def test_nothing_found_gives_the_closest_names(search):
    result = search.search("Gelsenkirchenxyzabc", "kreis")
    assert result.best is None
    assert result.closest[0] == "05513"  # Gelsenkirchen


def test_gibberish_finds_nothing_and_no_error(search):
    for text in ("", "   ", "-- --", "x", "qqqqqqqqqqqq", "<script>", "a" * 10_000):
        result = search.search(text, "gemeinde")
        assert result.best is None


def test_short_queries_need_to_be_exact(search):
    assert allowed_typos("ahl") == 0 and allowed_typos("ahlen") == 1
    assert allowed_typos("recklinghausen") == 2
    assert search.search("Eswn", "kreis").best is None  # 2 typos from "Essen": too many


def test_folding_is_the_upload_normal_form_plus_plain_vowels():
    assert fold(normalize_name("Düsseldorf")) == fold(normalize_name("Dusseldorf")) == "dusseldorf"


def test_level_preference_shown_then_finer_then_coarser():
    order = sorted(["rbz", "kreis", "gemeinde"], key=lambda lv: level_preference("kreis", lv))
    assert order == ["kreis", "gemeinde", "rbz"]
