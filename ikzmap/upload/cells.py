"""Single cells of an uploaded table: blank test, display text, column letters."""

from __future__ import annotations

import datetime as dt
import math

from ikzmap.fmt import format_int
from ikzmap.upload.limits import MAX_REPORT_TEXT


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN or text of only whitespace."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value).replace(".", ",")


def cell_text(value: object) -> str:
    """The cell as text, the way a German spreadsheet would show it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M" if value.time() != dt.time() else "%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def report_text(value: object) -> str:
    """The cell text for the issue report: verbatim, cut after a few hundred characters."""
    text = cell_text(value)
    return text if len(text) <= MAX_REPORT_TEXT else text[:MAX_REPORT_TEXT] + " …"


def excel_column(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index: 0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def counted_phrase(count: int, singular: str, plural: str) -> str:
    """ "1 Zeile", "2 Zeilen", "1.234 Zeilen"."""
    return f"{format_int(count)} {singular if count == 1 else plural}"


def rows_phrase(count: int) -> str:
    return counted_phrase(count, "Zeile", "Zeilen")
