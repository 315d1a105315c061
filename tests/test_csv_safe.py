import csv
import io

import pandas as pd
import pytest

from ikzmap.csv_safe import FORMULA_PREFIXES, neutralize, neutralized, safe_csv_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+49 201", "'+49 201"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Marl", "Marl"),
        ("Castrop-Rauxel", "Castrop-Rauxel"),
        ("", ""),
        (" =1", "' =1"),
        ("\u00a0=1", "'\u00a0=1"),
        ("\u200b=1", "'\u200b=1"),
        ("\ufeff+1", "'\ufeff+1"),
        ("\u2060 @SUM(A1)", "'\u2060 @SUM(A1)"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("\ncmd", "'\ncmd"),
        (" Marl", " Marl"),
        ("a=1", "a=1"),
        (5, 5),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def _parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_every_formula_prefix_is_guarded_in_cells_and_headers():
    cells = [p + "x" for p in FORMULA_PREFIXES]
    frame = pd.DataFrame({"=Kopf": cells, "Zahl": range(len(cells))})
    rows = _parse(safe_csv_bytes(frame))
    assert rows[0] == ["'=Kopf", "Zahl"]
    assert [r[0] for r in rows[1:]] == ["'" + c for c in cells]
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(cells))]


def test_numbers_stay_numbers_and_negative_numbers_are_not_quoted():
    frame = pd.DataFrame({"n": pd.array([-3, 4, None], dtype="Int64"), "f": [-1.5, 2.0, 3.0]})
    assert _parse(safe_csv_bytes(frame))[1] == ["-3", "-1,5"]  # decimal comma for Excel
    assert _parse(safe_csv_bytes(frame, decimal="."))[1] == ["-3", "-1.5"]


def test_index_is_guarded_when_written():
    frame = pd.DataFrame({"a": [1]}, index=pd.Index(["=evil"], name="@name"))
    assert _parse(safe_csv_bytes(frame, index=True))[:2] == [["'@name", "a"], ["'=evil", "1"]]


def test_default_format_is_excel_friendly():
    data = safe_csv_bytes(pd.DataFrame({"Größe": ["ä"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "Größe\r\nä\r\n"


def test_input_frame_is_not_changed():
    frame = pd.DataFrame({"a": ["=1"]})
    neutralized(frame)
    safe_csv_bytes(frame)
    assert frame.loc[0, "a"] == "=1"


def test_cells_with_separator_and_newline_are_quoted():
    rows = _parse(safe_csv_bytes(pd.DataFrame({"a": ["x;y\nz"], "b": ["-"]})))
    assert rows[1] == ["x;y\nz", "'-"]


def test_every_hostile_formula_of_the_corpus_is_guarded():
    from tests import test_hostile_data as hostile

    for text in (*hostile.FORMULAS, *hostile.UNICODE_FORMULAS):
        assert neutralize(text) == "'" + text
