"""The map's centre and zoom in a link (``zoom``, ``mitte``): parsing, bounds, round trip,
and what the app hands the map element for them."""

import json

import pytest

from geo import NRW_BOUNDS
from ikzmap.viewstate import (
    ZOOM_RANGE,
    Camera,
    ViewState,
    camera_from_query,
    from_query,
    parse_center,
    parse_zoom,
)
from tests.apptest import run_app


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9", 9.0),
        ("7.25", 7.25),
        ("8.123456", 8.12),
        (str(ZOOM_RANGE[0]), ZOOM_RANGE[0]),
        (str(ZOOM_RANGE[1]), ZOOM_RANGE[1]),
        ("4.99", None),
        ("18.5", None),
        ("nan", None),
        ("inf", None),
        ("-inf", None),
        ("9,5", None),
        ("", None),
        ("1" * 10_000, None),
        ("0" * 40 + "9", None),  # a long text is not parsed at all
    ],
)
def test_zoom_is_a_number_in_range(text, expected):
    assert parse_zoom(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("51.5,7.3", (51.5, 7.3)),
        ("51.123456,7.654321", (51.1235, 7.6543)),
        (" 51.5 , 7.3 ", (51.5, 7.3)),
        ("48.1,11.6", None),  # Munich: not in NRW
        ("51.5", None),
        ("51.5,7.3,1", None),
        ("7.3,51.5", None),  # swapped
        ("nan,7.3", None),
        ("51.5,inf", None),
        ("a,b", None),
        ("51.5;7.3", None),
    ],
)
def test_centre_is_a_position_in_nrw(text, expected):
    assert parse_center(text) == expected


def test_bounds_are_nrw():
    (south, west), (north, east) = NRW_BOUNDS
    assert parse_center(f"{south},{west}") == (south, west)
    assert parse_center(f"{north},{east}") == (north, east)
    assert parse_center(f"{south - 0.01},{west}") is None


def test_link_round_trip_keeps_the_camera():
    state, notes = from_query({"zoom": "9.25", "mitte": "51.5,7.3"}, {}, set())
    assert notes == [] and state.camera == Camera((51.5, 7.3), 9.25)
    query = state.to_query()
    assert query["zoom"] == "9.25" and query["mitte"] == "51.5000,7.3000"
    again, _ = from_query(query, {}, set())
    assert again == state


def test_each_part_counts_alone_and_bad_parts_get_a_german_note():
    assert camera_from_query({"zoom": "10"}) == (Camera(None, 10.0), [])
    assert camera_from_query({"mitte": "51,7"}) == (Camera((51.0, 7.0), None), [])
    camera, notes = camera_from_query({"zoom": "hoch", "mitte": "51,7"})
    assert camera == Camera((51.0, 7.0), None)
    assert notes == ["Link-Parameter „zoom=hoch“ ist ungültig und wurde ignoriert."]
    camera, notes = camera_from_query({"zoom": "x" * 500})
    assert camera is None and len(notes[0]) < 120  # a long value is cut in the note


def test_the_url_the_map_wrote_is_checked_like_a_link():
    assert camera_from_query({}) == (None, [])
    assert camera_from_query({"zoom": 9, "mitte": ["51", "7"]})[0] is None  # not text
    assert camera_from_query({"zoom": "9", "mitte": "51.5,7.3", "other": "x"})[0] == Camera(
        (51.5, 7.3), 9.0
    )


def test_the_camera_is_not_part_of_the_map_s_content():
    """Widgets never set it, so views and scripts stay cached when the map is panned."""
    assert ViewState().camera is None
    assert "zoom" not in ViewState().to_query()


def _map_data(at) -> dict:
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "ikzmap.map"]
    return json.loads(element.proto.json)


def test_a_link_s_camera_reaches_the_map_and_stays_in_the_url():
    at = run_app(query={"ebene": "kreis", "zoom": "9.5", "mitte": "51.5,7.3"})
    assert _map_data(at)["camera"] == {"lat": 51.5, "lon": 7.3, "zoom": 9.5}
    assert at.query_params["zoom"] == "9.5" and at.query_params["mitte"] == "51.5000,7.3000"
    assert not at.toast


def test_a_bad_camera_in_a_link_is_named_and_left_out():
    at = run_app(query={"zoom": "999", "mitte": "48.1,11.6"})
    assert _map_data(at)["camera"] is None
    toasts = " ".join(t.value for t in at.toast).replace("\\", "")  # Markdown-escaped
    assert "„zoom=999“ ist ungültig" in toasts and "„mitte=48.1,11.6“ ist ungültig" in toasts
    assert "zoom" not in at.query_params and "mitte" not in at.query_params
