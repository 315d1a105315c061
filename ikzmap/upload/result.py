"""The result of reading an upload: dataset, issue report, summary and what was detected."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ikzmap.dataset import IkzDataset
from ikzmap.fmt import format_int
from ikzmap.upload.cells import counted_phrase, rows_phrase
from ikzmap.upload.columns import ColumnMapping
from ikzmap.upload.report import report_csv


@dataclass(frozen=True)
class UploadSummary:
    """Counts for the German summary; :meth:`lines` renders it."""

    rows_read: int = 0  # data rows below the header (empty rows not included)
    matched: int = 0  # rows assigned to a Gebietskörperschaft
    via_name: int = 0  # of them, by name rather than key
    counted: int = 0  # rows whose value (or activity) was taken
    not_surveyed: int = 0  # of them, for units the survey did not cover
    problem_rows: int = 0  # rows not counted because of a problem (see the report)
    notes: int = 0  # hints on rows that were counted
    total_surveyed: int = 0  # sum of counts of surveyed units
    total_not_surveyed: int = 0  # sum of counts of units not surveyed
    status_counts: dict[str, int] = field(default_factory=dict)
    totals_rows: tuple[tuple[int, float | None], ...] = ()
    remarks: tuple[str, ...] = ()  # further German remarks (titles skipped, assumptions)

    def lines(self) -> tuple[str, ...]:
        """The summary as short German sentences."""
        lines = [
            f"Gelesen: {rows_phrase(self.rows_read)} mit Daten.",
            f"Zugeordnet: {rows_phrase(self.matched)}"
            + (f" (davon {format_int(self.via_name)} über den Namen)." if self.via_name else "."),
            f"Übernommen: {rows_phrase(self.counted)}; Summe der erhobenen "
            f"Gebietskörperschaften: {format_int(self.total_surveyed)} IKZ-Aktivitäten.",
        ]
        if self.not_surveyed:
            lines.append(
                f"Nicht erhoben: {rows_phrase(self.not_surveyed)} mit zusammen "
                f"{format_int(self.total_not_surveyed)} – übernommen, aber nur nachrichtlich: "
                "in keiner Summe, keiner Klasse der Karte und keinem Rang."
            )
        if self.status_counts:
            parts = [f"{format_int(n)} {s}" for s, n in sorted(self.status_counts.items())]
            lines.append(f"Status: {', '.join(parts)}; gezählt werden nur umgesetzte.")
        lines.extend(self._totals_lines())
        if self.problem_rows or self.notes:
            lines.append(
                f"Probleme: {rows_phrase(self.problem_rows)} nicht gezählt, "
                f"{counted_phrase(self.notes, 'Hinweis', 'Hinweise')} – siehe Problemliste."
            )
        return (*lines, *self.remarks)

    def _totals_lines(self) -> list[str]:
        if len(self.totals_rows) != 1:
            return (
                [f"Summenzeilen: {len(self.totals_rows)} (nicht gezählt)."]
                if self.totals_rows
                else []
            )
        row, value = self.totals_rows[0]
        if value is None:
            return [f"Summenzeile {row}: ohne Zahl (nicht gezählt)."]
        compared = self._compared_with(value)
        return [f"Summenzeile {row}: {_number(value)} (nicht gezählt) – {compared}."]

    def _compared_with(self, stated: float) -> str:
        """The file's own total against the values taken, in one clause."""
        surveyed, other = self.total_surveyed, self.total_not_surveyed
        if not other:
            if stated == surveyed:
                return "gleich der Summe der übernommenen Werte"
            return f"die übernommenen Werte ergeben {format_int(surveyed)}"
        parts = (
            f"{format_int(surveyed)} der erhobenen Gebietskörperschaften und "
            f"{format_int(other)} der nicht erhobenen Einheiten (nur nachrichtlich)"
        )
        if stated == surveyed + other:
            return f"das ist die Summe aller übernommenen Werte: {parts}"
        if stated == surveyed:
            return (
                "gleich der Summe der erhobenen Gebietskörperschaften (ohne die "
                f"{format_int(other)} der nicht erhobenen Einheiten)"
            )
        return f"die übernommenen Werte ergeben {parts}"

    def text(self) -> str:
        return "\n".join(self.lines())


def _number(value: float) -> str:
    return format_int(int(value)) if value.is_integer() else f"{value}".replace(".", ",")


@dataclass(frozen=True, eq=False)
class UploadResult:
    """Everything the UI needs after an upload. ``original`` is the file, byte for byte."""

    original: bytes = field(repr=False)
    filename: str
    dataset: IkzDataset | None  # None if nothing usable; then ``error`` says why
    issues: pd.DataFrame  # columns Zeile, Spalte, Wert, Problem, Folge
    summary: UploadSummary
    error: str | None = None  # German, if the file could not be used
    file_format: str | None = None  # "csv" or "xlsx"
    encoding: str | None = None  # CSV: codec ("utf-8", "utf-8-sig", "cp1252", "utf-16")
    separator: str | None = None  # CSV
    sheet: str | None = None  # XLSX: the sheet read
    sheets: tuple[str, ...] = ()  # XLSX: all worksheets, for a sheet chooser
    header_row: int | None = None  # 1-based; None: no header row (or not found)
    columns: tuple[str, ...] = ()  # column labels, for the mapping select boxes
    mapping: ColumnMapping | None = None  # used (given or proposed)
    doubts: tuple[str, ...] = ()  # German: guesses (columns, kind) the user should confirm
    kind: str | None = None
    kind_detected: bool = False  # True if ``kind`` was detected, not given
    population: pd.Series | None = None  # Einwohner per key, if the file has them
    activities: pd.DataFrame | None = None  # activity lists: one row per usable activity

    @property
    def ok(self) -> bool:
        return self.dataset is not None

    @property
    def needs_review(self) -> bool:
        """Whether the user should look at the report: unusable, problems or unsure guesses."""
        return not self.ok or bool(len(self.issues)) or bool(self.doubts)

    def issues_csv(self) -> bytes:
        """The issue report as CSV for Excel, safe against formula injection."""
        return report_csv(self.issues)
