"""The parts of an XLSX package the sheet reader needs: sheets, shared strings, date styles.

Each part is streamed through :mod:`ikzmap.upload.read.xml_stream` under the upload's budget, so
a workbook of millions of shared strings or cell formats stops early instead of being built
as a tree. The rules (paths of relationships, which styles are dates, the epoch) follow
openpyxl, whose helpers decide the number formats.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900
from openpyxl.xml.constants import PKG_REL_NS, REL_NS, SHEET_MAIN_NS

from ikzmap.fmt import format_int
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_CELL_CHARS, MAX_CELL_FORMATS
from ikzmap.upload.read.xml_stream import SEPARATOR, Budget, Handlers, parse, whole_number

MAIN: Final = SHEET_MAIN_NS + SEPARATOR
_RELATIONSHIP: Final = PKG_REL_NS + SEPARATOR + "Relationship"
_R_ID: Final = REL_NS + SEPARATOR + "id"
_DEFAULT_WORKBOOK: Final = "xl/workbook.xml"
_DEFAULT_STYLES: Final = "xl/styles.xml"  # where openpyxl looks
_MAX_FORMAT_CODE: Final = 255  # Excel's limit; longer codes are not judged (regex cost)


def too_long_text(where: str) -> str:
    return (
        f"{where} enthält einen Text mit mehr als {format_int(MAX_CELL_CHARS)} Zeichen; so "
        "viel fasst eine Excel-Zelle nicht. Bitte die Datei in Excel prüfen und neu speichern."
    )


class RichText:
    """Collects the text of an ``<si>`` or ``<is>`` element like openpyxl's ``Text.content``:
    ``<t>`` directly or in runs ``<r>``, but not the phonetic hints ``<rPh>``. The owner
    calls :meth:`begin` at its start and :meth:`take` at its end."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.parts: list[str] | None = None  # inside <si>/<is>
        self.size = 0
        self.collecting = False
        self.phonetic = 0

    def starts(self) -> dict[str, Callable[[dict[str, str]], None]]:
        return {MAIN + "t": self._start_t, MAIN + "rPh": self._start_phonetic}

    def ends(self) -> dict[str, Callable[[], None]]:
        return {MAIN + "t": self._end_t, MAIN + "rPh": self._end_phonetic}

    def begin(self, _attrs: dict[str, str] | None = None) -> None:
        self.parts, self.size = [], 0

    def _start_t(self, _attrs: dict[str, str]) -> None:
        self.collecting = self.parts is not None and not self.phonetic

    def _end_t(self) -> None:
        self.collecting = False

    def _start_phonetic(self, _attrs: dict[str, str]) -> None:
        self.phonetic += 1

    def _end_phonetic(self) -> None:
        self.phonetic -= 1

    def text(self, data: str) -> None:
        if self.collecting and self.parts is not None:
            self.size += len(data)
            if self.size > MAX_CELL_CHARS:
                raise UploadError(too_long_text(self.where))
            self.parts.append(data)

    def take(self) -> str:
        """The text collected since :meth:`begin`."""
        text = "".join(self.parts or ())
        self.parts = None
        return text


@dataclass(frozen=True)
class Relationship:
    kind: str  # last part of the type URI: "worksheet", "sharedStrings" …
    target: str  # member name in the zip


