"""Stream one XML part of an XLSX zip through handlers, with hard bounds on the work.

Why not ElementTree or openpyxl: both build an element for every XML element of a row
(a row of 24 million empty cells is one element with 24 million children) and, through
defusedxml, parse in pure Python. Here expat calls a handler per element and nothing is
kept unless the handler keeps it, so memory stays flat; the budget of elements, the depth,
the length of one token and DTDs are checked while parsing, so a bomb stops early.

Expat re-scans an unfinished token whenever more input arrives; one token of 90 MB (a huge
attribute or comment) then costs minutes. The parser is therefore fed in chunks and gives
up once more than :data:`MAX_XML_TOKEN_BYTES` are pending without a complete token.
"""

from __future__ import annotations

import lzma
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Final
from xml.parsers import expat

from ikzmap.fmt import format_int
from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_XML_DEPTH, MAX_XML_ELEMENTS, MAX_XML_TOKEN_BYTES

_CHUNK: Final = 1 << 16
SEPARATOR: Final = " "  # expat joins namespace and local name with it: "uri local"
BROKEN: Final = (
    "Die Excel-Datei ist beschädigt oder keine XLSX-Datei. Bitte in Excel öffnen und "
    "erneut als „Excel-Arbeitsmappe (*.xlsx)“ speichern oder als CSV hochladen."
)
_REWRITE: Final = (
    "Bitte die Tabelle in Excel öffnen, in eine neue Arbeitsmappe kopieren und diese "
    "hochladen oder als CSV speichern."
)
DTD: Final = (
    "Die Excel-Datei enthält eine DTD (Entitäts-Definitionen); so etwas schreibt Excel nie, "
    "sie wird aus Sicherheitsgründen nicht gelesen. " + _REWRITE
)
TOO_DEEP: Final = (
    f"Die Excel-Datei ist ungewöhnlich tief verschachtelt (mehr als {MAX_XML_DEPTH} Ebenen) "
    "und wird nicht gelesen. " + _REWRITE
)
LONG_TOKEN: Final = (
    "Die Excel-Datei enthält einen ungewöhnlich langen Eintrag (mehr als "
    f"{MAX_XML_TOKEN_BYTES // (1024 * 1024)} MB am Stück) und wird nicht gelesen. " + _REWRITE
)


def too_many(what: str) -> str:
    """The message for a workbook beyond the element budget; ``what`` names the part."""
    return (
        f"{what} ist zu groß: mehr als {format_int(MAX_XML_ELEMENTS)} Einträge (Zellen, Zeilen, "
        "Texte oder Formate, auch leere oder nur formatierte). " + _REWRITE
    )


@dataclass
class Budget:
    """XML elements still allowed for one upload; shared by all parts read from it."""

    elements: int = MAX_XML_ELEMENTS


@dataclass(frozen=True)
class Handlers:
    """Callbacks by element name ("namespace local"); elements without one cost a lookup."""

    starts: Mapping[str, Callable[[dict[str, str]], None]] = field(default_factory=dict)
    ends: Mapping[str, Callable[[], None]] = field(default_factory=dict)
    text: Callable[[str], None] | None = None


def _refuse(message: str) -> Callable[..., None]:
    def handler(*_args: object) -> None:
        raise UploadError(message)

    return handler


def _counted(handlers: Handlers, budget: Budget, what: str) -> tuple[Callable, Callable]:
    """Start and end callbacks that count elements and depth, then call the handlers
    (an exception raised here or in a handler ends the parse and reaches the caller)."""
    depth = 0
    starts, ends = handlers.starts, handlers.ends

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        budget.elements -= 1
        if budget.elements < 0:
            raise UploadError(too_many(what))
        if depth > MAX_XML_DEPTH:
            raise UploadError(TOO_DEEP)
        handler = starts.get(name)
        if handler is not None:
            handler(attrs)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        handler = ends.get(name)
        if handler is not None:
            handler()

    return start, end


def _parser(handlers: Handlers, budget: Budget, what: str) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=SEPARATOR)
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    parser.StartElementHandler, parser.EndElementHandler = _counted(handlers, budget, what)
    if handlers.text is not None:
        parser.CharacterDataHandler = handlers.text
    # Office parts never carry a DTD; refusing it rules out entity expansion and
    # external entities altogether (what defusedxml guards against, here in streaming form).
    parser.StartDoctypeDeclHandler = _refuse(DTD)
    parser.EntityDeclHandler = _refuse(DTD)
    parser.ExternalEntityRefHandler = _refuse(DTD)
    return parser


# What zipfile and its decompressors raise for a broken member (bad header, CRC, data).
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    NotImplementedError,  # a compression method zipfile does not know
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
)


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in chunks; :class:`UploadError` if the zip cannot deliver them."""
    try:
        source = archive.open(member)
    except _ZIP_ERRORS as err:
        raise UploadError(BROKEN) from err
    with source:
        while chunk := _read(source):
            yield chunk


def _read(source: IO[bytes]) -> bytes:
    try:
        return source.read(_CHUNK)
    except _ZIP_ERRORS as err:
        raise UploadError(BROKEN) from err


def _feed(parser: expat.XMLParserType, data: bytes, final: bool) -> None:
    """Parse ``data``; broken XML is :data:`BROKEN`. Exceptions of the handlers pass as they
    are: an :class:`UploadError` for bad input, anything else is a bug."""
    try:
        parser.Parse(data, final)
    except expat.ExpatError as err:
        raise UploadError(BROKEN) from err


def whole_number(text: str) -> int:
    """An integer attribute or value of the file; :data:`BROKEN` if it is none."""
    try:
        return int(text)
    except ValueError as err:
        raise UploadError(BROKEN) from err


def stream(
    archive: zipfile.ZipFile, member: str, handlers: Handlers, budget: Budget, what: str
) -> Iterator[None]:
    """Parse ``member`` chunk by chunk, yielding after each chunk (so callers can hand on
    what the handlers collected). :class:`UploadError` on broken XML or a bound reached;
    ``what`` names the part in that message ("Das Tabellenblatt „Daten“")."""
    parser = _parser(handlers, budget, what)
    fed = 0
    for chunk in _chunks(archive, member):
        _feed(parser, chunk, False)
        fed += len(chunk)
        if fed - max(parser.CurrentByteIndex, 0) > MAX_XML_TOKEN_BYTES:
            raise UploadError(LONG_TOKEN)
        yield
    _feed(parser, b"", True)
    yield


def parse(
    archive: zipfile.ZipFile, member: str, handlers: Handlers, budget: Budget, what: str
) -> None:
    """:func:`stream` to the end."""
    for _ in stream(archive, member, handlers, budget, what):
        pass
