"""The stages of one upload in order: read → header → columns → kind → rows → counts → result.

Each stage is one call into the module named after it; :class:`Detected` (frozen) carries
what the stages found out. An :class:`UploadError` of any stage ends the upload with its
German message and what was detected so far; any other exception is a bug: logged with
its traceback, the user sees :data:`INTERNAL_ERROR`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Final

from geo import Hierarchy
from ikzmap.survey import coverage
from ikzmap.upload import columns, counts, header, kinds, read
from ikzmap.upload.columns import ColumnMapping, Proposal
from ikzmap.upload.errors import UploadError
from ikzmap.upload.header import Table
from ikzmap.upload.kinds import KindDecision
from ikzmap.upload.names import NameIndex
from ikzmap.upload.read import RawTable
from ikzmap.upload.result import Detected, UploadResult, failed_result, upload_result
from ikzmap.upload.rows import Rows

logger = logging.getLogger(__name__)

INTERNAL_ERROR: Final = (
    "Die Datei konnte wegen eines internen Fehlers nicht gelesen werden. Bitte die Datei als "
    "CSV speichern und erneut versuchen oder den Fehler melden."
)


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


def read_upload(
    data: bytes,
    filename: str,
    hierarchy: Hierarchy,
    mapping: ColumnMapping | None = None,
    kind: str | None = None,
    sheet: str | None = None,
    *,
    file_format: str | None = None,
    header_row: int | None = None,
) -> UploadResult:
    """Read an uploaded table; detect format, header, columns and kind unless given.

    ``kind``: one of :data:`~ikzmap.upload.kinds.KINDS`; ``file_format``: one of
    :data:`~ikzmap.upload.read.FORMATS`; ``sheet``: XLSX sheet name (default: first);
    ``header_row``: 1-based, 0 = no header. Unknown ``kind``/``file_format`` names raise
    ValueError (a programming error); everything wrong with the file itself ends up in
    ``error`` and ``issues``.
    """
    if not isinstance(data, bytes):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    if kind is not None:
        kinds.check_kind(kind)
    if file_format is not None:
        read.check_format(file_format)
    return _run(Request(data, filename, hierarchy, mapping, kind, sheet, file_format, header_row))


def _run(request: Request) -> UploadResult:
    """The stages in order; ``detected`` grows with each (a failure keeps what it holds)."""
    hierarchy, detected = request.hierarchy, Detected()
    try:
        raw = read.read_raw(request.data, request.filename, request.file_format, request.sheet)
        detected = _read_details(raw)
        table = header.locate_table(raw.rows, request.header_row)
        detected = replace(
            detected, header_row=table.header_row, columns=tuple(table.frame.columns)
        )
        index = NameIndex.build(hierarchy)
        proposal = _proposal(request, table, index)
        detected = replace(detected, mapping=proposal.mapping, doubts=proposal.doubts)
        rows = _rows(table, proposal.mapping)
        decision = kinds.decide_kind(
            table.frame, proposal.mapping, rows.frame, hierarchy, index, request.kind
        )
        detected = _with_kind(detected, decision, detected_kind=request.kind is None)
        kinds.check_kind_fits(decision.kind, proposal.mapping)
        cov = coverage(hierarchy)
        outcome = counts.count(rows, table.frame, decision.kind, hierarchy, index, cov)
        return upload_result(
            request.data,
            request.filename,
            detected,
            outcome,
            rows.log,
            cov,
            table.skipped_rows,
            decision.note,
        )
    except UploadError as err:
        message = _with_sheet_hint(str(err), detected, sheet_chosen=request.sheet is not None)
        return failed_result(request.data, request.filename, detected, message)
    except Exception:  # a bug must not show the user a stack trace; it is logged
        logger.exception("upload could not be read")
        return failed_result(request.data, request.filename, detected, INTERNAL_ERROR)


def _read_details(raw: RawTable) -> Detected:
    return Detected(
        file_format=raw.file_format,
        encoding=raw.encoding,
        separator=raw.separator,
        sheet=raw.sheet,
        sheets=raw.sheets,
    )


def _proposal(request: Request, table: Table, index: NameIndex) -> Proposal:
    """The mapping the user gave, or the one proposed from the table."""
    if request.mapping:
        return Proposal(request.mapping)
    return columns.propose(table.frame, request.hierarchy, index)


def _rows(table: Table, mapping: ColumnMapping) -> Rows:
    """The mapped rows; the first cell of each row goes along (totals rows often say so
    there, outside the mapped columns)."""
    first_cells = table.frame.iloc[:, 0].to_dict()
    return Rows(columns.apply_mapping(table.frame, mapping), mapping.roles(), first_cells)


def _with_kind(detected: Detected, decision: KindDecision, detected_kind: bool) -> Detected:
    """A guessed kind is a doubt too: the user confirms or changes it."""
    doubts = (*detected.doubts, decision.note) if decision.note else detected.doubts
    return replace(detected, kind=decision.kind, kind_detected=detected_kind, doubts=doubts)


def _with_sheet_hint(message: str, detected: Detected, sheet_chosen: bool) -> str:
    """The message, naming the other sheets if the default (first) sheet was unusable."""
    others = [s for s in detected.sheets if s != detected.sheet]
    if sheet_chosen or not others:
        return message
    names = ", ".join(f"„{s}“" for s in others)
    return (
        f"Tabellenblatt „{detected.sheet}“: {message} Weitere Tabellenblätter: {names} – bitte das "
        "Blatt mit den Daten auswählen."
    )
