import re

import pytest

from ikzmap.upload.matching import Matcher, possible_levels, repeated_plain_names
from ikzmap.upload.names import NameIndex


@pytest.fixture(scope="module")
def index(hierarchy):
    return NameIndex.build(hierarchy)


@pytest.fixture(scope="module")
def matchers(hierarchy, index):
    kinds = ("gemeinde", "kreis", "rbz", "activities")
    return {kind: Matcher(hierarchy, kind, index) for kind in kinds}


@pytest.mark.parametrize(
    ("kind", "key", "name", "expected"),
    [
        ("gemeinde", "05562032", None, "05562032"),
        ("gemeinde", "5562032", None, "05562032"),
        ("gemeinde", 5562032, None, "05562032"),
        ("gemeinde", 5562032.0, None, "05562032"),
        ("gemeinde", "5,562032E+06", None, "05562032"),
        ("gemeinde", "055620032032", None, "05562032"),
        ("gemeinde", "05562000", None, "05562"),
        ("gemeinde", "5562", None, "05562"),
        ("gemeinde", None, "Recklinghausen", "05562032"),
        ("gemeinde", None, "Kreis Recklinghausen", "05562"),
        ("gemeinde", None, "Aachen", "05334002"),
        ("gemeinde", None, "Stolberg (Rhld.)", "05334032"),
        ("gemeinde", None, "Bonn", "05314000"),
        ("gemeinde", "", "Marl", "05562024"),
        ("gemeinde", "kaputt", "Marl", "05562024"),  # unusable key: name decides
        ("kreis", None, "Recklinghausen", "05562"),
        ("kreis", None, "Bonn", "05314"),
        ("kreis", None, "Aachen", "05334"),
        ("kreis", None, "Oberbergischer Kreis", "05374"),
        ("kreis", None, "Kreis Neuss", "05162"),
        ("kreis", "05562000", "Kreis Recklinghausen", "05562"),
        ("rbz", None, "Münster", "055"),
        ("rbz", None, "Regierungsbezirk Arnsberg", "059"),
        ("rbz", "05500000", None, "055"),
        ("activities", None, "Paderborn", "05774032"),
        ("activities", "05774", None, "05774"),
    ],
)
def test_matches(matchers, kind, key, name, expected):
    found = matchers[kind].match(key, name)
    assert found.key == expected, found.problem


@pytest.mark.parametrize(
    ("kind", "key", "name", "problem"),
    [
        ("gemeinde", None, None, "Schlüssel und Name fehlen"),
        ("gemeinde", "05560", None, "gibt es in Nordrhein-Westfalen nicht"),
        ("gemeinde", "5,56E+03", None, "wissenschaftlicher Schreibweise"),
        ("gemeinde", "06412000", None, "nicht in Nordrhein-Westfalen"),
        ("gemeinde", "059", None, "Regierungsbezirk .* Zwischensumme"),
        ("gemeinde", None, "Regierungsbezirk Münster", "Zwischensumme"),
        ("kreis", "05562032", "Kreis Recklinghausen", "ist eine Gemeinde"),  # no name fallback
        ("kreis", None, "Marl", "ist eine Gemeinde"),
        ("kreis", None, "Kreis Bonn", "nicht gefunden"),
        ("gemeinde", None, "Atlantis", "nicht gefunden"),
        ("gemeinde", None, "Castrop Rauxell", "Ähnlich: „Castrop-Rauxel“"),
        ("gemeinde", None, "---", "keine Buchstaben"),
        ("rbz", None, "Marl", "ist eine Gemeinde"),
    ],
)
def test_problems(matchers, kind, key, name, problem):
    found = matchers[kind].match(key, name)
    assert found.key is None
    assert found.problem is not None
    assert re.search(problem, found.problem), found.problem


@pytest.mark.parametrize(
    ("key", "name", "note"),
    [
        (None, "Paderborn", "auch Kreis Paderborn \\(05774\\) heißt so"),
        ("05562024", "Dorsten", "Name passt nicht zum Schlüssel Marl \\(05562024\\)"),
        ("x", "Marl", "Schlüssel unbrauchbar"),
    ],
)
def test_notes_on_matched_rows(matchers, key, name, note):
    found = matchers["gemeinde"].match(key, name)
    assert found.key is not None
    assert found.note is not None and re.search(note, found.note)


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("05562024", "Marl"),
        ("05562", "Kreis Recklinghausen"),
        (None, "Stadt Paderborn"),
        ("05314000", "Bonn"),
    ],
)
def test_no_note_when_key_and_name_agree(matchers, key, name):
    assert matchers["gemeinde"].match(key, name).note is None


def test_a_repeated_plain_name_shared_with_a_kreis_is_ambiguous(hierarchy, index):
    repeated = repeated_plain_names(["Paderborn", "Paderborn", "Marl", "Kreis Marl", "Marl "])
    assert repeated == {"paderborn", "marl"}
    matcher = Matcher(hierarchy, "gemeinde", index, repeated)
    found = matcher.match(None, "Paderborn")
    assert found.key is None and "mehrdeutig" in found.problem and "mehrfach" in found.problem
    assert matcher.match(None, "Marl").key == "05562024"  # no Kreis is called Marl
    assert matcher.match(None, "Kreis Paderborn").key == "05774"


@pytest.mark.parametrize(
    ("key", "name", "levels"),
    [
        ("05562032", None, {"gemeinde"}),
        ("05562", "Marl", {"kreis"}),  # the key decides
        ("kaputt", "Marl", {"gemeinde"}),
        (None, "Recklinghausen", {"gemeinde", "kreis"}),
        (None, "Hochsauerlandkreis", {"kreis"}),
        (None, "Münster", {"gemeinde", "kreis", "rbz"}),
        (None, "Atlantis", set()),
        (None, None, set()),
    ],
)
def test_possible_levels(hierarchy, index, key, name, levels):
    assert possible_levels(hierarchy, index, key, name) == levels


def test_every_key_resolves_in_its_own_kind(hierarchy, matchers):
    kinds = {"gemeinde": "gemeinde", "kreis": "kreis", "rbz": "rbz"}
    for key, unit in hierarchy.units.iterrows():
        assert matchers[kinds[unit["level"]]].match(key, unit["name"]).key == key
