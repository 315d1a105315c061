"""The page of one Kreis in the Steckbriefe: measured first (text sizes tried until the
map keeps a useful height), then drawn. Every figure on it comes from
:func:`ikzmap.details.unit_facts`, the function the detail panel uses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import pandas as pd
from matplotlib.collections import PathCollection

from ikzmap import palettes
from ikzmap.details import UnitFacts
from ikzmap.errors import ExportError
from ikzmap.export import credits
from ikzmap.export.geometry import level_geometry
from ikzmap.export.layout import Fonts
from ikzmap.export.legend_panel import draw_legend, flow, legend_items, text_groups
from ikzmap.export.page_flow import (
    HEIGHT,
    MUTED,
    WIDTH,
    Paragraph,
    TableLayout,
    TaggedPage,
    line_height,
    paragraphs_height,
    shorten,
    table_layout,
)
from ikzmap.export.static import draw_area
from ikzmap.export.tagged_doc import ElementInfo
from ikzmap.export.text import plain_text
from ikzmap.fmt import printable
from ikzmap.legend import Legend, LegendEntry
from ikzmap.provenance import Provenance
from ikzmap.view import BUDGET_NOTE, MapView

MARGIN: Final = 0.55
GAP: Final = 0.14
MAP_W: Final = 4.7
MAP_MIN_H: Final = 2.3
MAP_MAX_H: Final = 4.5
LIST_INDENT: Final = 0.22
MAP_FONT_SCALE: Final = 1.1  # names a little larger than on a whole-NRW A4 map
SCALES: Final = (1.0, 0.92, 0.85, 0.78)  # text sizes tried until the page fits
SOURCE_LIMIT: Final = 300  # characters of one source line (an uploaded file's name)
ATLAS: Final = "IKZ-Atlas NRW"
BUDGET_HEAD: Final = "Haushaltsstatus der Gemeinden"
BUDGET_ORIGIN: Final = "MHKBD, amtlich, Stichtag 31.12.2025"
CUT_NOTE: Final = "… (weitere Angaben im Detailpanel der App)"
MODEL_NOTE: Final = (
    "Modellwert: Die IKZ-Zahl dieses Kreises ist nicht veröffentlicht, sondern aus den "
    "veröffentlichten Eckwerten modelliert; der genannte Bereich ist mit allen "
    "veröffentlichten Zahlen vereinbar."
)


class SteckbriefLayoutError(ExportError):
    """The page cannot hold a Kreis's facts; the message is German."""


@dataclass(frozen=True)
class Sizes:
    scale: float

    @property
    def title(self) -> float:
        return 17.0 * self.scale

    @property
    def subtitle(self) -> float:
        return 8.5 * self.scale

    @property
    def heading(self) -> float:
        return 10.0 * self.scale

    @property
    def body(self) -> float:
        return 8.0 * self.scale

    @property
    def table(self) -> float:
        return 7.4 * self.scale

    @property
    def small(self) -> float:
        return 6.3 * self.scale


def budget_legend(facts: UnitFacts) -> Legend:
    """The Kreis's Gemeinden per status, with the colours of the map."""
    counts = facts.budget_counts
    assert counts is not None
    entries = tuple(
        LegendEntry(palettes.BUDGET_STATUS_COLORS[int(code) - 1], str(label), int(n))
        for code, label, n in counts[["code", "Status", "Anzahl"]].itertuples(index=False)
    )
    return Legend(title=f"{BUDGET_HEAD} (Anzahl)", entries=entries, note=BUDGET_ORIGIN)


def _sect(key: str) -> tuple[str, ...]:
    return (f"Sect#{key}",)


