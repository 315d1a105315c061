"""End to end: the tricky files in tests/data/uploads through read_upload."""

import csv
import io
import re
from pathlib import Path

import pytest

from ikzmap.provenance import Provenance
from ikzmap.upload import ColumnMapping, read_upload

DATA = Path(__file__).parent / "data" / "uploads"

# file -> (encoding, separator, header row, kind, counts of the dataset)
FILES = {
    "gemeinden_cp1252_semikolon.csv": (
        "cp1252", ";", 4, "gemeinde",
        {"05314000": 30, "05562": 42, "05562004": 25, "05562008": 18, "05562012": 1540,
         "05562014": 21, "05562028": 19},
    ),
    "kreise_utf8bom_komma.csv": (
        "utf-8-sig", ",", 1, "kreis",
        {"05334": 178, "05562": 453, "05711": 50, "05958": 1234, "05970": 66},
    ),
    "schluessel_excel_tab.txt": (
        "utf-8", "\t", 1, "gemeinde",
        {"05562": 42, "05562004": 25, "05562008": 18, "05562012": 30},
    ),
    "namen_utf8.csv": (
        "utf-8", ";", 1, "gemeinde",
        {"05117000": 9, "05162": 66, "05334": 60, "05334032": 12, "05562": 40, "05562032": 30,
         "05754012": 6, "05754036": 8, "05774": 70, "05774032": 14, "05958": 55, "05978012": 7},
    ),
    "namen_mehrdeutig.csv": ("utf-8", ";", 1, "gemeinde", {"05562024": 12}),
    "regierungsbezirke.csv": (
        "utf-8", ";", 1, "rbz", {"051": 826, "053": 1375, "055": 1540, "057": 1188, "059": 1321},
    ),
    "unicode_text_utf16.txt": (
        "utf-16", "\t", 1, "gemeinde", {"05958004": 31, "05958012": 22, "05958016": 9},
    ),
    "ohne_kopfzeile.csv": (
        "utf-8", ";", None, "gemeinde", {"05562004": 25, "05562008": 18, "05562012": 30},
    ),
    "aktivitaeten.csv": (
        "utf-8", ";", 1, "activities", {"05111000": 1, "05562": 1, "05562004": 3, "05562008": 0},
    ),
    "formeln.csv": ("utf-8", ";", 1, "gemeinde", {"05562016": 4, "05562024": 3}),
    "kreise_unordentlich_cp1252.csv": (
        "cp1252", ";", 4, "kreis",
        {"05154": 227, "05158": 155, "05162": 111, "05166": 139, "05170": 194, "05334": 134,
         "05358": 214, "05362": 147, "05366": 161, "05370": 155, "05374": 178, "05378": 121,
         "05382": 268, "05554": 284, "05558": 189, "05562": 453, "05566": 394, "05570": 220,
         "05711": 12, "05754": 209, "05758": 161, "05762": 177, "05766": 273, "05770": 193,
         "05774": 177, "05954": 172, "05958": 210, "05962": 276, "05966": 169, "05970": 66,
         "05974": 259, "05978": 178},
    ),
    "gemeinden_nicht_erhoben.csv": (
        "utf-8", ",", 1, "gemeinde",
        {"05113000": 120, "05334": 33, "05334002": 80, "05334004": 19, "05334012": 27,
         "05515000": 95, "05754": 40, "05754004": 14, "05754008": 31, "05754012": 12,
         "05754016": 3, "05754028": 22},
    ),
    "aktivitaeten_bezeichnung.csv": (
        "utf-8", ";", 1, "activities",
        {"05562": 1, "05562004": 2, "05562008": 1, "05562012": 2, "05562014": 2, "05562024": 1},
    ),
    "ohne_anzahlspalte.csv": (
        "utf-8", ";", 1, "activities", {"05562004": 1, "05562008": 1, "05562012": 1},
    ),
    "aktivitaeten_partner.csv": (
        "utf-8", ";", 1, "activities",
        {"05512000": 1, "05554": 1, "05562": 3, "05562004": 5, "05562008": 4, "05562012": 3,
         "05562014": 2, "05562016": 2, "05562020": 2, "05562024": 1, "05562028": 1,
         "05562032": 2, "05562036": 1},
    ),
}  # fmt: skip

