"""Filters of an uploaded activity list (issue 16): categories, counts per filter, link
parameters, the export subtitle, the consistency check and the partners."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ikzmap import activity_categories as cats
from ikzmap.activity_filter import (
    ActivityFilter,
    ActivityTable,
    FilteredActivities,
    partner_text,
)
from ikzmap.activity_partners import split_partners
from ikzmap.atlas import AtlasData
from ikzmap.budget import default_budget_status
from ikzmap.consistency import check_consistency
from ikzmap.export.credits import source_line, subtitle
from ikzmap.published import load_published
from ikzmap.store import codec
from ikzmap.upload import read_upload
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

UPLOADS = Path(__file__).resolve().parent / "data" / "uploads"
FILE = "aktivitaeten_partner.csv"
IT = "it-e-government"
KREIS_RE = "05562"
CASTROP = "05562004"


@pytest.fixture(scope="module")
def result(hierarchy):
    found = read_upload((UPLOADS / FILE).read_bytes(), FILE, hierarchy)
    assert found.ok and found.kind == "activities", found.error
    return found


@pytest.fixture(scope="module")
def table(result, hierarchy) -> ActivityTable:
    return ActivityTable.build(result.activities, hierarchy)


def _atlas(result, table, hierarchy, flt: ActivityFilter) -> AtlasData:
    return AtlasData.build(
        hierarchy,
        table.dataset(result.dataset, flt),
        default_budget_status(),
        result.population,
        "test",
        activities=FilteredActivities(table, flt),
    )


# --- categories -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dimension", "value", "label"),
    [
        (cats.FIELD, "IT, E-Government", "IT, E-Government"),
        (cats.FIELD, "EDV", "IT, E-Government"),
        (cats.FIELD, "IT, Digitalisierung Schule", "IT, E-Government"),
        (cats.FIELD, "Personal (Versorgung, Beihilfe)", "Personal"),
        (cats.FIELD, "Abfallwirtschaft", "Ver- und Entsorgung"),
        (cats.FIELD, "Vergabewesen", "Beschaffung und Vergabe"),
        (cats.FIELD, "Soziales (überörtliche Sozialhilfe)", "Soziales"),
        (cats.FIELD, "Kultur (Museen)", "Kultur und Wissenschaft"),
        (cats.FIELD, "Sicherheit und Ordnung", "Sicherheit und Ordnung"),
        (cats.FIELD, "  ", cats.NO_ENTRY),
        (cats.FORM, "ÖrV", "Öffentlich-rechtliche Vereinbarung"),
        (cats.FORM, "Zweckvereinbarung", "Öffentlich-rechtliche Vereinbarung"),
        (cats.FORM, "gGmbH", "Rechtsform des Privatrechts"),
        (cats.FORM, "eingetragener Verein", "Rechtsform des Privatrechts"),
        (cats.FORM, "AöR", "Gemeinsames Kommunalunternehmen"),
        (cats.FORM, "noch offen", "Noch offen / Sonstiges"),
        (cats.FORM, "Stiftung", "Stiftung"),
        (cats.STATUS, "realisiert", "umgesetzt"),
        (cats.STATUS, "in Planung", "geplant"),
        (cats.STATUS, "beendet", "rückabgewickelt"),
    ],
)
def test_values_are_assigned_to_the_reports_categories(dimension, value, label):
    found = cats.categorize(dimension, value)
    assert found.label == label
    assert found.known == (label not in ("Sicherheit und Ordnung", "Stiftung", cats.NO_ENTRY))


def test_categories_are_the_reports():
    """Legal forms: exactly the columns of the report's table in 1.2.6; task fields: each
    named in a published figure of sections 1.2.3/1.2.4."""
    published = load_published()
    assert [c.label for c in cats.LEGAL_FORMS] == list(published.legal_form_columns)
    labels = " ".join(f.label for f in published.group("aufgabenfelder"))
    for category in cats.TASK_FIELDS:
        assert category.label.split(" und ")[0].split(",")[0] in labels, category.label
        assert category.section in ("1.2.3", "1.2.4")


# --- counts per filter ----------------------------------------------------------------


def test_without_filter_the_counts_are_the_uploads(result, table):
    flt = ActivityFilter()
    assert not flt.active
    assert table.dataset(result.dataset, flt) is result.dataset
    counts = table.counts(flt)
    uploaded = result.dataset.values["count"].astype(int)
    assert counts.to_dict() == uploaded.to_dict()
    assert counts[CASTROP] == 5
    assert counts.sum() == 5 + 4 + 3 + 2 + 2 + 2 + 1 + 1 + 2 + 1 + 3 + 1 + 1


@pytest.mark.parametrize(
    ("flt", "castrop", "kreis_re", "borken"),
    [
        (ActivityFilter(aufgabenfeld=(IT,)), 2, 11, 1),
        (ActivityFilter(status=("geplant",)), 1, 5, 0),
        (ActivityFilter(status=("rueckabgewickelt",)), 1, 2, 1),
        (ActivityFilter(rechtsform=("zweckverband",)), 1, 9, 1),
        (ActivityFilter(aufgabenfeld=(IT, "archiv"), status=("umgesetzt", "geplant")), 3, 14, 1),
        (ActivityFilter(aufgabenfeld=("feuerwehr",)), 0, 1, 0),
        (ActivityFilter(aufgabenfeld=("ohne-angabe",), status=("geplant",)), 0, 1, 0),
    ],
)
def test_counts_per_filter(result, table, hierarchy, flt, castrop, kreis_re, borken):
    atlas = _atlas(result, table, hierarchy, flt)
    assert atlas.ikz_table("gemeinde").at[CASTROP, "count"] == castrop
    assert atlas.ikz_table("kreis").at[KREIS_RE, "count"] == kreis_re
    assert atlas.ikz_table("kreis").at["05554", "count"] == borken
    assert atlas.ikz.values["provenance"].eq("hochgeladen").all()


def test_filtered_counts_name_the_filter_in_the_source_line(result, table):
    flt = ActivityFilter(aufgabenfeld=(IT,))
    dataset = table.dataset(result.dataset, flt)
    assert dataset.subset == "nur Aufgabenfeld IT, E-Government, umgesetzt"
    line = source_line(dataset.source)
    assert line.startswith("Eigene Daten: aktivitaeten_partner.csv")
    assert "nur Aufgabenfeld IT, E-Government, umgesetzt" in line
    assert not any(n == "Gezählt sind nur umgesetzte IKZ-Aktivitäten." for n in dataset.notes)


def test_description_of_several_values(table):
    flt = ActivityFilter(
        aufgabenfeld=("archiv", IT), rechtsform=("zweckverband",), status=("geplant", "umgesetzt")
    )
    assert table.describe(flt) == (
        "nur Aufgabenfeld IT, E-Government oder Archiv, Rechtsform Zweckverband, "
        "umgesetzt oder geplant"
    )
    assert table.describe(ActivityFilter(status=("umgesetzt",))) is None


# --- unknown categories ---------------------------------------------------------------


def test_unknown_categories_are_kept_and_listed(table):
    fields = {label: n for _, label, n in table.options(cats.FIELD)}
    assert fields["Sicherheit und Ordnung"] == 2
    assert fields["Feuerwehr"] == 2
    assert fields[cats.NO_ENTRY] == 1
    assert sum(fields.values()) == 36  # every row in one category, none dropped
    assert list(fields)[:2] == ["IT, E-Government", "Personal"]  # the report's order first
    assert list(fields)[-1] == cats.NO_ENTRY
    assert table.unknown_categories(cats.FIELD) == ["Sicherheit und Ordnung", "Feuerwehr"]
    assert table.unknown_categories(cats.FORM) == ["Stiftung"]
    forms = {label for _, label, _n in table.options(cats.FORM)}
    assert {"Stiftung", cats.NO_ENTRY, "Gemeinsames Kommunalunternehmen"} <= forms


def test_mapping_table_names_every_value_with_its_category(table):
    frame = table.mapping_table()
    assert list(frame.columns) == [
        "Merkmal",
        "Angabe in der Datei",
        "Kategorie",
        "Zuordnung",
        "Zeilen",
    ]
    rows = {(r.Merkmal, r._2): r for r in frame.itertuples()}
    edv = rows[("Aufgabenfeld", "EDV")]
    assert (edv.Kategorie, edv.Zuordnung, edv.Zeilen) == (
        "IT, E-Government",
        "Bericht, Abschnitt 1.2.3",
        2,
    )
    assert rows[("Rechtsform", "ÖrV")].Kategorie == "Öffentlich-rechtliche Vereinbarung"
    assert rows[("Rechtsform", "Stiftung")].Zuordnung == "eigene Kategorie (nicht im Bericht)"
    assert rows[("Aufgabenfeld", "(leer)")].Kategorie == cats.NO_ENTRY
    assert rows[("Status", "realisiert")].Kategorie == "umgesetzt"
    assert rows[("Status", "in Planung")].Kategorie == "geplant"
    assert frame.groupby("Merkmal")["Zeilen"].sum().to_dict() == {
        "Aufgabenfeld": 36,
        "Rechtsform": 36,
        "Status": 36,
    }


def test_a_list_without_status_column_offers_no_status_filter(hierarchy):
    data = b"AGS;Aufgabenfeld\n05562004;Archiv\n05562004;EDV\n05562008;Archiv\n"
    found = read_upload(data, "a.csv", hierarchy)
    table = ActivityTable.build(found.activities, hierarchy)
    assert table.present == {"aufgabenfeld": True, "rechtsform": False, "status": False}
    assert table.counts(ActivityFilter(aufgabenfeld=("archiv",))).to_dict() == {
        "05562004": 1,
        "05562008": 1,
    }
    flt, notes = table.from_query({"status": "geplant", "rechtsform": "zweckverband"})
    assert flt == ActivityFilter()
    assert len(notes) == 2 and all("keine Spalte" in n for n in notes)


# --- link parameters ------------------------------------------------------------------


def test_link_round_trip(table):
    flt = ActivityFilter(
        aufgabenfeld=("feuerwehr", IT), rechtsform=("zweckverband",), status=("geplant",)
    )
    query = flt.to_query()
    assert query == {
        "aufgabenfeld": "feuerwehr,it-e-government",
        "rechtsform": "zweckverband",
        "status": "geplant",
    }
    back, notes = table.from_query(query)
    assert back == flt.normalized() and notes == []
    assert ActivityFilter(status=("umgesetzt",)).to_query() == {}


def test_unknown_link_values_are_dropped_with_a_german_note(table):
    flt, notes = table.from_query({"aufgabenfeld": "archiv,<b>x</b>", "status": "erledigt"})
    assert flt == ActivityFilter(aufgabenfeld=("archiv",))
    assert notes == [
        "Link-Parameter „aufgabenfeld“: unbekannter Wert „<b>x</b>“ wurde ignoriert "
        "(kein Aufgabenfeld dieser Daten).",
        "Link-Parameter „status“: unbekannter Wert „erledigt“ wurde ignoriert "
        "(kein Status dieser Daten).",
    ]
    huge, notes = table.from_query({"rechtsform": "x" * 100_000})
    assert huge == ActivityFilter() and len(notes[0]) < 200


def test_saved_version_keeps_the_filterable_columns(result, hierarchy):
    payload = codec.encode(result, [])
    restored = codec.decode(payload, result.original, result.filename, None)
    table = ActivityTable.build(restored.activities, hierarchy)
    flt = ActivityFilter(aufgabenfeld=(IT,))
    assert (
        table.counts(flt).to_dict()
        == ActivityTable.build(result.activities, hierarchy).counts(flt).to_dict()
    )
    assert table.has_partners and table.present["status"]


# --- export subtitle and consistency --------------------------------------------------


def test_export_subtitle_names_the_filter(result, table, hierarchy):
    atlas = _atlas(result, table, hierarchy, ActivityFilter(aufgabenfeld=(IT,)))
    view = build_view(atlas, ViewState(level="kreis"))
    assert view.subset == "nur Aufgabenfeld IT, E-Government, umgesetzt"
    assert "nur Aufgabenfeld IT, E-Government, umgesetzt" in subtitle(view)
    budget = build_view(atlas, ViewState(level="kreis", indicator="budget_hsk"))
    assert "nur Aufgabenfeld" not in subtitle(budget)  # no IKZ figure on that map
    plain = build_view(_atlas(result, table, hierarchy, ActivityFilter()), ViewState())
    assert plain.subset is None and "nur " not in subtitle(plain)


def test_consistency_check_follows_the_filter(result, table, hierarchy):
    published, status = load_published(), default_budget_status()
    flt = ActivityFilter(aufgabenfeld=(IT,))
    full = check_consistency(result.dataset, hierarchy, published, status)
    part = check_consistency(table.dataset(result.dataset, flt), hierarchy, published, status)
    total = {f.check: f for f in full}["total"]
    assert total.actual == 5 + 4 + 3 + 2 + 2 + 2 + 1 + 1 + 2 + 1 + 3 + 1
    assert {f.check: f for f in part}["total"].actual == 11 + 1
    assert part[0].check == "subset"
    assert "nur Aufgabenfeld IT, E-Government, umgesetzt" in part[0].text
    assert "subset" not in {f.check for f in full}


# --- partners -------------------------------------------------------------------------


def test_partner_cells_are_split():
    assert split_partners("05562004; Datteln, Kreis Borken\nWaltrop") == [
        "05562004",
        "Datteln",
        "Kreis Borken",
        "Waltrop",
    ]
    assert split_partners(None) == [] and split_partners(" ; ,") == []


def test_partners_are_resolved_and_counted(table):
    facts = table.unit(CASTROP, ActivityFilter())
    assert set(facts.partners) == {
        "05562008",
        "05562012",
        "05562036",
        "05562032",
        "05562020",
        "05512000",
        "05562014",
    }
    assert partner_text(facts) == "7 Gebietskörperschaften"
    every = table.unit(CASTROP, ActivityFilter(status=("umgesetzt", "geplant", "rueckabgewickelt")))
    assert "05554" in every.partners
    assert every.unresolved == ("Zweckverband Emscher",)
    assert partner_text(every) == (
        "8 Gebietskörperschaften; außerdem nicht zugeordnet: Zweckverband Emscher"
    )


def test_unit_breakdown_by_field_and_form(table):
    facts = table.unit(CASTROP, ActivityFilter())
    assert facts.total == 5
    assert facts.by_field == (
        ("IT, E-Government", 2),
        ("Personal", 1),
        ("Kultur und Wissenschaft", 1),
        ("Sicherheit und Ordnung", 1),
    )
    assert dict(facts.by_form) == {
        "Öffentlich-rechtliche Vereinbarung": 2,
        "Kommunale Arbeitsgemeinschaft": 1,
        "Zweckverband": 1,
        "Rechtsform des Privatrechts": 1,
    }
    assert table.unit(KREIS_RE, ActivityFilter(aufgabenfeld=(IT,))).total == 11


def test_partner_highlight_keys(table, hierarchy):
    flt = ActivityFilter()
    on_gemeinden = table.partner_highlight(CASTROP, "gemeinde", flt, hierarchy)
    assert set(on_gemeinden) == set(table.unit(CASTROP, flt).partners)
    assert CASTROP not in on_gemeinden
    on_kreise = table.partner_highlight(KREIS_RE, "kreis", flt, hierarchy)
    assert set(on_kreise) == {"05512", "05554", "05558"}  # Bottrop, Borken, Coesfeld
    borken = table.partner_highlight("05554", "gemeinde", flt, hierarchy)
    assert set(borken) == set(hierarchy.gemeinden_in(KREIS_RE).index)
    assert table.partner_highlight(None, "kreis", flt, hierarchy) == ()


def test_a_list_without_partner_column_has_no_partner_line(hierarchy):
    data = (UPLOADS / "aktivitaeten.csv").read_bytes()
    found = read_upload(data, "a.csv", hierarchy)
    table = ActivityTable.build(found.activities, hierarchy)
    facts = table.unit("05562004", ActivityFilter())
    assert facts.partners is None and partner_text(facts) is None
    assert table.partner_highlight("05562004", "gemeinde", ActivityFilter(), hierarchy) == ()
    assert isinstance(table.mapping_table(), pd.DataFrame)


# --- batch export of a saved activity list ----------------------------------------------


@pytest.fixture
def saved_activities(tmp_path, monkeypatch, result, hierarchy):
    from ikzmap.store import Store, save_result
    from ikzmap.store.config import sqlite_url

    monkeypatch.setenv("IKZMAP_DATA_DIR", str(tmp_path / "ablage"))
    monkeypatch.delenv("IKZMAP_DATABASE_URL", raising=False)
    store = Store(sqlite_url(tmp_path / "ablage"))
    info = save_result(store, result, "Aktivitäten", hierarchy, load_published())
    store.dispose()
    return info


def test_batch_export_counts_with_the_filter(tmp_path, saved_activities, capsys):
    from ikzmap.export.cli import main

    out = tmp_path / "k"
    argv = ["--level", "kreis", "--indicator", "ikz_count", "--out", str(out)]
    daten = ["--daten", saved_activities.dataset_id, "--aufgabenfeld", IT]
    assert main([*argv, "--format", "csv", *daten]) == 0
    text = (out / "ikz_kreis_ikz_count.csv").read_text(encoding="utf-8-sig")
    row = next(line for line in text.splitlines() if line.startswith(KREIS_RE))
    assert ";11;" in row and "hochgeladen" in row
    assert "nur Aufgabenfeld IT, E-Government, umgesetzt" in text
    assert main([*argv, "--format", "svg", *daten]) == 0
    svg = next(out.glob("ikz_kreis_ikz_count*.svg")).read_text(encoding="utf-8")
    assert "nur Aufgabenfeld IT, E-Government, umgesetzt" in svg
    wrong = ["--daten", saved_activities.dataset_id, "--aufgabenfeld", "unsinn"]
    assert main([*argv, "--format", "csv", *wrong]) == 2
    assert "Option „aufgabenfeld“: unbekannter Wert „unsinn“" in capsys.readouterr().err
    assert main([*argv, "--format", "csv", "--status", "geplant"]) == 2
    assert "nur zusammen mit --daten" in capsys.readouterr().err
