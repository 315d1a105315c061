"""Static snapshots: valid files, same colours as the view, legend, sources, inert text."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely
from matplotlib.colors import to_rgb
from PIL import Image
from pypdf import PdfReader
from pyproj import Geod, Transformer

from geo import load_layer
from ikzmap import palettes
from ikzmap.export import (
    SnapshotOptions,
    build_snapshot,
    get_file_format,
    get_page,
    render_snapshot,
    resolve_dpi,
)
from ikzmap.export.geometry import CRS
from ikzmap.export.labels import short_label, two_lines
from ikzmap.export.scalebar import nice_length
from ikzmap.mapview import SELECTED
from ikzmap.provenance import Provenance, Source
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState

_TO_METRIC = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)


def to_pixel(snapshot, lon: float, lat: float) -> tuple[float, float]:
    """Pixel (column, row) in the snapshot's PNG of a WGS84 point."""
    px, py = snapshot.map_ax.transData.transform(_TO_METRIC.transform(lon, lat))
    height = snapshot.figure.canvas.get_width_height()[1]
    return float(px), float(height - py)


def unproject(x: float, y: float) -> tuple[float, float]:
    """EPSG:25832 metres to WGS84 (lon, lat)."""
    return _TO_WGS84.transform(x, y)


HOSTILE = "<script>alert(1)</script>$x$"
HOSTILE_SOURCE = "Eigene Daten: <script>alert(2)</script>$y$.xlsx"
LARGEST_KREIS = "05958"  # Hochsauerlandkreis: its name is placed first
ATTRIBUTION = "© GeoBasis-DE / BKG 2016"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def view_of(atlas):
    cache: dict[tuple[str, str], MapView] = {}

    def get(level: str, indicator: str = "ikz_count", **state) -> MapView:
        key = (level, indicator, *sorted(state.items()))
        if key not in cache:
            cache[key] = build_view(atlas, ViewState(level=level, indicator=indicator, **state))
        return cache[key]

    return get


def hostile(view: MapView) -> MapView:
    table = view.table.copy()
    table.at[LARGEST_KREIS, "label"] = HOSTILE
    source = Source(Provenance.UPLOADED, HOSTILE_SOURCE)
    return dataclasses.replace(view, table=table, sources=(*view.sources, source))


def rgb(color: str) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in to_rgb(color))


def png_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return "\n".join(" ".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- tables behind the facade ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lookup", "bad", "listed"),
    [
        (get_page, "a5-quer", "a4-quer, a4-hoch, a3-quer, a3-hoch, folie-16-9"),
        (get_file_format, "bmp", "png, svg, pdf, html, csv, xlsx, geojson, gpkg"),
        (resolve_dpi, "fax", "bildschirm, druck"),
    ],
)
def test_unknown_names_raise_and_list_the_valid_ones(lookup, bad, listed):
    with pytest.raises(ValueError, match=re.escape(listed)):
        lookup(bad)


@pytest.mark.parametrize(
    ("name", "width_mm", "height_mm"),
    [("a4-quer", 297, 210), ("a4-hoch", 210, 297), ("a3-quer", 420, 297), ("A3-Hoch", 297, 420)],
)
def test_page_sizes_are_iso(name, width_mm, height_mm):
    page = get_page(name)
    assert (page.width_in * 25.4, page.height_in * 25.4) == pytest.approx((width_mm, height_mm))


@pytest.mark.parametrize(("value", "dpi"), [("bildschirm", 150), ("Druck", 300), (200, 200)])
def test_resolutions(value, dpi):
    assert resolve_dpi(value) == dpi


@pytest.mark.parametrize("value", [71, 301, "1200"])
def test_resolution_out_of_range(value):
    with pytest.raises(ValueError, match=re.escape("72..300")):
        resolve_dpi(value)


def test_render_rejects_a_non_snapshot_format(view_of):
    with pytest.raises(ValueError, match="snapshot"):
        render_snapshot(view_of("rbz"), "csv")


@pytest.mark.parametrize("zoom", ["05562032", "05999", "059x"])
def test_zoom_needs_an_existing_rbz_or_kreis(view_of, zoom):
    with pytest.raises(ValueError):
        build_snapshot(view_of("rbz"), SnapshotOptions(zoom=zoom))


