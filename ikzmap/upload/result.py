"""The result stage: the dataset, the summary and the issue report, with what was detected.

:class:`Detected` is what the stages found out (format, sheet, header, mapping, kind); it is
passed on from stage to stage and lands in the :class:`UploadResult`, also in a failed one,
so that the user can correct a guess (sheet, header row, columns, kind) and read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Final

import pandas as pd
import pandera.pandas as pa

from geo import KEY_PATTERN
from ikzmap.dataset import IkzDataset
from ikzmap.fmt import format_int
from ikzmap.provenance import Provenance, Source
from ikzmap.upload.columns import ColumnMapping
from ikzmap.upload.counts import Outcome
from ikzmap.upload.kinds import KIND_LABELS
from ikzmap.upload.limits import MAX_COUNT
from ikzmap.upload.read import ENCODING_LABELS, FORMAT_LABELS, SEPARATOR_LABELS
from ikzmap.upload.report import NOT_COUNTED, NOTE, IssueLog, issues_frame, report_csv

NOTHING_USABLE: Final = (
    "Keine Zeile konnte übernommen werden. Die Problemliste nennt für jede Zeile den Grund."
)


def counted_phrase(count: int, singular: str, plural: str) -> str:
    """ "1 Zeile", "2 Zeilen", "1.234 Zeilen"."""
    return f"{format_int(count)} {singular if count == 1 else plural}"


def rows_phrase(count: int) -> str:
    return counted_phrase(count, "Zeile", "Zeilen")


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


@dataclass(frozen=True)
class Detected:
    """What the stages found out so far; the pipeline replaces it with a fuller copy after
    each stage, and a failed result still carries it."""

    file_format: str | None = None
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int | None = None
    columns: tuple[str, ...] = ()
    mapping: ColumnMapping | None = None
    doubts: tuple[str, ...] = ()
    kind: str | None = None
    kind_detected: bool = False

    def as_fields(self) -> dict[str, object]:
        """The fields by name, as :class:`UploadResult` has them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def failed_result(original: bytes, filename: str, detected: Detected, error: str) -> UploadResult:
    """A result without dataset: ``error`` (German) says why; what was detected stays."""
    return UploadResult(
        original=original,
        filename=filename,
        dataset=None,
        issues=issues_frame([]),
        summary=UploadSummary(),
        error=error,
        **detected.as_fields(),
    )


def upload_result(
    original: bytes,
    filename: str,
    detected: Detected,
    outcome: Outcome,
    log: IssueLog,
    coverage: pd.DataFrame,
    skipped_rows: tuple[int, ...],
    kind_note: str | None,
) -> UploadResult:
    """The result of a file read to the end: the dataset (None if nothing was counted)."""
    log.compact_notes()
    summary = summarize(outcome, log, coverage, _remarks(detected, skipped_rows))
    notes = dataset_notes(summary, kind_note)
    dataset = build_dataset(outcome, str(detected.kind), filename, detected.sheet, notes)
    return UploadResult(
        original=original,
        filename=filename,
        dataset=dataset,
        issues=log.frame(),
        summary=summary,
        error=None if dataset is not None else NOTHING_USABLE,
        population=outcome.population,
        activities=outcome.activities,
        **detected.as_fields(),
    )


def _remarks(detected: Detected, skipped_rows: tuple[int, ...]) -> tuple[str, ...]:
    remarks = [_detected_line(detected)]
    if skipped_rows:
        skipped = ", ".join(str(r) for r in skipped_rows)
        remarks.append(f"Über der Kopfzeile übersprungen (Titel, Anmerkungen): Zeile {skipped}.")
    if detected.header_row is None:
        remarks.append("Keine Kopfzeile erkannt: alle Zeilen werden als Daten gelesen.")
    if detected.kind == "activities" and detected.mapping and detected.mapping.count:
        remarks.append(
            f"Die Spalte „{detected.mapping.count}“ wird bei einer Liste von Aktivitäten nicht "
            "verwendet."
        )
    return tuple(remarks)