def _member_rows(members: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """The table of the panel, the name first, then its key."""
    shown = members.reset_index()
    first, key = shown.columns[1], shown.columns[0]
    shown = shown[[first, key, *shown.columns[2:]]]
    header = [str(c) for c in shown.columns]
    rows = [[printable(str(v)) for v in row] for row in shown.itertuples(index=False)]
    return header, rows


def source_lines(facts: UnitFacts) -> list[str]:
    lines = [shorten(credits.source_line(s), SOURCE_LIMIT) for s in facts.sources]
    return [*lines, credits.geometry_line()]


def _notes(facts: UnitFacts) -> list[str]:
    notes = [MODEL_NOTE] if facts.ikz.provenance == Provenance.MODELLED else []
    return [*notes, BUDGET_NOTE]


@dataclass(frozen=True)
class _Plan:
    """The measured text of a Kreis page at one text size."""

    sizes: Sizes
    head: list[Paragraph]
    facts: list[Paragraph]
    table_head: list[Paragraph]
    table: TableLayout
    summary: Paragraph
    report: list[Paragraph]
    foot: list[Paragraph]

    def map_height(self) -> float:
        fixed = (
            paragraphs_height(self.head)
            + paragraphs_height(self.facts)
            + paragraphs_height(self.table_head)
            + self.table.height
            + self.summary.height
            + paragraphs_height(self.report)
            + paragraphs_height(self.foot)
        )
        return min(HEIGHT - 2 * MARGIN - fixed - 5 * GAP, MAP_MAX_H)


def _plan(facts: UnitFacts, sizes: Sizes, report_lines: int | None = None) -> _Plan | None:
    width = WIDTH - 2 * MARGIN
    sect = _sect(facts.key)
    key = facts.key
    subtitle = " · ".join([*facts.context, f"Kreis-Steckbrief, {ATLAS}"])
    head = [
        Paragraph.wrapped(facts.label, width, sizes.title, (*sect, f"H1#{key}"), bold=True),
        Paragraph.wrapped(subtitle, width, sizes.subtitle, (*sect, f"P#{key}-sub"), color=MUTED),
    ]
    ikz = [
        Paragraph.wrapped(
            "Interkommunale Zusammenarbeit (IKZ)",
            width,
            sizes.heading,
            (*sect, f"H2#{key}-ikz"),
            bold=True,
            space_before=GAP,
        )
    ]
    for n, line in enumerate(facts.lines):
        path = (*sect, f"P#{key}-fact{n}")
        ikz.append(Paragraph.wrapped(f"{line.label}: {line.text}", width, sizes.body, path))
    if facts.survey_note:
        ikz.append(Paragraph.wrapped(facts.survey_note, width, sizes.body, (*sect, f"P#{key}-n")))
    table_head = [
        Paragraph.wrapped(
            f"{BUDGET_HEAD} ({BUDGET_ORIGIN})",
            width,
            sizes.heading,
            (*sect, f"H2#{key}-budget"),
            bold=True,
            space_before=GAP,
        )
    ]
    assert facts.members is not None
    header, rows = _member_rows(facts.members)
    table = table_layout(header, rows, sizes.table, width)
    if table is None:
        return None
    summary = Paragraph.wrapped(str(facts.budget_text), width, sizes.body, (*sect, f"P#{key}-sum"))
    report = _report(facts, sizes, width)
    if report_lines is not None:
        report = _cut(report, report_lines, sizes, width, key)
    foot = _foot(facts, sizes, width)
    return _Plan(sizes, head, ikz, table_head, table, summary, report, foot)


def _report(facts: UnitFacts, sizes: Sizes, width: float) -> list[Paragraph]:
    key, sect = facts.key, _sect(facts.key)
    out: list[Paragraph] = []
    if facts.statements:
        out.append(
            Paragraph.wrapped(
                "Im Bericht",
                width,
                sizes.heading,
                (*sect, f"H2#{key}-rep"),
                bold=True,
                space_before=GAP,
            )
        )
        for n, text in enumerate(facts.statements):
            item = (*sect, f"L#{key}-st", f"LI#{key}-st{n}")
            out.append(
                Paragraph.wrapped(
                    text,
                    width,
                    sizes.body,
                    (*item, f"LBody#{key}-st{n}"),
                    indent=LIST_INDENT,
                    marker="–",
                    marker_path=(*item, f"Lbl#{key}-st{n}"),
                )
            )
    if facts.examples:
        out.append(
            Paragraph.wrapped(
                f"Praxisbeispiele aus dem Bericht ({len(facts.examples)})",
                width,
                sizes.heading,
                (*sect, f"H2#{key}-ex"),
                bold=True,
                space_before=GAP,
            )
        )
        for n, ex in enumerate(facts.examples):
            body = (*sect, f"L#{key}-ex", f"LI#{key}-ex{n}", f"LBody#{key}-ex{n}")
            title = f"{ex.title} ({ex.facts})"
            out.append(
                Paragraph.wrapped(
                    title,
                    width,
                    sizes.body,
                    (*body, f"P#{key}-ex{n}t"),
                    bold=True,
                    indent=LIST_INDENT,
                )
            )
            out.append(
                Paragraph.wrapped(
                    ex.text, width, sizes.body, (*body, f"P#{key}-ex{n}x"), indent=LIST_INDENT
                )
            )
    return out


def _cut(
    report: list[Paragraph], keep: int, sizes: Sizes, width: float, key: str
) -> list[Paragraph]:
    """The first ``keep`` lines of the report part, then a note where the rest is."""
    out: list[Paragraph] = []
    left = keep
    for para in report:
        if left <= 0:
            break
        lines = para.lines[:left]
        out.append(replace(para, lines=lines))
        left -= len(lines)
    note = Paragraph.wrapped(CUT_NOTE, width, sizes.body, (*_sect(key), f"P#{key}-cut"))
    return [*out, note]


def _foot(facts: UnitFacts, sizes: Sizes, width: float) -> list[Paragraph]:
    key, sect = facts.key, _sect(facts.key)
    out = [
        Paragraph.wrapped(
            note, width, sizes.small, (*sect, f"P#{key}-note{n}"), color=MUTED, space_before=0
        )
        for n, note in enumerate(_notes(facts))
    ]
    for n, line in enumerate(source_lines(facts)):
        text = f"Quellen: {line}" if n == 0 else line
        out.append(Paragraph.wrapped(text, width, sizes.small, (*sect, f"P#{key}-src{n}")))
    return out


def plan_page(facts: UnitFacts) -> _Plan:
    """The largest text size at which the page holds everything; failing that, the
    smallest size with the report part cut short."""
    for scale in SCALES:
        plan = _plan(facts, Sizes(scale))
        if plan is not None and plan.map_height() >= MAP_MIN_H:
            return plan
    sizes = Sizes(SCALES[-1])
    keep = sum(len(p.lines) for p in _report(facts, sizes, WIDTH - 2 * MARGIN))
    while keep > 0:
        keep -= 1
        plan = _plan(facts, sizes, keep)
        if plan is not None and plan.map_height() >= MAP_MIN_H:
            return plan
    raise SteckbriefLayoutError(f"{facts.label}: die Seite fasst die Tabelle der Gemeinden nicht.")


def map_alt(facts: UnitFacts) -> str:
    return (
        f"Karte: {facts.label} mit seinen Gemeinden nach Haushaltsstatus ({BUDGET_ORIGIN}); "
        f"{facts.budget_text}."
    )


def draw_kreis_page(
    page: TaggedPage, facts: UnitFacts, view: MapView, info: dict[str, ElementInfo]
) -> None:
    plan = plan_page(facts)
    sizes, key, sect = plan.sizes, facts.key, _sect(facts.key)
    info[sect[0]] = ElementInfo(title=facts.label)
    top = MARGIN
    for para in [*plan.head, *plan.facts]:
        top = page.paragraph(MARGIN, top, para)
    top += GAP
    map_h = plan.map_height()
    _map_row(page, facts, view, top, map_h, sizes, info)
    top += map_h + GAP
    for para in plan.table_head:
        top = page.paragraph(MARGIN, top, para)
    top = page.table(MARGIN, top + 0.03, plan.table, (*sect, f"Table#{key}"))
    top = page.paragraph(MARGIN, top + 0.03, plan.summary)
    for para in plan.report:
        top = page.paragraph(MARGIN, top, para)
    foot_top = HEIGHT - MARGIN - paragraphs_height(plan.foot)
    for para in plan.foot:
        foot_top = page.paragraph(MARGIN, foot_top, para)


def _map_row(
    page: TaggedPage,
    facts: UnitFacts,
    view: MapView,
    top: float,
    height: float,
    sizes: Sizes,
    info: dict[str, ElementInfo],
) -> None:
    """The Kreis map on the left; its legend and a locator map of NRW on the right."""
    key, sect = facts.key, _sect(facts.key)
    fonts = Fonts(MAP_FONT_SCALE * sizes.scale)
    rect = (MARGIN, HEIGHT - top - height, MAP_W, height)
    map_ax = draw_area(page.figure, rect, view, key, fonts)
    figure_id = f"Figure#{key}-map"
    page.region(map_ax, (*sect, figure_id))
    info[figure_id] = ElementInfo(alt=map_alt(facts), bbox=_points(rect))
    column_x = MARGIN + MAP_W + GAP
    column_w = WIDTH - MARGIN - column_x
    size = 7.6 * sizes.scale
    items = legend_items(budget_legend(facts), size, column_w * 72)
    legend = flow(items, 1, column_w * 72, 0, size)
    legend_ax = page.axes(column_x, top, legend.width / 72, legend.height / 72, zorder=3)
    draw_legend(legend_ax, legend)
    legend_id = f"Sect#{key}-legend"
    page.region(legend_ax, (*sect, legend_id), "P", text_groups(legend))
    info[legend_id] = ElementInfo(title="Legende")
    locator_top = top + legend.height / 72 + GAP
    locator_h = min(column_w * 0.95, top + height - locator_top)
    if locator_h > 0.8:
        _locator(page, facts, column_x, locator_top, column_w, locator_h, sizes, info)


def _points(rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x, y, w, h = rect
    return (round(x * 72, 2), round(y * 72, 2), round((x + w) * 72, 2), round((y + h) * 72, 2))


LOCATOR_FILL: Final = "#e4e4e4"
LOCATOR_MARK: Final = "#3b3b3b"


def _locator(
    page: TaggedPage,
    facts: UnitFacts,
    x: float,
    top: float,
    w: float,
    h: float,
    sizes: Sizes,
    info: dict[str, ElementInfo],
) -> None:
    """A small map of NRW with the Kreis marked: where the page's area lies."""
    geometry = level_geometry("kreis")
    caption_h = line_height(sizes.small) + 0.04
    ax = page.axes(x, top, w, h, zorder=3)
    minx, miny, maxx, maxy = geometry.total_bounds
    span = max((maxx - minx) / w, (maxy - miny) / (h - caption_h))
    cx = (minx + maxx) / 2
    ax.set_xlim(cx - span * w / 2, cx + span * w / 2)
    ax.set_ylim(maxy - span * h, maxy)
    ax.set_axis_off()
    colors = [LOCATOR_MARK if k == facts.key else LOCATOR_FILL for k in geometry.keys]
    ax.add_collection(
        PathCollection(geometry.paths, facecolors=colors, edgecolors="white", linewidths=0.3),
        autolim=False,
    )
    plain_text(
        ax,
        0.0,
        0.0,
        "Lage in Nordrhein-Westfalen",
        fontsize=sizes.small,
        color=MUTED,
        transform=ax.transAxes,
        va="bottom",
    )
    figure_id = f"Figure#{facts.key}-lage"
    page.region(ax, (*_sect(facts.key), figure_id))
    rect = (x, HEIGHT - top - h, w, h)
    info[figure_id] = ElementInfo(
        alt=f"Lage: {facts.label} (dunkel) unter den Kreisen und kreisfreien Städten in NRW.",
        bbox=_points(rect),
    )
