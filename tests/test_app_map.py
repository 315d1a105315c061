"""AppTest: what the app hands the map element (``ikzmap/ui/map_component.js``) per run."""

import json

import pytest

from ikzmap import assets
from tests.apptest import run_app


def map_data(at) -> dict:
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "ikzmap.map"]
    assert element.proto.component_name == "ikzmap.map"
    return json.loads(element.proto.json)


@pytest.fixture
def app():
    return run_app()


def test_map_starts_offline_on_the_kreis_layer(app):
    data = map_data(app)
    assert data["level"] == "kreis" and data["selected"] is None and data["zoom"] is None
    assert data["title"] == "IKZ-Aktivitäten (Anzahl) – Kreise"
    assert data["leaflet"] == {"js": assets.asset_urls("js"), "css": assets.asset_urls("css")}
    geometry = assets.STATIC_DIR / data["geometry_url"].removeprefix(assets.STATIC_URL + "/")
    assert geometry.is_file() and len(json.loads(geometry.read_text())["features"]) == 53
    assert f"var {data['element_id']} = L.map(" in data["script"]
    assert data["geometry_url"] in data["script"]
    assert "openstreetmap" not in data["script"].lower()  # no tile server by default


def test_same_view_sends_the_same_script(app):
    before = map_data(app)["script"]
    app.session_state["selected"] = "05562"
    app.run()
    data = map_data(app)
    assert data["script"] == before  # the browser keeps the drawn map
    assert data["selected"] == "05562" and data["zoom"] is None


def test_search_sends_one_zoom_request_each_time(app):
    app.selectbox(key="search").set_value("05970").run()
    assert map_data(app)["zoom"] == {"seq": 1, "key": "05970"}
    assert map_data(app)["selected"] == "05970"
    app.run()
    assert map_data(app)["zoom"] is None  # a later run does not zoom again
    app.selectbox(key="search").set_value("05562").run()
    assert map_data(app)["zoom"] == {"seq": 2, "key": "05562"}


def test_back_to_nrw_zooms_out(app):
    app.session_state["selected"] = "05562"
    app.run()
    app.button(key="reset").click().run()
    data = map_data(app)
    assert data["selected"] is None and data["zoom"]["key"] == "05"


@pytest.mark.parametrize(("level", "features"), [("rbz", 5), ("gemeinde", 396)])
def test_level_change_sends_that_layer(app, level, features):
    kreis_script = map_data(app)["script"]
    app.radio(key="w_level").set_value(level).run()
    data = map_data(app)
    assert data["level"] == level and data["script"] != kreis_script
    geometry = assets.STATIC_DIR / data["geometry_url"].removeprefix(assets.STATIC_URL + "/")
    assert len(json.loads(geometry.read_text())["features"]) == features


def test_basemap_toggle_adds_the_tile_layer(app):
    app.toggle(key="basemap").set_value(True).run()
    assert "tile.openstreetmap.org" in map_data(app)["script"]