def _detected_line(detected: Detected) -> str:
    parts = [FORMAT_LABELS[str(detected.file_format)]]
    if detected.encoding:
        parts.append(f"Zeichenkodierung {ENCODING_LABELS[detected.encoding]}")
    if detected.separator:
        parts.append(f"Trennzeichen {SEPARATOR_LABELS[detected.separator]}")
    if detected.sheet:
        parts.append(f"Tabellenblatt „{detected.sheet}“")
    if detected.header_row:
        parts.append(f"Kopfzeile in Zeile {detected.header_row}")
    parts.append(f"Art: {KIND_LABELS[str(detected.kind)]}")
    return "Erkannt: " + ", ".join(parts) + "."


def source_title(filename: str) -> str:
    return f"Eigene Daten: {filename}"


def dataset_level(kind: str) -> str:
    """The IkzDataset level of a kind: an activity list counts per Gemeinde (and Kreis)."""
    return "gemeinde" if kind == "activities" else kind


def _totals_by_coverage(outcome: Outcome, coverage: pd.DataFrame) -> tuple[int, int]:
    surveyed = coverage.loc[outcome.counts.index, "surveyed"].to_numpy(dtype=bool)
    counts = outcome.counts.to_numpy()
    return int(counts[surveyed].sum()), int(counts[~surveyed].sum())


def summarize(
    outcome: Outcome, log: IssueLog, coverage: pd.DataFrame, remarks: tuple[str, ...]
) -> UploadSummary:
    total_surveyed, total_not_surveyed = _totals_by_coverage(outcome, coverage)
    totals_rows = {t.row for t in outcome.totals}
    return UploadSummary(
        rows_read=outcome.rows_read,
        matched=outcome.matched,
        via_name=outcome.via_name,
        counted=outcome.counted_rows,
        not_surveyed=outcome.not_surveyed_rows,
        problem_rows=len(log.rows_with(NOT_COUNTED) - totals_rows),
        notes=sum(1 for i in log.issues if i.consequence == NOTE),
        total_surveyed=total_surveyed,
        total_not_surveyed=total_not_surveyed,
        status_counts=dict(outcome.status_counts),
        totals_rows=tuple((t.row, t.value) for t in outcome.totals),
        remarks=(*remarks, *outcome.notes),
    )


def dataset_notes(summary: UploadSummary, kind_note: str | None) -> tuple[str, ...]:
    notes = [kind_note] if kind_note else []
    if summary.not_surveyed:
        notes.append(
            f"Enthält Werte für nicht erhobene Gebietskörperschaften (zusammen "
            f"{format_int(summary.total_not_surveyed)}); sie stehen nur nachrichtlich da: in "
            "keiner Summe, keiner Klasse der Karte und keinem Rang der erhobenen Kommunen und "
            "Kreise."
        )
    if summary.status_counts:
        notes.append("Gezählt sind nur umgesetzte IKZ-Aktivitäten.")
    return tuple(notes)


def build_dataset(
    outcome: Outcome, kind: str, filename: str, sheet: str | None, notes: tuple[str, ...]
) -> IkzDataset | None:
    """The dataset of the counted units, or None if no unit was counted."""
    if outcome.counts.empty:
        return None
    values = pd.DataFrame(
        {
            "count": pd.array(outcome.counts.to_numpy(), dtype="Int64"),
            "provenance": [Provenance.UPLOADED.value] * len(outcome.counts),
        },
        index=pd.Index([str(k) for k in outcome.counts.index], name="key"),
    )
    source = Source(
        Provenance.UPLOADED,
        title=source_title(filename),
        reference=f"Tabellenblatt „{sheet}“" if sheet else None,
    )
    return IkzDataset(
        dataset_level(kind), check_values(values), source, source_title(filename), notes
    )


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
