"""The legend of a static map, drawn in an axes whose units are points (y grows down).

Items (title, 3 × 3 grid, class entries, note) are measured first, then flowed into one or
more columns, so the page layout knows the legend's size before anything is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from matplotlib.patches import Rectangle

from ikzmap.export.text import plain_text, text_width, wrap
from ikzmap.legend import BivariateLegend, Legend, LegendEntry
from ikzmap.mapstyle import OUTLINE
from ikzmap.palettes import text_color_on

LINE: Final = 1.35  # line height in font sizes
DASHED_EDGE: Final = "#7a7a7a"  # as on screen (EDGES in ikzmap/web/ikzmap-map.js)
NO_DATA_EDGE: Final = "#9a9a9a"
ROTATED_TICKS: Final = -40.0


@dataclass(frozen=True)
class Item:
    kind: str  # "title", "grid", "entry", "note"
    height: float  # points
    lines: tuple[str, ...] = ()
    entry: LegendEntry | None = None
    grid: BivariateLegend | None = None


@dataclass(frozen=True)
class LegendLayout:
    columns: tuple[tuple[Item, ...], ...]
    column_width: float
    gap: float
    size: float  # font size, points

    @property
    def width(self) -> float:
        n = len(self.columns)
        return n * self.column_width + (n - 1) * self.gap

    @property
    def height(self) -> float:
        return max((sum(i.height for i in col) for col in self.columns), default=0.0)


def _cell(size: float) -> float:
    return 3.0 * size


def _tick(size: float) -> float:
    return 0.8 * size


def _long_ticks(grid: BivariateLegend, size: float) -> bool:
    return max(text_width(t, _tick(size)) for t in grid.x_ticks) > 1.2 * _cell(size)


def _grid_height(grid: BivariateLegend, size: float) -> float:
    tick = _tick(size)
    if _long_ticks(grid, size):
        longest = max(text_width(t, tick) for t in grid.x_ticks)
        ticks = longest * math.sin(math.radians(-ROTATED_TICKS)) + tick
    else:
        ticks = tick * LINE
    return size * LINE * 2 + 3 * _cell(size) + ticks + 4


def legend_items(legend: Legend, size: float, width: float) -> list[Item]:
    title_lines = tuple(wrap(legend.title, width, size, bold=True))
    items = [Item("title", len(title_lines) * size * LINE + 3, title_lines)]
    if legend.bivariate is not None:
        items.append(Item("grid", _grid_height(legend.bivariate, size), grid=legend.bivariate))
    row = max(size * LINE, 1.25 * size) + 2
    items.extend(Item("entry", row, entry=e) for e in legend.entries)
    if legend.note:
        note_lines = tuple(wrap(legend.note, width, size * 0.9))
        items.append(Item("note", len(note_lines) * size * 0.9 * LINE + 3, note_lines))
    return items


_SPLIT: Final = ("grid", "entry")  # the items balanced over the columns


def flow(items: list[Item], ncols: int, width: float, gap: float, size: float) -> LegendLayout:
    """Fill columns top to bottom, each about an equal share of the classes' height. The
    title heads the first column and a note follows the last class; neither is counted, so
    six classes split 3 + 3, not 2 + 4, and four classes with a note 2 + 2, not 3 + 1."""
    target = sum(i.height for i in items if i.kind in _SPLIT) / max(ncols, 1)
    columns: list[list[Item]] = [[]]
    height = 0.0
    for item in items:
        after_title = bool(columns[-1]) and columns[-1][-1].kind == "title"
        if (
            item.kind in _SPLIT
            and columns[-1]
            and not after_title
            and height + item.height / 2 > target
            and len(columns) < ncols
        ):
            columns.append([])
            height = 0.0
        columns[-1].append(item)
        if item.kind in _SPLIT:
            height += item.height
    return LegendLayout(tuple(tuple(c) for c in columns), width, gap, size)


def _swatch(ax, x: float, y: float, w: float, h: float, entry: LegendEntry) -> None:
    edge = DASHED_EDGE if entry.dashed else NO_DATA_EDGE if entry.color == "#ffffff" else OUTLINE
    ax.add_patch(
        Rectangle(
            (x, y),
            w,
            h,
            facecolor=entry.color,
            edgecolor=edge,
            linewidth=0.8,
            linestyle=(0, (2.0, 1.5)) if entry.dashed else "-",
            clip_on=False,
        )
    )


def _draw_entry(ax, x: float, y: float, item: Item, layout: LegendLayout) -> None:
    size, entry = layout.size, item.entry
    sw, sh = 1.7 * size, 1.2 * size
    mid = y + item.height / 2
    _swatch(ax, x, mid - sh / 2, sw, sh, entry)
    plain_text(ax, x + sw + 0.6 * size, mid, entry.label, fontsize=size, va="center", clip_on=False)
    if entry.count is not None:
        plain_text(
            ax,
            x + layout.column_width,
            mid,
            str(entry.count),
            fontsize=size,
            va="center",
            ha="right",
            color="#555555",
            clip_on=False,
        )


def _draw_grid(ax, x: float, y: float, grid: BivariateLegend, size: float) -> None:
    cell, tick = _cell(size), _tick(size)
    tick_w = max(text_width(t, tick) for t in grid.y_ticks) + 4
    plain_text(ax, x, y, f"{grid.y_label} ↑", fontsize=size, va="top", clip_on=False)
    top = y + size * LINE
    left = x + tick_w
    for row, i in enumerate(reversed(range(3))):
        cy = top + row * cell
        plain_text(
            ax,
            left - 3,
            cy + cell / 2,
            grid.y_ticks[i],
            fontsize=tick,
            ha="right",
            va="center",
            color="#444444",
            clip_on=False,
        )
        for b in range(3):
            color = grid.colors[i][b]
            ax.add_patch(
                Rectangle(
                    (left + b * cell + 1, cy + 1),
                    cell - 2,
                    cell - 2,
                    facecolor=color,
                    edgecolor="none",
                    clip_on=False,
                )
            )
            plain_text(
                ax,
                left + (b + 0.5) * cell,
                cy + cell / 2,
                str(grid.counts[i][b]),
                fontsize=tick,
                ha="center",
                va="center",
                color=text_color_on(color),
                clip_on=False,
            )
    bottom = top + 3 * cell + 2
    rotated = _long_ticks(grid, size)
    for b, label in enumerate(grid.x_ticks):
        plain_text(
            ax,
            left + (b + 0.5) * cell,
            bottom,
            label,
            fontsize=tick,
            color="#444444",
            ha="left" if rotated else "center",
            va="top",
            rotation=ROTATED_TICKS if rotated else 0.0,
            rotation_mode="anchor",
            clip_on=False,
        )
    label_y = y + _grid_height(grid, size) - 2
    plain_text(ax, x, label_y, f"{grid.x_label} →", fontsize=size, va="bottom", clip_on=False)


def text_groups(layout: LegendLayout) -> list[int]:
    """How many texts ``draw_legend`` draws per item, in drawing order (for tagging: an
    entry's label and count are one line to a reader). Bivariate grids are not counted."""
    return [
        2 if item.kind == "entry" and item.entry and item.entry.count is not None else 1
        for column in layout.columns
        for item in column
        if item.kind != "grid"
    ]


def draw_legend(ax, layout: LegendLayout) -> None:
    """Draw into ``ax``, which spans exactly ``layout.width`` × ``layout.height`` points."""
    ax.set_xlim(0, layout.width)
    ax.set_ylim(layout.height, 0)
    ax.set_axis_off()
    size = layout.size
    for n, column in enumerate(layout.columns):
        x = n * (layout.column_width + layout.gap)
        y = 0.0
        for item in column:
            if item.kind == "title":
                plain_text(
                    ax,
                    x,
                    y,
                    "\n".join(item.lines),
                    fontsize=size,
                    fontweight="bold",
                    va="top",
                    linespacing=LINE,
                    clip_on=False,
                )
            elif item.kind == "grid":
                _draw_grid(ax, x, y, item.grid, size)
            elif item.kind == "entry":
                _draw_entry(ax, x, y, item, layout)
            else:
                plain_text(
                    ax,
                    x,
                    y,
                    "\n".join(item.lines),
                    fontsize=size * 0.9,
                    color="#555555",
                    va="top",
                    linespacing=LINE,
                    clip_on=False,
                )
            y += item.height
