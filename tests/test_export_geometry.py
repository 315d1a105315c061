"""Static maps fill the page: map area, type sizes per format, labels that keep off their
neighbours, a subtitle that does not repeat the title, balanced legend columns."""

import numpy as np
import pytest
import shapely

from ikzmap.export import credits, static
from ikzmap.export.formats import PAGE_FORMATS
from ikzmap.export.geometry import level_geometry
from ikzmap.export.labels import NEIGHBOUR_INSET
from ikzmap.export.layout import A4_SHORT_IN, Fonts, Layout
from ikzmap.export.static import SnapshotOptions, build_snapshot
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

SLIDE_PX = 1920  # a 16:9 slide shown full screen
MIN_SLIDE_PX = 14  # label and legend type on that slide
MAP_SHARE = 0.8  # of the area the texts leave free
# The targets per page format (issue 16): smallest label type in points at Kreis level
# (6 pt at A4 scaled with the page, at most one step smaller for a name that does not fit
# otherwise). Every format is listed: a new one cannot go unchecked.
LABEL_MIN_PT = {
    "a4-quer": 5.4,
    "a4-hoch": 5.4,
    "a3-quer": 7.6,
    "a3-hoch": 7.6,
    "folie-16-9": 7.0,
}
PORTRAIT = [p for p, page in PAGE_FORMATS.items() if not page.landscape]
# Views whose legends and map shapes differ: few units, many, the 3 × 3 grid, seven statuses.
VIEWS = [
    ("rbz", "ikz_count"),
    ("kreis", "ikz_count"),
    ("kreis", "bivariate"),
    ("gemeinde", "budget_status"),
]


def _fonts(page_id: str) -> Fonts:
    page = PAGE_FORMATS[page_id]
    return Fonts(page.font_scale or min(page.width_in, page.height_in) / A4_SHORT_IN)


def _layout(view, page_id: str) -> Layout:
    page = PAGE_FORMATS[page_id]
    bounds, _margin = static._map_bounds(view, None)
    subtitle = credits.subtitle(view, None)
    sources = credits.source_lines(view)
    aspect = static._aspect(bounds)
    return Layout.compute(page, _fonts(page_id), view, view.title, subtitle, sources, aspect)


def _area(rect) -> float:
    return rect[2] * rect[3]


def _free_area(layout: Layout, fonts: Fonts) -> float:
    """The page inside the margins less the title block, the legend, notes and sources:
    on portrait pages the full width between title and footer less the legend's band; on
    landscape pages everything left of the side column below the title."""
    page, margin = layout.page, layout.margin
    header = len(layout.title_lines) * fonts.title * 1.2
    header += len(layout.subtitle_lines) * fonts.subtitle * 1.35
    top = page.height_in - margin - header / 72
    if page.landscape:
        return (layout.footer_x - margin) * (top - margin)
    footer_top = margin + len(layout.footer_lines) * fonts.footer * 1.35 / 72
    return (page.width_in - 2 * margin) * (top - footer_top - layout.legend_rect[3])


@pytest.fixture(scope="module")
def views(atlas):
    cache = {}

    def get(level: str, indicator: str = "ikz_count"):
        if (level, indicator) not in cache:
            cache[level, indicator] = build_view(atlas, ViewState(level=level, indicator=indicator))
        return cache[level, indicator]

    return get


def test_every_page_format_has_targets():
    assert set(LABEL_MIN_PT) == set(PAGE_FORMATS)


@pytest.mark.parametrize("page_id", list(PAGE_FORMATS))
@pytest.mark.parametrize(("level", "indicator"), VIEWS)
def test_map_uses_at_least_80_percent_of_the_area_left(views, page_id, level, indicator):
    """At least 80 %, unless the map already spans the page's full inner width: NRW is about
    as wide as it is high, so on portrait pages a band stays free below the legend that no
    map of NRW's shape could use (A4 hoch: 76.8 % for the Gemeinden, 78.7 % for the
    Bezirke). The map is then as large as the page allows."""
    layout = _layout(views(level, indicator), page_id)
    share = _area(layout.map_rect) / _free_area(layout, _fonts(page_id))
    full_width = layout.map_rect[2] == pytest.approx(layout.page.width_in - 2 * layout.margin)
    assert share <= 1.0
    assert share >= MAP_SHARE or (not layout.page.landscape and full_width)


@pytest.mark.parametrize("page_id", [p for p, page in PAGE_FORMATS.items() if page.landscape])
def test_landscape_text_sits_beside_the_map(kreis_view, page_id):
    layout = _layout(kreis_view, page_id)
    map_right = layout.map_rect[0] + layout.map_rect[2]
    assert layout.legend_rect[0] > map_right and layout.footer_x > map_right
    assert layout.map_rect[1] == pytest.approx(layout.margin, abs=0.01)  # full height


