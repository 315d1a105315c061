"""Collect the rows of a file or sheet within the limits; shared by the CSV and XLSX readers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ikzmap.fmt import format_int
from ikzmap.upload.cells import is_blank
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_COLUMNS, MAX_HEADER_SCAN, MAX_RECORDS, MAX_ROWS


@dataclass(frozen=True)
class RawTable:
    """Every row of the file (or sheet) in order; ``rows[i]`` is row ``i + 1``, empty = []."""

    rows: list[list[object]]
    file_format: str  # "csv" or "xlsx"
    encoding: str | None = None  # CSV: Python codec name
    separator: str | None = None  # CSV
    sheet: str | None = None  # XLSX: the sheet read
    sheets: tuple[str, ...] = ()  # XLSX: all worksheets


def trimmed(record: Sequence[object]) -> list[object]:
    """The cells of a row without trailing empty cells."""
    cells = list(record)
    while cells and is_blank(cells[-1]):
        cells.pop()
    return cells


def collect_rows(records: Iterable[Sequence[object]]) -> list[list[object]]:
    """All rows, trimmed; :class:`UploadError` beyond the row or column limits."""
    rows: list[list[object]] = []
    filled = 0
    for record in records:
        row = trimmed(record)
        if len(rows) >= MAX_RECORDS:
            raise UploadError(
                f"Die Datei hat mehr als {format_int(MAX_RECORDS)} Zeilen; das ist zu viel."
            )
        if row:
            filled += 1
            _check_row(row, len(rows) + 1, filled)
        rows.append(row)
    return rows


def _check_row(row: list[object], number: int, filled: int) -> None:
    if filled > MAX_ROWS + MAX_HEADER_SCAN:
        raise UploadError(
            f"Die Datei hat mehr als {format_int(MAX_ROWS)} ausgefüllte Zeilen; höchstens "
            f"{format_int(MAX_ROWS)} sind möglich. Bitte die Datei aufteilen oder kürzen."
        )
    if len(row) > MAX_COLUMNS:
        raise UploadError(
            f"Zeile {number} hat {format_int(len(row))} Spalten; höchstens {MAX_COLUMNS} "
            "Spalten sind möglich."
        )
