"""The counts stage: the count per unit, from a table of counts or from a list of activities.

A table of counts has one row per unit and a count column; a table per Gemeinde may hold
Kreis rows, which are subtotals if they sum their Gemeinden. An activity list has one row
per IKZ activity: only activities with status "umgesetzt" count toward the implemented
count (as in the gpaNRW survey); planned and reversed ones stay in the activity table and
the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from geo import KREISFREI, Hierarchy, is_level, level_of
from ikzmap.fmt import format_int
from ikzmap.upload.cells import IMPLEMENTED, cell_text, parse_statuses, parse_values
from ikzmap.upload.duplicates import drop_repeated_units, note_repeated_activities
from ikzmap.upload.matching import Matcher, repeated_plain_names
from ikzmap.upload.names import NameIndex
from ikzmap.upload.report import NOT_COUNTED, NOT_TAKEN
from ikzmap.upload.rows import (
    Rows,
    Total,
    drop_totals_rows,
    identifying_cell,
    match_rows,
    report_not_surveyed,
)

_MIN_MEMBERS: Final = 2  # a Kreis row is a subtotal only if it sums at least two Gemeinden
# "Status (Angabe)" and "Partner" keep the file's text for ikzmap.activity_filter.
ACTIVITY_COLUMNS: Final = (
    "key",
    "Gebietskörperschaft",
    "Aufgabenfeld",
    "Rechtsform",
    "Status",
    "Status (Angabe)",
    "Partner",
)


@dataclass(frozen=True)
class Outcome:
    """What the rows yield, whatever the kind of table."""

    counts: pd.Series  # int per unit key (incl. units not surveyed)
    rows_read: int
    matched: int
    via_name: int
    counted_rows: int  # rows whose value (or activity) went into ``counts``
    not_surveyed_rows: int
    totals: tuple[Total, ...] = ()
    population: pd.Series | None = None
    status_counts: dict[str, int] = field(default_factory=dict)
    activities: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()


def count(
    rows: Rows,
    full: pd.DataFrame,
    kind: str,
    hierarchy: Hierarchy,
    index: NameIndex,
    coverage: pd.DataFrame,
) -> Outcome:
    """The outcome of the mapped ``rows`` of the table ``full`` of kind ``kind``."""
    if kind == "activities":
        return count_activities(rows, full, Matcher(hierarchy, kind, index), coverage)
    repeated = repeated_plain_names(rows.frame.get("name", []))
    return count_units(rows, kind, Matcher(hierarchy, kind, index, repeated), coverage)


def _outcome(
    rows: Rows,
    counts: pd.Series,
    matched: pd.Series,
    via_name: int,
    valid: pd.Series,
    coverage: pd.DataFrame,
    totals: list[Total],
    **details: object,
) -> Outcome:
    """The fields every kind fills alike (and the rows of units not surveyed reported);
    ``details`` are the kind's own (population, activities, ...)."""
    return Outcome(
        counts=counts.sort_index(),
        rows_read=len(rows.frame),
        matched=len(matched),
        via_name=via_name,
        counted_rows=len(valid),
        not_surveyed_rows=report_not_surveyed(rows, valid, coverage),
        totals=tuple(totals),
        **details,
    )


# --- tables of counts --------------------------------------------------------------------


def _values(rows: Rows, index: pd.Index, role: str) -> pd.Series:
    """Numbers of column ``role`` by row, NaN where unusable (reported: a count is then not
    counted, a population not taken)."""
    values, problems = parse_values(rows.column(role, index), role)
    rows.report(problems, role, NOT_COUNTED if role == "count" else NOT_TAKEN)
    return values