def _resolve(source: str, target: str) -> str:
    """A member name for ``target`` relative to the part ``source`` (like openpyxl)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relationships(archive: zipfile.ZipFile, part: str, budget: Budget) -> dict[str, Relationship]:
    """The internal relationships of ``part`` by id ("" = the package itself)."""
    path = _rels_path(part)
    if path not in archive.NameToInfo:
        return {}
    found: dict[str, Relationship] = {}

    def relationship(attrs: dict[str, str]) -> None:
        if attrs.get("TargetMode") != "External":
            kind = attrs.get("Type", "").rpartition("/")[2]
            target = _resolve(part, attrs.get("Target", ""))
            found[attrs.get("Id", "")] = Relationship(kind, target)

    parse(archive, path, Handlers({_RELATIONSHIP: relationship}), budget, "Die Excel-Datei")
    return found


def workbook_part(archive: zipfile.ZipFile, budget: Budget) -> str:
    for rel in relationships(archive, "", budget).values():
        if rel.kind == "officeDocument" and rel.target in archive.NameToInfo:
            return rel.target
    return _DEFAULT_WORKBOOK


@dataclass(frozen=True)
class SheetEntry:
    title: str
    member: str


@dataclass
class Workbook:
    """What the workbook part says: its worksheets in order and the date system."""

    part: str
    sheets: list[SheetEntry] = field(default_factory=list)
    epoch: datetime = CALENDAR_WINDOWS_1900
    strings: str | None = None  # member with the shared strings
    styles: str | None = None  # member with the cell formats


def read_workbook(archive: zipfile.ZipFile, budget: Budget) -> Workbook:
    """Sheets that exist in the zip (chart sheets left out, as openpyxl does)."""
    book = Workbook(workbook_part(archive, budget))
    rels = relationships(archive, book.part, budget)
    entries: list[tuple[str, str]] = []

    def sheet(attrs: dict[str, str]) -> None:
        entries.append((attrs.get("name", ""), attrs.get(_R_ID, "")))

    def properties(attrs: dict[str, str]) -> None:
        if attrs.get("date1904", "").lower() in ("1", "true"):
            book.epoch = CALENDAR_MAC_1904

    handlers = Handlers({MAIN + "sheet": sheet, MAIN + "workbookPr": properties})
    parse(archive, book.part, handlers, budget, "Die Excel-Datei")
    for title, rel_id in entries:
        rel = rels.get(rel_id)
        if rel and rel.kind != "chartsheet" and rel.target in archive.NameToInfo:
            book.sheets.append(SheetEntry(title, rel.target))
    kinds = {rel.kind: rel.target for rel in rels.values() if rel.target in archive.NameToInfo}
    book.strings = kinds.get("sharedStrings")
    book.styles = kinds.get("styles", _DEFAULT_STYLES)
    return book


def read_shared_strings(archive: zipfile.ZipFile, member: str | None, budget: Budget) -> list[str]:
    """The shared strings in order (openpyxl also drops the escape "x005F_")."""
    if member is None:
        return []
    strings: list[str] = []
    rich = RichText("Die Textliste der Excel-Datei")

    def end_entry() -> None:
        strings.append(rich.take().replace("x005F_", ""))

    starts = {**rich.starts(), MAIN + "si": rich.begin}
    ends = {**rich.ends(), MAIN + "si": end_entry}
    parse(
        archive, member, Handlers(starts, ends, rich.text), budget, "Die Textliste der Excel-Datei"
    )
    return strings


@dataclass(frozen=True)
class DateStyles:
    """Indexes of cell formats (attribute ``s`` of a cell) that show dates or durations."""

    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()


def _kind(code: str | None) -> tuple[bool, bool]:
    """(date, duration) for a number format code."""
    if code is None or len(code) > _MAX_FORMAT_CODE:
        return False, False
    return is_date_format(code), is_timedelta_format(code)


def _judge(format_ids: list[int], custom: dict[int, str]) -> DateStyles:
    kinds = {
        i: _kind(custom[i] if i in custom else builtin_format_code(i)) for i in set(format_ids)
    }
    dates = frozenset(index for index, i in enumerate(format_ids) if kinds[i][0])
    durations = frozenset(index for index, i in enumerate(format_ids) if kinds[i][1])
    return DateStyles(dates, durations)


def read_date_styles(archive: zipfile.ZipFile, member: str | None, budget: Budget) -> DateStyles:
    """Which cell formats are dates: ``cellXfs/xf`` → ``numFmtId`` → custom or built-in code."""
    if member is None or member not in archive.NameToInfo:
        return DateStyles()
    custom: dict[int, str] = {}
    format_ids: list[int] = []
    inside = False

    def number_format(attrs: dict[str, str]) -> None:
        custom[whole_number(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")

    def open_cell_formats(_attrs: dict[str, str]) -> None:
        nonlocal inside
        inside = True  # <xf> elsewhere (cellStyleXfs) are not cell formats

    def close_cell_formats() -> None:
        nonlocal inside
        inside = False

    def cell_format(attrs: dict[str, str]) -> None:
        if not inside:
            return
        format_ids.append(whole_number(attrs.get("numFmtId", "0")))
        if len(format_ids) > MAX_CELL_FORMATS:
            raise UploadError(
                f"Die Excel-Datei hat mehr als {format_int(MAX_CELL_FORMATS)} Zellformate; "
                "mehr erlaubt Excel nicht. Bitte die Tabelle in eine neue Arbeitsmappe "
                "kopieren oder als CSV speichern."
            )

    starts = {
        MAIN + "numFmt": number_format,
        MAIN + "cellXfs": open_cell_formats,
        MAIN + "xf": cell_format,
    }
    handlers = Handlers(starts, {MAIN + "cellXfs": close_cell_formats})
    parse(archive, member, handlers, budget, "Die Formatliste der Excel-Datei")
    return _judge(format_ids, custom)
