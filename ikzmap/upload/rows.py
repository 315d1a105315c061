"""The rows stage: the mapped rows, their totals rows, their unit, units not surveyed.

Every kind of table goes through these steps; :class:`Rows` carries the mapped cells and
the issue log from here to the counts. Duplicate rows: :mod:`ikzmap.upload.duplicates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ikzmap.upload.cells import is_blank, parse_number
from ikzmap.upload.matching import Matcher
from ikzmap.upload.names import is_total_key, is_total_name
from ikzmap.upload.report import KEPT, NOT_COUNTED, NOTE, IssueLog


@dataclass
class Rows:
    """The mapped rows (columns = roles, index = row in the file) and what is known of them."""

    frame: pd.DataFrame
    labels: dict[str, str]  # role -> column label in the file
    first_cells: dict[int, object]  # first cell of each row (totals rows often say so there)
    log: IssueLog = field(default_factory=IssueLog)
    _cells: dict[str, dict[int, object]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._cells = {role: self.frame[role].to_dict() for role in self.frame.columns}

    def cell(self, row: int, role: str) -> object:
        """The cell of ``row`` in column ``role``; None if the role is not mapped."""
        column = self._cells.get(role)
        return None if column is None else column[row]

    def label(self, role: str | None) -> str:
        return self.labels.get(role or "", "")

    def column(self, role: str, index: pd.Index) -> pd.Series:
        """The cells of column ``role`` in the rows of ``index``."""
        return self.frame.loc[index, role] if len(index) else pd.Series(index=index, dtype=object)

    def report(self, problems: dict[int, str], role: str, consequence: str) -> None:
        """Log the cells of column ``role`` that the cells stage found unusable."""
        for row, problem in problems.items():
            self.log.add(row, self.label(role), self.cell(row, role), problem, consequence)


@dataclass(frozen=True)
class Total:
    row: int
    value: float | None


def drop_totals_rows(rows: Rows, index: pd.Index, matcher: Matcher) -> tuple[pd.Index, list[Total]]:
    """Rows that are not totals rows; totals rows are reported and returned.

    In a table per Kreis or Regierungsbezirk, "Kreis Borken gesamt" with the key of the
    Kreis is that Kreis's value, not a totals row.
    """
    keep: list[int] = []
    totals: list[Total] = []
    for row in index:
        marker = _total_marker(rows, row)
        if marker is None or _is_unit_total(rows, row, matcher):
            keep.append(row)
            continue
        role, value = marker
        totals.append(Total(row, parse_number(rows.cell(row, "count"))))
        rows.log.add(row, rows.label(role), value, "Summenzeile", NOT_COUNTED)
    return pd.Index(keep, name=index.name), totals


def _total_marker(rows: Rows, row: int) -> tuple[str | None, object] | None:
    """(role, cell) of the cell that marks a totals row, or None."""
    key, name = rows.cell(row, "key"), rows.cell(row, "name")
    if not is_blank(name) and is_total_name(name):
        return "name", name
    if not is_blank(key) and is_total_key(key):
        return "key", key
    first = rows.first_cells.get(row)
    return (None, first) if is_total_name(first) else None


def _is_unit_total(rows: Rows, row: int, matcher: Matcher) -> bool:
    if matcher.kind not in ("kreis", "rbz") or is_blank(rows.cell(row, "key")):
        return False
    return matcher.by_key(rows.cell(row, "key")).key is not None


def match_rows(rows: Rows, index: pd.Index, matcher: Matcher) -> tuple[pd.Series, int]:
    """Key per row (None if unmatched; reported) and the number matched by name."""
    keys: dict[int, str | None] = {}
    via_name = 0
    for row in index:
        found = matcher.match(rows.cell(row, "key"), rows.cell(row, "name"))
        keys[row] = found.key
        via_name += found.via == "name"
        if found.key is None:
            rows.log.add(
                row,
                rows.label(found.role),
                rows.cell(row, found.role or "key"),
                found.problem or "nicht zugeordnet",
                NOT_COUNTED,
            )
        elif found.note:
            rows.log.add(
                row,
                rows.label(found.role),
                rows.cell(row, found.role or "key"),
                found.note,
                NOTE,
            )
    return pd.Series(keys, index=index, dtype=object), via_name


def identifying_cell(rows: Rows, row: int) -> tuple[str, object]:
    """(role, cell) that identifies the row's unit: the key if filled, else the name."""
    key = rows.cell(row, "key")
    return ("key", key) if not is_blank(key) else ("name", rows.cell(row, "name"))


def report_not_surveyed(rows: Rows, keys: pd.Series, coverage: pd.DataFrame) -> int:
    """Report rows of units the survey did not cover (their values are kept); how many."""
    reasons = coverage.loc[~coverage["surveyed"], "reason"].to_dict()
    count = 0
    for row, key in keys.items():
        if key in reasons:
            role, cell = identifying_cell(rows, row)
            rows.log.add(row, rows.label(role), cell, f"nicht erhoben ({reasons[key]})", KEPT)
            count += 1
    return count