# --- PNG ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "dpi"), [("a4-quer", 150), ("a4-hoch", 300), ("folie-16-9", 150), ("a3-quer", 72)]
)
def test_png_has_page_size_and_dpi(view_of, page, dpi):
    data = render_snapshot(view_of("rbz"), "png", SnapshotOptions(page=page, dpi=dpi))
    image = png_image(data)
    fmt = get_page(page)
    assert image.format == "PNG"
    assert image.size[0] == pytest.approx(fmt.width_in * dpi, abs=1)
    assert image.size[1] == pytest.approx(fmt.height_in * dpi, abs=1)
    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.1)
    assert ATTRIBUTION in image.info["Copyright"]


def _largest_per_colour(view: MapView, level: str, n: int) -> list[str]:
    """Per colour of the view, the unit with the largest area (pixel samples stay inside)."""
    area = load_layer(level).set_index("ags").to_crs(25832).area
    table = view.table.assign(area=area)
    keys = table.sort_values("area", ascending=False).groupby("color", sort=False).head(1)
    return list(keys.index[:n])


@pytest.mark.parametrize(
    ("level", "indicator", "fixed"),
    [
        ("kreis", "ikz_count", ["05562", "05970", "05111", "05958"]),
        ("kreis", "bivariate", ["05562", "05754"]),
        ("gemeinde", "budget_status", []),
        ("rbz", "budget_hsk", ["051", "059"]),
    ],
)
def test_png_pixels_inside_units_have_the_view_colour(view_of, level, indicator, fixed):
    view = view_of(level, indicator)
    keys = fixed + _largest_per_colour(view, level, 9)
    options = SnapshotOptions(page="a4-quer", dpi=100, labels=False, highlight=False)
    snapshot = build_snapshot(view, options)
    image = png_image(snapshot.save("png")).convert("RGB")
    layer = load_layer(level).set_index("ags")
    for key in keys:
        point = shapely.point_on_surface(layer.geometry[key])
        col, row = to_pixel(snapshot, point.x, point.y)
        got = image.getpixel((round(col), round(row)))
        assert got == rgb(view.table.at[key, "color"]), (key, view.table.at[key, "label"])


def _count(image: Image.Image, color: str) -> int:
    pixels = np.asarray(image.convert("RGB"))
    return int((pixels == np.array(rgb(color))).all(axis=-1).sum())


def test_selected_unit_is_outlined(view_of):
    view = view_of("kreis", selected="05562")
    on = png_image(render_snapshot(view, "png", SnapshotOptions(dpi=100))).convert("RGB")
    off = png_image(
        render_snapshot(view, "png", SnapshotOptions(dpi=100, highlight=False))
    ).convert("RGB")
    assert _count(on, SELECTED) > 100
    assert _count(off, SELECTED) == 0


def test_zoom_shows_the_unit_and_leaves_far_units_out(view_of):
    view = view_of("gemeinde", "budget_status")
    snapshot = build_snapshot(view, SnapshotOptions(dpi=72, zoom="05562", labels=False))
    box = snapshot.map_ax.get_window_extent()
    height = snapshot.figure.canvas.get_width_height()[1]
    layer = load_layer("kreis").set_index("ags")

    def inside(key: str) -> bool:
        point = shapely.point_on_surface(layer.geometry[key])
        col, row = to_pixel(snapshot, point.x, point.y)
        return box.x0 <= col <= box.x1 and box.y0 <= height - row <= box.y1

    assert inside("05562")
    assert not inside("05762")  # Höxter
    assert "Ausschnitt Kreis Recklinghausen" in snapshot.subtitle


