"""The folium layer without Streamlit: offline assets, escaping, click key, legend."""

import re

import pytest

from ikzmap import assets, mapdata, mapview

FIELDS = [
    mapview.TooltipField("label", "Name"),
    mapview.TooltipField("ags", mapview.KEY_ALIAS),
]


@pytest.fixture(scope="module")
def kreis_collection(hierarchy):
    from geo import load_layer

    table = mapdata.unit_table(hierarchy, "kreis")
    return mapdata.feature_collection(
        load_layer("kreis"), table, ["label", "type", "erhebung"]
    ), table


def _render(collection, table):
    fmap = mapview.new_map("© GeoBasis-DE / BKG 2016")
    mapview.add_choropleth(fmap, collection, mapdata.survey_styles(table), FIELDS, "Kreise")
    mapview.add_legend(fmap, "Kreise", [mapview.LegendEntry("#fff", "<b>x</b>", 3)])
    return fmap, fmap.get_root().render()


def test_map_loads_nothing_from_the_internet(kreis_collection):
    fmap, html = _render(*kreis_collection)
    assert not re.search(r'(src|href)="https?://', html)
    for _, url in [*fmap.default_js, *fmap.default_css]:
        assert url.startswith(assets.COMPONENT_TO_STATIC)
    assert "d3" not in html.lower().split("<body>")[0]


def test_attribution_and_legend_on_the_map(kreis_collection):
    _, html = _render(*kreis_collection)
    assert "GeoBasis-DE / BKG 2016" in html
    assert r"\u0026lt;b\u0026gt;x" in html  # escaped, then JSON-encoded
    assert "<b>x" not in html


def test_all_53_kreis_features_with_keys(kreis_collection):
    collection, table = kreis_collection
    assert len(collection["features"]) == 53
    assert {f["id"] for f in collection["features"]} == set(table.index)
    erhebung = {f["id"]: f["properties"]["erhebung"] for f in collection["features"]}
    assert erhebung["05111"] == "nicht erhoben"
    assert erhebung["05562"] == "erhoben"


def test_not_surveyed_units_are_drawn_distinct(kreis_collection):
    _, table = kreis_collection
    styles = mapdata.survey_styles(table)
    assert styles["05111"]["fillColor"] == mapdata.NOT_SURVEYED_FILL
    assert styles["05562"]["fillColor"] != mapdata.NOT_SURVEYED_FILL


def test_tooltip_properties_are_escaped():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ags": "05562", "label": "<script>x</script>"},
                "geometry": None,
            }
        ],
    }
    out = mapview.escape_properties(collection, ["label", "ags"])
    assert out["features"][0]["properties"]["label"] == "&lt;script&gt;x&lt;/script&gt;"
    assert collection["features"][0]["properties"]["label"] == "<script>x</script>"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Name\tKreis Recklinghausen\nSchlüssel\t05562", "05562"),
        ("Name Hennef (Sieg) Schlüssel: 05382020", "05382020"),
        ("Name Münster Schlüssel 055", "055"),
        ("", None),
        (None, None),
        ("Name 05562", None),
    ],
)
def test_key_from_tooltip(text, key):
    assert mapview.key_from_tooltip(text) == key
