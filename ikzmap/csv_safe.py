"""CSV export guarded against formula injection (CSV injection).

Spreadsheet programs run a cell that starts with "=", "+", "-" or "@" as a formula,
and some also after a leading tab or carriage return, after spaces or invisible characters,
or with the full-width forms "＝＋－＠" (which some convert on input). Every text cell (and
header) that starts with one of these, after any such leading characters, gets a leading
apostrophe, so it is shown as text.
Numbers stay numbers. The default format suits German Excel: ";" and UTF-8 with BOM.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
from pandas.api.types import is_numeric_dtype

FORMULA_PREFIXES: Final = (
    "=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20"
)  # fmt: skip
# Characters a spreadsheet may skip before the formula sign: spaces (incl. no-break and
# typographic ones) and zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM).
LEADING_INVISIBLE: Final = (
    " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
)
GUARD: Final = "'"


def _runs_as_formula(text: str) -> bool:
    return text.lstrip(LEADING_INVISIBLE).startswith(FORMULA_PREFIXES)


def neutralize(value: object) -> object:
    """``value`` with a leading apostrophe if it is text that a spreadsheet would run."""
    if isinstance(value, str) and _runs_as_formula(value):
        return GUARD + value
    return value


def _neutralize_column(column: pd.Series) -> pd.Series:
    if is_numeric_dtype(column.dtype):
        return column
    return column.astype(object).map(neutralize)


def neutralized(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells, column names and index labels are guarded."""
    out = pd.DataFrame(
        {i: _neutralize_column(df.iloc[:, i]) for i in range(df.shape[1])}, index=df.index
    )
    out.columns = [neutralize(str(c)) for c in df.columns]
    if not is_numeric_dtype(df.index.dtype):
        out.index = pd.Index([neutralize(v) for v in df.index], name=neutralize(df.index.name))
    return out


def safe_csv_bytes(
    df: pd.DataFrame,
    *,
    index: bool = False,
    sep: str = ";",
    encoding: str = "utf-8-sig",
    decimal: str = ",",
) -> bytes:
    """``df`` as CSV bytes safe to open in a spreadsheet (see module docstring); decimal
    comma by default, as German Excel expects next to ";"."""
    text = neutralized(df).to_csv(index=index, sep=sep, lineterminator="\r\n", decimal=decimal)
    return text.encode(encoding)
