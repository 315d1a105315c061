import pytest

from ikzmap.upload import UploadError
from ikzmap.upload.header import column_labels, find_header, locate_table


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["AGS", "Anzahl"], ["05562004", "3"]], 0),
        ([["IKZ in NRW"], ["Stand 2024"], [], ["Gemeinde", "Anzahl"], ["Marl", "3"]], 3),
        ([["Anzahl der IKZ-Aktivitäten je Kommune"], ["Kommune", "Wert"], ["Marl", "3"]], 1),
        ([["Liste der IKZ-Projekte"], ["AGS"], ["05562004"]], 1),
        ([["05562004", "3"], ["05562008", "4"]], None),
        ([[], [], ["Spalte", "andere"], ["x", "y"]], 2),
        ([], None),
    ],
)
def test_find_header(rows, expected):
    assert find_header(rows) == expected


def test_column_labels_fill_gaps_and_make_repeats_unique():
    labels = column_labels(["Anzahl", None, "Anzahl", " Ge-\nmeinde "], 5)
    assert labels == ["Anzahl", "Spalte B", "Anzahl (Spalte C)", "Ge- meinde", "Spalte E"]


def test_locate_table_keeps_file_row_numbers_and_skips_empty_rows():
    rows = [["Titel"], [], ["AGS", "Anzahl"], ["05562004", "3"], [], ["05562008"]]
    table = locate_table(rows)
    assert table.header_row == 3
    assert table.skipped_rows == (1,)
    assert list(table.frame.index) == [4, 6]
    assert table.frame.loc[6, "Anzahl"] is None


def test_locate_table_with_given_header_row_and_without_header():
    rows = [["05562004", "3"], ["05562008", "4"]]
    assert list(locate_table(rows, header_row=0).frame.columns) == ["Spalte A", "Spalte B"]
    assert list(locate_table(rows, header_row=1).frame.index) == [2]


@pytest.mark.parametrize(
    ("rows", "header_row", "message"),
    [
        ([[], []], None, "leer"),
        ([["AGS", "Anzahl"]], None, "keine Datenzeilen unter der Kopfzeile \\(Zeile 1\\)"),
        ([["AGS"], ["05562004"]], 5, "Zeile 5"),
    ],
)
def test_locate_table_errors_are_german(rows, header_row, message):
    with pytest.raises(UploadError, match=message):
        locate_table(rows, header_row)
