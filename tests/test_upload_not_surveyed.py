"""Uploads with values of units the survey did not cover, from file to map, panel and files.

The rule (ikzmap.aggregate): such a value is shown with the mark "nicht erhoben – nur
nachrichtlich", but it enters no class, legend count, minimum/maximum, rank, quartile,
sum, export column of values or comparison with the report. The Kreis level ranks 31.
"""

import io
from pathlib import Path

import pandas as pd
import pytest

from ikzmap import details, palettes
from ikzmap.aggregate import INFORMATIONAL_NOTE
from ikzmap.atlas import AtlasData
from ikzmap.budget import default_budget_status
from ikzmap.consistency import Severity, check_consistency
from ikzmap.export import data as export_data
from ikzmap.status import Status
from ikzmap.tables import level_table
from ikzmap.upload import ColumnMapping, read_upload
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

UPLOADS = Path(__file__).parent / "data" / "uploads"
MESSY = "kreise_unordentlich_cp1252.csv"  # 31 Kreise and Bielefeld (12)
GEMEINDEN = "gemeinden_nicht_erhoben.csv"  # Münster, Essen, Aachen, Harsewinkel and others
COUNT = "IKZ-Aktivitäten (Anzahl)"
MARK = f"({INFORMATIONAL_NOTE})"
BIELEFELD, HSK, SIEGEN = "05711", "05958", "05970"
MUENSTER, ESSEN, AACHEN, HARSEWINKEL = "05515000", "05113000", "05334002", "05754016"
GUETERSLOH_STADT, HALLE, KREIS_GUETERSLOH = "05754008", "05754012", "05754"


def _read(name, hierarchy, **kwargs):
    return read_upload((UPLOADS / name).read_bytes(), name, hierarchy, **kwargs)


def _atlas(result, hierarchy) -> AtlasData:
    return AtlasData.build(
        hierarchy, result.dataset, default_budget_status(), result.population, "test"
    )


@pytest.fixture(scope="module")
def messy(hierarchy):
    result = _read(MESSY, hierarchy)
    assert result.ok, result.error
    return result, _atlas(result, hierarchy)


@pytest.fixture(scope="module")
def gemeinden(hierarchy):
    result = _read(GEMEINDEN, hierarchy)
    assert result.ok, result.error
    return result, _atlas(result, hierarchy)


def _class_count(view) -> int:
    return sum(
        e.count or 0 for e in view.legend.entries if not e.label.startswith(("keine", "nicht"))
    )


def _not_surveyed_entry(view):
    return next(e for e in view.legend.entries if e.label.startswith("nicht erhoben"))


def _csv_frame(view) -> pd.DataFrame:
    text = export_data.csv_bytes(view).decode("utf-8-sig")
    return pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False).set_index(
        "Schlüssel"
    )


def _xlsx_frame(view) -> pd.DataFrame:
    frame = pd.read_excel(io.BytesIO(export_data.xlsx_bytes(view)), sheet_name="Daten", dtype=str)
    return frame.set_index("Schlüssel")


# --- the messy Kreis file ---------------------------------------------------------------


def test_messy_file_is_read_as_the_importer_reports(messy):
    result, _ = messy
    summary = result.summary
    assert (summary.rows_read, summary.matched, summary.via_name) == (35, 33, 1)
    assert (summary.counted, summary.not_surveyed, summary.problem_rows) == (32, 1, 2)
    assert (summary.total_surveyed, summary.total_not_surveyed) == (6264, 12)
    lines = summary.lines()
    assert "Übernommen: 32 Zeilen; Summe der erhobenen Gebietskörperschaften: 6.264 " in lines[2]
    assert lines[3].startswith("Nicht erhoben: 1 Zeile mit zusammen 12 – übernommen, aber nur")
    # the file's own total and the two sums explained in one sentence
    assert lines[4] == (
        "Summenzeile 39: 6.276 (nicht gezählt) – das ist die Summe aller übernommenen Werte: "
        "6.264 der erhobenen Gebietskörperschaften und 12 der nicht erhobenen Einheiten (nur "
        "nachrichtlich)."
    )
    assert not result.doubts


def test_messy_map_classes_and_legend_leave_bielefeld_out(messy):
    _, atlas = messy
    view = build_view(atlas, ViewState(level="kreis"))
    row = view.table.loc[BIELEFELD]
    assert row["status"] == Status.NOT_SURVEYED
    assert pd.isna(row["value"]) and pd.isna(row["klasse"])
    assert row["color"] == palettes.NOT_SURVEYED  # the "nicht erhoben" style on the map
    assert row["display"] == f"12 {MARK}"
    assert row["provenance"] == "hochgeladen"
    assert view.table["klasse"].notna().sum() == 31
    assert _class_count(view) == 31
    assert _not_surveyed_entry(view).count == 22
    first = next(e for e in view.legend.entries if e.count and e.label[0].isdigit())
    assert first.label.startswith("66 – ")  # the lowest class starts at Siegen-Wittgenstein


