import json
import shutil
from itertools import product

import pytest

from geo import rbz_names
from ikzmap.fmt import format_int, round_half_up
from ikzmap.published import (
    EXAMPLES_FILE,
    FIGURES_FILE,
    IKZ_DATA_DIR,
    PublishedDataError,
    load_published,
    load_published_from,
)
from ikzmap.survey import surveyed_keys

PUB = load_published()
NUMBER_WORDS = {
    0: "keine",
    2: "zwei",
    3: "drei",
    4: "vier",
    5: "fünf",
    6: "sechs",
    9: "neun",
    10: "zehn",
    11: "elf",
    12: "zwölf",
    13: "dreizehn",
}


@pytest.mark.parametrize(
    ("figure_id", "value"),
    [
        ("activities_total", 6250),
        ("rbz_055_count", 1540),
        ("rbz_051_count", 826),
        ("rbz_055_share", 25),
        ("rbz_053_share", 22),
        ("rbz_059_share", 21),
        ("rbz_057_share", 19),
        ("rbz_051_share", 13),
        ("kreis_min", 66),
        ("kreis_q1", 155),
        ("kreis_median", 178),
        ("kreis_q3", 227),
        ("kreis_max", 453),
        ("kreis_n", 31),
        ("segment_small_activities", 2504),
        ("segment_small_units", 207),
        ("segment_kreise_activities_share", 20),
        ("median_projects", 11),
        ("top_quarter_units", 106),
        ("surveyed_total", 402),
        ("top_quarter_share_kreise", 74),
        ("top_quarter_share_large", 43),
        ("top_quarter_share_medium", 26),
        ("top_quarter_share_small", 17),
        ("budget_top_quarter_hsk", 14),
        ("budget_top_quarter_structural", 2),
        ("budget_bottom_quarter_hsk", 5),
        ("budget_bottom_quarter_balanced", 5),
        ("field_kultur_units", 282),
        ("planned_it_units", 50),
        ("planned_archiv_units", 47),
        ("obstacles_units", 140),
        ("legal_oerv_share", 39),
    ],
)
def test_key_figures(figure_id, value):
    assert PUB.value(figure_id) == value


@pytest.mark.parametrize("figure", PUB.figures.values(), ids=lambda f: f.id)
def test_every_figure_is_quoted_with_its_wording(figure):
    assert figure.value_text in figure.quote
    assert figure.source in PUB.sources
    assert figure.section


@pytest.mark.parametrize(
    "figure",
    [f for f in PUB.figures.values() if f.unit == "Anzahl" and f.qualifier is None],
    ids=lambda f: f.id,
)
def test_exact_counts_match_their_wording(figure):
    text = figure.value_text.lower()
    assert text == format_int(figure.value) or text == NUMBER_WORDS.get(int(figure.value))


def test_budget_figures_carry_the_report_stichtag():
    assert {f.stichtag for f in PUB.group("haushalt")} == {"2024-12-31"}


def test_rbz_table():
    table = PUB.rbz_table()
    assert list(table.index) == list(rbz_names())
    assert table["share_percent"].sum() == 100
    assert table["count"].dropna().to_dict() == {"051": 826, "055": 1540}


@pytest.mark.parametrize(("key", "count"), [("055", 1540), ("051", 826)])
def test_published_rbz_counts_round_to_published_shares(key, count):
    share = PUB.rbz_table().at[key, "share_percent"]
    assert int(round_half_up(100 * count / PUB.total)) == share


def test_kreis_distribution():
    dist = PUB.kreis_distribution()
    assert (dist.minimum, dist.q1, dist.median, dist.q3, dist.maximum) == (66, 155, 178, 227, 453)
    assert (dist.n, dist.min_key, dist.max_key) == (31, "05970", "05562")


def test_segments_add_up_to_the_surveyed():
    units = [PUB.value(f"segment_{s}_units") for s in ("small", "medium", "large")]
    assert sum(units) == PUB.value("surveyed_kommunen") == 371
    assert sum(units) + PUB.value("segment_kreise_units") == PUB.value("surveyed_total")


def test_survey_figures_match_the_hierarchy(hierarchy):
    h = hierarchy
    surveyed = h.units.loc[surveyed_keys(h)]
    assert len(surveyed) == PUB.value("surveyed_total")
    assert (surveyed["rbz"] == "053").sum() == PUB.value("rbz_053_units")
    assert (surveyed["kreis"] == "05562").sum() == PUB.value("kreis_05562_units")
    kreisfreie = h.kreisfreie_staedte()
    assert (kreisfreie["rbz"] == "051").sum() == PUB.value("rbz_051_kreisfreie")
    assert len(kreisfreie) + 1 == PUB.value("kreisfreie_not_surveyed")  # + city of Aachen


