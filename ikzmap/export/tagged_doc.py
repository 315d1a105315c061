"""Tagged multi-page PDF: structure of free-form pages (the Kreis-Steckbriefe).

``tagged_pdf`` knows one layout (title, map, legend, footer). Pages with tables, lists and
several sections describe their structure per drawn text line instead: a path of element
ids from the document down, e.g. ``("Sect#05562", "Table#05562", "TR#3", "TD#1")``. Lines
with the same path form one element (a wrapped paragraph); the text before "#" is the tag.
Content order (as matplotlib draws) and reading order may differ: each line carries its
place in the reading order, and the structure tree follows it.

Graphics before a line of a ``Figure`` element (the map's shapes) belong to that figure;
every other graphic (rules, swatches, backgrounds) is an Artifact, and so is a line
without a path (a running footer).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ikzmap.export.tagged_pdf import LANG, TEXT_BLOCK, TaggingError, finish_tagged

FIGURE = "Figure"


@dataclass(frozen=True)
class LineTag:
    """One drawn line of text: its element path and its place in the reading order."""

    path: tuple[str, ...]
    order: float

    @property
    def in_figure(self) -> bool:
        return any(tag_of(part) == FIGURE for part in self.path)

    @property
    def artifact(self) -> bool:
        """No path: page furniture (a running footer with the page number)."""
        return not self.path


@dataclass(frozen=True)
class ElementInfo:
    """Attributes of an element: title (/T), alternative text, layout box (points)."""

    title: str | None = None
    alt: str | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 0-based


def tag_of(element_id: str) -> str:
    return element_id.split("#", 1)[0]


def _ended(segment: bytes) -> bytes:
    return segment if segment.endswith(b"\n") else segment + b"\n"


def _mark_page(stream: bytes, tags: Sequence[LineTag]) -> tuple[bytes, list[LineTag]]:
    """The page content with one marked-content sequence per line (runs of figure lines
    share one), and the tag of each MCID in MCID order."""
    blocks = list(TEXT_BLOCK.finditer(stream))
    if len(blocks) != len(tags):
        raise TaggingError(
            f"Barrierefreies PDF: {len(blocks)} Textblöcke auf der Seite, {len(tags)} erwartet."
        )
    out: list[bytes] = []
    by_mcid: list[LineTag] = []
    figure: list[bytes] = []
    figure_tag: LineTag | None = None

    def flush() -> None:
        nonlocal figure_tag
        if figure_tag is not None:
            out.append(b"/Figure <</MCID %d>> BDC\n" % len(by_mcid))
            out.extend((_ended(b"".join(figure)), b"EMC\n"))
            by_mcid.append(figure_tag)
            figure.clear()
            figure_tag = None

    position = 0
    for block, tag in zip(blocks, tags, strict=True):
        gap = stream[position : block.start()]
        if tag.in_figure:
            if figure_tag is not None and figure_tag.path != tag.path:
                flush()
            figure_tag = figure_tag or tag
            figure.extend((gap, block.group(0)))
        else:
            flush()
            if gap.strip():
                out.extend((b"/Artifact BMC\n", _ended(gap), b"EMC\n"))
            if tag.artifact:
                out.extend((b"/Artifact BMC\n", _ended(block.group(0)), b"EMC\n"))
                position = block.end()
                continue
            leaf = tag_of(tag.path[-1]).encode()
            out.append(b"/%s <</MCID %d>> BDC\n" % (leaf, len(by_mcid)))
            out.extend((_ended(block.group(0)), b"EMC\n"))
            by_mcid.append(tag)
        position = block.end()
    flush()
    rest = stream[position:]
    if rest.strip():
        out.extend((b"/Artifact BMC\n", _ended(rest), b"EMC\n"))
    return b"".join(out), by_mcid


class _Tree:
    """Structure elements created on first use, in reading order."""

    def __init__(self, pdf: pikepdf.Pdf, info: Mapping[str, ElementInfo]) -> None:
        self.pdf = pdf
        self.info = info
        self.root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem, S=Name.Document, P=self.root, K=Array(), Lang=String(LANG)
            )
        )
        self.root.K = Array([self.document])
        self.elements: dict[tuple[str, ...], pikepdf.Object] = {(): self.document}

    def element(self, path: tuple[str, ...], page: pikepdf.Object) -> pikepdf.Object:
        found = self.elements.get(path)
        if found is not None:
            return found
        parent = self.element(path[:-1], page)
        elem = self.pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem, S=Name("/" + tag_of(path[-1])), P=parent, Pg=page, K=Array()
            )
        )
        info = self.info.get(path[-1])
        if info is not None:
            if info.title:
                elem.T = String(info.title)
            if info.alt:
                elem.Alt = String(info.alt)
            if info.bbox:
                elem.A = Dictionary(O=Name.Layout, BBox=Array(list(info.bbox)))
        parent.K.append(elem)
        self.elements[path] = elem
        return elem

    def content(self, path: tuple[str, ...], page: pikepdf.Object, mcid: int) -> pikepdf.Object:
        elem = self.element(path, page)
        if elem.Pg.objgen == page.objgen:
            elem.K.append(mcid)
        else:  # a paragraph continued on another page
            elem.K.append(Dictionary(Type=Name.MCR, Pg=page, MCID=mcid))
        return elem


def tag_document(
    data: bytes,
    title: str,
    pages: Sequence[Sequence[LineTag]],
    info: Mapping[str, ElementInfo] | None = None,
    bookmarks: Sequence[Bookmark] = (),
) -> bytes:
    """``data`` (a multi-page matplotlib PDF) as a tagged PDF; ``pages`` lists each page's
    lines in content order."""
    pdf = pikepdf.open(io.BytesIO(data))
    if len(pdf.pages) != len(pages):
        raise TaggingError(
            f"Barrierefreies PDF: {len(pdf.pages)} Seiten, {len(pages)} beschrieben."
        )
    tree = _Tree(pdf, info or {})
    marked: list[tuple[float, int, int, LineTag]] = []
    for number, (page, tags) in enumerate(zip(pdf.pages, pages, strict=True)):
        content, by_mcid = _mark_page(page.Contents.read_bytes(), tags)
        page.obj.Contents = pdf.make_stream(content)
        page.obj.StructParents = number
        page.obj.Tabs = Name.S
        marked.extend((tag.order, number, mcid, tag) for mcid, tag in enumerate(by_mcid))
    parents: dict[int, dict[int, pikepdf.Object]] = {n: {} for n in range(len(pages))}
    for _order, number, mcid, tag in sorted(marked, key=lambda m: (m[0], m[1], m[2])):
        page = pdf.pages[number].obj
        parents[number][mcid] = tree.content(tag.path, page, mcid)
    nums = Array()
    for number, by_mcid in parents.items():
        nums.extend([number, Array([by_mcid[m] for m in sorted(by_mcid)])])
    tree.root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree.root.ParentTreeNextKey = len(pages)
    pdf.Root.StructTreeRoot = tree.root
    if bookmarks:
        with pdf.open_outline() as outline:
            outline.root.extend(pikepdf.OutlineItem(b.title, b.page) for b in bookmarks)
        pdf.Root.PageMode = Name.UseOutlines
    return finish_tagged(pdf, title)