@pytest.mark.parametrize("page_id", list(PAGE_FORMATS))
def test_label_and_legend_type_scale_with_the_page(kreis_view, page_id):
    snapshot = build_snapshot(kreis_view, SnapshotOptions(page=page_id), "svg")
    sizes = [label.get_fontsize() for label in snapshot.labels]
    assert sizes and min(sizes) >= LABEL_MIN_PT[page_id] - 0.01
    assert _layout(kreis_view, page_id).legend.size >= 8.0 * _fonts(page_id).scale - 0.01
    if page_id == "folie-16-9":
        px_per_pt = SLIDE_PX / PAGE_FORMATS[page_id].width_in / 72
        assert min(sizes) * px_per_pt >= MIN_SLIDE_PX
        assert _layout(kreis_view, page_id).legend.size * px_per_pt >= MIN_SLIDE_PX


@pytest.mark.parametrize("page_id", list(PAGE_FORMATS))
@pytest.mark.parametrize("level", ["rbz", "kreis"])
def test_labels_overlap_neither_each_other_nor_a_neighbour(views, page_id, level):
    snapshot = build_snapshot(views(level), SnapshotOptions(page=page_id), "svg")
    snapshot.figure.canvas.draw()  # places the white boxes drawn behind the names
    renderer = snapshot.figure.canvas.get_renderer()
    # the whole white box behind each name, not only its letters
    boxes = [label.get_bbox_patch().get_window_extent(renderer) for label in snapshot.labels]
    assert len(boxes) >= {"rbz": 5, "kreis": 20}[level]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    geometry = level_geometry(level)
    tree = shapely.STRtree(geometry.geometries)
    to_data = snapshot.map_ax.transData.inverted()
    for label in snapshot.labels:
        box = label.get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
        inset = min(x1 - x0, y1 - y0) * NEIGHBOUR_INSET
        shape = shapely.box(x0 + inset, y0 + inset, x1 - inset, y1 - inset)
        assert len(np.unique(tree.query(shape, predicate="intersects"))) <= 1


@pytest.mark.parametrize("indicator", ["ikz_count", "bivariate", "budget_hsk"])
def test_subtitle_never_repeats_the_title(atlas, indicator):
    view = build_view(atlas, ViewState(level="kreis", indicator=indicator))
    subtitle = credits.subtitle(view, None, view.title)
    assert view.indicator.label not in subtitle and "Ebene" not in subtitle
    own = credits.subtitle(view, None, "Meine Folie")
    assert view.indicator.label in own and "Ebene Kreise" in own


@pytest.mark.parametrize("page_id", PORTRAIT)
@pytest.mark.parametrize(
    ("level", "indicator"),
    [("kreis", "ikz_count"), ("kreis", "budget_hsk"), ("gemeinde", "budget_status")],
)
def test_portrait_legend_columns_are_balanced(views, page_id, level, indicator):
    """Two columns of class entries that differ by one entry at most (never 2 + 4)."""
    columns = _layout(views(level, indicator), page_id).legend.columns
    entries = [sum(item.kind == "entry" for item in column) for column in columns]
    assert len(entries) == 2 and abs(entries[0] - entries[1]) <= 1


def test_ausschnitt_fades_the_units_outside_and_counts_only_those_inside(atlas):
    view = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    snapshot = build_snapshot(view, SnapshotOptions(page="a4-quer", zoom="05562"), "svg")
    faces = snapshot.map_ax.collections[0].get_facecolors()
    geometry = level_geometry("gemeinde")
    (x0, x1), (y0, y1) = snapshot.map_ax.get_xlim(), snapshot.map_ax.get_ylim()
    drawn = [geometry.keys[i] for i in static._in_extent(geometry, (x0, y0, x1, y1))]
    alpha = dict(zip(drawn, faces[:, 3], strict=True))  # only units in the frame are drawn
    assert alpha["05562032"] == 1.0  # Recklinghausen, inside
    assert alpha["05513000"] < 0.5  # Gelsenkirchen, a neighbour outside
    assert alpha["05554040"] < 0.5  # Raesfeld (Kreis Borken), outside
    inside = [k for k in drawn if k.startswith("05562")]
    assert len(inside) == 10
    counts = [e.count for e in snapshot.legend.entries]
    assert sum(counts) == 10  # 4 fiktiv ausgeglichen, 4 HSK genehmigt, 2 HSK nicht genehmigt
    assert sum(e.count for e in view.legend.entries) == 396


@pytest.mark.parametrize("page_id", list(PAGE_FORMATS))
def test_attribution_is_never_cut(kreis_view, page_id):
    layout = _layout(kreis_view, page_id)
    text = " ".join(layout.footer_lines)
    assert "GeoNutzV (Daten verändert)" in text
    from ikzmap.export.text import text_width

    column = layout.page.width_in - layout.margin - layout.footer_x
    footer = _fonts(page_id).footer
    assert max(text_width(line, footer) for line in layout.footer_lines) <= column * 72 + 1
