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
