"""Page layout of a static map: header, map, legend and footer regions in inches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from matplotlib.axes import Axes

from ikzmap.export import credits
from ikzmap.export.formats import PageFormat
from ikzmap.export.legend_panel import LegendLayout, flow, legend_items
from ikzmap.export.text import plain_text, wrap, wrap_segments
from ikzmap.view import MapView

MAX_TITLE_LINES: Final = 2
MAX_FOOTER_SHARE: Final = 0.25  # of the page height
NOTES_CUT: Final = "… (weitere Hinweise gekürzt; vollständig in der App und in den Datendateien)"
MAX_COLUMN_IN: Final = 3.0  # legend column width (portrait), inches at A4
MIN_SIDE_COLUMN_IN: Final = 2.9  # legend, notes and sources beside a landscape map
MAX_SIDE_LEGEND_IN: Final = 3.6
NOTICE_FILL: Final = "#fff3cd"
NOTICE_EDGE: Final = "#c9a227"
A4_SHORT_IN: Final = 210 / 25.4


@dataclass(frozen=True)
class Fonts:
    scale: float

    @property
    def title(self) -> float:
        return 16.0 * self.scale

    @property
    def subtitle(self) -> float:
        return 9.0 * self.scale

    @property
    def legend(self) -> float:
        return 8.0 * self.scale

    @property
    def footer(self) -> float:
        return 6.2 * self.scale

    @property
    def notice(self) -> float:
        return 7.2 * self.scale

    @property
    def small(self) -> float:
        return 6.5 * self.scale


@dataclass(frozen=True)
class Layout:
    """Page regions in inches (x, y, width, height; origin bottom left)."""

    page: PageFormat
    margin: float
    title_lines: tuple[str, ...]
    subtitle_lines: tuple[str, ...]
    footer_lines: tuple[str, ...]
    notice: str | None
    map_rect: tuple[float, float, float, float]
    legend_rect: tuple[float, float, float, float]
    legend: LegendLayout
    footer_x: float  # left edge of notes and sources (a side column on landscape pages)

    @classmethod
    def compute(cls, page, fonts, view, title, subtitle, sources, aspect) -> Layout:
        margin = 0.4 * fonts.scale
        gap = 0.15 * fonts.scale
        width = page.width_in - 2 * margin
        title_lines = tuple(
            first_lines(wrap(title, width * 72, fonts.title, bold=True), MAX_TITLE_LINES)
        )
        subtitle_lines = tuple(wrap(subtitle, width * 72, fonts.subtitle))
        header = (
            len(title_lines) * fonts.title * 1.2 + len(subtitle_lines) * fonts.subtitle * 1.35
        ) / 72
        body_top = page.height_in - margin - header - gap
        notice = credits.modelled_short(view)
        notice_h = fonts.notice * 2.0 / 72 if notice else 0.0
        regions = cls._side_column if page.landscape else cls._below
        map_rect, legend_rect, legend, footer_lines, footer_x = regions(
            page, fonts, view, sources, aspect, margin, gap, body_top, notice_h
        )
        return cls(
            page,
            margin,
            title_lines,
            subtitle_lines,
            tuple(footer_lines),
            notice,
            map_rect,
            legend_rect,
            legend,
            footer_x,
        )

    @staticmethod
    def _below(page, fonts, view, sources, aspect, margin, gap, body_top, notice_h):
        """Portrait: map over the full width, legend below it, notes and sources at the foot."""
        width = page.width_in - 2 * margin
        max_footer = int(page.height_in * MAX_FOOTER_SHARE * 72 / (fonts.footer * 1.35))
        footer_lines = wrap_footer(view, sources, width * 72, fonts.footer, max_footer)
        body_y = margin + len(footer_lines) * fonts.footer * 1.35 / 72 + gap
        legend, _legend_w = legend_layout(view, page, fonts, width)
        legend_h = legend.height / 72
        avail_h = body_top - body_y - notice_h - legend_h - gap
        map_w, map_h = fit_box(width, avail_h, aspect)
        map_rect = (margin, body_top - notice_h - map_h, map_w, map_h)
        legend_rect = (margin, map_rect[1] - gap - legend_h, legend.width / 72, legend_h)
        return map_rect, legend_rect, legend, footer_lines, margin

    @staticmethod
    def _side_column(page, fonts, view, sources, aspect, margin, gap, body_top, notice_h):
        """Landscape (slides, A4/A3 quer): the map takes the full height under the title; a
        column beside it holds the legend on top and notes and sources at its foot, so the
        width a compact map leaves free carries the text instead of staying empty."""
        width = page.width_in - 2 * margin
        min_column = MIN_SIDE_COLUMN_IN * fonts.scale
        map_w, map_h = fit_box(width - min_column - gap, body_top - margin - notice_h, aspect)
        column_x = margin + map_w + gap
        column_w = page.width_in - margin - column_x
        map_rect = (margin, body_top - notice_h - map_h, map_w, map_h)
        legend_w = min(column_w, MAX_SIDE_LEGEND_IN * fonts.scale)
        items = legend_items(view.legend, fonts.legend, legend_w * 72)
        legend = flow(items, 1, legend_w * 72, 14.0 * fonts.scale, fonts.legend)
        legend_h = legend.height / 72
        legend_rect = (column_x, body_top - legend_h, legend_w, legend_h)
        room = legend_rect[1] - gap - margin
        max_footer = max(int(room * 72 / (fonts.footer * 1.35)), 3)
        footer_lines = wrap_footer(view, sources, column_w * 72, fonts.footer, max_footer)
        return map_rect, legend_rect, legend, footer_lines, column_x

    def fraction(self, rect: tuple[float, float, float, float]) -> tuple[float, ...]:
        x, y, w, h = rect
        pw, ph = self.page.width_in, self.page.height_in
        return (x / pw, y / ph, w / pw, h / ph)

    def draw_texts(self, ax: Axes, fonts: Fonts) -> None:
        top = self.page.height_in - self.margin
        plain_text(
            ax,
            self.margin,
            top,
            "\n".join(self.title_lines),
            fontsize=fonts.title,
            fontweight="bold",
            va="top",
            linespacing=1.1,
            color="#111111",
        )
        top -= len(self.title_lines) * fonts.title * 1.2 / 72
        plain_text(
            ax,
            self.margin,
            top,
            "\n".join(self.subtitle_lines),
            fontsize=fonts.subtitle,
            va="top",
            linespacing=1.25,
            color="#333333",
        )
        step = fonts.footer * 1.35 / 72
        y = self.margin + (len(self.footer_lines) - 1) * step
        for line in self.footer_lines:  # top down, so the text reads in order in SVG/PDF
            plain_text(
                ax, self.footer_x, y, line, fontsize=fonts.footer, va="bottom", color="#444444"
            )
            y -= step
        if self.notice:
            x, my, _w, mh = self.map_rect
            plain_text(
                ax,
                x + 0.05,
                my + mh + fonts.notice * 0.9 / 72,
                self.notice,
                fontsize=fonts.notice,
                va="center",
                color="#5c4400",
                zorder=5,
                bbox={
                    "boxstyle": "round,pad=0.3",
                    "facecolor": NOTICE_FILL,
                    "edgecolor": NOTICE_EDGE,
                    "linewidth": 0.6,
                },
            )


def first_lines(lines: list[str], n: int) -> list[str]:
    return lines if len(lines) <= n else [*lines[: n - 1], lines[n - 1] + " …"]


def wrap_footer(
    view: MapView, sources: list[str], width_pt: float, size: float, max_lines: int
) -> list[str]:
    """Notices, then sources, then the geometry attribution, each wrapped to the width;
    long notices are cut, the sources and the attribution never are."""
    data_sources, geometry = sources[:-1], sources[-1]
    source_lines = []
    if data_sources:
        segments = [f"Quellen: {data_sources[0]}", *data_sources[1:]]
        source_lines = wrap_segments(segments, width_pt, size)
    notes = [line for note in credits.notes(view) for line in wrap(note, width_pt, size)]
    room = max(max_lines - len(source_lines) - len(wrap(geometry, width_pt, size)), 1)
    if len(notes) > room:
        notes = [*notes[: room - 1], NOTES_CUT]
    return [*notes, *source_lines, *wrap(geometry, width_pt, size)]


def legend_layout(view: MapView, page: PageFormat, fonts: Fonts, width: float):
    """Portrait legend: two columns under the map."""
    gap_pt = 14.0 * fonts.scale
    column = min((width * 72 - gap_pt) / 2, MAX_COLUMN_IN * 72 * fonts.scale)
    items = legend_items(view.legend, fonts.legend, column)
    layout = flow(items, 2, column, gap_pt, fonts.legend)
    return layout, layout.width / 72


def fit_box(width: float, height: float, aspect: float) -> tuple[float, float]:
    """The largest box of ``aspect`` (height / width) inside width × height."""
    if height / width > aspect:
        return width, width * aspect
    return height / aspect, height