@pytest.mark.parametrize(
    ("zoom", "page"), [(None, "a4-quer"), ("055", "a4-hoch"), ("05970", "a3-quer")]
)
def test_scale_bar_is_true_on_the_ground(view_of, zoom, page):
    snapshot = build_snapshot(view_of("kreis"), SnapshotOptions(page=page, zoom=zoom, dpi=72))
    bar = snapshot.scale_bar
    lon0, lat0 = unproject(bar.x0, bar.y)
    lon1, lat1 = unproject(bar.x1, bar.y)
    _, _, metres = Geod(ellps="GRS80").inv(lon0, lat0, lon1, lat1)
    assert metres == pytest.approx(bar.length_m, rel=0.002)
    assert bar.label == f"{bar.length_m / 1000:g} km".replace(".", ",")
    width = snapshot.map_ax.get_xlim()[1] - snapshot.map_ax.get_xlim()[0]
    assert 0.08 <= bar.length_m / width <= 0.2


@pytest.mark.parametrize(
    ("target", "nice"), [(48_000, 20_000), (52_000, 50_000), (9_999, 5_000), (1_500, 1_000)]
)
def test_nice_scale_lengths(target, nice):
    assert nice_length(target) == nice


# --- labels ---------------------------------------------------------------------------


# A slide's type is larger (>= 14 px at 1920 px) and no label may sit on a neighbour, so
# the small units of the Ruhr stay unlabelled there.
@pytest.mark.parametrize(
    ("page", "minimum"), [("a4-quer", 33), ("a4-hoch", 33), ("folie-16-9", 20)]
)
def test_kreis_labels_do_not_overlap(view_of, page, minimum):
    snapshot = build_snapshot(view_of("kreis"), SnapshotOptions(page=page, dpi=72))
    renderer = snapshot.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in snapshot.labels]
    area = snapshot.map_ax.get_window_extent(renderer)
    assert len(boxes) >= minimum
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    for box in boxes:
        assert area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1


def test_labels_off_and_default_off_at_gemeinde_level(view_of):
    assert build_snapshot(view_of("kreis"), SnapshotOptions(labels=False, dpi=72)).labels == []
    assert (
        build_snapshot(view_of("gemeinde", "budget_status"), SnapshotOptions(dpi=72)).labels == []
    )


@pytest.mark.parametrize(
    ("label", "short", "wrapped"),
    [
        ("Kreis Siegen-Wittgenstein", "Siegen-Wittgenstein", "Siegen-\nWittgenstein"),
        ("Regierungsbezirk Münster", "Münster", None),
        (
            "Rheinisch-Bergischer Kreis",
            "Rheinisch-Bergischer Kreis",
            "Rheinisch-\nBergischer Kreis",
        ),
    ],
)
def test_short_and_wrapped_labels(label, short, wrapped):
    assert short_label(label) == short
    assert two_lines(short) == wrapped


# --- SVG and PDF text -----------------------------------------------------------------


def _legend_texts(view: MapView) -> list[str]:
    texts = [view.legend.title]
    for entry in view.legend.entries:
        texts.extend([entry.label, str(entry.count)])
    return texts


@pytest.mark.parametrize(
    ("level", "indicator", "expected", "modelled"),
    [
        ("kreis", "ikz_count", ["gpaNRW: IKZ in NRW (Bericht, September 2025)"], True),
        ("gemeinde", "budget_status", ["MHKBD", "Stichtag 31.12.2025"], False),
        ("rbz", "budget_hsk", ["MHKBD", "Stichtag 31.12.2025", "Lizenz dl-de/by-2-0"], False),
    ],
)
def test_svg_carries_title_legend_sources_and_notice(view_of, level, indicator, expected, modelled):
    view = view_of(level, indicator)
    text = squash(svg_text(render_snapshot(view, "svg", SnapshotOptions(page="a4-hoch"))))
    assert view.title in text
    assert view.indicator.label in text
    for item in [*_legend_texts(view), ATTRIBUTION, "Quellen:", *expected]:
        assert item in text, item
    assert ("Modellwerte:" in text) is modelled
    assert ("Hinweis: Die Werte je Kreis sind modelliert" in text) is modelled
    assert re.search(r"\d+ km", text)


def test_modelled_short_notice_counts_the_modelled_values(view_of):
    text = svg_text(render_snapshot(view_of("kreis"), "svg"))
    assert (
        "Modellwerte: 29 von 31 Kreiswerten nicht veröffentlicht, geschätzt (siehe Hinweis)" in text
    )


