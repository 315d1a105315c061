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


def _layout(view, page_id: str) -> Layout:
    page = PAGE_FORMATS[page_id]
    fonts = Fonts(page.font_scale or min(page.width_in, page.height_in) / A4_SHORT_IN)
    bounds, _margin = static._map_bounds(view, None)
    subtitle = credits.subtitle(view, None)
    sources = credits.source_lines(view)
    return Layout.compute(page, fonts, view, view.title, subtitle, sources, static._aspect(bounds))


def _area(rect) -> float:
    return rect[2] * rect[3]


@pytest.fixture(scope="module")
def kreis_view(atlas):
    return build_view(atlas, ViewState(level="kreis"))


@pytest.mark.parametrize("page_id", list(PAGE_FORMATS))
def test_map_uses_at_least_80_percent_of_the_area_left(kreis_view, page_id):
    """Area left = the page inside the margins, minus the title block, minus the legend and
    the sources: below the map on portrait pages, the side column on landscape pages."""
    layout = _layout(kreis_view, page_id)
    page = layout.page
    _x, y, _w, h = layout.map_rect
    top = y + h
    inner_w = page.width_in - 2 * layout.margin
    if page.landscape:
        left = (layout.legend_rect[0] - layout.margin) * (top - layout.margin)
    else:
        legend_top = layout.legend_rect[1] + layout.legend_rect[3]
        left = inner_w * (top - legend_top)
    assert _area(layout.map_rect) / left >= 0.8


@pytest.mark.parametrize("page_id", ["a4-quer", "a3-quer", "folie-16-9"])
def test_landscape_text_sits_beside_the_map(kreis_view, page_id):
    layout = _layout(kreis_view, page_id)
    map_right = layout.map_rect[0] + layout.map_rect[2]
    assert layout.legend_rect[0] > map_right and layout.footer_x > map_right
    assert layout.map_rect[1] == pytest.approx(layout.margin, abs=0.01)  # full height


@pytest.mark.parametrize(
    ("page_id", "minimum_pt"),
    [("a4-quer", 5.4), ("a4-hoch", 5.4), ("a3-quer", 7.6), ("a3-hoch", 7.6), ("folie-16-9", 7.0)],
)
def test_label_and_legend_type_scale_with_the_page(kreis_view, page_id, minimum_pt):
    snapshot = build_snapshot(kreis_view, SnapshotOptions(page=page_id), "svg")
    sizes = [label.get_fontsize() for label in snapshot.labels]
    assert sizes and min(sizes) >= minimum_pt - 0.01
    if page_id == "folie-16-9":  # 13.33 in at 1920 px: 144 px per inch
        assert min(sizes) / 72 * SLIDE_PX / PAGE_FORMATS[page_id].width_in >= 14
        assert _layout(kreis_view, page_id).legend.size / 72 * 144 >= 14


@pytest.mark.parametrize("page_id", ["a4-quer", "a4-hoch", "folie-16-9"])
@pytest.mark.parametrize("level", ["rbz", "kreis"])
def test_labels_overlap_neither_each_other_nor_a_neighbour(atlas, page_id, level):
    view = build_view(atlas, ViewState(level=level))
    snapshot = build_snapshot(view, SnapshotOptions(page=page_id), "svg")
    renderer = snapshot.figure.canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in snapshot.labels]
    assert len(boxes) >= {"rbz": 5, "kreis": 20}[level]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    geometry = level_geometry(level)
    tree = shapely.STRtree(geometry.geometries)
    to_data = snapshot.map_ax.transData.inverted()
    for box in boxes:
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


@pytest.mark.parametrize("page_id", ["a3-hoch", "a4-hoch"])
def test_portrait_legend_columns_are_balanced(kreis_view, page_id):
    columns = _layout(kreis_view, page_id).legend.columns
    entries = [sum(item.kind == "entry" for item in column) for column in columns]
    assert len(entries) == 2 and abs(entries[0] - entries[1]) <= 1


def test_ausschnitt_fades_the_units_outside_and_counts_only_those_inside(atlas):
    view = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    snapshot = build_snapshot(view, SnapshotOptions(page="a4-quer", zoom="05562"), "svg")
    faces = snapshot.map_ax.collections[0].get_facecolors()
    geometry = level_geometry("gemeinde")
    extent = (*snapshot.map_ax.get_xlim(), *snapshot.map_ax.get_ylim())
    drawn = static._in_extent(geometry, (extent[0], extent[2], extent[1], extent[3]))
    keys = geometry.keys
    alpha = dict(zip([keys[i] for i in drawn], faces[:, 3], strict=True))
    assert alpha["05562032"] == 1.0  # Recklinghausen, inside
    assert alpha["05513000"] < 0.5  # Gelsenkirchen, a neighbour outside
    assert len(drawn) < len(keys)  # shapes outside the frame are left out of the file
    inside = [k for k in keys if k.startswith("05562")]
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
    fonts = Fonts(
        layout.page.font_scale or min(layout.page.width_in, layout.page.height_in) / A4_SHORT_IN
    )
    assert max(text_width(line, fonts.footer) for line in layout.footer_lines) <= column * 72 + 1
