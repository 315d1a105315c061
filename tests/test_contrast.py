"""Text on every fill colour of every palette reads at ≥ 4.5:1 (WCAG 2.1 AA, 1.4.3):
map labels on a halo box, legend counts in dark or white."""

import pytest

from ikzmap.export.labels import LABEL_COLOR, LABEL_HALO_ALPHA
from ikzmap.palettes import (
    BIVARIATE_COLORS,
    BUDGET_STATUS_COLORS,
    MAX_CLASSES,
    MIN_CLASSES,
    MIN_TEXT_CONTRAST,
    NO_DATA,
    NOT_SURVEYED,
    PALETTES,
    colors,
    contrast,
    text_color_on,
)


def blend(color: str, over: str, alpha: float) -> str:
    """``over`` drawn with opacity ``alpha`` on ``color`` (a label's halo box)."""
    ca = [int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    co = [int(over.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = (round(alpha * o + (1 - alpha) * c) for c, o in zip(ca, co, strict=True))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def every_fill() -> set[str]:
    fills = {NO_DATA, NOT_SURVEYED, *BUDGET_STATUS_COLORS}
    fills.update(c for row in BIVARIATE_COLORS for c in row)
    for palette in PALETTES:
        for k in range(MIN_CLASSES, MAX_CLASSES + 1):
            fills.update(c.lower() for c in colors(palette, k))
    return fills


def test_contrast_ratio_matches_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("fill", sorted({c for row in BIVARIATE_COLORS for c in row}))
def test_counts_in_the_bivariate_legend(fill):
    """The only text drawn straight on a fill; elsewhere labels have a halo (below)."""
    assert contrast(text_color_on(fill), fill) >= MIN_TEXT_CONTRAST


@pytest.mark.parametrize("fill", sorted(every_fill()))
def test_map_labels_with_their_halo_on_every_fill(fill):
    behind = blend(fill, "#ffffff", LABEL_HALO_ALPHA)
    assert contrast(LABEL_COLOR, behind) >= MIN_TEXT_CONTRAST
