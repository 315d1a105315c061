"""The contracts of the tables that flow between the stages, as pandera schemas.

dataset values (``IkzDataset.values``) -> aggregate tables (``ikzmap.aggregate``) ->
view table (``MapView.table``, one row per unit of the map). The tests validate the
default data's tables against them; :func:`check_dataset`, :func:`check_aggregates` and
:func:`check_view_table` raise pandera's error for a table that breaks its contract (a
bug, never bad user input: uploads are checked before they become a dataset).
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import pandera.pandas as pa

from geo import KEY_PATTERN, NRW_KEY, is_level
from ikzmap.provenance import Provenance
from ikzmap.status import Status

PROVENANCES: Final = [p.value for p in Provenance]
STATUSES: Final = [s.value for s in Status]
COLOR_PATTERN: Final = r"^#[0-9a-fA-F]{6}$"
# Keys a dataset may hold per level: a Gemeinde-level dataset also holds the Kreis-own
# values of the 31 Kreise.
DATASET_KEY_LEVELS: Final = {
    "gemeinde": ("gemeinde", "kreis"),
    "kreis": ("kreis",),
    "rbz": ("rbz",),
}


def _is_text(series: pd.Series) -> pd.Series:
    return series.map(lambda v: isinstance(v, str) and v != "")


def _text(nullable: bool = False, required: bool = True) -> pa.Column:
    return pa.Column(checks=pa.Check(_is_text, name="text"), nullable=nullable, required=required)


def _count(dtype: str = "Int64", nullable: bool = True, required: bool = True) -> pa.Column:
    return pa.Column(dtype, pa.Check.ge(0), nullable=nullable, required=required)


def _provenance(required: bool = True) -> pa.Column:
    return pa.Column(checks=pa.Check.isin(PROVENANCES), nullable=True, required=required)


def _key_index(pattern: str = KEY_PATTERN, name: str = "key") -> pa.Index:
    return pa.Index(checks=pa.Check.str_matches(pattern), name=name, unique=True)


def _keys_at(levels: tuple[str, ...]) -> pa.Check:
    def check(frame: pd.DataFrame) -> bool:
        keys = frame.index.astype(str)
        return all(any(is_level(k, lvl) for lvl in levels) for k in keys)

    return pa.Check(check, name=f"keys of level {'/'.join(levels)}")


def dataset_schema(level: str) -> pa.DataFrameSchema:
    """``IkzDataset.values`` of a dataset of ``level``: a count and a provenance per key
    (a modelled dataset adds its feasible range)."""
    return pa.DataFrameSchema(
        {
            "count": _count(nullable=False),
            "provenance": pa.Column(checks=pa.Check.isin(PROVENANCES)),
            "range_lo": _count(required=False),
            "range_hi": _count(required=False),
        },
        index=_key_index(),
        checks=[
            _keys_at(DATASET_KEY_LEVELS[level]),
            pa.Check(
                lambda f: "range_lo" not in f or bool((f["range_lo"] <= f["range_hi"]).all()),
                name="range_lo <= range_hi",
            ),
        ],
        strict=True,
    )


def _value_status_agrees(frame: pd.DataFrame) -> bool:
    """A row with status VALUE has a count (others may: informational values)."""
    valued = frame["status"] == Status.VALUE
    return bool(frame.loc[valued, "count"].notna().all())


def _aggregate_keys(level: str) -> pa.Check:
    if level == "nrw":
        return pa.Check(lambda f: list(f.index) == [NRW_KEY], name="the one NRW row")
    return _keys_at((level,))


def aggregate_schema(level: str) -> pa.DataFrameSchema:
    """One aggregate table (``Aggregates.level(level)``; "nrw" has the one row "05")."""
    return pa.DataFrameSchema(
        {
            "name": _text(),
            "count": _count(),
            "status": pa.Column(checks=pa.Check.isin(STATUSES)),
            "provenance": _provenance(),
            "contributors": _count("int64", nullable=False),
            "surveyed": _count("int64", nullable=False),
            "missing": _count("int64", nullable=False),
            "per_unit": _count("Float64"),
        },
        index=_key_index(rf"{KEY_PATTERN}|^{NRW_KEY}$"),
        checks=[
            _aggregate_keys(level),
            pa.Check(_value_status_agrees, name="status VALUE has a count"),
            pa.Check(
                lambda f: bool((f["missing"] <= f["surveyed"]).all()), name="missing <= surveyed"
            ),
        ],
        strict=True,
        ordered=True,
    )


def _classes_only_for_values(frame: pd.DataFrame) -> bool:
    """Only rows with status VALUE enter a class (ikzmap.aggregate's rule)."""
    classed = frame["klasse"].notna()
    return bool((frame.loc[classed, "status"] == Status.VALUE).all())


VIEW_TABLE_SCHEMA: Final = pa.DataFrameSchema(
    {
        "label": _text(),
        "type": _text(),
        "value": pa.Column("Float64", nullable=True),
        "display": _text(),
        "status": pa.Column(checks=pa.Check.isin(STATUSES)),
        "provenance": _provenance(),
        "range_lo": pa.Column("Float64", nullable=True, required=False),
        "range_hi": pa.Column("Float64", nullable=True, required=False),
        "ikz_class": pa.Column("Int64", pa.Check.isin([0, 1, 2]), nullable=True, required=False),
        "budget_class": pa.Column("Int64", pa.Check.isin([0, 1, 2]), nullable=True, required=False),
        "budget_provenance": _provenance(required=False),
        "klasse": _count(),
        "color": pa.Column(checks=pa.Check.str_matches(COLOR_PATTERN)),
        "einwohner": _count("float64"),
        "einwohner_gesamt": _count("float64"),
        "einwohner_herkunft": _provenance(),
    },
    index=_key_index(name="ags"),  # the boundary layer's key column
    checks=pa.Check(_classes_only_for_values, name="classes only for status VALUE"),
    strict=True,
)


def check_dataset(values: pd.DataFrame, level: str) -> pd.DataFrame:
    return dataset_schema(level).validate(values, lazy=True)


def check_aggregates(tables: dict[str, pd.DataFrame]) -> None:
    for level, table in tables.items():
        aggregate_schema(level).validate(table, lazy=True)


def check_view_table(table: pd.DataFrame) -> pd.DataFrame:
    return VIEW_TABLE_SCHEMA.validate(table, lazy=True)
