"""The cells stage: what one cell says (blank, text, number, status) and whether it is usable.

Numbers are read as people type them in German (and sometimes English) spreadsheets:
"1.540" is 1540 and "12,5" is 12.5 in German notation. The only ambiguous form is one
separator followed by exactly three digits ("1.540", "1,540"); a column's style decides
it. The style is English only if the column shows English and no German evidence.
Counts and populations must be whole, non-negative and plausible (checked with pandera,
lazily over all rows at once); statuses are "umgesetzt", "geplant" or "rückabgewickelt".
Unusable cells come back as German problems by row; the rows' issue log records them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Final

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ikzmap.fmt import format_int
from ikzmap.upload.limits import MAX_COUNT, MAX_POPULATION
from ikzmap.upload.names import normalize_name

# --- text of a cell ----------------------------------------------------------------


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


def excel_column(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index: 0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- numbers ---------------------------------------------------------------------------

STYLES: Final = ("de", "en")
_SPACE_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d+)?$")
_SPACE_CHARS = re.compile(r"[ \u00a0\u202f'’]")
_PLAIN = re.compile(r"^[+-]?\d+$")
_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")
_DE_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d*,\d+$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")


def _clean(text: str) -> str:
    text = text.strip().replace("−", "-")  # Unicode minus sign
    return _SPACE_CHARS.sub("", text) if _SPACE_GROUPED.match(text) else text


def _german(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _english(text: str) -> float:
    return float(text.replace(",", ""))


def _parse_text(text: str, style: str) -> float | None:
    if _PLAIN.match(text):
        return float(text)
    if _AMBIGUOUS.match(text):
        return _german(text) if style == "de" else _english(text)
    if _DE_GROUPED.match(text) or _COMMA_DECIMAL.match(text):
        return _german(text)
    if _EN_GROUPED.match(text) or _DOT_DECIMAL.match(text):
        return _english(text)
    if _SCIENTIFIC.match(text):
        return float(text.replace(",", "."))
    return None


def check_style(style: str) -> str:
    if style not in STYLES:
        raise ValueError(f"unknown number style {style!r}; valid styles: {', '.join(STYLES)}")
    return style


def parse_number(value: object, style: str = "de") -> float | None:
    """The number in a cell, or None if the cell holds no number (or is blank)."""
    check_style(style)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str):
        parsed = _parse_text(_clean(value), style)
        if parsed is None:
            return None
        number = parsed
    else:
        return None
    return number if math.isfinite(number) else None


def detect_style(values: Iterable[object]) -> str:
    """ "en" if the text cells show only English notation ("12.5", "1,540.5"), else "de"."""
    german = english = 0
    for value in values:
        if not isinstance(value, str):
            continue
        text = _clean(value)
        if _PLAIN.match(text) or _AMBIGUOUS.match(text):
            continue
        if _DE_GROUPED.match(text) or _COMMA_DECIMAL.match(text):
            german += 1
        elif _EN_GROUPED.match(text) or _DOT_DECIMAL.match(text):
            english += 1
    return "en" if english and not german else "de"


# --- value checks ----------------------------------------------------------------------

_NEGATIVE: Final = "negativ"
_FRACTION: Final = "ganzzahlig"
_TOO_LARGE: Final = "plausibel"


def _checks(maximum: int) -> list[pa.Check]:
    return [
        pa.Check(lambda s: s >= 0, name=_NEGATIVE),
        pa.Check(lambda s: s == s.round(), name=_FRACTION),
        pa.Check(lambda s: s <= maximum, name=_TOO_LARGE),
    ]


def _schema(maximum: int) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({"value": pa.Column(float, checks=_checks(maximum), nullable=True)})


_SCHEMAS: Final = {"count": _schema(MAX_COUNT), "population": _schema(MAX_POPULATION)}
_MAXIMA: Final = {"count": MAX_COUNT, "population": MAX_POPULATION}


def _message(check: str, what: str) -> str:
    noun = "Anzahl" if what == "count" else "Einwohnerzahl"
    return {
        _NEGATIVE: f"{noun} ist negativ",
        _FRACTION: f"{noun} ist keine ganze Zahl",
        _TOO_LARGE: f"{noun} ist unplausibel groß (höchstens {format_int(_MAXIMA[what])})",
    }[check]


def value_problems(values: pd.Series, what: str) -> dict[int, str]:
    """Row -> German problem for parsed numbers (NaN = missing, not checked here).

    ``what`` is "count" or "population"; ``values`` is indexed by row number.
    """
    if what not in _SCHEMAS:
        raise ValueError(f"unknown value kind {what!r}; valid kinds: {', '.join(_SCHEMAS)}")
    frame = pd.DataFrame({"value": values.astype("float64")})
    try:
        _SCHEMAS[what].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _collect(err.failure_cases, what)
    return {}


def _collect(failures: pd.DataFrame, what: str) -> dict[int, str]:
    problems: dict[int, list[str]] = {}
    for row, check in zip(failures["index"], failures["check"], strict=True):
        message = _message(str(check), what)
        if message not in problems.setdefault(int(row), []):
            problems[int(row)].append(message)
    return {row: "; ".join(messages) for row, messages in problems.items()}


# --- statuses --------------------------------------------------------------------------

IMPLEMENTED: Final = "umgesetzt"
PLANNED: Final = "geplant"
REVERSED: Final = "rückabgewickelt"
STATUSES: Final = (IMPLEMENTED, PLANNED, REVERSED)
_STATUS_WORDS: Final = {
    IMPLEMENTED: (
        "umgesetzt",
        "realisiert",
        "bestehend",
        "besteht",
        "aktiv",
        "laufend",
        "in betrieb",
        "eingefuehrt",
        "implementiert",
    ),
    PLANNED: ("geplant", "in planung", "planung", "vorgesehen", "beabsichtigt", "kuenftig"),
    REVERSED: (
        "rueckabgewickelt",
        "rueckabwicklung",
        "abgewickelt",
        "beendet",
        "aufgeloest",
        "aufgegeben",
        "eingestellt",
    ),
}
_STATUS_BY_WORD: Final = {w: s for s, words in _STATUS_WORDS.items() for w in words}


def parse_status(value: object) -> str | None:
    """ "umgesetzt", "geplant", "rückabgewickelt" for common spellings; None if unknown."""
    return _STATUS_BY_WORD.get(normalize_name(value))


def parse_statuses(cells: pd.Series) -> tuple[pd.Series, dict[int, str]]:
    """The status of each cell (by row) and a German problem for each blank or unknown one
    (those rows are left out)."""
    found: dict[int, str] = {}
    problems: dict[int, str] = {}
    for row, cell in cells.items():
        status = None if is_blank(cell) else parse_status(cell)
        if status is None:
            problems[row] = (
                "Status fehlt" if is_blank(cell) else "Status unbekannt"
            ) + " (erwartet: umgesetzt, geplant oder rückabgewickelt)"
        else:
            found[row] = status
    return pd.Series(found, index=cells.index, dtype=object).dropna(), problems


# --- counts and populations ------------------------------------------------------------

_NOUNS: Final = {"count": "Anzahl", "population": "Einwohnerzahl"}


def parse_values(cells: pd.Series, role: str) -> tuple[pd.Series, dict[int, str]]:
    """The numbers of the cells of column ``role`` ("count" or "population") by row (NaN if
    unusable) and a German problem for each unusable cell.

    A blank count is a problem; a blank population is not (the column is optional).
    """
    style = detect_style(cells)
    values = pd.Series(np.nan, index=cells.index, dtype="float64")
    problems: dict[int, str] = {}
    for row, cell in cells.items():
        if is_blank(cell):
            if role == "count":
                problems[row] = "Anzahl fehlt"
            continue
        number = parse_number(cell, style)
        if number is None:
            problems[row] = f"{_NOUNS[role]}: keine Zahl"
        else:
            values[row] = number
    for row, problem in value_problems(values.dropna(), role).items():
        problems[row] = problem
        values[row] = np.nan
    return values, problems
