"""Comparing units (ikzmap.compare): the compared keys and their link parameter, the table's
figures (equal to the detail panel's, each with its provenance) and its CSV."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from geo import level_of
from ikzmap import compare, details
from ikzmap.atlas import AtlasData
from ikzmap.budget import STATUS_CODES, default_budget_status
from ikzmap.compare import Cell, Comparison, Row, Unit
from ikzmap.csv_safe import GUARD, neutralize
from ikzmap.published import load_published
from ikzmap.ui.compare_panel import table_html
from tests import test_hostile_data as hostile
from tests.factories import make_dataset

UNITS = {"05562", "05562012", "055", "05111", "05111000", "051", "05566", "05970", "059"}


@pytest.fixture(scope="module")
def published():
    return load_published()


def _row(comparison: Comparison, label: str) -> Row:
    (row,) = [r for r in comparison.rows if r.label == label]
    return row


# --- keys in the link ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "keys", "notes"),
    [
        (None, (), 0),
        ("", (), 0),
        ("05562,05562012,055", ("05562", "05562012", "055"), 0),
        ("05562,05562", ("05562",), 0),  # twice counts once
        ("05562,,055", ("05562", "055"), 0),
        ("5562", (), 1),
        ("05999", (), 1),  # well formed, but no unit
        ("05562000", (), 1),  # a Kreis in 8 digits: canonical form, but no Gemeinde
        ("05562,<script>,05111", ("05562", "05111"), 1),
        ("05562,05111,055,051,05562012", ("05562", "05111", "055", "051"), 1),
        ("x,y,z,w,v,05562,05111,055,051,05562012", ("05562", "05111", "055", "051"), 2),
        (["05562"], (), 1),  # not text
    ],
)
def test_from_param(raw, keys, notes):
    found, messages = compare.from_param(raw, UNITS)
    assert found == keys
    assert len(messages) == notes
    for message in messages:
        assert message.startswith("Link-Parameter „vergleich“")
    again, more = compare.from_param(compare.to_param(found), UNITS)
    assert again == found and more == []


def test_from_param_bounds_a_crafted_link():
    raw = "05562," * 50_000 + hostile.SCRIPT
    found, (note,) = compare.from_param(raw, UNITS)
    assert found == ("05562",)
    assert len(note) < 200 and "„vergleich“" in note


@pytest.mark.parametrize(
    ("keys", "new", "expected", "message"),
    [
        ((), ("05562",), ("05562",), False),
        (("05562",), ("05562",), ("05562",), False),
        (("05562",), ("05562012", "05562"), ("05562", "05562012"), False),
        (("05562", "055", "05111"), ("05970",), ("05562", "055", "05111", "05970"), False),
        (("05562", "055", "05111", "051"), ("05970",), ("05562", "055", "05111", "051"), True),
        (("05562", "055", "05111"), ("05970", "059"), ("05562", "055", "05111"), True),
        (("05562", "055", "05111", "051"), ("055",), ("05562", "055", "05111", "051"), False),
    ],
)
def test_add_keeps_at_most_four_and_loses_nothing(keys, new, expected, message):
    labels = {"05970": "Kreis Siegen-Wittgenstein"}
    updated, text = compare.add(keys, *new, labels=labels)
    assert updated == expected
    assert (text is not None) is message
    if message:
        assert "höchstens vier" in text and "unverändert" in text
        assert "„Kreis Siegen-Wittgenstein“" in text


@pytest.mark.parametrize(
    ("keys", "key", "expected"),
    [
        (("05562", "055"), "05562", ("055",)),
        (("05562", "055"), "05111", ("05562", "055")),
        (("05562",), "05562", ()),
    ],
)
def test_remove(keys, key, expected):
    assert compare.remove(keys, key) == expected


@pytest.mark.parametrize(
    ("key", "parent"),
    [
        ("05562012", "05562"),  # a Gemeinde with its Kreis
        ("05562", "055"),  # a Kreis with its Regierungsbezirk
        ("05111", "051"),  # a kreisfreie Stadt with its Regierungsbezirk
        ("05111000", "051"),  # the same city as a Gemeinde: no Kreis above it
        ("05334002", "05334"),  # Aachen lies in the StädteRegion
        ("055", None),
    ],
)
def test_parent_of(atlas, key, parent):
    assert compare.parent_of(atlas, key) == parent


# --- the figures ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["05562", "05566", "05970", "055", "059", "05562012", "05111"])
def test_figures_equal_the_detail_panel(atlas, published, key):
    comparison = compare.compare(atlas, published, ["05562", key])
    facts = details.ikz_facts(atlas, key)
    assert _row(comparison, "IKZ-Aktivitäten").cells[1].text == facts.display
    rank = _row(comparison, "Rang").cells[1].text
    quartile = _row(comparison, "Viertel").cells[1].text
    panel_rank = details.rank_text(facts, level_of(key))
    if panel_rank is not None:
        assert panel_rank == f"{rank} ({quartile})"
    span = details.range_text(facts)
    lo_hi = _row(comparison, "Bereich (mit den veröffentlichten Zahlen vereinbar)").cells[1]
    assert lo_hi.origin == (span or lo_hi.origin)
    if span:
        assert span.endswith(lo_hi.text)
    population = details.population_text(details.population_facts(atlas, key))
    cell = _row(comparison, "Einwohner").cells[1]
    total, _, part = cell.text.partition("; ")
    assert population == f"{total} ({cell.origin})" + (f"; {part}" if part else "")
    examples = details.examples_for(published, atlas, key)
    text = _row(comparison, "Praxisbeispiele des Berichts").cells[1].text
    assert text.startswith(f"{len(examples)}:" if examples else compare.NO_EXAMPLES)


@pytest.mark.parametrize(
    ("key", "row", "text", "origin"),
    [
        ("05562", "IKZ-Aktivitäten", "453", "veröffentlicht; gpaNRW"),
        ("05566", "IKZ-Aktivitäten", "", "modelliert; IKZ je Kreis: modellierte Standardwerte"),
        ("05566", "Bereich (mit den veröffentlichten Zahlen vereinbar)", "228–452", "vereinbar"),
        ("05970", "Rang", "31 von 31 Kreisen", "veröffentlicht (gpaNRW-Bericht, Abschnitt"),
        ("05970", "Viertel", "unteres Viertel", "veröffentlicht"),
        ("05562", "Anteil an der übergeordneten Einheit", "% von Regierungsbezirk", "berechnet"),
        ("05562", "Einwohner", "618.350", "amtlich, Zensus 2022, Stichtag 15.05.2022"),
        ("055", "Rang", "1 von 5 Regierungsbezirken", "Vortrag 24.02.2026"),
        ("05562012", "IKZ-Aktivitäten", "keine Daten", "keine IKZ-Zahlen je Gemeinde"),
        ("05562012", "Rang", "–", ""),
    ],
)
def test_each_figure_with_its_provenance(atlas, published, key, row, text, origin):
    (cell,) = _row(compare.compare(atlas, published, [key]), row).cells
    assert text in cell.text
    assert cell.origin.startswith(origin) or origin in cell.origin


@pytest.mark.parametrize("key", ["05111", "05111000", "05162012", "05334002"])
def test_units_not_surveyed_say_so_never_zero(atlas, published, key):
    comparison = compare.compare(atlas, published, [key, "05562"])
    for label in compare._IKZ_ROWS:
        cell = _row(comparison, label).cells[0]
        assert cell.text == "nicht erhoben", (label, cell)
        assert "nicht erhoben" in cell.origin


def test_budget_status_counts_and_a_gemeindes_own_status(atlas, published):
    keys = ["05562", "05562012", "055", "05111"]
    comparison = compare.compare(atlas, published, keys)
    rows = [r for r in comparison.rows if r.label.startswith("Haushaltsstatus")]
    assert len(rows) == len(STATUS_CODES)
    for column, key in enumerate(keys):
        cells = [r.cells[column] for r in rows]
        assert all("amtlich" in c.origin and "31.12.2025" in c.origin for c in cells if c.origin)
        if key in ("05562012", "05111"):  # a Gemeinde, a kreisfreie Stadt: one Gemeinde
            (member,) = atlas.hierarchy.gemeinden_in(key).index
            own = atlas.budget_status.at[member, "status_code"]
            assert [c.text for c in cells].count(compare.OWN_STATUS) == 1
            assert cells[own - 1].text == compare.OWN_STATUS
        else:
            panel = details.budget_counts(atlas, key)["Anzahl"].tolist()
            assert [int(c.text.replace(".", "")) for c in cells] == panel


def test_uploaded_figures_say_hochgeladen():
    from geo import Hierarchy

    hierarchy = Hierarchy.load()
    dataset = make_dataset({"05562": 120, "05970": 80, "05111": 7}, level="kreis")
    atlas = AtlasData.build(hierarchy, dataset, default_budget_status())
    comparison = compare.compare(atlas, load_published(), ["05562", "05111"])
    value, informational = _row(comparison, "IKZ-Aktivitäten").cells
    assert value.text == "120" and value.origin == "hochgeladen; Testquelle"
    assert informational.text.startswith("7 (nicht erhoben")  # only for information
    assert _row(comparison, "Rang").cells[1].text == "nicht erhoben"


def test_sources_end_with_the_geometry(atlas, published):
    comparison = compare.compare(atlas, published, ["05562"])
    assert comparison.sources[-1].startswith("Geometrie: © GeoBasis-DE / BKG")
    assert any("Zensus 2022" in s for s in comparison.sources)
    assert any("MHKBD" in s for s in comparison.sources)


# --- the table on screen and as CSV --------------------------------------------------------


def _read_csv(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for German Excel
    return pd.read_csv(io.BytesIO(data), sep=";", dtype=str, keep_default_na=False)


def test_csv_has_german_headers_and_provenance_beside_each_value(atlas, published):
    comparison = compare.compare(atlas, published, ["05562", "05562012", "05111"])
    frame = _read_csv(compare.csv_bytes(comparison))
    assert list(frame.columns) == [
        "Merkmal",
        "Kreis Recklinghausen (05562)",
        "Herkunft: Kreis Recklinghausen (05562)",
        "Dorsten (05562012)",
        "Herkunft: Dorsten (05562012)",
        "Düsseldorf (05111)",
        "Herkunft: Düsseldorf (05111)",
    ]
    rows = frame.set_index("Merkmal")
    assert rows.at["IKZ-Aktivitäten", "Kreis Recklinghausen (05562)"] == "453"
    assert rows.at["IKZ-Aktivitäten", "Herkunft: Kreis Recklinghausen (05562)"].startswith(
        "veröffentlicht"
    )
    assert rows.at["IKZ-Aktivitäten", "Düsseldorf (05111)"] == "nicht erhoben"
    assert rows.at["Rang", "Düsseldorf (05111)"] == "nicht erhoben"
    assert rows.at["Einwohner", "Herkunft: Dorsten (05562012)"].endswith("15.05.2022")
    assert "GeoBasis-DE / BKG" in rows.at["Art", "Herkunft: Dorsten (05562012)"]
    quellen = frame.loc[frame["Merkmal"] == "Quelle", "Kreis Recklinghausen (05562)"].tolist()
    assert quellen == list(comparison.sources)


@pytest.mark.parametrize("payload", [*hostile.FORMULAS, *hostile.UNICODE_FORMULAS])
def test_csv_is_formula_safe(payload):
    unit = Unit("05562", payload, payload, payload)
    comparison = Comparison((unit,), (Row(payload, (Cell(payload, payload),)),), (payload,))
    frame = _read_csv(compare.csv_bytes(comparison))
    cells = [*frame.columns, *frame.to_numpy().ravel()]
    assert all(neutralize(cell) == cell for cell in cells)  # none would run as a formula
    assert cells.count(GUARD + payload) == 6  # Merkmal, value, origin, type, context, source


def test_table_html_is_accessible_and_escaped(atlas, published):
    comparison = compare.compare(atlas, published, ["05562", "055"])
    page = table_html(comparison)
    assert "<caption>Vergleich: Kreis Recklinghausen, Regierungsbezirk Münster" in page
    assert page.count('<th scope="col">') == 3  # "Merkmal" and one per unit
    assert page.count('<th scope="row">') == len(comparison.rows) + 2  # and type, context
    evil = Unit("05562", hostile.SCRIPT, hostile.IMG, hostile.HTML_LINK)
    hostile_page = table_html(
        Comparison((evil,), (Row(hostile.SVG, (Cell(hostile.SCRIPT, hostile.IMG),)),), ())
    )
    for payload in (hostile.SCRIPT, hostile.IMG, hostile.HTML_LINK, hostile.SVG):
        assert payload not in hostile_page