def test_not_surveyed_swatch_is_dashed(view_of):
    root = ET.fromstring(render_snapshot(view_of("kreis"), "svg"))
    dashed = [
        p
        for p in root.iter(f"{SVG_NS}path")
        if f"fill: {palettes.NOT_SURVEYED}" in (p.get("style") or "")
        and "dasharray" in (p.get("style") or "")
    ]
    assert dashed  # map units and the legend swatch of "nicht erhoben"


def test_bivariate_legend_has_the_3x3_grid(view_of):
    view = view_of("kreis", "bivariate")
    data = render_snapshot(view, "svg")
    text = squash(svg_text(data))
    grid = view.legend.bivariate
    assert f"{grid.y_label} ↑" in text and f"{grid.x_label} →" in text
    for tick in (*grid.x_ticks, *grid.y_ticks):
        assert tick in text
    styles = data.decode()
    for row in grid.colors:
        for color in row:
            assert f"fill: {color}" in styles


@pytest.mark.parametrize(
    ("page", "size"),
    [("a4-quer", (842, 595)), ("a3-hoch", (842, 1191)), ("folie-16-9", (960, 540))],
)
def test_pdf_is_one_page_of_the_format_with_text(view_of, page, size):
    view = view_of("kreis", "budget_hsk")
    reader = PdfReader(io.BytesIO(render_snapshot(view, "pdf", SnapshotOptions(page=page))))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=1)
    text = squash(reader.pages[0].extract_text())
    for item in [
        view.title,
        "nicht erhoben" if "nicht erhoben" in str(view.legend) else "",
        ATTRIBUTION,
        "MHKBD",
    ]:
        assert item in text
    assert reader.metadata.title == view.title


# --- untrusted text -------------------------------------------------------------------


def test_hostile_labels_stay_plain_text_in_svg(view_of):
    view = hostile(view_of("kreis"))
    data = render_snapshot(view, "svg", SnapshotOptions(title=HOSTILE))
    root = ET.fromstring(data)  # still well-formed XML
    assert not [e for e in root.iter() if e.tag.lower().endswith("script")]
    assert b"<script" not in data
    text = svg_text(data)
    assert text.count(HOSTILE) >= 2  # title and the Kreis label, verbatim ($ not parsed)
    assert "<script>alert(2)</script>$y$.xlsx" in text


def test_hostile_labels_stay_plain_text_in_pdf_and_png(view_of):
    view = hostile(view_of("kreis"))
    options = SnapshotOptions(title=HOSTILE, dpi=72)
    text = pdf_text(render_snapshot(view, "pdf", options))
    assert "$x$" in text and "alert(1)" in text and "$y$.xlsx" in text
    image = png_image(render_snapshot(view, "png", options))
    assert image.info["Title"] == HOSTILE


def test_snapshot_never_reclassifies(view_of):
    """A view whose colours were changed is drawn in exactly those colours."""
    view = view_of("kreis")
    table = view.table.copy()
    table.at["05562", "color"] = "#123456"
    snapshot = build_snapshot(
        dataclasses.replace(view, table=table), SnapshotOptions(dpi=72, labels=False)
    )
    image = png_image(snapshot.save("png")).convert("RGB")
    point = shapely.point_on_surface(load_layer("kreis").set_index("ags").geometry["05562"])
    col, row = to_pixel(snapshot, point.x, point.y)
    assert image.getpixel((round(col), round(row))) == rgb("#123456")


def test_long_title_and_many_notices_keep_the_page_intact(view_of):
    view = view_of("kreis", "bivariate")
    notes = tuple(f"Hinweis {i}: " + "sehr lange Erläuterung " * 30 for i in range(12))
    crowded = dataclasses.replace(view, notices=(*view.notices, *notes))
    title = "Ein sehr langer Titel für eine Folie im Ausschuss " * 6
    data = render_snapshot(crowded, "svg", SnapshotOptions(page="a4-hoch", title=title))
    text = squash(svg_text(data))
    assert "weitere Hinweise gekürzt" in text
    assert ATTRIBUTION in text and "Quellen:" in text and "MHKBD" in text
    assert "Ein sehr langer Titel" in text and " …" in text
    for tick in view.legend.bivariate.y_ticks:
        assert tick in text
