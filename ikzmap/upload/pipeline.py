"""The steps of ``read_upload``: rows -> table -> mapping -> kind -> counts -> result."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from geo import Hierarchy
from ikzmap.survey import coverage
from ikzmap.upload.activities import process_activities
from ikzmap.upload.assemble import build_dataset, dataset_notes, summarize
from ikzmap.upload.columns import ColumnMapping, Proposal, apply_mapping, propose
from ikzmap.upload.counting import process_counts
from ikzmap.upload.errors import UploadError
from ikzmap.upload.header import Table, locate_table
from ikzmap.upload.kinds import KIND_LABELS, KindDecision, check_kind_fits, detect_kind
from ikzmap.upload.matching import Matcher, possible_levels, repeated_plain_names
from ikzmap.upload.names import NameIndex
from ikzmap.upload.outcome import Outcome
from ikzmap.upload.read_csv import ENCODING_LABELS, SEPARATOR_LABELS
from ikzmap.upload.reading import FORMAT_LABELS, read_raw
from ikzmap.upload.result import UploadResult
from ikzmap.upload.rows import RawTable
from ikzmap.upload.rowsteps import Rows

NOTHING_USABLE: Final = (
    "Keine Zeile konnte übernommen werden. Die Problemliste nennt für jede Zeile den Grund."
)
_VOTE_ROWS: Final = 5_000  # rows looked at to tell the level


@dataclass(frozen=True)
class Request:
    """What the caller asked for; None means: detect it."""

    data: bytes
    filename: str
    hierarchy: Hierarchy
    mapping: ColumnMapping | None = None
    kind: str | None = None
    sheet: str | None = None
    file_format: str | None = None
    header_row: int | None = None


def run(request: Request, found: dict[str, Any]) -> UploadResult:
    """The result; ``found`` collects what was detected, for a failure result."""
    raw = read_raw(request.data, request.filename, request.file_format, request.sheet)
    found.update(_raw_details(raw))
    try:
        return _from_rows(request, raw, found)
    except UploadError as err:
        hinted = _with_sheet_hint(err, raw, sheet_chosen=request.sheet is not None)
        if hinted is err:
            raise
        raise hinted from err


def _raw_details(raw: RawTable) -> dict[str, Any]:
    return {
        "file_format": raw.file_format,
        "encoding": raw.encoding,
        "separator": raw.separator,
        "sheet": raw.sheet,
        "sheets": raw.sheets,
    }


def _with_sheet_hint(err: UploadError, raw: RawTable, sheet_chosen: bool) -> UploadError:
    """The error, naming the other sheets if the default (first) sheet was unusable."""
    others = [s for s in raw.sheets if s != raw.sheet]
    if sheet_chosen or not others:
        return err
    names = ", ".join(f"„{s}“" for s in others)
    return UploadError(
        f"Tabellenblatt „{raw.sheet}“: {err} Weitere Tabellenblätter: {names} – bitte das "
        "Blatt mit den Daten auswählen."
    )


def _from_rows(request: Request, raw: RawTable, found: dict[str, Any]) -> UploadResult:
    table = locate_table(raw.rows, request.header_row)
    found.update(header_row=table.header_row, columns=tuple(table.frame.columns))
    index = NameIndex.build(request.hierarchy)
    proposal = (
        Proposal(request.mapping)
        if request.mapping
        else propose(table.frame, request.hierarchy, index)
    )
    mapping = proposal.mapping
    found.update(mapping=mapping, doubts=proposal.doubts)
    rows = Rows(apply_mapping(table.frame, mapping), mapping.roles(), _first_cells(table))
    decision = _decide_kind(request, table, mapping, rows.frame, index)
    found.update(kind=decision.kind, kind_detected=request.kind is None)
    if decision.note:  # a guessed kind is a doubt too: the user confirms or changes it
        found["doubts"] = (*proposal.doubts, decision.note)
    check_kind_fits(decision.kind, mapping)
    outcome = _count(request.hierarchy, rows, table, decision.kind, index)
    return _result(request, raw, table, mapping, decision, rows, outcome, found)


def _first_cells(table: Table) -> dict[int, object]:
    return table.frame.iloc[:, 0].to_dict()


def _decide_kind(
    request: Request,
    table: Table,
    mapping: ColumnMapping,
    mapped: pd.DataFrame,
    index: NameIndex,
) -> KindDecision:
    if request.kind is not None:
        return KindDecision(request.kind)
    votes: Counter[str] = Counter()
    sample = mapped.head(_VOTE_ROWS)
    keys = sample["key"] if "key" in sample else [None] * len(sample)
    names = sample["name"] if "name" in sample else [None] * len(sample)
    for key_cell, name_cell in zip(keys, names, strict=True):
        levels = possible_levels(request.hierarchy, index, key_cell, name_cell)
        if len(levels) == 1:
            votes[next(iter(levels))] += 1
    return detect_kind(table.frame, mapping, votes)


def _count(hierarchy: Hierarchy, rows: Rows, table: Table, kind: str, index: NameIndex) -> Outcome:
    cov = coverage(hierarchy)
    if kind == "activities":
        return process_activities(rows, table.frame, Matcher(hierarchy, kind, index), cov)
    repeated = repeated_plain_names(rows.frame.get("name", []))
    return process_counts(rows, kind, Matcher(hierarchy, kind, index, repeated), cov)


def _result(
    request: Request,
    raw: RawTable,
    table: Table,
    mapping: ColumnMapping,
    decision: KindDecision,
    rows: Rows,
    outcome: Outcome,
    found: dict[str, Any],
) -> UploadResult:
    rows.log.compact_notes()
    remarks = _remarks(raw, table, mapping, decision)
    summary = summarize(outcome, rows.log, coverage(request.hierarchy), remarks)
    notes = dataset_notes(summary, decision.note)
    dataset = build_dataset(outcome, decision.kind, request.filename, raw.sheet, notes)
    return UploadResult(
        original=request.data,
        filename=request.filename,
        dataset=dataset,
        issues=rows.log.frame(),
        summary=summary,
        error=None if dataset is not None else NOTHING_USABLE,
        population=outcome.population,
        activities=outcome.activities,
        **found,
    )


def _remarks(
    raw: RawTable, table: Table, mapping: ColumnMapping, decision: KindDecision
) -> tuple[str, ...]:
    remarks = [_detected_line(raw, table, decision)]
    if table.skipped_rows:
        skipped = ", ".join(str(r) for r in table.skipped_rows)
        remarks.append(f"Über der Kopfzeile übersprungen (Titel, Anmerkungen): Zeile {skipped}.")
    if table.header_row is None:
        remarks.append("Keine Kopfzeile erkannt: alle Zeilen werden als Daten gelesen.")
    if decision.kind == "activities" and mapping.count:
        remarks.append(
            f"Die Spalte „{mapping.count}“ wird bei einer Liste von Aktivitäten nicht verwendet."
        )
    return tuple(remarks)


def _detected_line(raw: RawTable, table: Table, decision: KindDecision) -> str:
    parts = [FORMAT_LABELS[raw.file_format]]
    if raw.encoding:
        parts.append(f"Zeichenkodierung {ENCODING_LABELS[raw.encoding]}")
    if raw.separator:
        parts.append(f"Trennzeichen {SEPARATOR_LABELS[raw.separator]}")
    if raw.sheet:
        parts.append(f"Tabellenblatt „{raw.sheet}“")
    if table.header_row:
        parts.append(f"Kopfzeile in Zeile {table.header_row}")
    parts.append(f"Art: {KIND_LABELS[decision.kind]}")
    return "Erkannt: " + ", ".join(parts) + "."
