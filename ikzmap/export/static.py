"""Static map snapshots (PNG, SVG, PDF) of a :class:`~ikzmap.view.MapView`.

Drawn with matplotlib (Agg, object API, no pyplot) in EPSG:25832, so the scale bar is true.
Colours come from ``view.table["color"]``: the snapshot never reclassifies, it shows the
classes of the screen. Every page carries title, subtitle, legend, scale bar, notices and
the source and attribution lines. All strings are drawn as plain text (no mathtext).
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field, replace
from typing import Final

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from geo import is_within
from ikzmap import palettes
from ikzmap.export import credits
from ikzmap.export.formats import (
    DEFAULT_DPI,
    DEFAULT_PAGE,
    PageFormat,
    get_page,
    get_snapshot_format,
    resolve_dpi,
)
from ikzmap.export.geometry import LevelGeometry, label_anchors, level_geometry
from ikzmap.export.labels import label_candidates, place_labels
from ikzmap.export.layout import A4_SHORT_IN, Fonts, Layout
from ikzmap.export.legend_panel import draw_legend
from ikzmap.export.scalebar import ScaleBar, draw_scale_bar
from ikzmap.export.svg_title import titled_svg
from ikzmap.export.tagged_pdf import FOOT, HEAD, LEGEND, MAP, PageStructure, TextLine, tag_pdf
from ikzmap.fmt import printable
from ikzmap.legend import Legend, recount
from ikzmap.mapstyle import OUTLINE
from ikzmap.mapview import SELECTED
from ikzmap.status import Status
from ikzmap.view import MapView

UPPER_LEVEL: Final = {"gemeinde": "kreis", "kreis": "rbz"}
EDGE_WIDTH: Final = {"rbz": 0.6, "kreis": 0.45, "gemeinde": 0.25}  # points at A4
LABEL_SIZE: Final = {"rbz": 8.0, "kreis": 6.0, "gemeinde": 5.2}
NOT_SURVEYED_EDGE: Final = "#7a7a7a"
NO_DATA_EDGE: Final = "#9a9a9a"
DASH: Final = (0, (2.0, 1.5))
NRW_MARGIN: Final = 0.02
ZOOM_MARGIN: Final = 0.08
FADED: Final = 0.3  # opacity of units outside an Ausschnitt
CREATOR: Final = "ikzmap"
PNG_COMPRESSION: Final = 3  # zlib level: 40 % faster than the default 6, files ~9 % larger
_LOCK = threading.RLock()  # matplotlib's rcParams and font cache are process-global
RENDER_LOCK: Final = _LOCK  # for other page builders (Steckbriefe)


@dataclass(frozen=True)
class SnapshotOptions:
    """What a snapshot shows besides the view. Hashable: part of the export cache key."""

    page: str = DEFAULT_PAGE
    dpi: int = DEFAULT_DPI  # PNG only; vector formats ignore it
    labels: bool | None = None  # None: names at RBz/Kreis level and when zoomed
    highlight: bool = True
    selected: str | None = None  # unit to outline; None: ``view.state.selected``
    zoom: str | None = None  # key of a Regierungsbezirk or Kreis
    title: str | None = None  # None: ``view.title``


@dataclass
class Snapshot:
    """A laid-out page; ``save`` turns it into file bytes."""

    figure: Figure
    map_ax: Axes
    page: PageFormat
    dpi: int
    title: str
    subtitle: str
    sources: list[str]
    scale_bar: ScaleBar
    labels: list[Text] = field(default_factory=list)
    legend: Legend | None = None  # as drawn: counts only the units of an Ausschnitt
    summary: str = ""  # the view in one sentence: the map's alternative text
    page_ax: Axes | None = None
    legend_ax: Axes | None = None

    def save(self, file_format: str) -> bytes:
        fmt = get_snapshot_format(file_format).id
        with _LOCK:
            if fmt == "png":
                return self._png()
            return self._vector(fmt)

    def _png(self) -> bytes:
        canvas = self.figure.canvas
        canvas.draw()
        size = canvas.get_width_height()
        rgba = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        info = PngInfo()
        for key, value in self._metadata().items():
            info.add_text(key, value)
        buffer = io.BytesIO()
        rgba.convert("RGB").save(
            buffer,
            format="PNG",
            dpi=(self.dpi, self.dpi),
            pnginfo=info,
            compress_level=PNG_COMPRESSION,
        )
        return buffer.getvalue()

    def _metadata(self) -> dict[str, str]:
        return {
            "Title": self.title,
            "Description": self.subtitle,
            "Source": " | ".join(self.sources),
            "Copyright": credits.geometry_line(),
            "Software": CREATOR,
        }

    def _vector(self, fmt: str) -> bytes:
        meta = self._metadata()
        if fmt == "svg":
            rc = {"svg.fonttype": "none", "svg.hashsalt": CREATOR}
            metadata = {
                "Title": meta["Title"],
                "Description": meta["Description"],
                "Source": meta["Source"],
                "Rights": meta["Copyright"],
                "Creator": CREATOR,
                "Date": None,
            }
        else:
            rc = {"pdf.fonttype": 3}
            metadata = {
                "Title": meta["Title"],
                "Subject": meta["Description"],
                "Keywords": meta["Source"],
                "Creator": CREATOR,
                "CreationDate": None,
            }
        buffer = io.BytesIO()
        with mpl.rc_context(rc):
            self.figure.savefig(buffer, format=fmt, dpi=72, metadata=metadata)
        if fmt == "svg":
            return titled_svg(buffer.getvalue(), self.title, self._description())
        return tag_pdf(buffer.getvalue(), self.structure())

    def _description(self) -> str:
        return " ".join(part for part in (self.subtitle, self.summary) if part)

    def structure(self) -> PageStructure:
        """The text lines in drawing order (axes by zorder, their texts by zorder), each
        with its place in the document's structure."""
        lines: list[TextLine] = []
        # Title, subtitle and the notice sit above the map's top edge; notes and sources
        # below it, or beside the map in the side column of a landscape page.
        map_top = self.map_ax.get_position().y1
        for ax in sorted((self.page_ax, self.map_ax, self.legend_ax), key=lambda a: a.zorder):
            for number, text in enumerate(sorted(ax.texts, key=lambda t: t.zorder)):
                if not text.get_visible() or not text.get_text():
                    continue
                if ax is self.map_ax:
                    line = TextLine(MAP, "P")
                elif ax is self.legend_ax:
                    line = TextLine(LEGEND, "P")
                else:
                    above = text.get_position()[1] / self.page.height_in > map_top
                    tag = "H1" if number == 0 else "P"
                    line = TextLine(HEAD if above else FOOT, tag)
                lines.extend(line for _ in text.get_text().split("\n"))
        width, height = self.figure.get_size_inches() * 72
        x0, y0, x1, y1 = self.map_ax.get_position().extents
        box = (
            round(float(x0 * width), 2),
            round(float(y0 * height), 2),
            round(float(x1 * width), 2),
            round(float(y1 * height), 2),
        )
        return PageStructure(self.title, self.summary or self.title, tuple(lines), box)


