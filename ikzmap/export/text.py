"""Plain text on matplotlib artists: no mathtext, no TeX; wrapping by measured widths."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

FONT: Final = "DejaVu Sans"  # bundled with matplotlib
SAFETY: Final = 1.03  # rasterised glyphs may be a little wider than the font's advances


def plain_text(target, x: float, y: float, text: str, **kwargs):
    """``target.text`` with the string shown verbatim ("$x$" stays "$x$").

    Labels and titles may come from uploads, so mathtext parsing and TeX are off.
    """
    return target.text(x, y, str(text), parse_math=False, usetex=False, fontfamily=FONT, **kwargs)


@lru_cache(maxsize=16)
def _font(size: float, bold: bool) -> FontProperties:
    return FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of ``text`` (measured from the font, no renderer)."""
    if not text:
        return 0.0
    width, _, _ = text_to_path.get_text_width_height_descent(text, _font(size, bold), ismath=False)
    return width * SAFETY


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_pt`` points.

    A single word longer than a line stays whole on its own line.
    """
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size_pt, bold) > width_pt:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


def wrap_segments(
    segments: list[str], width_pt: float, size_pt: float, sep: str = " · "
) -> list[str]:
    """Join segments into lines; a segment is broken only if it alone is too long."""
    lines: list[str] = []
    current = ""
    for segment in segments:
        candidate = f"{current}{sep}{segment}" if current else segment
        if text_width(candidate, size_pt) <= width_pt:
            current = candidate
            continue
        if current:
            lines.append(current)
        parts = wrap(segment, width_pt, size_pt)
        lines.extend(parts[:-1])
        current = parts[-1]
    if current:
        lines.append(current)
    return lines
