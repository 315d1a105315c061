"""The map's folium plugin and spec without Streamlit: offline, escaping, one module."""

import json
import re

import pytest

from ikzmap import mapdata, mapspec, mapview
from ikzmap.legend import BivariateLegend, Legend, LegendEntry
from ikzmap.palettes import BIVARIATE_COLORS, text_color_on

UI_ELEMENT = mapview.WEB_DIR.parent / "ui" / "map_component.js"


@pytest.fixture(scope="module")
def kreis_collection(hierarchy):
    from geo import load_layer

    table = mapdata.unit_table(hierarchy, "kreis")
    return mapdata.feature_collection(load_layer("kreis"), table, ["label", "type"]), table


def _spec(table, collection, legend=None) -> dict:
    return {
        "level": "kreis",
        "title": "<b>t</b>",
        "summary": "s",
        "label": "<b>x</b>",
        "keyAlias": mapspec.KEY_ALIAS,
        "attribution": "© GeoBasis-DE / BKG 2016",
        "units": {key: ["#abcdef", 0, "<b>x</b>", "hochgeladen"] for key in table.index},
        "legend": mapspec.legend_spec(
            legend or Legend("Kreise", (LegendEntry("#fff", "<b>x</b>", 3),))
        ),
        "tiles": None,
        "geometry": {"data": mapview.geometry_collection(collection)},
    }


def _render(collection, table, legend=None):
    fmap = mapview.new_map()
    mapview.IkzMapLayer(_spec(table, collection, legend), {"selected": "05562"}).add_to(fmap)
    return fmap, fmap.get_root().render()


def test_map_loads_nothing_from_the_internet(kreis_collection):
    fmap, html = _render(*kreis_collection)
    assert not re.search(r'(src|href)="https?://', html)
    assert fmap.default_js == [] and fmap.default_css == []  # Leaflet comes separately
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)  # no file fetched at all


def test_the_page_runs_the_shared_module_with_the_spec_as_data(kreis_collection):
    _, html = _render(*kreis_collection)
    assert mapview.module_text().split("\n")[0] in html  # the module, inlined
    assert "IkzMap.attach(" in html and '"selected":"05562"' in html
    assert "GeoBasis-DE / BKG 2016" in html
    assert r"\u003cb\u003ex" in html  # the spec's texts: JSON data, never markup
    assert "<b>x" not in html


@pytest.mark.parametrize("path", [mapview.MODULE_FILE, UI_ELEMENT])
def test_no_code_is_evaluated_in_the_browser(path):
    """Works under a Content-Security-Policy without 'unsafe-eval'."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"new Function|\beval\(|setTimeout\(\s*[\"'`]", text)


@pytest.mark.parametrize("level", ["rbz", "kreis", "gemeinde"])
def test_the_shared_geometry_carries_the_hierarchys_names(hierarchy, level):
    """One collection per level and process serves app, HTML export and static atlas; its
    names and types are the hierarchy's (the app's unit table)."""
    from geo import load_layer

    shared = mapdata.level_collection(level)
    assert mapdata.level_collection(level) is shared  # built once
    table = mapdata.unit_table(hierarchy, level)
    assert shared == mapdata.feature_collection(load_layer(level), table, ["label", "type"])


def test_geometry_has_53_features_keyed_by_id(kreis_collection):
    collection, table = kreis_collection
    data = json.loads(mapview.geometry_json(collection))
    assert data == mapview.geometry_collection(collection)
    assert len(data["features"]) == 53
    assert {f["id"] for f in data["features"]} == set(table.index)
    assert all(set(f["properties"]) == {"label", "type"} for f in data["features"])
    names = {f["id"]: f["properties"]["label"] for f in data["features"]}
    assert names["05562"] == "Kreis Recklinghausen"


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b", "<img onerror=x>"])
def test_script_json_cannot_break_out_of_the_script_element(text):
    out = mapspec.script_json({"t": text})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"t": text}


def test_legend_spec_has_classes_status_entries_and_bivariate_grid():
    grid = BivariateLegend(
        BIVARIATE_COLORS,
        ((1, 2, 3), (4, 5, 6), (7, 8, 9)),
        "HSK-Anteil",
        "IKZ",
        ("niedrig", "mittel", "hoch"),
        ("wenig", "mittel", "viel"),
    )
    legend = Legend(
        "IKZ × Haushalt",
        (
            LegendEntry("#ffffff", "keine Daten", 2),
            LegendEntry("#d9d9d9", "nicht erhoben", 22, True),
        ),
        grid,
    )
    spec = mapspec.legend_spec(legend)
    assert [e["dashed"] for e in spec["entries"]] == [False, True]
    bivariate = spec["bivariate"]
    assert bivariate["colors"] == [list(row) for row in BIVARIATE_COLORS]
    assert bivariate["textColors"][2][2] == text_color_on(BIVARIATE_COLORS[2][2])
    assert bivariate["counts"][1] == [4, 5, 6] and bivariate["xLabel"] == "HSK-Anteil"
    assert json.loads(json.dumps(spec)) == spec  # plain JSON


def test_map_spec_takes_geometry_from_one_place(atlas):
    from ikzmap.view import build_view
    from ikzmap.viewstate import ViewState

    view = build_view(atlas, ViewState(level="kreis"))
    with pytest.raises(ValueError):
        mapspec.map_spec(view, "©")
    spec = mapspec.map_spec(view, "©", geometry_url="u.json", basemap=True)
    assert spec["tiles"] == mapspec.OSM_TILES
    assert mapspec.spec_id(spec) == mapspec.spec_id(json.loads(json.dumps(spec)))
    other = mapspec.map_spec(view, "©", geometry_url="v.json")
    assert mapspec.spec_id(other) != mapspec.spec_id(spec)


def test_the_home_key_comes_from_geo(kreis_view):
    """The module zooms home for the key the spec names: keys live in Python (geo) only,
    the module has no NRW key of its own."""
    from geo import NRW_KEY

    assert mapspec.map_spec(kreis_view, "©", geometry_url="u.json")["home_key"] == NRW_KEY
    module = mapview.module_text()
    assert '"05"' not in module and "'05'" not in module
    assert "key === this.map.ikzHomeKey" in module
