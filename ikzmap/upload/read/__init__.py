"""The read stage: an uploaded file into rows: check its size, tell CSV from XLSX, dispatch.

``csv_file`` decodes and splits CSV text; ``xlsx_file`` streams one worksheet (its parts
in ``xlsx_parts``, the bounded XML parser in ``xml_stream``); ``raw`` holds the rows
(:class:`RawTable`) and the row and column limits both readers share.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Final

from ikzmap.fmt import format_int
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_BYTES, MAX_CELLS, mebibytes
from ikzmap.upload.read.csv_file import ENCODING_LABELS, SEPARATOR_LABELS, read_csv
from ikzmap.upload.read.raw import RawTable
from ikzmap.upload.read.xlsx_file import read_xlsx

__all__ = [
    "ENCODING_LABELS",
    "FORMATS",
    "FORMAT_LABELS",
    "SEPARATOR_LABELS",
    "RawTable",
    "check_area",
    "check_format",
    "check_size",
    "detect_format",
    "read_raw",
    "too_large",
]

FORMATS: Final = ("csv", "xlsx")
FORMAT_LABELS: Final = {"csv": "CSV", "xlsx": "Excel (XLSX)"}
_ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and encrypted Office files
_XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")


def check_format(file_format: str) -> str:
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}; valid formats: {', '.join(FORMATS)}")
    return file_format


def too_large(size: int, limit: int = MAX_BYTES) -> str:
    """The German message for a file of ``size`` bytes over the limit (app and CLI)."""
    return (
        f"Die Datei ist {mebibytes(size)} groß; höchstens {mebibytes(limit)} "
        "sind möglich. Bitte nur die benötigte Tabelle hochladen."
    )


def check_size(data: bytes) -> None:
    if not data:
        raise UploadError("Die Datei ist leer (0 Byte).")
    if len(data) > MAX_BYTES:
        raise UploadError(too_large(len(data)))


def detect_format(data: bytes, filename: str) -> str:
    """ "xlsx" or "csv", from the content first and the file name second."""
    if data.startswith(_OLE_MAGIC):
        raise UploadError(
            "Die Datei ist im alten Excel-Format (.xls) oder kennwortgeschützt. Bitte ohne "
            "Kennwort als „Excel-Arbeitsmappe (*.xlsx)“ oder als CSV speichern."
        )
    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    return "xlsx" if suffix in _XLSX_SUFFIXES else "csv"


def read_raw(
    data: bytes, filename: str, file_format: str | None = None, sheet: str | None = None
) -> RawTable:
    """All rows of the file; :class:`UploadError` (German) if it cannot be read."""
    if file_format is not None:
        check_format(file_format)
    check_size(data)
    fmt = file_format or detect_format(data, filename)
    table = read_xlsx(data, sheet) if fmt == "xlsx" else read_csv(data)
    check_area(table.rows)
    return table


def check_area(rows: list[list[object]]) -> None:
    """:class:`UploadError` if rows with content times the widest row exceed :data:`MAX_CELLS`.

    The steps after reading work on that rectangle: one header of 200 columns above
    50,000 rows of two cells makes ten million cells for them, from a file of 500 kB.
    """
    filled = sum(1 for row in rows if row)
    width = max(map(len, rows), default=0)
    if filled * width > MAX_CELLS:
        raise UploadError(
            f"Die Tabelle ist zu groß: {format_int(filled)} Zeilen mit Inhalt und bis zu "
            f"{format_int(width)} Spalten ergeben mehr als {format_int(MAX_CELLS)} Zellen. "
            "Bitte nur die benötigten Zeilen und Spalten hochladen."
        )
