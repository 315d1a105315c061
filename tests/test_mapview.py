"""The folium layer without Streamlit: offline assets, escaping, map script, legend."""

import json
import re

import pytest

from ikzmap import mapdata, mapview
from ikzmap.legend import BivariateLegend, Legend, LegendEntry
from ikzmap.palettes import BIVARIATE_COLORS


@pytest.fixture(scope="module")
def kreis_collection(hierarchy):
    from geo import load_layer

    table = mapdata.unit_table(hierarchy, "kreis")
    return mapdata.feature_collection(load_layer("kreis"), table, ["label", "type"]), table


def _render(collection, table, legend=None):
    fmap = mapview.new_map("© GeoBasis-DE / BKG 2016")
    payload = {
        "label": "<b>x</b>",
        "fill": {key: "#abcdef" for key in table.index},
        "status": {key: 0 for key in table.index},
        "rows": {key: ["<b>x</b>", "hochgeladen"] for key in table.index},
    }
    mapview.add_choropleth(fmap, payload, geometry=mapview.geometry_json(collection))
    mapview.add_legend(fmap, legend or Legend("Kreise", (LegendEntry("#fff", "<b>x</b>", 3),)))
    return fmap, fmap.get_root().render()


def test_map_loads_nothing_from_the_internet(kreis_collection):
    fmap, html = _render(*kreis_collection)
    assert not re.search(r'(src|href)="https?://', html)
    assert fmap.default_js == [] and fmap.default_css == []  # Leaflet comes separately
    assert "d3" not in html.lower().split("<body>")[0]


def test_attribution_and_legend_on_the_map(kreis_collection):
    _, html = _render(*kreis_collection)
    assert "GeoBasis-DE / BKG 2016" in html
    assert r"\u0026lt;b\u0026gt;x" in html  # escaped, then JSON-encoded
    assert "<b>x" not in html


def test_geometry_has_53_features_keyed_by_id(kreis_collection):
    collection, table = kreis_collection
    data = json.loads(mapview.geometry_json(collection))
    assert len(data["features"]) == 53
    assert {f["id"] for f in data["features"]} == set(table.index)
    assert all(set(f["properties"]) == {"label", "type"} for f in data["features"])
    names = {f["id"]: f["properties"]["label"] for f in data["features"]}
    assert names["05562"] == "Kreis Recklinghausen"


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b", "<img onerror=x>"])
def test_script_json_cannot_break_out_of_the_script_element(text):
    out = mapview.script_json({"t": text})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"t": text}


def test_tooltip_html_escapes_labels_and_values():
    html = mapview.tooltip_html([("<i>Name</i>", "<script>x</script>"), ("Schlüssel", "05562")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.endswith("<tr><th>Schlüssel</th><td>05562</td></tr></table>")


def test_legend_html_has_classes_status_entries_and_bivariate_grid():
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
    html = mapview.legend_html(legend)
    assert html.count("<td ") == 9
    assert all(color in html for row in BIVARIATE_COLORS for color in row)
    assert "keine Daten" in html and "nicht erhoben" in html and "border-style: dashed" in html
    assert "#000000" not in html


def test_map_script_is_stable_and_reports_clicks_by_key():
    def script() -> mapview.MapScript:
        fmap = mapview.new_map("© GeoBasis-DE / BKG", basemap=True)
        payload = {"label": "x", "fill": {}, "status": {}, "rows": {}}
        mapview.add_choropleth(fmap, payload, geometry_url="app/static/geo/k-1.json")
        return mapview.map_script(fmap)

    first = script()
    assert first.element_id == "map_ikz"
    assert f"var {first.element_id} = L.map(" in first.script
    assert "<script" not in first.script and "<style" not in first.script
    assert '"app/static/geo/k-1.json"' in first.script
    assert '"ikzmap:select"' in first.script and "map.ikzLayer = layer" in first.script
    assert "window.Streamlit" not in first.script
    assert script() == first  # same names on every build: the browser keeps the map


def test_selection_group_outlines_without_interaction(kreis_collection):
    collection, _ = kreis_collection
    feature = mapdata.features_by_key(collection)["05562"]
    group = mapview.selection_group(feature)
    child = next(iter(group._children.values()))
    assert child.options["interactive"] is False
    assert mapview.selection_group(None)._children == {}
