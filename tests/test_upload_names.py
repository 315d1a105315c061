import pytest

from ikzmap.upload.names import NameIndex, normalize_name, parse_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Städteregion Aachen", "staedteregion aachen"),
        ("StädteRegion  AACHEN", "staedteregion aachen"),
        ("Mülheim an der Ruhr", "muelheim an der ruhr"),
        ("Muelheim an der Ruhr", "muelheim an der ruhr"),
        ("Schloß Holte-Stukenbrock", "schloss holte stukenbrock"),
        ("SCHLOSS HOLTE STUKENBROCK", "schloss holte stukenbrock"),
        ("Stolberg (Rhld.)", "stolberg rhld"),
        ("Fröndenberg/Ruhr", "froendenberg ruhr"),
        ("Mu\u0308lheim", "muelheim"),  # decomposed umlaut (macOS)
        ("Rhein-Kreis\u00a0Neuss", "rhein kreis neuss"),
        ("ẞ", "ss"),
        ("  ", ""),
    ],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "hint", "full", "base"),
    [
        ("Kreis Recklinghausen", "kreis", "recklinghausen", "recklinghausen"),
        ("Recklinghausen (Kreis)", "kreis", "recklinghausen", "recklinghausen"),
        ("Recklinghausen, Kreis", "kreis", "recklinghausen", "recklinghausen"),
        ("Stadt Recklinghausen", "stadt", "recklinghausen", "recklinghausen"),
        ("Gemeinde Kerken", "stadt", "kerken", "kerken"),
        ("Recklinghausen", None, "recklinghausen", "recklinghausen"),
        ("Hochsauerlandkreis", "kreis", "hochsauerland", "hochsauerland"),
        ("Ennepe-Ruhr-Kreis", "kreis", "ennepe ruhr", "ennepe ruhr"),
        ("Märkischer Kreis", "kreis", "maerkischer", "maerkischer"),
        ("Rhein-Kreis Neuss", "kreis", "rhein neuss", "rhein neuss"),
        ("StädteRegion Aachen", "kreis", "aachen", "aachen"),
        ("Regierungsbezirk Münster", "rbz", "muenster", "muenster"),
        ("Reg.-Bez. Köln", "rbz", "koeln", "koeln"),
        ("Stolberg (Rhld.)", None, "stolberg rhld", "stolberg"),
        ("Kreis", None, "kreis", "kreis"),
        ("Lippstadt", None, "lippstadt", "lippstadt"),
    ],
)
def test_parse_name(raw, hint, full, base):
    parts = parse_name(raw)
    assert (parts.hint, parts.full, parts.base) == (hint, full, base)


@pytest.fixture(scope="module")
def index(hierarchy):
    return NameIndex.build(hierarchy)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kreis Recklinghausen", {"05562"}),
        ("Stadt Recklinghausen", {"05562032"}),
        ("Recklinghausen", {"05562", "05562032"}),
        ("Hochsauerlandkreis", {"05958"}),
        ("Kreis Hochsauerland", {"05958"}),
        ("Städteregion Aachen", {"05334"}),
        ("Aachen", {"05334", "05334002"}),
        ("Stolberg", {"05334032"}),
        ("Stolberg (Rheinland)", {"05334032"}),
        ("Kreis Neuss", {"05162"}),
        ("Neuss", {"05162", "05162024"}),
        ("Bonn", {"05314", "05314000"}),
        ("Stadt Bonn", {"05314", "05314000"}),
        ("Kreis Bonn", set()),
        ("Arnsberg", {"059", "05958004"}),
        ("Regierungsbezirk Arnsberg", {"059"}),
        ("Fröndenberg", {"05978012"}),
        ("Atlantis", set()),
    ],
)
def test_index_candidates(index, raw, expected):
    assert index.candidates(parse_name(raw)) == expected


@pytest.mark.parametrize(
    ("key", "raw", "fits"),
    [
        ("05562", "Kreis Recklinghausen", True),
        ("05562", "Recklinghausen", True),
        ("05562", "Stadt Recklinghausen", False),
        ("05562032", "Stadt Recklinghausen", True),
        ("05562032", "Marl", False),
        ("05334032", "Stolberg", True),
    ],
)
def test_names_fit(index, key, raw, fits):
    assert index.names_fit(key, raw) is fits


def test_every_unit_is_found_by_its_own_name_and_label(hierarchy, index):
    for key, unit in hierarchy.units.iterrows():
        for text in (unit["name"], unit["label"]):
            assert key in index.candidates(parse_name(text)), (key, text)


def test_level_words_never_occur_in_gemeinde_names(hierarchy):
    for name in hierarchy.level("gemeinde")["name"]:
        assert parse_name(name).hint is None, name
