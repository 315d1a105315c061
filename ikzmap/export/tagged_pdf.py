"""Tagged PDF (PDF/UA-style structure) for the static exports.

matplotlib writes the text as real text (extractable, with umlauts) but no structure, no
language and no alternative text. This module adds them with pikepdf, after matplotlib
has written the page: every text line matplotlib draws is one ``q … cm BT … ET Q`` block
of the page's content stream, in drawing order, and the layout says which line is what
(title, subtitle, notice, footer, map label, legend). The content is marked up as

    Document
      H1       the title
      P …      subtitle and notice (above the map)
      Figure   the map with its labels, scale bar and north arrow; Alt: the one-sentence
               summary of the view
      Sect     the legend, one P per text line
      P …      notes and sources (below the map)

Everything else (page background, notice box, legend swatches) is an Artifact. The
catalog gets /Lang de-DE, /MarkInfo, DisplayDocTitle and an XMP title.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Final

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ikzmap.errors import ExportError

LANG: Final = "de-DE"
TEXT_BLOCK: Final = re.compile(rb"q\n[^\n]* cm\nBT\n.*?\nET\nQ\n", re.S)
HEAD, MAP, LEGEND, FOOT = "head", "map", "legend", "foot"


class TaggingError(ExportError):
    """The page's text blocks do not match the layout (the untagged PDF is not used)."""


@dataclass(frozen=True)
class TextLine:
    """One drawn line of text: where it belongs and its tag ("H1", "P" or "Span")."""

    part: str  # HEAD, MAP, LEGEND or FOOT
    tag: str = "P"


@dataclass(frozen=True)
class PageStructure:
    """What the page shows, in drawing order of its text lines."""

    title: str
    alt: str  # the map's alternative text
    lines: tuple[TextLine, ...]
    map_box: tuple[float, float, float, float]  # points: x0, y0, x1, y1


@dataclass
class _Marked:
    content: list[bytes]
    mcid: int = 0

    def marked(self, tag: str, segment: bytes) -> int:
        mcid = self.mcid
        self.content.append(b"/%s <</MCID %d>> BDC\n" % (tag.encode(), mcid))
        self.content.append(_ended(segment))
        self.content.append(b"EMC\n")
        self.mcid += 1
        return mcid

    def artifact(self, segment: bytes) -> None:
        if segment.strip():
            self.content.extend((b"/Artifact BMC\n", _ended(segment), b"EMC\n"))


def _ended(segment: bytes) -> bytes:
    return segment if segment.endswith(b"\n") else segment + b"\n"


def _mark_content(
    stream: bytes, lines: tuple[TextLine, ...]
) -> tuple[bytes, list[tuple[str, str, int]]]:
    """The content with marked-content sequences, and (part, tag, mcid) in content order."""
    blocks = list(TEXT_BLOCK.finditer(stream))
    if len(blocks) != len(lines):
        raise TaggingError(
            f"Barrierefreies PDF: {len(blocks)} Textblöcke auf der Seite, {len(lines)} erwartet."
        )
    out = _Marked([])
    found: list[tuple[str, str, int]] = []
    position = 0
    figure_gap: list[bytes] = []  # graphics of the map, collected until the map ends

    def flush_figure() -> None:
        if figure_gap:
            found.append((MAP, "Figure", out.marked("Figure", b"".join(figure_gap))))
            figure_gap.clear()

    seen_legend = False
    for block, line in zip(blocks, lines, strict=True):
        gap = stream[position : block.start()]
        first_legend = line.part == LEGEND and not seen_legend
        if line.part == MAP or first_legend:
            figure_gap.append(gap)  # the map's shapes (and the legend's box: drawn with it)
        if line.part == MAP:
            figure_gap.append(block.group(0))
        else:
            flush_figure()
            if not first_legend:
                out.artifact(gap)
            found.append((line.part, line.tag, out.marked(line.tag, block.group(0))))
        seen_legend = seen_legend or line.part == LEGEND
        position = block.end()
    if figure_gap:
        figure_gap.append(stream[position:])
        flush_figure()
    else:
        out.artifact(stream[position:])
    return b"".join(out.content), found


def tag_pdf(data: bytes, structure: PageStructure) -> bytes:
    """``data`` (a one-page matplotlib PDF) as a tagged PDF."""
    pdf = pikepdf.open(io.BytesIO(data))
    page = pdf.pages[0]
    content, found = _mark_content(page.Contents.read_bytes(), structure.lines)
    if not any(tag == "Figure" for _part, tag, _mcid in found):
        raise TaggingError("Barrierefreies PDF: Die Seite enthält keine Kartengrafik.")
    page.obj.Contents = pdf.make_stream(content)
    page.obj.StructParents = 0
    page.obj.Tabs = Name.S

    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array(), Lang=String(LANG))
    )
    root.K = Array([document])
    by_mcid: dict[int, pikepdf.Object] = {}

    def element(tag: str, parent: pikepdf.Object, mcids: list[int], **extra) -> pikepdf.Object:
        kids = mcids[0] if len(mcids) == 1 else Array(mcids)
        elem = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + tag), P=parent, Pg=page.obj, K=kids)
        )
        for key, value in extra.items():
            elem[Name("/" + key)] = value
        parent.K.append(elem)
        for mcid in mcids:
            by_mcid[mcid] = elem
        return elem

    def part(name: str) -> list[tuple[str, int]]:
        return [(tag, mcid) for p, tag, mcid in found if p == name]

    _add_lines(part(HEAD), document, element)
    x0, y0, x1, y1 = structure.map_box
    for _tag, mcid in part(MAP):
        element(
            "Figure",
            document,
            [mcid],
            Alt=String(structure.alt),
            A=Dictionary(O=Name.Layout, BBox=Array([x0, y0, x1, y1])),
        )
    legend = part(LEGEND)
    if legend:
        section = pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem, S=Name.Sect, P=document, K=Array(), T=String("Legende")
            )
        )
        document.K.append(section)
        _add_lines(legend, section, element)
    _add_lines(part(FOOT), document, element)

    root.ParentTree = pdf.make_indirect(
        Dictionary(Nums=Array([0, Array([by_mcid[m] for m in sorted(by_mcid)])]))
    )
    root.ParentTreeNextKey = 1
    pdf.Root.StructTreeRoot = root
    return finish_tagged(pdf, structure.title)


def finish_tagged(pdf: pikepdf.Pdf, title: str) -> bytes:
    """Mark the document as tagged, in German, showing ``title``; the saved bytes."""
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(LANG)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = [LANG]
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _add_lines(lines: list[tuple[str, int]], parent, element) -> None:
    """One element per tag run: the lines of a two-line title form one H1."""
    run: list[int] = []
    run_tag = None
    for tag, mcid in [*lines, (None, -1)]:
        if run and (tag != run_tag or tag != "H1"):
            element(run_tag, parent, run)
            run = []
        run_tag = tag
        if tag is not None:
            run.append(mcid)
