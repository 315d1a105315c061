"""read_upload as the UI uses it: XLSX, overrides, German errors, the original bytes."""

import hashlib

import pandas as pd
import pytest

from ikzmap.upload import KINDS, ColumnMapping, UploadResult, columns, read_upload
from ikzmap.upload.pipeline import INTERNAL_ERROR
from tests.factories import xlsx_bytes


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return xlsx_bytes(
        {
            "Deckblatt": [["IKZ-Erhebung 2025"], ["vertraulich"]],
            "Daten": [
                ["IKZ-Aktivitäten je Gemeinde"],
                [],
                ["AGS", "Gemeinde", "Anzahl", "Einwohner"],
                [5562004, "Castrop-Rauxel", 25, 73425],
                [5562008.0, "Datteln", 18.0, None],
                ["05562012", "Dorsten", "1.540", "74.736"],
                [5562014, "Gladbeck", 12.5, None],
                [None, "Summe", "=SUM(C4:C7)", None],
            ],
        }
    )


def test_xlsx_chosen_sheet(hierarchy, workbook):
    result = read_upload(workbook, "ikz.xlsx", hierarchy, sheet="Daten")
    assert result.error is None
    assert (result.file_format, result.sheet, result.sheets) == (
        "xlsx",
        "Daten",
        ("Deckblatt", "Daten"),
    )
    assert result.header_row == 3
    assert result.dataset.values["count"].to_dict() == {
        "05562004": 25,
        "05562008": 18,
        "05562012": 1540,
    }
    assert result.dataset.source.reference == "Tabellenblatt „Daten“"
    assert result.issues[["Zeile", "Problem"]].values.tolist() == [
        [7, "Anzahl ist keine ganze Zahl"],
        [8, "Summenzeile"],
    ]
    assert result.population.to_dict() == {"05562004": 73425, "05562012": 74736}


def test_xlsx_first_sheet_without_data_points_to_the_other_sheets(hierarchy, workbook):
    result = read_upload(workbook, "ikz.xlsx", hierarchy)
    assert result.dataset is None
    assert "Tabellenblatt „Deckblatt“" in result.error
    assert "Weitere Tabellenblätter: „Daten“" in result.error
    assert result.sheets == ("Deckblatt", "Daten")  # for the sheet chooser


def test_original_bytes_are_kept_byte_for_byte(hierarchy, workbook):
    digest = hashlib.sha256(workbook).hexdigest()
    result = read_upload(workbook, "ikz.xlsx", hierarchy, sheet="Daten")
    assert result.original == workbook
    assert result.original is workbook
    assert hashlib.sha256(result.original).hexdigest() == digest


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leer"),
        (b"\x00\x01\x02\x03" * 100, "Binärdaten"),
        (b"PK\x03\x04kaputt", "beschädigt"),
        (b"AGS;Anzahl\n", "keine Datenzeilen"),
        (b"Bemerkung;Quelle\nx;y\n", "Keine Spalte mit Schlüssel"),
        (b"AGS;Anzahl\nx;1\n", "Keine Zeile konnte übernommen werden"),
        (b"AGS;Lfd. Nr.;Wert2\n05562004;1;5\n", "Keine Spalte mit Anzahlen"),
    ],
)
def test_unusable_files_give_a_german_error_and_no_dataset(hierarchy, data, message):
    result = read_upload(data, "x.csv", hierarchy)
    assert result.dataset is None and not result.ok
    assert message in result.error
    assert result.original is data


def test_unmapped_file_still_offers_columns_for_the_select_boxes(hierarchy):
    result = read_upload(b"Bemerkung;Quelle\nx;y\n", "x.csv", hierarchy)
    assert result.columns == ("Bemerkung", "Quelle")
    assert result.mapping == ColumnMapping()


def test_mapping_to_a_missing_column_is_a_german_error(hierarchy):
    result = read_upload(
        b"AGS;Anzahl\n05562004;1\n", "x.csv", hierarchy, mapping=ColumnMapping(key="Fehlt")
    )
    assert "„Fehlt“" in result.error


def test_count_kind_without_count_column_is_a_german_error(hierarchy):
    result = read_upload(b"AGS;Status\n05562004;umgesetzt\n", "x.csv", hierarchy, kind="kreis")
    assert "fehlt eine Spalte mit Anzahlen" in result.error


