"""Hostile XLSX and CSV files that are small on disk and huge in work (tests and benchmarks).

Each XLSX is a minimal but valid workbook (openpyxl opens the harmless variants); the
sheet XML is streamed into the zip in chunks, so building a 90 MB member needs little memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CHUNK = 1 << 16

SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def _content_types(sheets: int, strings: bool, styles: bool) -> str:
    parts = [
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    ]
    if strings:
        parts.append(
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        )
    if styles:
        parts.append(f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        + "".join(parts)
        + "</Types>"
    )


def _workbook(sheets: int) -> str:
    entries = "".join(
        f'<sheet name="Blatt{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1)
    )
    return f'<workbook xmlns="{MAIN_NS}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>'


def _workbook_rels(sheets: int, strings: bool, styles: bool) -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = [
        f'<Relationship Id="rId{i}" Type="{kind}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheets + 1)
    ]
    if strings:
        rels.append(
            f'<Relationship Id="rIdS" Type="{kind}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    if styles:
        rels.append(f'<Relationship Id="rIdT" Type="{kind}/styles" Target="styles.xml"/>')
    return f'<Relationships xmlns="{_PKG_REL}">' + "".join(rels) + "</Relationships>"


def _root_rels() -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    return (
        f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{kind}" Target="xl/workbook.xml"/></Relationships>'
    )


def _write(archive: zipfile.ZipFile, name: str, pieces: Iterable[str]) -> None:
    """Stream ``pieces`` into member ``name`` in chunks of about 64 kB."""
    with archive.open(name, "w", force_zip64=True) as member:
        buffer: list[str] = []
        size = 0
        for piece in pieces:
            buffer.append(piece)
            size += len(piece)
            if size >= _CHUNK:
                member.write("".join(buffer).encode())
                buffer, size = [], 0
        member.write("".join(buffer).encode())


def xlsx(
    *sheets: Iterable[str],
    strings: Iterable[str] | None = None,
    styles: Iterable[str] | None = None,
) -> bytes:
    """A workbook whose sheet ``i`` is the XML text ``sheets[i]`` (given in pieces)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        count = len(sheets)
        archive.writestr(
            "[Content_Types].xml", _content_types(count, strings is not None, styles is not None)
        )
        archive.writestr("_rels/.rels", _root_rels())
        archive.writestr("xl/workbook.xml", _workbook(count))
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _workbook_rels(count, strings is not None, styles is not None),
        )
        for i, sheet in enumerate(sheets, start=1):
            _write(archive, f"xl/worksheets/sheet{i}.xml", sheet)
        if strings is not None:
            _write(archive, "xl/sharedStrings.xml", strings)
        if styles is not None:
            _write(archive, "xl/styles.xml", styles)
    return buffer.getvalue()


def sheet(rows: Iterable[str]) -> Iterator[str]:
    """A worksheet around ``rows`` (each the XML of one ``<row>``)."""
    yield SHEET_HEAD
    yield from rows
    yield SHEET_TAIL


def repeated(piece: str, times: int) -> Iterator[str]:
    """``piece`` ``times`` times, in blocks (fast to write)."""
    block = piece * 4096
    full, rest = divmod(times, 4096)
    for _ in range(full):
        yield block
    yield piece * rest


def table_rows(rows: int, columns: int, start: int = 1) -> Iterator[str]:
    """Rows of inline-string cells "r1c1", "r1c2" … (a legitimate, filled table)."""
    for r in range(start, start + rows):
        cells = "".join(
            f'<c t="inlineStr"><is><t>r{r}c{c}</t></is></c>' for c in range(1, columns + 1)
        )
        yield f'<row r="{r}">{cells}</row>'


# --- the bombs of issue #10 ------------------------------------------------------------


def wide_empty_row(cells: int = 24_500_000) -> bytes:
    """One row of ``cells`` empty ``<c/>`` elements (issue: 97 kB, 93 MiB unpacked)."""
    return xlsx(sheet(["<row>", *repeated("<c/>", cells), "</row>"]))


