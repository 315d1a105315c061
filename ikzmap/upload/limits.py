"""Limits that keep an upload from exhausting memory or time."""

from __future__ import annotations

from typing import Final

MAX_BYTES: Final = 10 * 1024 * 1024  # size of the uploaded file
MAX_ROWS: Final = 50_000  # non-empty rows (NRW has about 6,250 implemented IKZ activities)
MAX_RECORDS: Final = 1_048_576  # all rows incl. empty ones (Excel's row limit)
MAX_COLUMNS: Final = 200
MAX_HEADER_SCAN: Final = 30  # rows searched for the header
MAX_UNCOMPRESSED_BYTES: Final = 100 * 1024 * 1024  # all members of an XLSX zip together
MAX_ZIP_MEMBERS: Final = 1_000
MAX_REPORT_TEXT: Final = 300  # characters of a cell shown in the issue report
# The work a file can cause, not only its bytes: a 100 kB XLSX can hold millions of empty
# cells. Together these keep any file below MAX_BYTES at a few seconds and ~300 MB at most.
MAX_CELLS: Final = 600_000  # rows with content x widest row (50,000 rows of 12 columns)
MAX_ROW_FIELDS: Final = 16_384  # cells of one row (Excel's column count, column XFD)
MAX_CSV_FIELDS: Final = 5_000_000  # all CSV fields incl. empty ones (";;;;" costs work too)
MAX_CELL_CHARS: Final = 32_767  # characters of one cell (Excel's limit)
MAX_CELL_FORMATS: Final = 65_490  # cell formats of a workbook (Excel's limit)
MAX_XML_ELEMENTS: Final = 2_000_000  # XML elements read from one XLSX (cells, rows, texts …)
MAX_XML_DEPTH: Final = 64  # nesting of XML elements (Excel writes about ten)
MAX_XML_TOKEN_BYTES: Final = 1024 * 1024  # one tag, comment …: expat re-scans unfinished ones
MAX_PARALLEL_READS: Final = 1  # uploads read at once per server (CPU work under the GIL)
MAX_WAIT_SECONDS: Final = 20.0  # wait for a free reading slot before giving up
MAX_COUNT: Final = 1_000_000  # larger counts are implausible (NRW total: 6,250)
MAX_POPULATION: Final = 100_000_000


def mebibytes(size: int) -> str:
    """A byte size for German messages: 10485760 -> "10 MB"."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB".replace(".", ",")
