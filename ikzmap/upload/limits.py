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
MAX_COUNT: Final = 1_000_000  # larger counts are implausible (NRW total: 6,250)
MAX_POPULATION: Final = 100_000_000


def mebibytes(size: int) -> str:
    """A byte size for German messages: 10485760 -> "10 MB"."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB".replace(".", ",")
