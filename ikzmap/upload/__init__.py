"""User uploads: read a CSV or XLSX table of IKZ counts or activities into an IkzDataset.

``read_upload`` never raises for a bad file: the result carries a German ``error``
and an issue report naming every row that was not (or not fully) taken. No Streamlit here.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from geo import Hierarchy
from ikzmap.upload import pipeline
from ikzmap.upload.activities import STATUSES, parse_status
from ikzmap.upload.columns import (
    ROLE_LABELS,
    ROLES,
    ColumnMapping,
    apply_mapping,
    header_role,
    propose_mapping,
)
from ikzmap.upload.errors import UploadError
from ikzmap.upload.header import NO_HEADER
from ikzmap.upload.kinds import KIND_LABELS, KINDS, check_kind
from ikzmap.upload.limits import MAX_BYTES, MAX_ROWS
from ikzmap.upload.names import normalize_name, parse_name
from ikzmap.upload.numbers import parse_number
from ikzmap.upload.pipeline import NOTHING_USABLE
from ikzmap.upload.read_csv import ENCODING_LABELS, SEPARATOR_LABELS
from ikzmap.upload.reading import FORMAT_LABELS, FORMATS, check_format
from ikzmap.upload.report import REPORT_COLUMNS, issues_frame, report_csv
from ikzmap.upload.result import UploadResult, UploadSummary

logger = logging.getLogger(__name__)

INTERNAL_ERROR: Final = (
    "Die Datei konnte wegen eines internen Fehlers nicht gelesen werden. Bitte die Datei als "
    "CSV speichern und erneut versuchen oder den Fehler melden."
)


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

    ``kind``: one of :data:`KINDS`; ``file_format``: one of :data:`FORMATS`;
    ``sheet``: XLSX sheet name (default: first); ``header_row``: 1-based, 0 = no header.
    Unknown ``kind``/``file_format`` names raise ValueError (a programming error);
    everything wrong with the file itself ends up in ``error`` and ``issues``.
    """
    if not isinstance(data, bytes):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    if kind is not None:
        check_kind(kind)
    if file_format is not None:
        check_format(file_format)
    request = pipeline.Request(
        data, filename, hierarchy, mapping, kind, sheet, file_format, header_row
    )
    found: dict[str, Any] = {}
    try:
        return pipeline.run(request, found)
    except UploadError as err:
        return _failed(request, str(err), found)
    except Exception:  # a bug must not show the user a stack trace; it is logged
        logger.exception("upload could not be read")
        return _failed(request, INTERNAL_ERROR, found)


def _failed(request: pipeline.Request, error: str, found: dict[str, Any]) -> UploadResult:
    return UploadResult(
        original=request.data,
        filename=request.filename,
        dataset=None,
        issues=issues_frame([]),
        summary=UploadSummary(),
        error=error,
        **found,
    )


__all__ = [
    "ENCODING_LABELS",
    "FORMATS",
    "FORMAT_LABELS",
    "INTERNAL_ERROR",
    "KINDS",
    "KIND_LABELS",
    "MAX_BYTES",
    "MAX_ROWS",
    "NOTHING_USABLE",
    "NO_HEADER",
    "REPORT_COLUMNS",
    "ROLES",
    "ROLE_LABELS",
    "SEPARATOR_LABELS",
    "STATUSES",
    "ColumnMapping",
    "UploadError",
    "UploadResult",
    "UploadSummary",
    "apply_mapping",
    "header_role",
    "normalize_name",
    "parse_name",
    "parse_number",
    "parse_status",
    "propose_mapping",
    "read_upload",
    "report_csv",
]
