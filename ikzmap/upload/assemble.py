"""Turn the processed rows into the dataset and the summary."""

from __future__ import annotations

import pandas as pd

from ikzmap.dataset import IkzDataset
from ikzmap.fmt import format_int
from ikzmap.provenance import Provenance, Source
from ikzmap.upload.checks import check_values
from ikzmap.upload.outcome import Outcome
from ikzmap.upload.report import NOT_COUNTED, NOTE, IssueLog
from ikzmap.upload.result import UploadSummary


def source_title(filename: str) -> str:
    return f"Eigene Daten: {filename}"


def dataset_level(kind: str) -> str:
    """The IkzDataset level of a kind: an activity list counts per Gemeinde (and Kreis)."""
    return "gemeinde" if kind == "activities" else kind


def _split_totals(outcome: Outcome, coverage: pd.DataFrame) -> tuple[int, int]:
    surveyed = coverage.loc[outcome.counts.index, "surveyed"].to_numpy(dtype=bool)
    counts = outcome.counts.to_numpy()
    return int(counts[surveyed].sum()), int(counts[~surveyed].sum())


def summarize(
    outcome: Outcome, log: IssueLog, coverage: pd.DataFrame, remarks: tuple[str, ...]
) -> UploadSummary:
    total_surveyed, total_not_surveyed = _split_totals(outcome, coverage)
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
