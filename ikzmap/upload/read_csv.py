"""Read CSV text: detect the encoding and the separator, split into rows."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from typing import Final

from ikzmap.upload.errors import UploadError
from ikzmap.upload.rows import RawTable, collect_rows

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
_MAX_CONTROL_SHARE: Final = 0.01
_ALLOWED_CONTROLS: Final = frozenset("\t\n\r\f\v")
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
    controls = sum(
        1 for c in text if c not in _ALLOWED_CONTROLS and unicodedata.category(c) == "Cc"
    )
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
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
    lines = [line for line in text.splitlines() if line.strip()][:_SNIFF_LINES]
    sample = "\n".join(lines)
    return max(SEPARATORS, key=lambda sep: _width_score(sample, sep))


def split_rows(text: str, separator: str) -> list[list[object]]:
    """The CSV records of ``text`` (each record one spreadsheet row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return collect_rows(reader)
    except csv.Error as err:
        raise UploadError(
            f"Die CSV-Datei lässt sich ab Zeile {reader.line_num} nicht lesen "
            "(z. B. eine überlange Zelle oder ein nicht geschlossenes Anführungszeichen)."
        ) from err


def read_csv(data: bytes) -> RawTable:
    text, encoding = decode(data)
    separator = sniff_separator(text)
    return RawTable(split_rows(text, separator), "csv", encoding=encoding, separator=separator)
