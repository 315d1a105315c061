"""User uploads: read a CSV or XLSX table of IKZ counts or activities into an IkzDataset.

``read_upload`` never raises for a bad file: the result carries a German ``error``
and an issue report naming every row that was not (or not fully) taken. No Streamlit here.

Module map, in the order one upload passes through (:mod:`.pipeline` calls the stages):

=========== ====================== ==========================================================
stage       module                 what it does
=========== ====================== ==========================================================
read        ``read/``              bytes → :class:`~.read.raw.RawTable`: size, format (CSV or
                                   XLSX), rows within the limits; ``csv_file``, ``xlsx_file``
                                   (streamed: ``xlsx_parts``, ``xml_stream``), ``raw``
header      ``header.py``          the header row below titles; the table under it
columns     ``columns.py``         which column holds what: proposed or given mapping
kind        ``kinds.py``           counts per Gemeinde, Kreis, Regierungsbezirk, or activities
names       ``names.py``           normalised names, the name index, totals words ("Summe")
matching    ``matching.py``        key and name cells → Gebietskörperschaft at the right level
cells       ``cells.py``           one cell: blank, text, number, status, value checks
rows        ``rows.py``            mapped rows and their issue log; totals rows, unit of each
                                   row, units not surveyed
duplicates  ``duplicates.py``      where a duplicate row is found and reported (one rule)
counts      ``counts.py``          count per unit from a table of counts or an activity list
result      ``result.py``          dataset, summary, :class:`UploadResult`; :class:`Detected`
=========== ====================== ==========================================================

Beside the stages: ``report.py`` (the issue log and report CSV), ``errors.py``
(:class:`UploadError`), ``limits.py`` (bounds on size and work), ``gate.py`` (one read at a
time per server process).
"""

from __future__ import annotations

from ikzmap.upload.columns import ROLE_LABELS, ColumnMapping
from ikzmap.upload.errors import UploadError
from ikzmap.upload.header import NO_HEADER
from ikzmap.upload.kinds import KIND_LABELS, KINDS
from ikzmap.upload.limits import MAX_BYTES
from ikzmap.upload.pipeline import read_upload
from ikzmap.upload.read import FORMATS
from ikzmap.upload.report import REPORT_COLUMNS
from ikzmap.upload.result import UploadResult, UploadSummary

__all__ = [
    "FORMATS",
    "KINDS",
    "KIND_LABELS",
    "MAX_BYTES",
    "NO_HEADER",
    "REPORT_COLUMNS",
    "ROLE_LABELS",
    "ColumnMapping",
    "UploadError",
    "UploadResult",
    "UploadSummary",
    "read_upload",
]
