"""The cover of the Kreis-Steckbriefe: title, data basis, a map of the Kreise with the page
of each Steckbrief, and the contents grouped by Regierungsbezirk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from matplotlib.collections import PathCollection

from ikzmap import palettes
from ikzmap.atlas import AtlasData
from ikzmap.details import UnitFacts
from ikzmap.export.geometry import label_anchors, level_geometry
from ikzmap.export.legend_panel import draw_legend, flow, legend_items, text_groups
from ikzmap.export.page_flow import (
    HEIGHT,
    MUTED,
    WIDTH,
    Paragraph,
    TaggedPage,
    line_height,
    paragraphs_height,
    shorten,
)
from ikzmap.export.steckbrief_page import GAP, MARGIN, source_lines
from ikzmap.export.tagged_doc import ElementInfo
from ikzmap.export.text import plain_text, text_width
from ikzmap.legend import Legend, LegendEntry

COVER: Final = "Sect#cover"
KREIS_FILL: Final = "#dde8f2"
KREIS_EDGE: Final = "#4d6b85"
NOT_SURVEYED_EDGE: Final = "#7a7a7a"
TITLE: Final = "Kreis-Steckbriefe"
SUBTITLE: Final = (
    "IKZ-Atlas NRW: interkommunale Zusammenarbeit und Haushaltsstatus der Kreise in "
    "Nordrhein-Westfalen – eine Seite je Kreis"
)
MAP_H: Final = 4.3
TOC_SIZE: Final = 8.6


def cover_intro(atlas: AtlasData, n_kreise: int) -> str:
    not_surveyed = int((~atlas.units["kreis"]["surveyed"].astype(bool)).sum())
    return (
        f"Die {n_kreise} Kreise (mit der StädteRegion Aachen), die die gpaNRW erhoben hat, "
        "je mit ihren Gemeinden nach Haushaltsstatus, IKZ-Wert mit Herkunft, Rang und "
        f"Viertel unter den Kreisen, den Aussagen und Praxisbeispielen des Berichts. Die "
        f"{not_surveyed} kreisfreien Städte wurden nicht erhoben und haben keinen Steckbrief."
    )


def draw_cover(
    page: TaggedPage, atlas: AtlasData, kreise: Sequence[UnitFacts], info: dict[str, ElementInfo]
) -> None:
    width = WIDTH - 2 * MARGIN
    info[COVER] = ElementInfo(title="Titelseite und Inhalt")
    top = page.paragraph(
        MARGIN, MARGIN, Paragraph.wrapped(TITLE, width, 22.0, (COVER, "H1#cover"), bold=True)
    )
    top = page.paragraph(
        MARGIN,
        top,
        Paragraph.wrapped(SUBTITLE, width, 10.0, (COVER, "P#cover-sub"), color=MUTED),
    )
    intro = Paragraph.wrapped(
        cover_intro(atlas, len(kreise)), width, 8.5, (COVER, "P#cover-intro"), space_before=GAP
    )
    top = page.paragraph(MARGIN, top, intro) + GAP
    pages = {facts.key: n for n, facts in enumerate(kreise, start=2)}
    _cover_map(page, atlas, pages, top, info)
    top += MAP_H + GAP
    top = _contents(page, atlas, kreise, pages, top)
    foot = _foot(kreise[0], width)
    foot_top = max(top + GAP, HEIGHT - MARGIN - paragraphs_height(foot))
    for para in foot:
        foot_top = page.paragraph(MARGIN, foot_top, para)


def _foot(facts: UnitFacts, width: float) -> list[Paragraph]:
    lines = source_lines(facts)
    head = Paragraph.wrapped(
        "Datengrundlage", width, 9.0, (COVER, "H2#cover-data"), bold=True, space_before=GAP
    )
    return [
        head,
        *(
            Paragraph.wrapped(line, width, 6.5, (COVER, f"P#cover-src{n}"))
            for n, line in enumerate(lines)
        ),
    ]


def _cover_map(
    page: TaggedPage,
    atlas: AtlasData,
    pages: dict[str, int],
    top: float,
    info: dict[str, ElementInfo],
) -> None:
    """The Kreise of NRW, each with the page of its Steckbrief; kreisfreie Städte grey."""
    geometry = level_geometry("kreis")
    legend_w = 2.1
    map_w = WIDTH - 2 * MARGIN - legend_w - GAP
    ax = page.axes(MARGIN, top, map_w, MAP_H)
    minx, miny, maxx, maxy = geometry.total_bounds
    span = max((maxx - minx) / map_w, (maxy - miny) / MAP_H) * 1.02
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ax.set_xlim(cx - span * map_w / 2, cx + span * map_w / 2)
    ax.set_ylim(cy - span * MAP_H / 2, cy + span * MAP_H / 2)
    ax.set_axis_off()
    surveyed = [k in pages for k in geometry.keys]
    ax.add_collection(
        PathCollection(
            geometry.paths,
            facecolors=[KREIS_FILL if s else palettes.NOT_SURVEYED for s in surveyed],
            edgecolors=[KREIS_EDGE if s else NOT_SURVEYED_EDGE for s in surveyed],
            linestyles=["solid" if s else (0, (2.0, 1.5)) for s in surveyed],
            linewidths=0.5,
        ),
        autolim=False,
    )
    anchors = label_anchors("kreis")
    for n, key in enumerate(geometry.keys):
        if key in pages:
            x, y = anchors[n]
            plain_text(ax, x, y, str(pages[key]), fontsize=7.5, ha="center", va="center")
    figure_id = "Figure#cover-map"
    page.region(ax, (COVER, figure_id))
    y0 = HEIGHT - top - MAP_H
    info[figure_id] = ElementInfo(
        alt=(
            f"Karte der Kreise und kreisfreien Städte in Nordrhein-Westfalen: die {len(pages)} "
            "Kreise mit der Seitenzahl ihres Steckbriefs, die kreisfreien Städte grau "
            "(nicht erhoben)."
        ),
        bbox=(
            round(MARGIN * 72, 2),
            round(y0 * 72, 2),
            round((MARGIN + map_w) * 72, 2),
            round((y0 + MAP_H) * 72, 2),
        ),
    )
    not_surveyed = len(geometry.keys) - len(pages)
    legend = Legend(
        title="Karte",
        entries=(
            LegendEntry(KREIS_FILL, "Kreis (Zahl: Seite)", len(pages)),
            LegendEntry(
                palettes.NOT_SURVEYED, "kreisfreie Stadt, nicht erhoben", not_surveyed, True
            ),
        ),
        note="Grenzen: © GeoBasis-DE / BKG, Gebietsstand 01.01.2016",
    )
    size = 7.6
    layout = flow(legend_items(legend, size, legend_w * 72), 1, legend_w * 72, 0, size)
    legend_ax = page.axes(MARGIN + map_w + GAP, top, layout.width / 72, layout.height / 72, 3)
    draw_legend(legend_ax, layout)
    page.region(legend_ax, (COVER, "Sect#cover-legend"), "P", text_groups(layout))
    info["Sect#cover-legend"] = ElementInfo(title="Legende")


def _contents(
    page: TaggedPage,
    atlas: AtlasData,
    kreise: Sequence[UnitFacts],
    pages: dict[str, int],
    top: float,
) -> float:
    """Contents in two columns: Regierungsbezirk, then its Kreise with their pages."""
    width = WIDTH - 2 * MARGIN
    top = page.paragraph(
        MARGIN, top, Paragraph.wrapped("Inhalt", width, 11.0, (COVER, "H2#toc"), bold=True)
    )
    entries: list[tuple[str, str | None, str]] = []  # text, page, id
    last_rbz = None
    for facts in kreise:
        rbz = atlas.units["kreis"].at[facts.key, "rbz"]
        if rbz != last_rbz:
            entries.append((atlas.hierarchy.label(rbz), None, f"rbz{rbz}"))
            last_rbz = rbz
        entries.append((facts.label, str(pages[facts.key]), facts.key))
    half = _split(entries)
    column_w = (width - GAP * 2) / 2
    step = line_height(TOC_SIZE)
    toc = (COVER, "TOC#toc")
    for column, part in enumerate((entries[:half], entries[half:])):
        x = MARGIN + column * (column_w + GAP * 2)
        y = top + 0.04
        for text, number, ident in part:
            item = (*toc, f"TOCI#{ident}")
            if number is None:
                page.text(x, y, text, TOC_SIZE, (*item, f"P#toc-{ident}"), bold=True)
            else:
                name = shorten(text, 60)
                ref = (*item, f"Reference#toc-{ident}")
                page.text(x + 0.12, y, name, TOC_SIZE, ref)
                page.text(x + column_w, y, number, TOC_SIZE, ref, ha="right")
                dots_from = x + 0.12 + text_width(name, TOC_SIZE) / 72 + 0.05
                _dots(page, dots_from, x + column_w - 0.25, HEIGHT - y - step * 0.62)
            y += step
    return top + 0.04 + max(half, len(entries) - half) * step


def _split(entries: Sequence[tuple[str, str | None, str]]) -> int:
    """Where the second column starts: at a Regierungsbezirk, columns as even as can be."""
    starts = [n for n, (_text, number, _id) in enumerate(entries) if number is None and n]
    return min(starts, key=lambda n: (max(n, len(entries) - n), -n), default=len(entries))


def _dots(page: TaggedPage, x0: float, x1: float, y: float) -> None:
    """A dotted leader from a name to its page number (a graphic, not text)."""
    if x1 > x0:
        page.ax.plot([x0, x1], [y, y], color="#9a9a9a", linewidth=0.6, linestyle=(0, (0.6, 2.2)))
