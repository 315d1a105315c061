"""Scale bar (true metres: the map is drawn in EPSG:25832) and grid-north arrow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch, Polygon
from matplotlib.transforms import Bbox

from ikzmap.export.layout import Fonts
from ikzmap.export.text import plain_text

NICE_STEPS: Final = (1, 2, 5)


@dataclass(frozen=True)
class ScaleBar:
    length_m: float
    x0: float
    x1: float
    y: float
    label: str


def nice_length(target_m: float) -> float:
    """The largest 1-2-5 length (metres) not above ``target_m``."""
    exponent = int(np.floor(np.log10(target_m)))
    best = 10.0**exponent
    for step in NICE_STEPS:
        if step * 10.0**exponent <= target_m:
            best = step * 10.0**exponent
    return best


def km_text(metres: float) -> str:
    return f"{metres / 1000:g}".replace(".", ",")


def draw_scale_bar(ax: Axes, extent, rect, fonts: Fonts, renderer) -> tuple[ScaleBar, Bbox]:
    """Scale bar and grid-north arrow at the lower right; returns its bounding box."""
    minx, miny, maxx, _maxy = extent
    per_pt = (maxx - minx) / (rect[2] * 72)
    length = nice_length((maxx - minx) * 0.2)
    x1 = maxx - 16 * fonts.scale * per_pt
    x0 = x1 - length
    y = miny + 10 * fonts.scale * per_pt
    bar_h = 3.5 * fonts.scale * per_pt
    size = fonts.small
    label_y = y + bar_h + 2 * per_pt
    arrow_y = label_y + size * 1.6 * per_pt
    arrow_h = 16 * fonts.scale * per_pt
    pad = 5 * fonts.scale * per_pt
    box = FancyBboxPatch(
        (x0 - pad, y - pad),
        length + 2 * pad + 8 * fonts.scale * per_pt,
        arrow_y + arrow_h + size * 1.4 * per_pt - y + 2 * pad,
        boxstyle=f"round,pad=0,rounding_size={2 * per_pt}",
        facecolor="white",
        edgecolor="none",
        alpha=0.85,
        zorder=7,
    )
    ax.add_patch(box)
    half = length / 2
    for i, fill in enumerate(("#222222", "white")):
        ax.add_patch(
            FancyBboxPatch(
                (x0 + i * half, y),
                half,
                bar_h,
                boxstyle="square,pad=0",
                facecolor=fill,
                edgecolor="#222222",
                linewidth=0.6,
                zorder=8,
            )
        )
    for x, text in ((x0, "0"), (x0 + half, km_text(half)), (x1, f"{km_text(length)} km")):
        plain_text(ax, x, label_y, text, fontsize=size, ha="center", va="bottom", zorder=8)
    ax_x = x1 - 2 * per_pt
    arrow = Polygon(
        [
            (ax_x, arrow_y + arrow_h),
            (ax_x - 4 * fonts.scale * per_pt, arrow_y),
            (ax_x, arrow_y + arrow_h * 0.3),
            (ax_x + 4 * fonts.scale * per_pt, arrow_y),
        ],
        closed=True,
        facecolor="#222222",
        edgecolor="none",
        zorder=8,
    )
    ax.add_patch(arrow)
    plain_text(
        ax,
        ax_x,
        arrow_y + arrow_h + 1 * per_pt,
        "N",
        fontsize=size,
        ha="center",
        va="bottom",
        fontweight="bold",
        zorder=8,
    )
    bar = ScaleBar(length, x0, x1, y, f"{km_text(length)} km")
    return bar, box.get_window_extent(renderer)
