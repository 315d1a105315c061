"""Unit names on a static map, placed greedily without overlap.

Larger units are placed first. Each name tries its anchor (pole of inaccessibility) and a few
nearby positions, on one line and wrapped onto two. A position is taken only if the label
box overlaps no other label and lies on no neighbouring unit (it may reach beyond the
map's edge); a name that fits nowhere is left out rather than sit on a neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import shapely
from matplotlib.transforms import Bbox

from ikzmap.export.text import plain_text, text_width

PAD: Final = 1.5  # points of free space around a label
LINESPACING: Final = 1.1
# Dark text on a white box at 72 % opacity: ≥ 4.5:1 on every fill (tests/test_contrast.py).
LABEL_COLOR: Final = "#1a1a1a"
LABEL_HALO_ALPHA: Final = 0.72
PREFIXES: Final = ("Regierungsbezirk ", "Kreis ")
SMALLER: Final = 0.9  # second try for a name that does not fit (slides keep >= 7 pt)
NEIGHBOUR_INSET: Final = 0.15  # of the box's short side: a label may graze a neighbour's edge
OFFSETS: Final = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, -1), (1, -1), (-1, 1))


@dataclass(frozen=True)
class LabelCandidate:
    key: str
    text: str
    x: float  # data coordinates (metres)
    y: float
    priority: float  # larger first
    index: int = -1  # the unit's row in the geometry (-1: unknown, no neighbour check)


def short_label(label: str) -> str:
    """Map label: "Kreis Recklinghausen" -> "Recklinghausen"."""
    text = str(label).strip()
    for prefix in PREFIXES:
        text = text.removeprefix(prefix)
    return text.strip()


def two_lines(text: str) -> str | None:
    """``text`` broken at the space or hyphen nearest its middle, or None."""
    cuts = [i for i, ch in enumerate(text) if ch in " -"]
    if not cuts:
        return None
    i = min(cuts, key=lambda c: abs(c - len(text) / 2))
    head, tail = (text[: i + 1], text[i + 1 :]) if text[i] == "-" else (text[:i], text[i + 1 :])
    return f"{head.strip()}\n{tail.strip()}"


@lru_cache(maxsize=4096)
def text_size(text: str, size: float) -> tuple[float, float]:
    """Width and height in points of a (multi-line) label, slightly generous.

    Measured from the font (no renderer), so placing labels costs no text layout; only the
    labels that fit become artists.
    """
    lines = text.split("\n")
    width = max(text_width(line, size) for line in lines)
    return width * 1.01 + 1.0, size * 1.1 * (1 + (len(lines) - 1) * LINESPACING)


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels


def _fits(box: Box, area: Box, placed: list[Box]) -> bool:
    x0, y0, x1, y1 = box
    if x0 < area[0] or y0 < area[1] or x1 > area[2] or y1 > area[3]:
        return False
    return all(x1 < p[0] or x0 > p[2] or y1 < p[1] or y0 > p[3] for p in placed)


@dataclass(frozen=True)
class Neighbours:
    """The units of the map in data coordinates, to keep labels off their neighbours."""

    geometries: np.ndarray
    tree: shapely.STRtree
    to_data: object  # display -> data transform

    def clear(self, box: Box, own: int) -> bool:
        """True if the label box (display pixels) lies on no unit but its own."""
        if own < 0:
            return True
        (x0, y0), (x1, y1) = self.to_data.transform([(box[0], box[1]), (box[2], box[3])])
        # The box shrunk a little: touching a neighbour's outline is fine, covering it not.
        inset = min(abs(x1 - x0), abs(y1 - y0)) * NEIGHBOUR_INSET
        shape = shapely.box(
            min(x0, x1) + inset, min(y0, y1) + inset, max(x0, x1) - inset, max(y0, y1) - inset
        )
        hits = self.tree.query(shape, predicate="intersects")
        return all(i == own for i in hits)


def _position(
    cand: LabelCandidate,
    origin,
    size: float,
    scale: float,
    area: Box,
    placed,
    neighbours: Neighbours | None = None,
):
    """(text, size, x, y, box) of the first free position in display pixels, or None. A
    name that fits nowhere at ``size`` tries a slightly smaller type before it is left out."""
    variants = [cand.text]
    wrapped = two_lines(cand.text)
    if wrapped:
        variants.append(wrapped)
    for font_size in (size, size * SMALLER):
        step = font_size * 0.9 * scale
        for variant in variants:
            w, h = text_size(variant, font_size)
            half_w, half_h = (w / 2 + PAD) * scale, (h / 2 + PAD) * scale
            for dx, dy in OFFSETS:
                cx, cy = origin[0] + dx * step, origin[1] + dy * step
                box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
                if _fits(box, area, placed) and (
                    neighbours is None or neighbours.clear(box, cand.index)
                ):
                    return variant, font_size, cx, cy, box
    return None


def place_labels(
    ax,
    renderer,
    candidates: list[LabelCandidate],
    size: float,
    obstacles: list[Bbox],
    geometries: np.ndarray | None = None,
) -> list:
    """Add the labels that fit to ``ax``; returns the placed Text artists. With the units'
    ``geometries`` (data coordinates; candidates carry their row) no label sits on a
    neighbouring unit."""
    scale = ax.figure.dpi / 72.0
    area = tuple(ax.get_window_extent(renderer).extents)
    placed_boxes = [tuple(b.extents) for b in obstacles]
    placed = []
    to_data = ax.transData.inverted()
    neighbours = (
        None if geometries is None else Neighbours(geometries, shapely.STRtree(geometries), to_data)
    )
    ordered = sorted(candidates, key=lambda c: -c.priority)
    origins = ax.transData.transform([(c.x, c.y) for c in ordered]) if ordered else []
    for cand, origin in zip(ordered, origins, strict=True):
        if not (area[0] <= origin[0] <= area[2] and area[1] <= origin[1] <= area[3]):
            continue
        found = _position(cand, origin, size, scale, area, placed_boxes, neighbours)
        if found is None:
            continue
        variant, font_size, cx, cy, box = found
        x, y = to_data.transform((cx, cy))
        placed_boxes.append(box)
        placed.append(
            plain_text(
                ax,
                x,
                y,
                variant,
                fontsize=font_size,
                ha="center",
                va="center",
                multialignment="center",
                color=LABEL_COLOR,
                linespacing=LINESPACING,
                zorder=6,
                bbox={
                    "boxstyle": "round,pad=0.12",
                    "facecolor": "white",
                    "alpha": LABEL_HALO_ALPHA,
                    "edgecolor": "none",
                },
            )
        )
    return placed


def label_candidates(keys, labels, anchors: np.ndarray, areas: np.ndarray) -> list[LabelCandidate]:
    return [
        LabelCandidate(k, short_label(lab), float(x), float(y), float(a), i)
        for i, (k, lab, (x, y), a) in enumerate(zip(keys, labels, anchors, areas, strict=True))
    ]