@pytest.mark.parametrize(
    ("kwargs", "valid"),
    [({"kind": "kommune"}, ", ".join(KINDS)), ({"file_format": "ods"}, "csv, xlsx")],
)
def test_unknown_names_raise_value_errors_listing_valid_ones(hierarchy, kwargs, valid):
    with pytest.raises(ValueError, match=valid):
        read_upload(b"a", "x.csv", hierarchy, **kwargs)


def test_data_must_be_bytes(hierarchy):
    with pytest.raises(TypeError):
        read_upload("AGS;Anzahl", "x.csv", hierarchy)


def test_a_bug_is_logged_and_shown_as_a_german_message(hierarchy, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(columns, "propose", broken)
    result = read_upload(b"AGS;Anzahl\n05562004;1\n", "x.csv", hierarchy)
    assert result.error == INTERNAL_ERROR
    assert "upload could not be read" in caplog.text


@pytest.mark.parametrize(
    ("text", "kind", "note"),
    [
        ("AGS;Anzahl\n05562004;1\n05562;2\n", "gemeinde", None),
        ("AGS;Anzahl\n05562;1\n05558;2\n05562004;3\n", "kreis", None),
        ("Kreis;Anzahl\nBorken;1\nCoesfeld;2\n", "kreis", None),  # names of both levels
        ("Name;Anzahl\nBorken;1\nCoesfeld;2\n", "gemeinde", "nicht eindeutig"),
        ("Name;Anzahl\nMünster;1\nDetmold;2\nRegierungsbezirk Köln;3\n", "rbz", None),
        ("AGS;Aufgabenfeld\n05562004;IT\n", "activities", None),
        ("AGS\n05562004\n05562004\n", "activities", "gelesen als Liste"),
    ],
)
def test_kind_detection(hierarchy, text, kind, note):
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.kind == kind
    doubts = " ".join(result.doubts)  # a guessed kind is shown for confirmation
    assert (note in doubts and "stimmt das?" in doubts) if note else not doubts
    if note:
        assert result.needs_review  # the report opens


def test_kreis_row_equal_to_the_sum_of_its_gemeinden_is_a_subtotal(hierarchy):
    text = "AGS;Anzahl\n05562004;3\n05562008;4\n05562;7\n05558;5\n05558004;5\n"
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.dataset.values["count"].to_dict() == {
        "05558": 5,
        "05558004": 5,
        "05562004": 3,
        "05562008": 4,
    }
    problem = result.issues.set_index("Zeile").loc[4, "Problem"]
    assert "Summe der 2 Gemeinden" in problem


def test_activity_notes_on_shared_names_are_merged(hierarchy):
    rows = [f"Paderborn;Feld {i};umgesetzt\n" for i in range(3)]
    text = "Kommune;Aufgabenfeld;Status\n" + "".join(rows) + "Kreis Paderborn;IT;geplant\n"
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.dataset.values["count"].to_dict() == {"05774": 0, "05774032": 3}
    notes = result.issues[result.issues["Folge"] == "Hinweis"]
    assert notes["Zeile"].tolist() == [2]
    assert "(ebenso Zeile 3, 4)" in notes["Problem"].iloc[0]


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ("AGS;Status\n05562004;umgesetzt\n05562004;umgesetzt\n", 0),  # bare list: no note
        ("AGS;Feld;Status\n05562004;IT;umgesetzt\n05562004;IT;umgesetzt\n", 1),
    ],
)
def test_repeated_activities_are_pointed_out_only_with_descriptions(hierarchy, text, notes):
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.dataset.values["count"].to_dict() == {"05562004": 2}
    assert (result.issues["Folge"] == "Hinweis").sum() == notes


def test_result_is_a_plain_dataclass_with_the_report_frame(hierarchy):
    result = read_upload(b"AGS;Anzahl\n05562004;1\n", "x.csv", hierarchy)
    assert isinstance(result, UploadResult)
    assert isinstance(result.issues, pd.DataFrame) and result.issues.empty
    assert result.issues_csv().decode("utf-8-sig") == "Zeile;Spalte;Wert;Problem;Folge\r\n"