def test_messy_summary_caption_and_notice(messy):
    _, atlas = messy
    view = build_view(atlas, ViewState(level="kreis"))
    assert "niedrigster: Kreis Siegen-Wittgenstein (66)" in view.summary
    assert "Höchster Wert: Kreis Recklinghausen (453)" in view.summary
    assert "niedrigster: Bielefeld" not in view.summary
    assert "Nur nachrichtlich, in keiner Klasse: Bielefeld (12)." in view.summary
    assert any("Bielefeld (12)" in n and "keinem Rang" in n for n in view.notices)


@pytest.mark.parametrize("indicator", ["ikz_per_unit", "bivariate"])
def test_messy_other_indicators_leave_bielefeld_out(messy, indicator):
    _, atlas = messy
    view = build_view(atlas, ViewState(level="kreis", indicator=indicator))
    assert pd.isna(view.table.at[BIELEFELD, "klasse"])
    assert view.table.at[BIELEFELD, "status"] == Status.NOT_SURVEYED
    assert view.table["klasse"].notna().sum() == 31


def test_messy_ranks_and_quartiles_count_31_kreise(messy):
    _, atlas = messy
    facts = details.ikz_facts(atlas, HSK)
    assert (facts.count, facts.rank, facts.of) == (210, 11, 31)
    assert details.rank_text(facts, "kreis") == "11 von 31 Kreisen (drittes Viertel)"
    lowest = details.ikz_facts(atlas, SIEGEN)
    assert (lowest.rank, lowest.of, lowest.quartile) == (31, 31, "unteres Viertel")
    bielefeld = details.ikz_facts(atlas, BIELEFELD)
    assert (bielefeld.count, bielefeld.rank, bielefeld.of) == (12, None, None)
    assert bielefeld.display == f"12 {MARK}"
    assert bielefeld.share_of_parent is None  # not part of Detmold's sum
    assert details.rank_text(bielefeld, "kreis") is None


def test_messy_sums_and_rbz_table_exclude_bielefeld(messy):
    _, atlas = messy
    assert atlas.aggregates.total == 6264
    detmold = atlas.ikz_table("rbz").at["057", "count"]
    assert detmold == 1190  # the six Kreise of Detmold, without Bielefeld's 12
    table = details.kreise_table(atlas, "057")
    assert table.at[BIELEFELD, "IKZ-Aktivitäten"] == f"12 {MARK}"
    assert table.at["05754", "IKZ-Aktivitäten"] == "209"


def test_messy_table_and_exports_carry_the_mark_not_a_value(messy):
    _, atlas = messy
    view = build_view(atlas, ViewState(level="kreis"))
    table = level_table(view)
    assert pd.isna(table.at[BIELEFELD, COUNT]) and pd.isna(table.at[BIELEFELD, "Klasse"])
    assert table.at[BIELEFELD, "Anzeige"] == f"12 {MARK}"
    assert table[COUNT].notna().sum() == 31 and table[COUNT].sum() == 6264
    for frame in (_csv_frame(view), _xlsx_frame(view)):
        row = frame.loc[BIELEFELD]
        assert str(row[COUNT]) in ("", "nan")
        assert str(row["Klasse"]) in ("", "nan")
        assert row["Anzeige"] == f"12 {MARK}"
        assert row["Status"] == "nicht erhoben"
        assert row["Herkunft"] == "hochgeladen"
        values = pd.to_numeric(frame[COUNT], errors="coerce")
        assert values.notna().sum() == 31 and values.sum() == 6264
    geo = export_data.geo_frame(view).set_index("schluessel")
    assert pd.isna(geo.at[BIELEFELD, "wert"]) and pd.isna(geo.at[BIELEFELD, "klasse"])
    assert geo.at[BIELEFELD, "anzeige"] == f"12 {MARK}"


def test_messy_consistency_check_compares_31_kreise(messy, hierarchy):
    result, _ = messy
    findings = {f.check: f for f in check_consistency(result.dataset, hierarchy)}
    assert findings["kreis_n"].ok and findings["kreis_n"].actual == 31
    assert findings["total"].actual == 6264
    assert findings["kreis_minimum_key"].ok  # Siegen-Wittgenstein, not Bielefeld
    note = findings["not_surveyed"]
    assert note.severity is Severity.NOTE and "Bielefeld (12)" in note.text


# --- a Gemeinde file with kreisfreie Städte, Aachen and Harsewinkel ----------------------


def test_gemeinde_map_classes_only_surveyed_gemeinden(gemeinden):
    _, atlas = gemeinden
    view = build_view(atlas, ViewState(level="gemeinde"))
    table = view.table
    for key, count in ((MUENSTER, 95), (ESSEN, 120), (AACHEN, 80), (HARSEWINKEL, 3)):
        assert table.at[key, "status"] == Status.NOT_SURVEYED, key
        assert pd.isna(table.at[key, "klasse"]), key
        assert table.at[key, "color"] == palettes.NOT_SURVEYED, key
        assert table.at[key, "display"] == f"{count} {MARK}", key
    assert table["klasse"].notna().sum() == 6 == _class_count(view)
    assert "Höchster Wert: Gütersloh (31), niedrigster: Halle (Westf.) (12)." in view.summary
    for name in ("Essen (120)", "Aachen (80)", "Münster (95)", "Harsewinkel (3)"):
        assert name in view.summary


