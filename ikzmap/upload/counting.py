"""Tables of counts per Gemeinde, Kreis or Regierungsbezirk."""

from __future__ import annotations

import pandas as pd

from geo import KREISFREI, Hierarchy, level_of
from ikzmap.fmt import format_int
from ikzmap.upload.matching import Matcher
from ikzmap.upload.outcome import Outcome, counted_outcome
from ikzmap.upload.report import NOT_COUNTED
from ikzmap.upload.rowsteps import (
    Rows,
    identifying_cell,
    match_rows,
    parse_values,
    split_totals,
)

_MIN_MEMBERS: int = 2  # a Kreis row is a subtotal only if it sums at least two Gemeinden


def _first_per_key(rows: Rows, keys: pd.Series, hierarchy: Hierarchy) -> pd.Series:
    """The first row per unit; later rows of the same unit are reported as duplicates."""
    first_row: dict[str, int] = {}
    keep: list[int] = []
    for row, key in keys.items():
        if key in first_row:
            role, cell = identifying_cell(rows, row)
            problem = (
                f"doppelt: {hierarchy.label(key)} ({key}) steht schon in Zeile "
                f"{first_row[key]} (dort gezählt)"
            )
            rows.log.add(row, rows.label(role), cell, problem, NOT_COUNTED)
        else:
            first_row[key] = row
            keep.append(row)
    return keys.loc[keep]


def _subtotal_rows(values: pd.Series, keys: pd.Series, hierarchy: Hierarchy) -> dict[int, int]:
    """Row -> number of Gemeinden, for Kreis rows whose value sums their Gemeinden."""
    by_key = dict(zip(keys, values, strict=True))
    found: dict[int, int] = {}
    for row, key in keys.items():
        if level_of(key) != "kreis" or hierarchy.units.at[key, "status"] == KREISFREI:
            continue
        members = [k for k in by_key if len(k) == 8 and k.startswith(key)]
        if len(members) >= _MIN_MEMBERS and by_key[key] == sum(by_key[k] for k in members):
            found[row] = len(members)
    return found


def _drop_subtotals(
    rows: Rows, values: pd.Series, keys: pd.Series, hierarchy: Hierarchy
) -> pd.Series:
    found = _subtotal_rows(values, keys, hierarchy)
    for row, members in found.items():
        role, cell = identifying_cell(rows, row)
        problem = (
            f"Wert {format_int(int(values[row]))} ist genau die Summe der {members} Gemeinden "
            "des Kreises in dieser Datei: als Zwischensumme gewertet. Eigene Aktivitäten des "
            "Kreises bitte gesondert angeben"
        )
        rows.log.add(row, rows.label(role), cell, problem, NOT_COUNTED)
    return keys.drop(list(found))


def _population(rows: Rows, keys: pd.Series) -> pd.Series | None:
    if "population" not in rows.frame.columns or keys.empty:
        return None
    values = parse_values(rows, keys.index, "population").dropna()
    taken = pd.Series(values.to_numpy(), index=keys.loc[values.index].to_numpy(), name="population")
    taken = taken[~taken.index.duplicated(keep="first")].astype("Int64").sort_index()
    taken.index.name = "key"
    return taken


def process_counts(rows: Rows, kind: str, matcher: Matcher, coverage: pd.DataFrame) -> Outcome:
    """Counts per unit from a table with one row per unit and a count column."""
    hierarchy = matcher.hierarchy
    index, totals = split_totals(rows, rows.frame.index, matcher)
    keys, via_name = match_rows(rows, index, matcher)
    matched = keys.dropna()
    values = parse_values(rows, matched.index, "count").dropna()
    valid = _first_per_key(rows, matched.loc[values.index], hierarchy)
    if kind == "gemeinde":
        valid = _drop_subtotals(rows, values.loc[valid.index], valid, hierarchy)
    counts = pd.Series(values.loc[valid.index].astype("int64").to_numpy(), index=valid.to_numpy())
    return counted_outcome(
        rows,
        counts,
        matched,
        via_name,
        valid,
        coverage,
        totals,
        population=_population(rows, matched),
    )