def many_empty_rows(rows: int = 16_000_000) -> bytes:
    """``rows`` empty ``<row/>`` elements (issue: 142 kB)."""
    return xlsx(sheet(repeated("<row/>", rows)))


def far_cell() -> bytes:
    """A single filled cell in the very last cell of a sheet (XFD1048576)."""
    cell = '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
    return xlsx(sheet([f'<row r="1048576">{cell}</row>']))


def far_empty_cells(rows: int = 1_000_000) -> bytes:
    """In every row an empty formatted cell in column XFD (openpyxl pads each row)."""
    return xlsx(sheet(f'<row r="{r}"><c r="XFD{r}" s="0"/></row>' for r in range(1, rows + 1)))


def shared_strings(entries: int = 6_000_000) -> bytes:
    """A harmless sheet and a sharedStrings.xml with millions of empty entries."""
    strings = [f'<sst xmlns="{MAIN_NS}">', *repeated("<si><t/></si>", entries), "</sst>"]
    return xlsx(sheet(table_rows(2, 2)), strings=strings)


def styles(formats: int = 5_000_000) -> bytes:
    """A harmless sheet and a styles.xml with millions of cell formats."""
    xfs = [
        f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="{formats}">',
        *repeated('<xf numFmtId="0"/>', formats),
        "</cellXfs></styleSheet>",
    ]
    return xlsx(sheet(table_rows(2, 2)), styles=xfs)


def unused_sheet(cells: int = 12_000_000) -> bytes:
    """A harmless first sheet and a second sheet of millions of cells without ``<dimension>``."""
    return xlsx(sheet(table_rows(2, 2)), sheet(["<row>", *repeated("<c/>", cells), "</row>"]))


def entities() -> bytes:
    """ "Billion laughs": nested entity definitions in the sheet XML."""
    lol = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' if i else '<!ENTITY l0 "lol">' for i in range(10)
    )
    head = SHEET_HEAD.replace("<worksheet", f"<!DOCTYPE worksheet [{lol}]><worksheet", 1)
    cell = '<c t="inlineStr"><is><t>&l9;</t></is></c>'
    return xlsx([head, f"<row>{cell}</row>", SHEET_TAIL])


def external_entity() -> bytes:
    """An external entity that would read a local file."""
    doctype = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    head = SHEET_HEAD.replace("<worksheet", f"{doctype}<worksheet", 1)
    return xlsx([head, '<row><c t="inlineStr"><is><t>&x;</t></is></c></row>', SHEET_TAIL])


def deep_nesting(depth: int = 1_000_000) -> bytes:
    """Elements nested a million levels deep inside a cell."""
    return xlsx(
        sheet(["<row><c>", *repeated("<x>", depth), *repeated("</x>", depth), "</c></row>"])
    )


def huge_text(size: int = 90 * 1024 * 1024) -> bytes:
    """One cell with a 90 MB text (Excel allows 32,767 characters)."""
    return xlsx(
        sheet(['<row><c t="inlineStr"><is><t>', *repeated("x", size), "</t></is></c></row>"])
    )


def huge_attribute(size: int = 90 * 1024 * 1024) -> bytes:
    """One attribute of 90 MB: expat re-scans an unfinished token on every chunk."""
    return xlsx(sheet(['<row><c r="A1" x="', *repeated("y", size), '"/></row>']))


def filled(rows: int, columns: int) -> bytes:
    """A legitimate filled table, e.g. to measure what the limits still admit."""
    return xlsx(sheet(table_rows(rows, columns)))


def csv_one_wide_row(size: int = 10 * 1024 * 1024 - 1) -> bytes:
    return b";" * size


def csv_empty_lines(size: int = 10 * 1024 * 1024 - 1) -> bytes:
    return b"\n" * size


def csv_wide_rows(size: int = 10 * 1024 * 1024 - 1, columns: int = 200) -> bytes:
    """Rows of ``columns`` one-letter cells up to ``size`` bytes (all within the limits)."""
    line = ";".join(["x"] * columns).encode() + b"\n"
    return line * (size // len(line))
