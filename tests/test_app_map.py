"""AppTest: what the app hands the map element (``ikzmap/ui/map_component.js``) per run."""

import json
from pathlib import Path

import pytest

from ikzmap import assets, mapview
from tests.apptest import map_data, run_app


@pytest.fixture
def app():
    return run_app()


def _static_file(url: str) -> Path:
    return assets.STATIC_DIR / url.removeprefix(assets.STATIC_URL + "/")


def test_map_starts_offline_on_the_kreis_layer(app):
    data = map_data(app)
    spec = data["spec"]
    assert spec["level"] == "kreis" and data["selected"] is None and data["zoom"] is None
    assert spec["title"] == "IKZ-Aktivitäten (Anzahl) – Kreise"
    assert data["styles"] == assets.asset_urls("css")
    *leaflet, module = data["scripts"]
    assert leaflet == assets.asset_urls("js")  # Leaflet first, then the shared module
    assert _static_file(module).read_text(encoding="utf-8") == mapview.module_text()
    geometry = _static_file(spec["geometry"]["url"])
    assert geometry.is_file() and len(json.loads(geometry.read_text())["features"]) == 53
    assert len(spec["units"]) == 53 and spec["tiles"] is None  # no tile server by default
    assert "GeoBasis-DE" in spec["attribution"]


def test_same_view_sends_the_same_spec(app):
    before = map_data(app)["spec_id"]
    app.session_state["selected"] = "05562"
    app.run()
    data = map_data(app)
    assert data["spec_id"] == before  # the browser keeps the drawn map
    assert data["selected"] == "05562" and data["zoom"] is None


def test_search_sends_one_zoom_request_each_time(app):
    app.text_input(key="search").input("Siegen-Wittgenstein").run()
    assert map_data(app)["zoom"] == {"seq": 1, "key": "05970"}
    assert map_data(app)["selected"] == "05970"
    app.run()
    assert map_data(app)["zoom"] is None  # a later run does not zoom again
    app.text_input(key="search").input("Recklinghausen").run()
    assert map_data(app)["zoom"] == {"seq": 2, "key": "05562"}


def test_back_to_nrw_zooms_out(app):
    app.session_state["selected"] = "05562"
    app.run()
    app.button(key="reset").click().run()
    data = map_data(app)
    assert data["selected"] is None and data["zoom"]["key"] == "05"


@pytest.mark.parametrize(("level", "features"), [("rbz", 5), ("gemeinde", 396)])
def test_level_change_sends_that_layer(app, level, features):
    kreis_spec = map_data(app)["spec_id"]
    app.radio(key="w_level").set_value(level).run()
    data = map_data(app)
    assert data["spec"]["level"] == level and data["spec_id"] != kreis_spec
    geometry = _static_file(data["spec"]["geometry"]["url"])
    assert len(json.loads(geometry.read_text())["features"]) == features
    assert len(data["spec"]["units"]) == features


def test_basemap_toggle_adds_the_tile_layer(app):
    app.toggle(key="basemap").set_value(True).run()
    assert "tile.openstreetmap.org" in map_data(app)["spec"]["tiles"]["url"]
