"""Read an XLSX workbook with openpyxl after checking the zip container.

The zip check comes first: the declared uncompressed size of all members is capped
(a zip bomb declares little and inflates to gigabytes). Python's zipfile never
inflates a member beyond its declared size (it stops and fails the CRC check), so
the declared sizes bound the memory openpyxl can use.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Final

import openpyxl

from ikzmap.fmt import format_int
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_UNCOMPRESSED_BYTES, MAX_ZIP_MEMBERS, mebibytes
from ikzmap.upload.rows import RawTable, collect_rows

_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED_FLAG: Final = 0x1
BROKEN: Final = (
    "Die Excel-Datei ist beschädigt oder keine XLSX-Datei. Bitte in Excel öffnen und "
    "erneut als „Excel-Arbeitsmappe (*.xlsx)“ speichern oder als CSV hochladen."
)


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


def check_container(data: bytes) -> None:
    """:class:`UploadError` unless ``data`` is a plausible, not oversized XLSX zip."""
    with _open_zip(data) as archive:
        _check_members(archive)
        try:
            _check_kind(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
            raise UploadError(BROKEN) from err


def _pick_sheet(workbook, sheet: str | None):
    sheets = workbook.worksheets
    if not sheets:
        raise UploadError("Die Excel-Datei enthält kein Tabellenblatt mit Zellen.")
    if sheet is None:
        return sheets[0]
    for ws in sheets:
        if ws.title == sheet:
            return ws
    names = ", ".join(f"„{ws.title}“" for ws in sheets)
    raise UploadError(f"Das Tabellenblatt „{sheet}“ gibt es nicht. Vorhanden: {names}.")


def _load(data: bytes):
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types (KeyError, XML errors …)
        raise UploadError(BROKEN) from err


def read_xlsx(data: bytes, sheet: str | None = None) -> RawTable:
    """The rows of ``sheet`` (default: the first worksheet), cells as stored (numbers stay)."""
    check_container(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
        workbook = _load(data)
        try:
            ws = _pick_sheet(workbook, sheet)
            ws.reset_dimensions()  # stored dimensions can be wrong; read all cells
            rows = collect_rows(ws.iter_rows(values_only=True))
            sheets = tuple(s.title for s in workbook.worksheets)
        except UploadError:
            raise
        except Exception as err:  # broken sheet XML, bad cell types …
            raise UploadError(BROKEN) from err
        finally:
            workbook.close()
    return RawTable(rows, "xlsx", sheet=ws.title, sheets=sheets)
