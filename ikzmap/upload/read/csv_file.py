"""Read CSV text: detect the encoding and the separator, split into rows."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Final

from ikzmap.fmt import format_int
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_CSV_FIELDS, MAX_ROW_FIELDS
from ikzmap.upload.read.raw import RawTable, collect_rows

ENCODING_LABELS: Final = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 mit BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (ANSI)",
}
SEPARATOR_LABELS: Final = {
    ";": "Semikolon",
    "\t": "Tabulator",
    ",": "Komma",
    "|": "senkrechter Strich",
}
SEPARATORS: Final = tuple(SEPARATOR_LABELS)  # order breaks ties: ";" is usual in Germany
_SNIFF_LINES: Final = 60
_SNIFF_CHARS: Final = 1024 * 1024  # the sample lines come from the start of the text
_MAX_CONTROL_SHARE: Final = 0.01
# Control characters (Unicode category Cc) except tab, line feed, vertical tab, form feed, CR
_CONTROLS: Final = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
NOT_TEXT: Final = (
    "Die Datei ist keine CSV- oder Excel-Datei (sie enthält Binärdaten). "
    "Bitte eine Tabelle als CSV (Trennzeichen Semikolon) oder als Excel-Datei (XLSX) hochladen."
)


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as err:
                raise UploadError(
                    f"Die Datei ist als {ENCODING_LABELS[codec]} gekennzeichnet, enthält aber "
                    f"ungültige Zeichen (ab Byte {err.start}). Bitte neu speichern."
                ) from err
    return None


def decode(data: bytes) -> tuple[str, str]:
    """The text and the codec: BOM, else UTF-8, else Windows-1252."""
    found = _decode_bom(data)
    if found is None:
        if b"\x00" in data:
            raise UploadError(NOT_TEXT)
        found = _decode_plain(data)
    text, codec = found
    _check_text(text)
    return text, codec


def _decode_plain(data: bytes) -> tuple[str, str]:
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise UploadError(NOT_TEXT)


def _check_text(text: str) -> None:
    """:class:`UploadError` for binary data: a NUL or more than 1 % control characters.

    The regular expression scans in C and the count stops at the threshold (a per-character
    loop in Python took seconds for 10 MB)."""
    if "\x00" in text:
        raise UploadError(NOT_TEXT)
    allowed = int(_MAX_CONTROL_SHARE * len(text))
    for found, _match in enumerate(_CONTROLS.finditer(text), start=1):
        if found > allowed:
            raise UploadError(NOT_TEXT)


def _width_score(sample: str, separator: str) -> tuple[int, int]:
    """(rows with the most common width, that width) if the width is at least 2."""
    try:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=separator) if r]
    except csv.Error:
        return 0, 0
    counts: dict[int, int] = {}
    for w in widths:
        if w > 1:
            counts[w] = counts.get(w, 0) + 1
    if not counts:
        return 0, 0
    width = max(counts, key=lambda w: (counts[w], w))
    return counts[width], width


def sniff_separator(text: str) -> str:
    """The separator that gives most rows the same number (≥ 2) of cells; ";" if none."""
    lines = _sample_lines(text)
    sample = "\n".join(lines)
    return max(SEPARATORS, key=lambda sep: _width_score(sample, sep))


def _sample_lines(text: str) -> list[str]:
    """The first non-empty lines, from the start of the text only (10 MB of line breaks
    would otherwise become a list of ten million lines)."""
    lines = text[:_SNIFF_CHARS].splitlines()
    if len(text) > _SNIFF_CHARS and lines:
        lines.pop()  # may be cut off
    return [line for line in lines if line.strip()][:_SNIFF_LINES]


def _bounded(records: Iterable[list[str]]) -> Iterator[list[str]]:
    """The records, stopping at :data:`MAX_ROW_FIELDS` in one record or
    :data:`MAX_CSV_FIELDS` in all (empty fields cost work too: ";;;;…")."""
    fields = 0
    for number, record in enumerate(records, start=1):
        if len(record) > MAX_ROW_FIELDS:
            raise UploadError(
                f"Zeile {number} hat {format_int(len(record))} Felder; mehr als "
                f"{format_int(MAX_ROW_FIELDS)} Spalten hat keine Tabelle. Ist das Trennzeichen "
                "richtig?"
            )
        fields += len(record)
        if fields > MAX_CSV_FIELDS:
            raise UploadError(
                f"Die CSV-Datei hat mehr als {format_int(MAX_CSV_FIELDS)} Felder (auch leere, "
                "z. B. durch viele Trennzeichen am Zeilenende). Bitte nur die benötigten Zeilen "
                "und Spalten speichern."
            )
        yield record


def split_rows(text: str, separator: str) -> list[list[object]]:
    """The CSV records of ``text`` (each record one spreadsheet row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return collect_rows(_bounded(reader))
    except csv.Error as err:
        raise UploadError(
            f"Die CSV-Datei lässt sich ab Zeile {reader.line_num} nicht lesen "
            "(z. B. eine überlange Zelle oder ein nicht geschlossenes Anführungszeichen)."
        ) from err


def read_csv(data: bytes) -> RawTable:
    text, encoding = decode(data)
    separator = sniff_separator(text)
    return RawTable(split_rows(text, separator), "csv", encoding=encoding, separator=separator)