def _subtotal_rows(values: pd.Series, keys: pd.Series, hierarchy: Hierarchy) -> dict[int, int]:
    """Row -> number of Gemeinden, for Kreis rows whose value sums their Gemeinden."""
    by_key = dict(zip(keys, values, strict=True))
    found: dict[int, int] = {}
    for row, key in keys.items():
        if level_of(key) != "kreis" or hierarchy.units.at[key, "status"] == KREISFREI:
            continue
        members = [k for k in by_key if is_level(k, "gemeinde") and k.startswith(key)]
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
    values = _values(rows, keys.index, "population").dropna()
    taken = pd.Series(values.to_numpy(), index=keys.loc[values.index].to_numpy(), name="population")
    taken = taken[~taken.index.duplicated(keep="first")].astype("Int64").sort_index()
    taken.index.name = "key"
    return taken


def count_units(rows: Rows, kind: str, matcher: Matcher, coverage: pd.DataFrame) -> Outcome:
    """Counts per unit from a table with one row per unit and a count column."""
    hierarchy = matcher.hierarchy
    index, totals = drop_totals_rows(rows, rows.frame.index, matcher)
    keys, via_name = match_rows(rows, index, matcher)
    matched = keys.dropna()
    values = _values(rows, matched.index, "count").dropna()
    valid = drop_repeated_units(rows, matched.loc[values.index], hierarchy)
    if kind == "gemeinde":
        valid = _drop_subtotals(rows, values.loc[valid.index], valid, hierarchy)
    counts = pd.Series(values.loc[valid.index].astype("int64").to_numpy(), index=valid.to_numpy())
    return _outcome(
        rows,
        counts,
        matched,
        via_name,
        valid,
        coverage,
        totals,
        population=_population(rows, matched),
    )


# --- lists of activities -----------------------------------------------------------------


def _statuses(rows: Rows, keys: pd.Series) -> pd.Series:
    """Status per matched row; rows with a blank or unknown status are reported."""
    if "status" not in rows.frame.columns:
        return pd.Series(IMPLEMENTED, index=keys.index, dtype=object)
    statuses, problems = parse_statuses(rows.column("status", keys.index))
    rows.report(problems, "status", NOT_COUNTED)
    return statuses


def _text_column(rows: Rows, role: str, index: pd.Index) -> pd.Series:
    if role not in rows.frame.columns:
        return pd.Series("", index=index, dtype=object)
    return rows.frame.loc[index, role].map(cell_text)


def _activity_table(
    rows: Rows, keys: pd.Series, statuses: pd.Series, matcher: Matcher
) -> pd.DataFrame:
    index = statuses.index
    return pd.DataFrame(
        {
            "key": keys.loc[index],
            "Gebietskörperschaft": keys.loc[index].map(matcher.labels),
            "Aufgabenfeld": _text_column(rows, "field", index),
            "Rechtsform": _text_column(rows, "legal_form", index),
            "Status": statuses,
            "Status (Angabe)": _text_column(rows, "status", index),
            "Partner": _text_column(rows, "partner", index),
        },
        index=index,
        columns=list(ACTIVITY_COLUMNS),
    )


def count_activities(
    rows: Rows, full: pd.DataFrame, matcher: Matcher, coverage: pd.DataFrame
) -> Outcome:
    """Counts of implemented activities per unit from a list with one row per activity."""
    index, totals = drop_totals_rows(rows, rows.frame.index, matcher)
    keys, via_name = match_rows(rows, index, matcher)
    matched = keys.dropna()
    statuses = _statuses(rows, matched)
    note_repeated_activities(rows, full, statuses.index)
    valid = matched.loc[statuses.index]
    implemented = valid[statuses == IMPLEMENTED]
    counts = pd.Series(0, index=sorted(set(valid)), dtype="int64")
    counts = counts.add(implemented.value_counts(), fill_value=0).astype("int64")
    notes = (
        ()
        if "status" in rows.frame.columns
        else ("Keine Status-Spalte: jede Zeile zählt als umgesetzte IKZ-Aktivität.",)
    )
    return _outcome(
        rows,
        counts,
        matched,
        via_name,
        valid,
        coverage,
        totals,
        status_counts=dict(Counter(statuses)),
        activities=_activity_table(rows, valid, statuses, matcher),
        notes=notes,
    )
