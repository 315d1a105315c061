"""The header stage: find the header row below title and comment lines, build the table under it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ikzmap.upload.cells import cell_text, excel_column, is_blank, parse_number
from ikzmap.upload.columns import header_role
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_HEADER_SCAN

NO_HEADER = 0  # pass as ``header_row`` for a file whose first row is already data


@dataclass(frozen=True)
class Table:
    """The data rows: object cells, unique column labels, index "Zeile" = row in the file."""

    frame: pd.DataFrame
    header_row: int | None  # 1-based; None if the file has no header row
    skipped_rows: tuple[int, ...]  # non-empty rows above the header (titles, comments)


def _header_score(row: list[object]) -> tuple[int, int]:
    """(number of roles, sum of their scores) the cells of ``row`` suggest as a header."""
    best: dict[str, int] = {}
    for cell in row:
        found = header_role(cell) if isinstance(cell, str) else None
        if found is not None:
            role, score = found
            best[role] = max(score, best.get(role, 0))
    return len(best), sum(best.values())


def _looks_like_data(row: list[object]) -> bool:
    return any(not is_blank(c) and parse_number(c) is not None for c in row)


def find_header(rows: list[list[object]]) -> int | None:
    """0-based index of the header row, or None if the table has no header row."""
    window = [(i, row) for i, row in enumerate(rows[:MAX_HEADER_SCAN]) if row]
    if not window:
        return None
    scored = [(_header_score(row), i) for i, row in window]
    best_score, best_index = max(scored, key=lambda si: (si[0], -si[1]))
    if best_score[0] > 0:
        return best_index
    widest = max(len([c for c in row if not is_blank(c)]) for _, row in window)
    first_wide = next(
        (i, row) for i, row in window if len([c for c in row if not is_blank(c)]) == widest
    )
    return None if _looks_like_data(first_wide[1]) else first_wide[0]


def column_labels(header: list[object], width: int) -> list[str]:
    """Unique labels: the header text, "Spalte C" if empty, "Anzahl (Spalte D)" if repeated."""
    labels: list[str] = []
    for i in range(width):
        text = " ".join(cell_text(header[i]).split()) if i < len(header) else ""
        label = text or f"Spalte {excel_column(i)}"
        while label in labels:
            label = f"{label} (Spalte {excel_column(i)})"
        labels.append(label)
    return labels


def _checked_header_row(rows: list[list[object]], header_row: int) -> int | None:
    if header_row == NO_HEADER:
        return None
    if not 1 <= header_row <= len(rows) or not rows[header_row - 1]:
        raise UploadError(
            f"Zeile {header_row} kann nicht die Kopfzeile sein: sie ist leer oder fehlt."
        )
    return header_row - 1


def build_table(rows: list[list[object]], header_index: int | None) -> Table:
    """The table below ``header_index`` (0-based; None: every non-empty row is data)."""
    start = 0 if header_index is None else header_index + 1
    body = [(i + 1, row) for i, row in enumerate(rows[start:], start=start) if row]
    if not body:
        where = "" if header_index is None else f" unter der Kopfzeile (Zeile {start})"
        raise UploadError(f"Die Tabelle enthält keine Datenzeilen{where}.")
    header = [] if header_index is None else rows[header_index]
    width = max(len(header), *(len(row) for _, row in body))
    frame = pd.DataFrame(
        [row + [None] * (width - len(row)) for _, row in body],
        columns=column_labels(header, width),
        index=pd.Index([n for n, _ in body], name="Zeile"),
        dtype=object,
    )
    skipped = tuple(i + 1 for i, row in enumerate(rows[: header_index or 0]) if row)
    return Table(frame, None if header_index is None else header_index + 1, skipped)


def locate_table(rows: list[list[object]], header_row: int | None = None) -> Table:
    """Find the header (or take ``header_row``, 1-based; 0 = none) and build the table."""
    if not any(rows):
        raise UploadError("Die Datei ist leer: sie enthält keine ausgefüllte Zeile.")
    index = find_header(rows) if header_row is None else _checked_header_row(rows, header_row)
    return build_table(rows, index)
