"""Numbers as people type them in German (and sometimes English) spreadsheets.

"1.540" is 1540 and "12,5" is 12.5 in German notation. The only ambiguous form is one
separator followed by exactly three digits ("1.540", "1,540"); a column's style decides
it. The style is English only if the column shows English and no German evidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Final

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
