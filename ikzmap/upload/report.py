"""The issue report: one German row per problem, with the row number as in the file.

Every stage after reading adds to one :class:`IssueLog`; :data:`REPORT_COLUMNS` are what
the user sees and downloads (:func:`report_csv`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

import pandas as pd

from ikzmap.csv_safe import safe_csv_bytes
from ikzmap.upload.cells import cell_text
from ikzmap.upload.limits import MAX_REPORT_TEXT

REPORT_COLUMNS: Final = ("Zeile", "Spalte", "Wert", "Problem", "Folge")
# What happened to the row ("Folge").
NOT_COUNTED: Final = "nicht gezählt"
NOTE: Final = "Hinweis"
KEPT: Final = "übernommen, nur nachrichtlich: in keiner Summe, Klasse oder Rangfolge"
NOT_TAKEN: Final = "nicht übernommen"
_LISTED_ROWS: Final = 20


def report_text(value: object) -> str:
    """The cell text for the issue report: verbatim, cut after a few hundred characters."""
    text = cell_text(value)
    return text if len(text) <= MAX_REPORT_TEXT else text[:MAX_REPORT_TEXT] + " …"


@dataclass(frozen=True)
class Issue:
    row: int | None  # 1-based row in the file (as Excel shows it); None for the whole file
    column: str  # column label as in the file; "" for the whole row
    value: str  # the cell verbatim (cut when very long)
    problem: str  # German
    consequence: str  # one of the constants above


@dataclass
class IssueLog:
    """Collects issues while the rows are processed."""

    issues: list[Issue] = field(default_factory=list)

    def add(
        self, row: int | None, column: str, value: object, problem: str, consequence: str
    ) -> None:
        self.issues.append(Issue(row, column, report_text(value), problem, consequence))

    def rows_with(self, consequence: str) -> set[int]:
        return {i.row for i in self.issues if i.consequence == consequence and i.row is not None}

    def compact_notes(self) -> None:
        """Merge identical notes (same column, value, problem) into the first row's note."""
        first: dict[tuple[str, str, str], int] = {}
        others: dict[int, list[int]] = {}
        for i, issue in enumerate(self.issues):
            if issue.consequence != NOTE or not issue.value:
                continue
            signature = (issue.column, issue.value, issue.problem)
            if signature in first:
                others.setdefault(first[signature], []).append(i)
            else:
                first[signature] = i
        merged = {j for rest in others.values() for j in rest}
        for i, rest in others.items():
            rows = ", ".join(str(self.issues[j].row) for j in rest[:_LISTED_ROWS])
            if len(rest) > _LISTED_ROWS:
                rows += f" und {len(rest) - _LISTED_ROWS} weiteren"
            issue = self.issues[i]
            self.issues[i] = replace(issue, problem=f"{issue.problem} (ebenso Zeile {rows})")
        self.issues = [issue for j, issue in enumerate(self.issues) if j not in merged]

    def frame(self) -> pd.DataFrame:
        return issues_frame(self.issues)


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """The issues as a table with the German columns of :data:`REPORT_COLUMNS`, by row."""
    frame = pd.DataFrame(
        {
            "Zeile": pd.array([i.row for i in issues], dtype="Int64"),
            "Spalte": pd.array([i.column for i in issues], dtype=object),
            "Wert": pd.array([i.value for i in issues], dtype=object),
            "Problem": pd.array([i.problem for i in issues], dtype=object),
            "Folge": pd.array([i.consequence for i in issues], dtype=object),
        },
        columns=list(REPORT_COLUMNS),
    )
    return frame.sort_values("Zeile", kind="stable", na_position="first", ignore_index=True)


def report_csv(issues: pd.DataFrame) -> bytes:
    """The issue report as CSV for Excel (";", UTF-8 with BOM), safe against formulas."""
    return safe_csv_bytes(issues)
