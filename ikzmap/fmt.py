"""German number formatting: thousands ".", decimal ",", percent "12,5 %".

Rounding is commercial (half up, away from zero), as in German reports, not
Python's banker's rounding: 0.125 -> "12,5 %" with one decimal, 24.5 -> "25".
Missing values (None, NaN, pd.NA) become ``missing`` ("–" by default).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import pandas as pd

MISSING: Final = "–"
THOUSANDS: Final = "."
DECIMAL: Final = ","
PERCENT_SUFFIX: Final = " %"
# Control characters (C0, DEL, C1) and bidirectional overrides: invalid in SVG/XML, or they
# reorder what a reader sees. Shown as U+FFFD, so a reader still sees that something was there.
_UNPRINTABLE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT: Final = "\ufffd"


def printable(text: str) -> str:
    """``text`` for display in a title, source line or file: unprintable characters become
    U+FFFD (the data itself, e.g. an uploaded file, stays unchanged)."""
    return _UNPRINTABLE.sub(REPLACEMENT, text)


def is_missing(value: object) -> bool:
    """True for None, NaN and pd.NA."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def round_half_up(value: object, decimals: int = 0) -> Decimal:
    """``value`` rounded commercially to ``decimals`` places, as an exact Decimal."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _german(text: str) -> str:
    """Swap the separators of an English-formatted number ("1,234.5" -> "1.234,5")."""
    return text.replace(",", "\0").replace(".", DECIMAL).replace("\0", THOUSANDS)


def format_number(value: object, decimals: int = 0, missing: str = MISSING) -> str:
    """A number in German notation: ``format_number(1234.56, 1)`` -> "1.234,6"."""
    if is_missing(value):
        return missing
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return _german(f"{rounded:,.{decimals}f}")


def format_int(value: object, missing: str = MISSING) -> str:
    """A count with thousands separator: 6250 -> "6.250"."""
    return format_number(value, 0, missing)


def format_percent(percent: object, decimals: int = 0, missing: str = MISSING) -> str:
    """A value already in percent: ``format_percent(24.64)`` -> "25 %"."""
    if is_missing(percent):
        return missing
    return format_number(percent, decimals) + PERCENT_SUFFIX


def format_share(fraction: object, decimals: int = 1, missing: str = MISSING) -> str:
    """A fraction of 1 as percent: ``format_share(0.125)`` -> "12,5 %"."""
    if is_missing(fraction):
        return missing
    return format_percent(Decimal(str(fraction)) * 100, decimals)
