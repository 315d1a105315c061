"""Read an XLSX worksheet into rows, bounding the work any file can cause.

First the zip container: the declared uncompressed size of all members is capped (a zip
bomb declares little and inflates to gigabytes; Python's zipfile never inflates a member
beyond its declared size). Then the size in bytes says little about the work: 97 kB can
hold a row of 24 million empty cells. openpyxl builds each row as an element tree and, if a
sheet lacks its dimension, parses the whole sheet once more at load, so it cannot stop
early. The sheet is therefore streamed cell by cell (:mod:`ikzmap.upload.read.xml_stream`),
rows are handed on as they complete, and the budgets in :mod:`ikzmap.upload.limits`
(elements, cells per row, characters per cell, rows) end a hostile file within seconds.
Cell values follow openpyxl's read-only reader with ``data_only=True``; openpyxl's helpers
convert dates.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Final

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from ikzmap.fmt import format_int
from ikzmap.upload.cells import is_blank
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import (
    MAX_CELL_CHARS,
    MAX_RECORDS,
    MAX_ROW_FIELDS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_MEMBERS,
    mebibytes,
)
from ikzmap.upload.read.raw import RawTable, collect_rows
from ikzmap.upload.read.xlsx_parts import (
    MAIN,
    DateStyles,
    RichText,
    SheetEntry,
    read_date_styles,
    read_shared_strings,
    read_workbook,
    too_long_text,
)
from ikzmap.upload.read.xml_stream import BROKEN, Budget, Handlers, stream, whole_number

_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED_FLAG: Final = 0x1
_MAX_SHEET_TITLE: Final = 255  # Excel allows 31 characters
_ROW, _CELL, _VALUE, _INLINE = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "is"
_DIGITS: Final = "0123456789"


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise UploadError(BROKEN) from err


def _check_members(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise UploadError(
            f"Die Excel-Datei besteht aus {format_int(len(infos))} Teilen; das ist für eine "
            "Tabelle ungewöhnlich viel. Bitte nur die Tabelle als XLSX oder CSV speichern."
        )
    size = sum(info.file_size for info in infos)
    if size > MAX_UNCOMPRESSED_BYTES:
        raise UploadError(
            f"Die Excel-Datei ist entpackt {mebibytes(size)} groß; erlaubt sind "
            f"{mebibytes(MAX_UNCOMPRESSED_BYTES)}. Bitte nur die benötigte Tabelle hochladen."
        )
    if any(info.flag_bits & _ENCRYPTED_FLAG for info in infos):
        raise UploadError("Die Datei ist verschlüsselt. Bitte ohne Kennwort speichern.")


def _is_ods(archive: zipfile.ZipFile) -> bool:
    info = archive.getinfo("mimetype")
    return info.file_size < 200 and archive.read(info).strip() == _ODS_MIMETYPE


def _check_kind(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "mimetype" in names and _is_ods(archive):
        raise UploadError(
            "OpenDocument-Tabellen (ODS) werden nicht unterstützt. Bitte als XLSX oder CSV "
            "speichern."
        )
    if "xl/workbook.xml" not in names:
        raise UploadError(BROKEN)


def _check_archive(archive: zipfile.ZipFile) -> None:
    _check_members(archive)
    try:
        _check_kind(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise UploadError(BROKEN) from err


def check_container(data: bytes) -> None:
    """:class:`UploadError` unless ``data`` is a plausible, not oversized XLSX zip."""
    with _open_zip(data) as archive:
        _check_archive(archive)


def _pick_sheet(sheets: list[SheetEntry], sheet: str | None) -> SheetEntry:
    if not sheets:
        raise UploadError("Die Excel-Datei enthält kein Tabellenblatt mit Zellen.")
    if any(len(s.title) > _MAX_SHEET_TITLE for s in sheets):
        raise UploadError(BROKEN)
    if sheet is None:
        return sheets[0]
    for entry in sheets:
        if entry.title == sheet:
            return entry
    names = ", ".join(f"„{s.title}“" for s in sheets)
    raise UploadError(f"Das Tabellenblatt „{sheet}“ gibt es nicht. Vorhanden: {names}.")


_TOO_MANY_ROWS: Final = f"Die Datei hat mehr als {format_int(MAX_RECORDS)} Zeilen; das ist zu viel."


class _SheetRows:
    """Expat handlers that turn the cells of a worksheet into rows.

    A row is a list up to its last non-blank cell (what :func:`collect_rows` keeps anyway),
    built from the cells present only: a far cell such as XFD1 costs one dictionary entry,
    not 16,384 padding cells. Completed rows wait in ``ready``; an int there stands for
    that many empty rows (gaps in the row numbers), so a gap costs no memory here.
    """

    def __init__(self, strings: list[str], styles: DateStyles, epoch: datetime, title: str) -> None:
        self.strings, self.styles, self.epoch = strings, styles, epoch
        self.ready: list[list[object] | int] = []
        self.row_number = 0
        self.cells: dict[int, object] = {}
        self.count = 0  # cell elements in the current row
        self.column = 0
        self.kind = "n"
        self.style = ""
        self.value: list[str] | None = None  # parts of <v> while inside it
        self.value_size = 0
        self.raw: str | None = None
        self.inline: str | None = None
        self.rich = RichText(f"Das Tabellenblatt „{title}“")

    def handlers(self) -> Handlers:
        rich = self.rich
        starts = {
            **rich.starts(),
            _ROW: self._start_row,
            _CELL: self._start_cell,
            _VALUE: self._start_value,
            _INLINE: rich.begin,
        }
        ends = {
            **rich.ends(),
            _ROW: self._end_row,
            _CELL: self._end_cell,
            _VALUE: self._end_value,
            _INLINE: self._end_inline,
        }
        return Handlers(starts, ends, self._text)

    def _text(self, data: str) -> None:
        if self.value is not None:
            self.value_size += len(data)
            if self.value_size > MAX_CELL_CHARS:
                raise UploadError(too_long_text(f"Zeile {self.row_number}"))
            self.value.append(data)
        else:
            self.rich.text(data)

    # --- rows ----------------------------------------------------------------------------

    def _start_row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r")
        row = whole_number(number) if number else self.row_number + 1
        if row > MAX_RECORDS:
            raise UploadError(_TOO_MANY_ROWS)
        if row <= self.row_number:  # openpyxl would drop it silently
            raise UploadError(
                f"Die Excel-Datei ist beschädigt: Zeile {format_int(row)} kommt doppelt oder "
                "nicht in der Reihenfolge vor. Bitte in Excel öffnen und neu speichern."
            )
        if row > self.row_number + 1:
            self._empty(row - self.row_number - 1)
        self.row_number, self.count, self.column = row, 0, 0
        if self.cells:
            self.cells = {}

    def _end_row(self) -> None:
        cells = self.cells
        filled = [column for column, value in cells.items() if not is_blank(value)]
        if filled:
            self.ready.append([cells.get(column) for column in range(1, max(filled) + 1)])
        else:
            self._empty(1)

    def _empty(self, rows: int) -> None:
        """Note ``rows`` empty rows (joined with empty rows just before)."""
        if self.ready and isinstance(self.ready[-1], int):
            self.ready[-1] += rows
        else:
            self.ready.append(rows)

    # --- cells ---------------------------------------------------------------------------

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.count += 1
        if self.count > MAX_ROW_FIELDS:
            raise UploadError(
                f"Zeile {format_int(self.row_number)} hat mehr als {format_int(MAX_ROW_FIELDS)} "
                "Zellen; so viele Spalten hat kein Excel-Blatt. Die Datei ist beschädigt."
            )
        ref = attrs.get("r")
        self.column = _column_index(ref) if ref else self.column + 1
        if self.column > MAX_ROW_FIELDS:
            raise UploadError(
                f"Zeile {format_int(self.row_number)} hat eine Zelle hinter der letzten "
                "Excel-Spalte (XFD). Die Datei ist beschädigt."
            )
        self.kind = attrs.get("t", "n")
        self.style = attrs.get("s", "")
        self.value, self.raw, self.inline = None, None, None

    def _start_value(self, _attrs: dict[str, str]) -> None:
        if self.raw is None and self.value is None:  # openpyxl reads the first <v>
            self.value, self.value_size = [], 0

    def _end_value(self) -> None:
        if self.value is not None:
            self.raw, self.value = "".join(self.value), None

    def _end_inline(self) -> None:
        self.inline = self.rich.take()

    def _end_cell(self) -> None:
        value = self._cell_value()
        if value is not None:
            self.cells[self.column] = value

    def _cell_value(self) -> object:
        """The value the way openpyxl reads it (``data_only``: formulas give their result)."""
        if self.kind == "inlineStr":
            return self.inline
        raw = self.raw or None
        if raw is None:
            return None
        if self.kind == "n":
            return self._number(raw)
        if self.kind == "s":
            index = whole_number(raw)
            if not 0 <= index < len(self.strings):
                raise UploadError(BROKEN)
            return self.strings[index]
        if self.kind == "b":
            return bool(whole_number(raw))
        if self.kind == "d":
            return _iso_date(raw)
        return raw  # "str" (formula text), "e" (error such as #NV)

    def _number(self, raw: str) -> object:
        number = _float(raw) if ("." in raw or "E" in raw or "e" in raw) else whole_number(raw)
        style = whole_number(self.style) if self.style else 0
        if style not in self.styles.dates:
            return number
        try:
            return from_excel(number, self.epoch, timedelta=style in self.styles.durations)
        except (OverflowError, ValueError):
            return "#VALUE!"  # openpyxl's value for a date out of range


def _column_index(ref: str) -> int:
    """The 1-based column of a cell reference ("C7" -> 3); :data:`BROKEN` if it is none."""
    try:
        return column_index_from_string(ref.rstrip(_DIGITS))
    except ValueError as err:
        raise UploadError(BROKEN) from err


def _float(raw: str) -> float:
    try:
        return float(raw)
    except ValueError as err:
        raise UploadError(BROKEN) from err


def _iso_date(raw: str) -> object:
    try:
        return from_ISO8601(raw)
    except ValueError as err:
        raise UploadError(BROKEN) from err


def _sheet_rows(
    archive: zipfile.ZipFile, entry: SheetEntry, reader: _SheetRows, budget: Budget
) -> Iterator[list[object]]:
    """The rows of the sheet, handed on chunk by chunk so the limits of
    :func:`collect_rows` stop a hostile sheet early."""
    for _ in stream(
        archive, entry.member, reader.handlers(), budget, f"Das Tabellenblatt „{entry.title}“"
    ):
        for item in reader.ready:
            if isinstance(item, int):
                for _ in range(item):
                    yield []
            else:
                yield item
        reader.ready.clear()


def read_xlsx(data: bytes, sheet: str | None = None) -> RawTable:
    """The rows of ``sheet`` (default: the first worksheet), cells as stored (numbers stay)."""
    with _open_zip(data) as archive:
        _check_archive(archive)
        budget = Budget()
        book = read_workbook(archive, budget)
        entry = _pick_sheet(book.sheets, sheet)
        strings = read_shared_strings(archive, book.strings, budget)
        styles = read_date_styles(archive, book.styles, budget)
        reader = _SheetRows(strings, styles, book.epoch, entry.title)
        rows = collect_rows(_sheet_rows(archive, entry, reader, budget))
    sheets = tuple(s.title for s in book.sheets)
    return RawTable(rows, "xlsx", sheet=entry.title, sheets=sheets)