# file -> expected issues (row, column, problem pattern, consequence), in report order
ISSUES = {
    "gemeinden_cp1252_semikolon.csv": [
        (10, "Gemeindeschlüssel", "nicht erhoben \\(kreisfreie Stadt", "übernommen"),
        (11, "Anzahl IKZ-Aktivitäten", "keine Zahl", "nicht gezählt"),
        (12, "Anzahl IKZ-Aktivitäten", "negativ", "nicht gezählt"),
        (13, "Anzahl IKZ-Aktivitäten", "keine ganze Zahl", "nicht gezählt"),
        (15, "Gemeindeschlüssel", "doppelt: .* Zeile 14", "nicht gezählt"),
        (16, "Gemeinde", "Summenzeile", "nicht gezählt"),
    ],
    "kreise_utf8bom_komma.csv": [
        (6, "Kreisschlüssel", "nicht erhoben", "übernommen"),
        (7, "Kreisschlüssel", "ist eine Gemeinde; die Tabelle enthält Werte je Kreis", "nicht"),
        (8, "Kreis", "Summenzeile", "nicht gezählt"),
    ],
    "schluessel_excel_tab.txt": [
        (5, "AGS", "05560000.*wissenschaftlicher Schreibweise", "nicht gezählt"),
        (7, "AGS", "doppelt: Kreis Recklinghausen \\(05562\\) .* Zeile 6", "nicht gezählt"),
        (8, "AGS", "doppelt", "nicht gezählt"),
        (9, "AGS", "05560“ gibt es .* nicht.*wissenschaftlicher", "nicht gezählt"),
        (10, "AGS", "Schlüssel und Name fehlen", "nicht gezählt"),
    ],
    "namen_utf8.csv": [
        (7, "Kommune", "nicht erhoben", "übernommen"),
        (9, "Kommune", "gezählt als Paderborn \\(05774032\\); auch Kreis Paderborn", "Hinweis"),
        (11, "Kommune", "Name nicht gefunden", "nicht gezählt"),
        (15, "Kommune", "Regierungsbezirk Münster \\(055\\) .* Zwischensumme", "nicht gezählt"),
    ],
    "namen_mehrdeutig.csv": [
        (2, "Kommune", "mehrdeutig: Paderborn \\(05774032\\) oder Kreis Paderborn", "nicht"),
        (3, "Kommune", "mehrdeutig", "nicht gezählt"),
    ],
    "regierungsbezirke.csv": [(7, "Regierungsbezirk", "Summenzeile", "nicht gezählt")],
    "unicode_text_utf16.txt": [],
    "ohne_kopfzeile.csv": [],
    "aktivitaeten.csv": [
        (5, "", "gleiche Angaben wie Zeile 2", "Hinweis"),
        (7, "Status", "Status unbekannt", "nicht gezählt"),
        (8, "Status", "Status fehlt", "nicht gezählt"),
        (10, "AGS", "nicht erhoben", "übernommen"),
        (11, "AGS", "Regierungsbezirk Arnsberg", "nicht gezählt"),
        (12, "AGS", "nicht in Nordrhein-Westfalen", "nicht gezählt"),
    ],
    "formeln.csv": [
        (2, "AGS", "Schlüssel unbrauchbar.*über den Namen zugeordnet", "Hinweis"),
        (3, "Gemeinde", "Name passt nicht zum Schlüssel Haltern am See", "Hinweis"),
        (4, "Gemeinde", "Name passt nicht zum Schlüssel Oer-Erkenschwick", "Hinweis"),
        (4, "Anzahl", "negativ", "nicht gezählt"),
    ],
    "kreise_unordentlich_cp1252.csv": [
        (27, "Kreisschlüssel", "nicht erhoben \\(kreisfreie Stadt", "übernommen, nur"),
        (34, "Kreisschlüssel", "doppelt: Kreis Olpe \\(05966\\) .* Zeile 33", "nicht gezählt"),
        (38, "Kreisschlüssel", "„05999“ gibt es in Nordrhein-Westfalen nicht", "nicht gezählt"),
        (39, "Kreis", "Summenzeile", "nicht gezählt"),
    ],
    "gemeinden_nicht_erhoben.csv": [
        (2, "AGS", "nicht erhoben \\(kreisfreie Stadt", "übernommen, nur"),
        (3, "AGS", "nicht erhoben \\(kreisfreie Stadt", "übernommen, nur"),
        (4, "AGS", "nicht erhoben \\(kreisfreie Stadt", "übernommen, nur"),
        (5, "AGS", "nicht erhoben \\(Segmentwechsel", "übernommen, nur"),
    ],
    # no hint "Name passt nicht zum Schlüssel": the title column is not taken as the name
    "aktivitaeten_bezeichnung.csv": [],
    "ohne_anzahlspalte.csv": [],
    # partner cells ("05562008; 05562012") are no keys of the reporting unit: no hints
    "aktivitaeten_partner.csv": [
        (37, "AGS", "nicht erhoben \\(kreisfreie Stadt", "übernommen, nur"),
    ],
}


def _read(name, hierarchy, **kwargs):
    data = (DATA / name).read_bytes()
    return data, read_upload(data, name, hierarchy, **kwargs)