def render_snapshot(
    view: MapView, file_format: str = "png", options: SnapshotOptions | None = None
) -> bytes:
    """The view as PNG, SVG or PDF bytes."""
    fmt = get_snapshot_format(file_format).id
    with _LOCK:
        return build_snapshot(view, options or SnapshotOptions(), fmt).save(fmt)


def _zoom(options: SnapshotOptions) -> tuple[LevelGeometry, int] | None:
    if not options.zoom:
        return None
    geometry = level_geometry(credits.zoom_level(options.zoom))
    index = geometry.index(options.zoom)
    if index is None:
        raise ValueError(f"unknown zoom unit {options.zoom!r}")
    return geometry, index


def _selected(view: MapView, options: SnapshotOptions) -> str | None:
    if not options.highlight:
        return None
    return options.selected or view.state.selected


def _show_labels(view: MapView, options: SnapshotOptions) -> bool:
    if options.labels is not None:
        return options.labels
    return view.state.level in ("rbz", "kreis") or bool(options.zoom)


def build_snapshot(view: MapView, options: SnapshotOptions, file_format: str = "png") -> Snapshot:
    """Lay out and draw the page (nothing is encoded yet).

    Vector formats are laid out at 72 dpi: no raster buffer of print resolution is made.
    """
    page = get_page(options.page)
    dpi = resolve_dpi(options.dpi) if get_snapshot_format(file_format).id == "png" else 72
    zoom = _zoom(options)
    zoom_label = zoom[0].labels[zoom[1]] if zoom else None
    inside = _inside(view, options.zoom) if zoom else None
    if inside is not None:  # the legend counts what the Ausschnitt shows
        view = replace(view, legend=recount(view.legend, view.table.loc[sorted(inside)]))
    fonts = Fonts(page.font_scale or min(page.width_in, page.height_in) / A4_SHORT_IN)
    title = printable(options.title or view.title)
    subtitle = credits.subtitle(view, zoom_label, title)
    sources = credits.source_lines(view)
    with _LOCK:
        figure = Figure(figsize=(page.width_in, page.height_in), dpi=dpi)
        FigureCanvasAgg(figure)
        bounds, margin = _map_bounds(view, zoom)
        layout = Layout.compute(page, fonts, view, title, subtitle, sources, _aspect(bounds))
        page_ax = figure.add_axes((0, 0, 1, 1))
        page_ax.set_xlim(0, page.width_in)
        page_ax.set_ylim(0, page.height_in)
        page_ax.set_axis_off()
        layout.draw_texts(page_ax, fonts)
        map_ax = figure.add_axes(layout.fraction(layout.map_rect), zorder=2)
        extent = _fit_extent(bounds, margin, layout.map_rect[2], layout.map_rect[3])
        _draw_map(map_ax, view, extent, zoom, _selected(view, options), fonts, inside)
        renderer = figure.canvas.get_renderer()
        bar, bar_box = draw_scale_bar(map_ax, extent, layout.map_rect, fonts, renderer)
        labels = []
        if _show_labels(view, options):
            labels = _labels(map_ax, view, renderer, fonts, [bar_box], inside)
        legend_ax = figure.add_axes(layout.fraction(layout.legend_rect), zorder=3)
        draw_legend(legend_ax, layout.legend)
    return Snapshot(
        figure,
        map_ax,
        page,
        dpi,
        title,
        subtitle,
        sources,
        bar,
        labels,
        view.legend,
        view.summary,
        page_ax,
        legend_ax,
    )


