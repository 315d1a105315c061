"""Value checks with pandera: counts and populations must be whole, non-negative, plausible.

The checks run lazily over all rows at once; each failure becomes a German problem
for the issue report. A second schema is the contract of the dataset values handed on.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import pandera.pandas as pa

from ikzmap.fmt import format_int
from ikzmap.provenance import Provenance
from ikzmap.upload.limits import MAX_COUNT, MAX_POPULATION

KEY_PATTERN: Final = r"^05\d(?:\d{2}(?:\d{3})?)?$"
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


VALUES_SCHEMA: Final = pa.DataFrameSchema(
    {
        "count": pa.Column("Int64", pa.Check.in_range(0, MAX_COUNT), nullable=False),
        "provenance": pa.Column(checks=pa.Check.isin([Provenance.UPLOADED.value])),
    },
    index=pa.Index(str, pa.Check.str_matches(KEY_PATTERN), name="key", unique=True),
    strict=True,
)


def check_values(values: pd.DataFrame) -> pd.DataFrame:
    """``values`` if they fit the IkzDataset contract; pandera's error otherwise (a bug)."""
    return VALUES_SCHEMA.validate(values)
