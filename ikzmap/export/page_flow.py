"""A4 portrait pages of text, tables and maps whose every text line knows its place in
the document structure (for :mod:`ikzmap.export.tagged_doc`).

Positions are inches measured from the top left of the page: text flows down the page.
Every string is drawn as plain text (no mathtext, no TeX): names may come from uploads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from ikzmap.export.formats import get_page
from ikzmap.export.tagged_doc import LineTag
from ikzmap.export.text import plain_text, text_width

PAGE: Final = get_page("a4-hoch")
WIDTH: Final = PAGE.width_in
HEIGHT: Final = PAGE.height_in
LEAD: Final = 1.3  # line height in font sizes
INK: Final = "#111111"
MUTED: Final = "#444444"
RULE: Final = "#b5b5b5"
ORDER_STEP: Final = 100_000  # reading-order numbers per page
CELL_PAD: Final = 6.0  # points between table columns
WRAP_SLACK: Final = 0.98
MARKER_W: Final = 0.12  # inches left of a list item's text
MIN_WRAPPED_COLUMN: Final = 1.0  # inches
MISSING_CELL: Final = "–"  # an empty cell would leave its TD without content


def line_height(size: float) -> float:
    """Inches per line of ``size`` points."""
    return size * LEAD / 72


@dataclass(frozen=True)
class Paragraph:
    """Wrapped lines of one element (``path``), measured before anything is drawn."""

    lines: tuple[str, ...]
    size: float
    path: tuple[str, ...]
    bold: bool = False
    indent: float = 0.0  # inches
    color: str = INK
    space_before: float = 0.0  # inches
    marker: str | None = None  # list label ("–") hanging left of the first line
    marker_path: tuple[str, ...] = ()

    @classmethod
    def wrapped(
        cls, text: str, width: float, size: float, path: tuple[str, ...], **style
    ) -> Paragraph:
        indent = style.get("indent", 0.0)
        lines = wrap_words(text, (width - indent) * 72, size, bold=style.get("bold", False))
        return cls(tuple(lines), size, path, **style)

    @property
    def height(self) -> float:
        return self.space_before + len(self.lines) * line_height(self.size)


def wrap_words(text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_pt``, measured word by
    word (a page has long paragraphs: measuring every candidate line would cost seconds).
    Kerning across words is ignored; ``WRAP_SLACK`` keeps lines clear of the edge."""
    space = text_width("x x", size, bold) - text_width("xx", size, bold)
    limit = width_pt * WRAP_SLACK
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in str(text).split():
        width = text_width(word, size, bold)
        if current and used + space + width > limit:
            lines.append(" ".join(current))
            current, used = [], 0.0
        used += (space if current else 0.0) + width
        current.append(word)
    if current or not lines:
        lines.append(" ".join(current))
    return lines


def paragraphs_height(paragraphs: Sequence[Paragraph]) -> float:
    return sum(p.height for p in paragraphs)


@dataclass(frozen=True)
class Region:
    """Texts of an axes (a map, a legend) and where they belong."""

    prefix: tuple[str, ...]
    order: float
    per_text: str | None  # texts form elements of this tag inside the prefix (legend lines)
    groups: tuple[int, ...] = ()  # texts per element, in drawing order; () one each

    def tag(self, n: int) -> LineTag:
        """The tag of the region's ``n``-th text."""
        if self.per_text is None:
            return LineTag(self.prefix, self.order)
        element, seen = n, 0
        for index, size in enumerate(self.groups):
            if n < seen + size:
                element = index
                break
            seen += size
        else:
            element = len(self.groups) + n - seen
        ident = self.prefix[-1].split("#", 1)[-1]
        path = (*self.prefix, f"{self.per_text}#{ident}-{element}")
        return LineTag(path, self.order + element / 1000)