def draw_area(
    figure: Figure,
    rect: tuple[float, float, float, float],
    view: MapView,
    zoom_key: str,
    fonts: Fonts,
) -> Axes:
    """The view's map zoomed to a Regierungsbezirk or Kreis, in a new axes at ``rect``
    (inches: x, y, width, height): shapes, outline of the area, units outside faded, scale
    bar and names, drawn as in a snapshot. For pages laid out elsewhere (Steckbriefe)."""
    zoom = _zoom(SnapshotOptions(zoom=zoom_key))
    assert zoom is not None
    inside = _inside(view, zoom_key)
    width, height = figure.get_size_inches()
    x, y, w, h = rect
    with _LOCK:
        ax = figure.add_axes((x / width, y / height, w / width, h / height), zorder=2)
        extent = _fit_extent(tuple(zoom[0].bounds[zoom[1]]), ZOOM_MARGIN, w, h)
        _draw_map(ax, view, extent, zoom, None, fonts, inside)
        renderer = figure.canvas.get_renderer()
        _bar, bar_box = draw_scale_bar(ax, extent, rect, fonts, renderer)
        _labels(ax, view, renderer, fonts, [bar_box], inside)
    return ax


def _inside(view: MapView, zoom_key: str) -> set[str]:
    """Units of the view that lie in the Ausschnitt or contain it."""
    return {k for k in view.table.index if is_within(k, zoom_key) or is_within(zoom_key, k)}


def _map_bounds(view: MapView, zoom) -> tuple[tuple[float, ...], float]:
    """Bounds (metres) the map must show, and the margin around them."""
    if zoom:
        return tuple(zoom[0].bounds[zoom[1]]), ZOOM_MARGIN
    return level_geometry(view.state.level).total_bounds, NRW_MARGIN


