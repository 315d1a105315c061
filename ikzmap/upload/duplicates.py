"""Duplicate rows: where a row that repeats an earlier row is found and reported.

One rule for every kind of table: a row repeats an earlier row if it says the same thing
again, and it is reported with the row it repeats. What "the same" is, and what follows,
depends on what one row of the table stands for:

* a table of counts has one row per unit: a later row of the same unit is a duplicate and
  is not counted ("doppelt: … steht schon in Zeile N (dort gezählt)");
* an activity list has one row per activity, so several rows of one unit are normal: only a
  row equal to an earlier one in every cell is pointed out ("gleiche Angaben wie Zeile N –
  doppelt erfasst?") and still counted, since two alike activities can exist. In a bare
  list of keys (no column beyond unit and status) every repetition is one more activity.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import pandas as pd

from geo import Hierarchy
from ikzmap.upload.cells import cell_text
from ikzmap.upload.report import NOT_COUNTED, NOTE
from ikzmap.upload.rows import Rows, identifying_cell

_IDENTIFYING_ROLES = ("key", "name", "status")


def earlier_rows(signatures: Iterable[tuple[int, Hashable]]) -> dict[int, int]:
    """Row -> the first row with the same signature, for every row that repeats one."""
    first: dict[Hashable, int] = {}
    repeats: dict[int, int] = {}
    for row, signature in signatures:
        if signature in first:
            repeats[row] = first[signature]
        else:
            first[signature] = row
    return repeats


def drop_repeated_units(rows: Rows, keys: pd.Series, hierarchy: Hierarchy) -> pd.Series:
    """The unit key per row without the later rows of a unit (reported, not counted)."""
    repeats = earlier_rows(keys.items())
    for row, first in repeats.items():
        key = keys[row]
        role, cell = identifying_cell(rows, row)
        problem = (
            f"doppelt: {hierarchy.label(key)} ({key}) steht schon in Zeile {first} (dort gezählt)"
        )
        rows.log.add(row, rows.label(role), cell, problem, NOT_COUNTED)
    return keys.drop(list(repeats))


def note_repeated_activities(rows: Rows, full: pd.DataFrame, index: pd.Index) -> None:
    """Point out rows of ``index`` equal in every cell of the table ``full`` to an earlier one
    (they stay counted); not in a table of only unit and status columns."""
    identifying = {rows.labels.get(role) for role in _IDENTIFYING_ROLES}
    if all(column in identifying for column in full.columns):
        return
    table = full.loc[index].map(cell_text)
    signatures = zip(table.index, table.itertuples(index=False, name=None), strict=True)
    for row, first in earlier_rows(signatures).items():
        rows.log.add(row, "", "", f"gleiche Angaben wie Zeile {first} – doppelt erfasst?", NOTE)
