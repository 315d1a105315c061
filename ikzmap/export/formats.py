"""The tables of export formats: page sizes, resolutions and file formats.

Each table is looked up by id; an unknown id raises :class:`ValueError` naming the valid ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ikzmap.registry import lookup

MM_PER_INCH: Final = 25.4
SNAPSHOT: Final = "snapshot"  # static map (matplotlib)
INTERACTIVE: Final = "interactive"  # self-contained Leaflet HTML
DATA: Final = "data"  # table or geodata
MIN_DPI: Final = 72
MAX_DPI: Final = 300  # A3 at 300 dpi is 35 megapixels; more would strain a shared server
SLIDE_FONT_SCALE: Final = 1.3  # labels 6 pt * 1.3 = 7.8 pt = 15.6 px at 1920 px wide


@dataclass(frozen=True)
class PageFormat:
    id: str
    label: str  # German
    width_in: float
    height_in: float
    # Text size relative to A4; None: by the short side. A slide is shown on a screen
    # (1920 px for 13.33 in): its labels need 7 pt to reach 14 px there.
    font_scale: float | None = None

    @property
    def landscape(self) -> bool:
        return self.width_in > self.height_in


@dataclass(frozen=True)
class Resolution:
    id: str
    label: str  # German
    dpi: int


@dataclass(frozen=True)
class FileFormat:
    id: str
    label: str  # German
    extension: str
    mime: str
    kind: str  # SNAPSHOT, INTERACTIVE or DATA


def _mm(width: float, height: float) -> tuple[float, float]:
    return width / MM_PER_INCH, height / MM_PER_INCH


PAGE_FORMATS: Final = {
    p.id: p
    for p in (
        PageFormat("a4-quer", "A4 quer", *_mm(297, 210)),
        PageFormat("a4-hoch", "A4 hoch", *_mm(210, 297)),
        PageFormat("a3-quer", "A3 quer", *_mm(420, 297)),
        PageFormat("a3-hoch", "A3 hoch", *_mm(297, 420)),
        PageFormat("folie-16-9", "Folie 16:9 (13,33 × 7,5 Zoll)", 13.333, 7.5, SLIDE_FONT_SCALE),
    )
}
DEFAULT_PAGE: Final = "a4-quer"

RESOLUTIONS: Final = {
    r.id: r
    for r in (
        Resolution("bildschirm", "Bildschirm (150 dpi)", 150),
        Resolution("druck", "Druck (300 dpi)", 300),
    )
}
DEFAULT_DPI: Final = 150

FILE_FORMATS: Final = {
    f.id: f
    for f in (
        FileFormat("png", "PNG (Bild)", "png", "image/png", SNAPSHOT),
        FileFormat("svg", "SVG (Vektorgrafik)", "svg", "image/svg+xml", SNAPSHOT),
        FileFormat("pdf", "PDF (Druck)", "pdf", "application/pdf", SNAPSHOT),
        FileFormat("html", "HTML (interaktive Karte, offline)", "html", "text/html", INTERACTIVE),
        FileFormat("csv", "CSV (Excel, Semikolon)", "csv", "text/csv", DATA),
        FileFormat(
            "xlsx",
            "Excel (XLSX)",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            DATA,
        ),
        FileFormat("geojson", "GeoJSON (Geodaten)", "geojson", "application/geo+json", DATA),
        FileFormat("gpkg", "GeoPackage (Geodaten)", "gpkg", "application/geopackage+sqlite3", DATA),
    )
}
SNAPSHOT_FORMATS: Final = tuple(f.id for f in FILE_FORMATS.values() if f.kind == SNAPSHOT)


def get_page(name: str) -> PageFormat:
    return lookup(PAGE_FORMATS, str(name).strip().lower(), "page format")


def get_file_format(name: str) -> FileFormat:
    return lookup(FILE_FORMATS, str(name).strip().lower(), "file format")


def get_snapshot_format(name: str) -> FileFormat:
    fmt = get_file_format(name)
    if fmt.kind != SNAPSHOT:
        raise ValueError(f"{name!r} is no snapshot format; valid: {', '.join(SNAPSHOT_FORMATS)}")
    return fmt


def resolve_dpi(value: int | str) -> int:
    """dpi from a number or a resolution id ("bildschirm", "druck")."""
    text = str(value).strip().lower()
    if text in RESOLUTIONS:
        return RESOLUTIONS[text].dpi
    try:
        dpi = int(text)
    except ValueError:
        raise ValueError(
            f"unknown resolution {value!r}; valid: {', '.join(RESOLUTIONS)} "
            f"or {MIN_DPI}..{MAX_DPI} dpi"
        ) from None
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi must be {MIN_DPI}..{MAX_DPI}, got {dpi}")
    return dpi