def test_top_quarter_shares_imply_exactly_106():
    """The segment shares admit one split of the 106 most active: 23/15/33/35."""
    sizes = {"kreise": 31, "large": 35, "medium": 129, "small": 207}
    options = {
        seg: [
            k
            for k in range(n + 1)
            if round_half_up(100 * k / n) == PUB.value(f"top_quarter_share_{seg}")
        ]
        for seg, n in sizes.items()
    }
    splits = [c for c in product(*options.values()) if sum(c) == PUB.value("top_quarter_units")]
    assert splits == [(23, 15, 33, 35)]


def test_legal_forms_by_segment():
    table = PUB.legal_forms()
    assert list(table.index) == ["klein", "mittel", "gross", "kreise"]
    assert (table.sum(axis=1) == 100).all()
    assert table.loc["kreise", "Öffentlich-rechtliche Vereinbarung"] == 46
    assert table.loc["klein", "Zweckverband"] == 18


def test_legal_forms_is_a_copy():
    table = PUB.legal_forms()
    table.iloc[0, 0] = -1
    assert PUB.legal_forms().iloc[0, 0] == 39


# --- practice examples -------------------------------------------------------------


def _name_matches(name: str, official: str) -> bool:
    return official == name or official.startswith(name + " (")


@pytest.mark.parametrize("example", PUB.examples, ids=lambda e: e.id)
def test_example_participants_resolve_in_the_hierarchy(example, hierarchy):
    h = hierarchy
    for participant in example.gemeinden:
        assert h.units.at[participant.key, "level"] == "gemeinde"
        assert _name_matches(participant.name, h.units.at[participant.key, "name"])
    for participant in (*example.kreise, *example.area):
        assert participant.key in h.kreise().index
        assert participant.name in h.label(participant.key)


@pytest.mark.parametrize(
    "example", [e for e in PUB.examples if e.section.startswith("1.3.3")], ids=lambda e: e.id
)
def test_examples_lie_in_their_regierungsbezirk(example, hierarchy):
    h = hierarchy
    assert example.section.startswith("1.3.3.")
    assert {h.units.at[k, "rbz"] for k in example.keys + tuple(a.key for a in example.area)} == {
        example.rbz
    }


def test_example_sections():
    sections = {e.section for e in PUB.examples}
    assert sections == {
        "1.3.3.1",
        "1.3.3.2",
        "1.3.3.3",
        "1.3.3.4",
        "1.3.3.5",
        "1.4.1",
        "1.4.2",
        "1.4.3",
        "Folie „Zweckverband KAAW“",
    }
    assert len([e for e in PUB.examples if e.source == "bericht"]) == 29
    assert [e.id for e in PUB.examples if e.source == "vortrag"] == ["kaaw"]


@pytest.mark.parametrize(
    ("example_id", "kreise", "gemeinden", "year", "rechtsform"),
    [
        ("detmold-rechtsagentur", 1, 10, 2012, "Öffentlich-rechtliche Vereinbarung"),
        ("detmold-ordnungsdienst", 0, 4, 2023, "Öffentlich-rechtliche Vereinbarung"),
        ("detmold-vergabe", 1, 9, None, "Öffentlich-rechtliche Vereinbarung"),
        ("duesseldorf-zahlungsabwicklung", 0, 3, 2016, "Öffentlich-rechtliche Vereinbarung"),
        ("duesseldorf-digitaler-zwilling", 1, 8, 2022, None),
        ("koeln-hws-erft", 3, 16, None, None),
        ("muenster-auslaenderwesen", 1, 1, 2021, "Öffentlich-rechtliche Vereinbarung"),
        ("muenster-abfall", 2, 0, None, "Öffentlich-rechtliche Vereinbarung"),
        ("lv-einkaufskooperation", 0, 4, 2016, "Öffentlich-rechtliche Vereinbarung"),
    ],
)
def test_example_details(example_id, kreise, gemeinden, year, rechtsform):
    example = PUB.example(example_id)
    assert (len(example.kreise), len(example.gemeinden)) == (kreise, gemeinden)
    assert (example.year, example.rechtsform) == (year, rechtsform)