@dataclass
class TaggedPage:
    """One A4 portrait page; ``tags()`` describes its text lines in content order."""

    number: int  # 0-based, also the page's place in the reading order
    figure: Figure = field(init=False)
    ax: Axes = field(init=False)
    _tags: dict[int, LineTag] = field(default_factory=dict)
    _regions: dict[int, Region] = field(default_factory=dict)
    _seq: int = 0

    def __post_init__(self) -> None:
        self.figure = Figure(figsize=(WIDTH, HEIGHT), dpi=72)
        FigureCanvasAgg(self.figure)  # a renderer for label placement
        self.ax = self.figure.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, WIDTH)
        self.ax.set_ylim(0, HEIGHT)
        self.ax.set_axis_off()

    def next_order(self) -> float:
        self._seq += 1
        return float(self.number * ORDER_STEP + self._seq)

    def text(
        self,
        x: float,
        top: float,
        text: str,
        size: float,
        path: tuple[str, ...],
        *,
        bold: bool = False,
        color: str = INK,
        ha: str = "left",
    ) -> Text:
        """One line with its top ``top`` inches below the page's top edge."""
        artist = plain_text(
            self.ax,
            x,
            HEIGHT - top,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=color,
            va="top",
            ha=ha,
        )
        self._tags[id(artist)] = LineTag(path, self.next_order())
        return artist

    def paragraph(self, x: float, top: float, para: Paragraph) -> float:
        """Draw ``para``; returns the top of what follows it."""
        top += para.space_before
        if para.marker:
            self.text(x + para.indent - MARKER_W, top, para.marker, para.size, para.marker_path)
        for line in para.lines:
            self.text(
                x + para.indent, top, line, para.size, para.path, bold=para.bold, color=para.color
            )
            top += line_height(para.size)
        return top

    def rule(self, x0: float, x1: float, top: float, width: float = 0.5) -> None:
        y = HEIGHT - top
        self.ax.plot([x0, x1], [y, y], color=RULE, linewidth=width, solid_capstyle="butt")

    def axes(self, x: float, top: float, w: float, h: float, zorder: float = 2) -> Axes:
        """A new axes placed by its top left corner (inches from the page's top left)."""
        y = HEIGHT - top - h
        return self.figure.add_axes((x / WIDTH, y / HEIGHT, w / WIDTH, h / HEIGHT), zorder=zorder)

    def region(
        self,
        ax: Axes,
        prefix: tuple[str, ...],
        per_text: str | None = None,
        groups: Sequence[int] = (),
    ) -> None:
        """Every text of ``ax`` belongs to ``prefix`` (a figure) or, with ``per_text``, to
        an element of that tag inside it: ``groups`` says how many consecutive texts make
        one element (a legend entry's label and count), the rest one text each."""
        self._regions[id(ax)] = Region(prefix, self.next_order(), per_text, tuple(groups))

    def table(self, x: float, top: float, table: TableLayout, prefix: tuple[str, ...]) -> float:
        """A table with a header row; returns the top of what follows it."""
        ident = prefix[-1].split("#", 1)[-1]
        right = x + sum(table.widths)
        step = line_height(table.size)
        header = tuple((cell,) for cell in table.header)
        for r, row in enumerate((header, *table.rows)):
            cell_x = x
            tr = (*prefix, f"TR#{ident}-{r}")
            tag = "TH" if r == 0 else "TD"
            for c, (lines, width) in enumerate(zip(row, table.widths, strict=True)):
                for n, line in enumerate(lines):
                    path = (*tr, f"{tag}#{ident}-{r}-{c}")
                    self.text(cell_x, top + n * step, line, table.size, path, bold=r == 0)
                cell_x += width
            top += max(len(lines) for lines in row) * step
            self.rule(x, right, top - 0.15 * table.size / 72, 0.7 if r == 0 else 0.3)
        return top

    def tags(self) -> list[LineTag]:
        """Each drawn text line's tag in content order: axes by zorder, then their texts
        by zorder (matplotlib's drawing order), one per line of a text."""
        found: list[LineTag] = []
        for ax in sorted(self.figure.axes, key=lambda a: a.zorder):
            region = self._regions.get(id(ax))
            texts = [
                t
                for t in sorted(ax.texts, key=lambda t: t.zorder)
                if t.get_visible() and t.get_text()
            ]
            for n, text in enumerate(texts):
                tag = self._tags.get(id(text))
                if tag is None:  # unclaimed text is page furniture
                    tag = region.tag(n) if region else LineTag((), 0.0)
                found.extend(tag for _ in text.get_text().split("\n"))
        return found


@dataclass(frozen=True)
class TableLayout:
    """A measured table: column widths (inches) and each body cell's wrapped lines."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    widths: tuple[float, ...]
    size: float

    @property
    def height(self) -> float:
        lines = 1 + sum(max(len(cell) for cell in row) for row in self.rows)
        return lines * line_height(self.size)


def table_layout(
    header: Sequence[str], rows: Sequence[Sequence[str]], size: float, total: float
) -> TableLayout | None:
    """Columns as wide as their longest cell, the spare width shared out evenly; if that
    is too wide, the widest column wraps its cells into the width left (at least
    ``MIN_WRAPPED_COLUMN``). None if the table cannot fit ``total`` inches at this size."""
    cells = [[cell or MISSING_CELL for cell in row] for row in rows]
    widths = []
    for c, head in enumerate(header):
        natural = max(text_width(row[c], size) for row in cells) if cells else 0.0
        widths.append((max(text_width(head, size, bold=True), natural) + CELL_PAD) / 72)
    wrapped: int | None = None
    spare = total - sum(widths)
    if spare < 0:
        wrapped = max(range(len(widths)), key=widths.__getitem__)
        widths[wrapped] += spare
        if widths[wrapped] < max(MIN_WRAPPED_COLUMN, text_width(header[wrapped], size, True) / 72):
            return None
        spare = 0.0
    widths = [w + spare / len(widths) for w in widths]
    body = tuple(
        tuple(
            tuple(wrap_words(cell, widths[c] * 72 - CELL_PAD, size)) if c == wrapped else (cell,)
            for c, cell in enumerate(row)
        )
        for row in cells
    )
    return TableLayout(tuple(header), body, tuple(widths), size)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with "…" (a whole file name stays in the app)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
