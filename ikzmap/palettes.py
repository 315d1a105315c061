"""Colour palettes: ColorBrewer schemes that survive colour blindness, plus the 3x3 bivariate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from branca.utilities import color_brewer

from ikzmap.registry import lookup

NO_DATA: Final = "#ffffff"  # "keine Daten": white with a grey outline, never black
NOT_SURVEYED: Final = (
    "#bdbdbd"  # "nicht erhoben": mid grey, dashed outline (distinct from class colours)
)
MIN_CLASSES: Final = 3
MAX_CLASSES: Final = 7


@dataclass(frozen=True)
class Palette:
    id: str
    label: str  # German


# ColorBrewer sequential schemes rated colour-blind safe (colorbrewer2.org).
PALETTES: Final = {
    p.id: p
    for p in (
        Palette("Blues", "Blau"),
        Palette("YlGnBu", "Gelb-Grün-Blau"),
        Palette("Purples", "Violett"),
        Palette("Oranges", "Orange"),
        Palette("YlOrRd", "Gelb-Orange-Rot"),
        Palette("Greens", "Grün"),
    )
}
DEFAULT_PALETTE: Final = "YlGnBu"

# Budget status 1 (best) .. 7 (worst): ColorBrewer RdYlBu (colour-blind safe), blue = good.
BUDGET_STATUS_COLORS: Final = tuple(reversed(color_brewer("RdYlBu", 7)))

# 3x3 bivariate scheme (Joshua Stevens, "blue/pink"), rows = IKZ low..high,
# columns = budget stress low..high; index [ikz][budget].
BIVARIATE_COLORS: Final = (
    ("#e8e8e8", "#dfb0d6", "#be64ac"),
    ("#ace4e4", "#a5add3", "#8c62aa"),
    ("#5ac8c8", "#5698b9", "#3b4994"),
)


def get_palette(palette_id: str) -> Palette:
    return lookup(PALETTES, palette_id, "palette")


def colors(palette_id: str, k: int) -> list[str]:
    """``k`` colours (3..7) of a sequential ColorBrewer palette, light to dark."""
    get_palette(palette_id)
    if not MIN_CLASSES <= k <= MAX_CLASSES:
        raise ValueError(f"number of classes must be {MIN_CLASSES}..{MAX_CLASSES}, got {k}")
    return list(color_brewer(palette_id, k))


DARK_TEXT: Final = "#1a1a1a"
LIGHT_TEXT: Final = "#ffffff"
MIN_TEXT_CONTRAST: Final = 4.5  # WCAG 2.1 AA, 1.4.3


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG relative luminance of a "#rrggbb" colour."""
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 .. 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_on(fill: str) -> str:
    """Dark or white text, whichever reads better on ``fill`` (WCAG contrast)."""
    return DARK_TEXT if contrast(DARK_TEXT, fill) >= contrast(LIGHT_TEXT, fill) else LIGHT_TEXT