def test_every_data_file_has_a_case():
    on_disk = {p.name for p in DATA.iterdir() if p.suffix != ".md"}
    assert on_disk == set(FILES) == set(ISSUES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_detection_and_counts(hierarchy, name):
    encoding, separator, header_row, kind, counts = FILES[name]
    data, result = _read(name, hierarchy)
    assert result.error is None
    assert (result.encoding, result.separator, result.header_row) == (
        encoding, separator, header_row,
    )  # fmt: skip
    assert (result.kind, result.kind_detected) == (kind, True)
    assert result.dataset.values["count"].to_dict() == counts
    assert set(result.dataset.values["provenance"]) == {Provenance.UPLOADED}
    assert result.dataset.source.provenance is Provenance.UPLOADED
    assert result.dataset.source.title == f"Eigene Daten: {name}"
    assert result.original is data


@pytest.mark.parametrize("name", sorted(ISSUES))
def test_issue_report(hierarchy, name):
    _, result = _read(name, hierarchy)
    report = result.issues
    assert list(report.columns) == ["Zeile", "Spalte", "Wert", "Problem", "Folge"]
    assert len(report) == len(ISSUES[name])
    for (_, issue), (row, column, problem, consequence) in zip(
        report.iterrows(), ISSUES[name], strict=True
    ):
        assert (issue["Zeile"], issue["Spalte"]) == (row, column)
        assert re.search(problem, issue["Problem"]), issue["Problem"]
        assert issue["Folge"].startswith(consequence)


def test_no_row_is_silently_dropped(hierarchy):
    """Every data row is counted or named in the report (as not counted)."""
    for name in FILES:
        _, result = _read(name, hierarchy)
        not_counted = set(result.issues.loc[result.issues["Folge"] == "nicht gezählt", "Zeile"])
        summary = result.summary
        assert summary.counted + len(not_counted) == summary.rows_read, name


def test_summary_of_the_cp1252_file(hierarchy):
    _, result = _read("gemeinden_cp1252_semikolon.csv", hierarchy)
    summary = result.summary
    assert (summary.rows_read, summary.matched, summary.counted) == (12, 11, 7)
    assert (summary.not_surveyed, summary.total_surveyed, summary.total_not_surveyed) == (
        1, 1665, 30,
    )  # fmt: skip
    assert summary.problem_rows == 4
    assert summary.totals_rows == ((16, 1736.0),)
    text = summary.text()
    assert (
        "Summenzeile 16: 1.736 (nicht gezählt) – die übernommenen Werte ergeben 1.665 der "
        "erhobenen Gebietskörperschaften und 30 der nicht erhobenen Einheiten (nur "
        "nachrichtlich)."
    ) in text
    assert "Zeile 1, 2" in text  # title lines above the header
    assert "Windows-1252" in text
    assert result.population.to_dict() == {
        "05314000": 336465, "05562004": 73425, "05562008": 34641, "05562012": 74736,
        "05562014": 75518, "05562016": 37967, "05562020": 61821, "05562024": 84067,
        "05562028": 31425,
    }  # fmt: skip


def test_regierungsbezirke_sum_to_the_published_total(hierarchy):
    _, result = _read("regierungsbezirke.csv", hierarchy)
    assert result.summary.total_surveyed == 6250
    assert result.dataset.level == "rbz"
    assert "Summenzeile 7: 6.250" in result.summary.text()


def test_activities_summary_and_table(hierarchy):
    _, result = _read("aktivitaeten.csv", hierarchy)
    assert result.summary.status_counts == {"umgesetzt": 5, "geplant": 1, "rückabgewickelt": 1}
    assert result.dataset.level == "gemeinde"
    table = result.activities
    assert list(table.index) == [2, 3, 4, 5, 6, 9, 10]
    assert table.loc[6, "Status"] == "rückabgewickelt"
    assert table.loc[9, "Gebietskörperschaft"] == "Kreis Recklinghausen"
    assert table.loc[2, "Aufgabenfeld"] == "IT, E-Government"
    assert any("nur umgesetzte" in n for n in result.dataset.notes)


def test_report_csv_is_guarded_against_formulas(hierarchy):
    _, result = _read("formeln.csv", hierarchy)
    rows = list(csv.reader(io.StringIO(result.issues_csv().decode("utf-8-sig")), delimiter=";"))
    values = [row[2] for row in rows[1:]]
    assert values == ['\'=HYPERLINK("#")', "'@SUM(1+1)", "'+Oer", "'-5"]
    assert result.issues["Wert"].tolist()[0] == '=HYPERLINK("#")'  # verbatim in the frame


def test_kind_and_mapping_can_be_overridden(hierarchy):
    _, result = _read(
        "ohne_kopfzeile.csv", hierarchy, kind="kreis",
        mapping=ColumnMapping(key="Spalte A", count="Spalte B"),
    )  # fmt: skip
    assert (result.kind, result.kind_detected) == ("kreis", False)
    assert result.dataset is None
    assert result.error.startswith("Keine Zeile konnte übernommen werden")
    assert set(result.issues["Problem"].str.contains("ist eine Gemeinde")) == {True}


def test_header_row_can_be_given(hierarchy):
    _, result = _read("gemeinden_cp1252_semikolon.csv", hierarchy, header_row=4)
    assert result.header_row == 4 and result.dataset is not None