def _aspect(bounds) -> float:
    minx, miny, maxx, maxy = bounds
    return (maxy - miny) / (maxx - minx)


def _fit_extent(bounds, margin: float, box_w: float, box_h: float) -> tuple[float, ...]:
    """``bounds`` plus a margin, widened to the aspect of the box (equal scale in x and y)."""
    minx, miny, maxx, maxy = bounds
    w, h = (maxx - minx) * (1 + 2 * margin), (maxy - miny) * (1 + 2 * margin)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    if w / h < box_w / box_h:
        w = h * box_w / box_h
    else:
        h = w * box_h / box_w
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _unit_styles(view: MapView, geometry: LevelGeometry, inside: set[str] | None = None):
    """Fill, edge and line style per unit; units outside an Ausschnitt are faded."""
    table = view.table.reindex(list(geometry.keys))
    colors = table["color"].fillna(palettes.NO_DATA).tolist()
    edges, styles = [], []
    for status in table["status"]:
        if status == Status.NOT_SURVEYED:
            edges.append(NOT_SURVEYED_EDGE)
            styles.append(DASH)
        else:
            edges.append(NO_DATA_EDGE if status == Status.NO_DATA else OUTLINE)
            styles.append("solid")
    if inside is not None:
        faded = [key not in inside for key in geometry.keys]
        colors = [to_rgba(c, FADED if f else 1.0) for c, f in zip(colors, faded, strict=True)]
        edges = [to_rgba(e, FADED if f else 1.0) for e, f in zip(edges, faded, strict=True)]
    return colors, edges, styles


def _draw_map(
    ax: Axes, view, extent, zoom, selected: str | None, fonts: Fonts, inside=None
) -> None:
    level = view.state.level
    geometry = level_geometry(level)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_axis_off()
    colors, edges, styles = _unit_styles(view, geometry, inside)
    shown = _in_extent(geometry, extent)  # shapes outside the frame would only fill the file
    ax.add_collection(
        PathCollection(
            [geometry.paths[i] for i in shown],
            facecolors=[colors[i] for i in shown],
            edgecolors=[edges[i] for i in shown],
            linestyles=[styles[i] for i in shown],
            linewidths=EDGE_WIDTH[level] * fonts.scale,
            zorder=1,
        ),
        autolim=False,
    )
    upper = UPPER_LEVEL.get(level)
    if upper:
        outer = level_geometry(upper)
        paths = [outer.paths[i] for i in _in_extent(outer, extent)]
        _outline(ax, paths, "#2b2b2b", 0.9 * fonts.scale, 2)
    if zoom:
        _outline(ax, [zoom[0].paths[zoom[1]]], "#111111", 1.4 * fonts.scale, 3)
    index = geometry.index(selected) if selected else None
    if index is not None:
        _outline(ax, [geometry.paths[index]], SELECTED, 2.0 * fonts.scale, 4)


def _in_extent(geometry: LevelGeometry, extent) -> list[int]:
    """Rows of the units whose bounds meet the map's extent."""
    minx, miny, maxx, maxy = extent
    b = geometry.bounds
    meets = (b[:, 0] <= maxx) & (b[:, 2] >= minx) & (b[:, 1] <= maxy) & (b[:, 3] >= miny)
    return [int(i) for i in meets.nonzero()[0]]


def _outline(ax: Axes, paths, color: str, width: float, zorder: int) -> None:
    ax.add_collection(
        PathCollection(
            list(paths), facecolors="none", edgecolors=color, linewidths=width, zorder=zorder
        ),
        autolim=False,
    )


def _labels(ax: Axes, view: MapView, renderer, fonts: Fonts, obstacles, inside=None) -> list[Text]:
    level = view.state.level
    geometry = level_geometry(level)
    table = view.table.reindex(list(geometry.keys))
    labels = table["label"].fillna("").astype(str).tolist()
    candidates = label_candidates(geometry.keys, labels, label_anchors(level), geometry.areas)
    candidates = [c for c in candidates if c.text and (inside is None or c.key in inside)]
    size = LABEL_SIZE[level] * fonts.scale
    return place_labels(ax, renderer, candidates, size, obstacles, geometry.geometries)