def test_gemeinde_ranks_and_kreis_sums(gemeinden):
    _, atlas = gemeinden
    facts = details.ikz_facts(atlas, GUETERSLOH_STADT)
    assert (facts.rank, facts.of) == (1, 6)
    assert details.rank_text(facts, "gemeinde") == "1 von 6 Gemeinden (oberes Viertel)"
    assert facts.parent_label == "Kreis Gütersloh" and facts.share_of_parent == 31 / 119
    assert details.ikz_facts(atlas, HALLE).rank == 6
    harsewinkel = details.ikz_facts(atlas, HARSEWINKEL)
    assert (harsewinkel.rank, harsewinkel.display) == (None, f"3 {MARK}")
    assert harsewinkel.share_of_parent is None
    kommunen = details.kommunen_table(atlas, KREIS_GUETERSLOH)
    assert kommunen.at[HARSEWINKEL, "IKZ-Aktivitäten"] == f"3 {MARK}"
    assert kommunen.at[GUETERSLOH_STADT, "IKZ-Aktivitäten"] == "31"


def test_gemeinde_upload_at_kreis_level(gemeinden):
    _, atlas = gemeinden
    view = build_view(atlas, ViewState(level="kreis"))
    table = view.table
    assert table.at[KREIS_GUETERSLOH, "value"] == 119  # without Harsewinkel's 3
    assert table.at["05334", "value"] == 79  # StädteRegion without the city of Aachen
    for key, count in (("05515", 95), ("05113", 120)):
        assert table.at[key, "status"] == Status.NOT_SURVEYED
        assert table.at[key, "display"] == f"{count} {MARK}"
        assert pd.isna(table.at[key, "klasse"])
    assert _class_count(view) == 2
    facts = details.ikz_facts(atlas, KREIS_GUETERSLOH)
    assert (facts.rank, facts.of) == (1, 2)
    assert details.ikz_facts(atlas, "05515").rank is None
    assert atlas.aggregates.total == 119 + 79


def test_gemeinde_exports_and_consistency(gemeinden, hierarchy):
    result, atlas = gemeinden
    view = build_view(atlas, ViewState(level="gemeinde"))
    frame = _csv_frame(view)
    for key in (MUENSTER, ESSEN, AACHEN, HARSEWINKEL):
        assert frame.at[key, COUNT] == "" and frame.at[key, "Klasse"] == ""
        assert frame.at[key, "Anzeige"].endswith(MARK)
    assert pd.to_numeric(frame[COUNT], errors="coerce").notna().sum() == 6
    findings = {f.check: f for f in check_consistency(result.dataset, hierarchy)}
    assert findings["kreis_n"].actual == 2
    assert findings["total"].actual == 198
    for name in ("Münster (95)", "Essen (120)", "Aachen (80)", "Harsewinkel (3)"):
        assert name in findings["not_surveyed"].text


# --- guesses the importer is unsure of ------------------------------------------------


def test_project_title_column_is_not_the_unit_name(hierarchy):
    result = _read("aktivitaeten_bezeichnung.csv", hierarchy)
    assert result.mapping.name is None and result.mapping.key == "AGS"
    assert not result.issues["Problem"].str.contains("Name passt nicht").any()
    assert len(result.doubts) == 1
    doubt = result.doubts[0]
    assert "Spalte „Bezeichnung“ nicht als Name" in doubt and "stimmt das?" in doubt
    assert "Nur 0 von 10 Einträgen" in doubt
    assert result.needs_review  # the report opens although no row has a problem


def test_a_name_column_with_few_names_and_no_key_is_kept_but_questioned(hierarchy):
    text = "Bezeichnung;Anzahl\nGemeinsames Archiv;3\nMarl;4\nLeitstelle Vest;5\n"
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.mapping.name == "Bezeichnung"
    assert result.doubts[0].startswith(
        "Spalte „Bezeichnung“ als Name der Gebietskörperschaft erkannt – stimmt das? "
        "Nur 1 von 3 Einträgen darin ist der Name einer Gebietskörperschaft in NRW."
    )


def test_a_file_without_count_column_asks_before_it_counts_rows(hierarchy):
    result = _read("ohne_anzahlspalte.csv", hierarchy)
    assert result.kind == "activities" and result.ok
    assert result.issues.empty
    assert any("Keine Spalte mit Anzahlen" in d and "stimmt das?" in d for d in result.doubts)
    assert result.needs_review


def test_a_count_column_found_by_content_only_is_questioned(hierarchy):
    result = _read("ohne_kopfzeile.csv", hierarchy)
    assert result.mapping == ColumnMapping(key="Spalte A", count="Spalte B")
    assert any("Spalte „Spalte B“ als Anzahl" in d for d in result.doubts)


def test_confirmed_guesses_raise_no_more_doubts(hierarchy):
    first = _read("ohne_anzahlspalte.csv", hierarchy)
    again = _read("ohne_anzahlspalte.csv", hierarchy, mapping=first.mapping, kind=first.kind)
    assert again.doubts == () and not again.needs_review
    assert again.dataset.values.equals(first.dataset.values)