def test_digitaler_zwilling_has_all_gemeinden_of_the_kreis(hierarchy):
    example = PUB.example("duesseldorf-digitaler-zwilling")
    expected = set(hierarchy.gemeinden_in("05162").index)
    assert {p.key for p in example.gemeinden} == expected


def test_incomplete_participant_lists_are_flagged():
    incomplete = {e.id for e in PUB.examples if not e.participants_complete}
    assert {"arnsberg-rechnungspruefung", "muenster-personalabrechnung"} <= incomplete


def test_planned_example():
    assert [e.id for e in PUB.examples if e.status == "geplant"] == ["lv-sozialhilfe"]


# --- loader errors -----------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    for name in (FIGURES_FILE, EXAMPLES_FILE):
        shutil.copy(IKZ_DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit(directory, name, change):
    path = directory / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _set(entry, field, value):
    entry[field] = value


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (FIGURES_FILE, lambda d: _set(d["figures"][0], "unit", "Dollar"), "Einheit „Dollar“"),
        (FIGURES_FILE, lambda d: _set(d["figures"][2], "quote", ""), "Eintrag 3"),
        (FIGURES_FILE, lambda d: _set(d["figures"][1], "value", "31"), "keine Zahl"),
        (FIGURES_FILE, lambda d: _set(d["figures"][1], "source", "zeitung"), "Quelle"),
        (FIGURES_FILE, lambda d: _set(d["figures"][1], "id", "surveyed_kommunen"), "doppelt"),
        (FIGURES_FILE, lambda d: _set(d["figures"][0], "qualifier", "ungefähr"), "Einschränkung"),
        (
            FIGURES_FILE,
            lambda d: d["legal_forms_by_segment"]["rows"][0]["values"].pop(),
            "Summe 100",
        ),
        (EXAMPLES_FILE, lambda d: _set(d["examples"][3]["kreise"][0], "key", "5766"), "Beispiel 4"),
        (EXAMPLES_FILE, lambda d: _set(d["examples"][0], "status", "vielleicht"), "Status"),
        (EXAMPLES_FILE, lambda d: _set(d["examples"][0], "rbz", "058"), "Regierungsbezirk"),
        (EXAMPLES_FILE, lambda d: _set(d["examples"][0], "source", "zeitung"), "Quelle"),
        # the shape of the JSON and the type of each field (pandera schemas)
        (FIGURES_FILE, lambda d: d["figures"].insert(4, 7), r"Eintrag 5: Aufbau .* Objekt"),
        (FIGURES_FILE, lambda d: _set(d, "figures", {}), r"figures: Aufbau .* Liste"),
        (FIGURES_FILE, lambda d: _set(d["figures"][3], "label", ["x"]), "Feld „label“ ist kein"),
        (FIGURES_FILE, lambda d: _set(d["figures"][3], "value", True), "Eintrag 4.*keine Zahl"),
        (FIGURES_FILE, lambda d: _set(d["statements"][0], "key", "5562"), "Aussage 1.*kanonisch"),
        (
            FIGURES_FILE,
            lambda d: _set(d["legal_forms_by_segment"]["rows"][0]["values"], 0, "39"),
            "Summe 100",
        ),
        (EXAMPLES_FILE, lambda d: d["examples"][2]["kreise"][0].pop("name"), r"Beispiel 3 .*name"),
        (EXAMPLES_FILE, lambda d: _set(d["examples"][1], "year", "2020"), "Jahr „2020“"),
        (
            EXAMPLES_FILE,
            lambda d: _set(d["examples"][1], "id", d["examples"][0]["id"]),
            "eindeutig",
        ),
        (EXAMPLES_FILE, lambda d: _set(d, "examples", "alle"), r"examples: Aufbau .* Liste"),
    ],
)
def test_bad_files_raise_german_errors(data_copy, name, change, message):
    _edit(data_copy, name, change)
    with pytest.raises(PublishedDataError, match=message) as err:
        load_published_from(data_copy)
    assert name in str(err.value)


def test_missing_and_broken_files(data_copy):
    (data_copy / EXAMPLES_FILE).write_text("{kaputt", encoding="utf-8")
    with pytest.raises(PublishedDataError, match="kein gültiges JSON"):
        load_published_from(data_copy)
    (data_copy / FIGURES_FILE).unlink()
    with pytest.raises(PublishedDataError, match=f"Datei fehlt: {FIGURES_FILE}"):
        load_published_from(data_copy)


def test_unknown_figure():
    with pytest.raises(KeyError):
        PUB.figure("gibt_es_nicht")
