"""AppTest walk through "Klassen und Farben": every level, indicator, scheme, number of classes
and palette draws a map whose legend says something; bad manual breaks (typed or in a link)
get a German message at the control while the last usable map stays drawn."""

from __future__ import annotations

import json
import re
from itertools import cycle
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import LEVELS
from ikzmap.indicators import CATEGORICAL, INDICATORS
from ikzmap.palettes import MAX_CLASSES, MIN_CLASSES, PALETTES
from ikzmap.upload import read_upload
from tests import test_hostile_data as hostile
from tests.apptest import run_app
from tests.test_hostile_app import assert_inert, markdown_sources

UPLOADS = Path(__file__).resolve().parent / "data" / "uploads"
AUTOMATIC = ("quantiles", "equal_interval", "fisher_jenks")
STATUS_LABELS = {"keine Daten", "nicht erhoben"}
MODEL_NOTICE_KREIS = "Die Werte je Kreis sind modelliert"


def map_data(at: AppTest) -> dict:
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "ikzmap.map"]
    return json.loads(element.proto.json)


def legend(at: AppTest) -> tuple[list[tuple[str, int | None]], str | None]:
    """(label, count) of every legend row and the legend note, from the map's spec."""
    spec = map_data(at)["spec"]["legend"]
    return [(e["label"], e["count"]) for e in spec["entries"]], spec["note"]


def legend_classes(at: AppTest) -> list[tuple[str, int | None]]:
    return [(label, n) for label, n in legend(at)[0] if label not in STATUS_LABELS]


def equal_bounds(label: str) -> bool:
    """ "0,0 % – 0,0 %", "über 4 – 4": a range whose two ends read the same."""
    parts = re.sub(r"^(über|bis) ", "", label).split(" – ")
    return len(parts) == 2 and parts[0] == parts[1]


def notices(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def assert_map_says_something(
    at: AppTest, level: str, indicator: str, k: int | None, modelled: bool = True
) -> None:
    assert not at.exception, at.exception
    classes, note = legend_classes(at), legend(at)[1]
    for label, n in classes:
        assert not equal_bounds(label), (level, indicator, k, label)
        if INDICATORS[indicator].kind != CATEGORICAL:
            assert n is None or n > 0, (level, indicator, k, label)  # empty classes merged
    if k is not None and classes and len(classes) < k:
        assert note and note.startswith(f"{len(classes)} statt {k} Klassen"), (classes, note)
    assert_notice_matches_level(at, level, indicator, modelled)


def assert_notice_matches_level(at: AppTest, level: str, indicator: str, modelled: bool) -> None:
    shown = notices(at)
    ikz = modelled and (indicator.startswith("ikz") or indicator == "bivariate")
    if level == "kreis" and ikz:
        assert MODEL_NOTICE_KREIS in shown
    else:
        assert MODEL_NOTICE_KREIS not in shown, (level, indicator)
    if level == "rbz" and ikz:
        # counts are published; ratios of them are computed (issue #18, 3b)
        assert (
            "Veröffentlicht sind die Werte für Regierungsbezirk Düsseldorf" in shown
            or "Aus veröffentlichten Zahlen berechnet sind die Werte für Regierungsbezirk "
            "Düsseldorf"
            in shown
        )
    if level == "kreis" and indicator.startswith("budget_"):
        assert "22 kreisfreien Städte sind je eine Gemeinde" in shown


@pytest.mark.parametrize("level", LEVELS)
def test_every_class_option_draws_a_legend_that_says_something(level):
    at = run_app({"ebene": level})
    palettes = cycle(PALETTES)
    offered = [i for i in INDICATORS.values() if level in i.levels]
    for indicator in offered:
        at.selectbox(key="w_indicator").set_value(indicator.id).run()
        assert_map_says_something(at, level, indicator.id, None)
        if indicator.kind != "numeric" or not legend_classes(at):
            continue  # fixed classes (controls disabled), or no values to classify
        for scheme in AUTOMATIC:
            at.selectbox(key="w_scheme").set_value(scheme)
            for k in range(MIN_CLASSES, MAX_CLASSES + 1):
                at.slider(key="w_k").set_value(k)
                at.selectbox(key="w_palette").set_value(next(palettes)).run()
                assert_map_says_something(at, level, indicator.id, k)
                assert at.query_params["klassen"] == scheme
                assert at.query_params["anzahl"] == str(k)


@pytest.mark.parametrize("level", LEVELS)
def test_classes_of_an_activity_upload_say_something(hierarchy, level):
    """Few small counts with ties: no "4 – 4", no empty "10 – 10 (0)"."""
    result = read_upload((UPLOADS / "aktivitaeten.csv").read_bytes(), "a.csv", hierarchy)
    at = run_app({"ebene": level}, {"upload_result": result, "use_upload": True})
    for scheme in AUTOMATIC:
        at.selectbox(key="w_scheme").set_value(scheme)
        for k in (MIN_CLASSES, 5, MAX_CLASSES):
            at.slider(key="w_k").set_value(k).run()
            assert_map_says_something(at, level, "ikz_count", k, modelled=False)
            assert legend(at)[0]  # the uploaded counts are drawn


BAD_TEXT = ["", "abc", "inf", "1e308", "1 2 3 4 5 6 7 8", "150, 200", "1.000.5", "1 " * 150]


def control_messages(at: AppTest) -> list[str]:
    """Messages in the sidebar's "Klassen und Farben" expander (Markdown escapes removed)."""
    (box,) = [e for e in at.sidebar.expander if e.label == "Klassen und Farben"]
    return [m.value.replace("\\", "") for m in (*box.error, *box.info)]


def test_bad_breaks_get_a_message_at_the_control_and_keep_the_last_map():
    at = run_app({"ebene": "kreis", "indikator": "ikz_count"})
    quantile_map, quantile_query = map_data(at)["spec_id"], dict(at.query_params)
    at.selectbox(key="w_scheme").set_value("manual").run()
    assert not at.exception
    assert control_messages(at) == [
        "Bitte Klassengrenzen eingeben. Die Karte zeigt weiter die zuletzt gültige Einteilung."
    ]
    assert map_data(at)["spec_id"] == quantile_map
    assert dict(at.query_params) == quantile_query
    for text in BAD_TEXT:
        at.text_input(key="w_breaks").set_value(text).run()
        assert not at.exception, (text, at.exception)
        (message,) = control_messages(at)
        assert "zuletzt gültige Einteilung" in message
        assert map_data(at)["spec_id"] == quantile_map, text
        assert dict(at.query_params) == quantile_query

    at.text_input(key="w_breaks").set_value("10,5 15,5").run()
    assert at.query_params["grenzen"] == "10.5,15.5"
    assert "Gelesen: 10,5 · 15,5" in [c.value.replace("\\", "") for c in at.sidebar.caption]
    manual_map = map_data(at)["spec_id"]
    for text in BAD_TEXT:  # now the manual map is the one that stays
        at.text_input(key="w_breaks").set_value(text).run()
        assert map_data(at)["spec_id"] == manual_map, text
        assert at.query_params["grenzen"] == "10.5,15.5"


def test_thousands_separator_and_percent_are_read_as_a_german_user_means():
    at = run_app({"ebene": "kreis", "indikator": "ikz_count", "klassen": "manual"})
    at.text_input(key="w_breaks").set_value("150 1.000").run()
    assert at.query_params["grenzen"] == "150,1000"
    captions = [c.value.replace("\\", "") for c in at.sidebar.caption]
    assert "Gelesen: 150 · 1.000" in captions
    assert any("„1.000“ gelesen als 1000" in c for c in captions)
    assert [label for label, _ in legend(at)[0]] == ["66 – 150", "151 – 1.000", "nicht erhoben"]

    at.selectbox(key="w_indicator").set_value("budget_hsk")
    at.text_input(key="w_breaks").set_value("10,5 50 %").run()
    assert "Gelesen: 10,5 % · 50 %" in [c.value.replace("\\", "") for c in at.sidebar.caption]
    assert [label for label, _ in legend(at)[0]] == [
        "0,0 % – 10,5 %",
        "über 10,5 % – 50 %",
        "über 50 % – 100,0 %",
    ]


@pytest.mark.parametrize(
    "grenzen",
    ["abc", "inf", "1e308", "1,2,3,4,5,6,7,8,9", "10.5%2C15.5", ""],
)
def test_bad_breaks_in_a_link_are_named_at_the_control(grenzen):
    at = run_app({"klassen": "manual", "grenzen": grenzen})
    assert any("grenzen=" in t.value.replace("\\", "") for t in at.toast)
    (message,) = control_messages(at)
    assert "zuletzt gültige Einteilung" in message
    assert len(legend_classes(at)) == 5  # the default classes are drawn
    assert at.query_params["klassen"] == "quantiles" and "grenzen" not in at.query_params


def test_share_link_with_decimal_breaks_round_trips():
    at = run_app({"ebene": "kreis", "klassen": "manual"})
    at.text_input(key="w_breaks").set_value("150,25 199.75 1.000,5").run()
    link = dict(at.query_params)
    assert link["grenzen"] == "150.25,199.75,1000.5"
    again = run_app(link)
    assert again.text_input(key="w_breaks").value == "150,25 199,75 1000,5"
    assert not control_messages(again)
    assert dict(again.query_params) == link
    assert map_data(again)["spec_id"] == map_data(at)["spec_id"]


@pytest.mark.parametrize("payload", hostile.MARKUP)
def test_hostile_breaks_are_named_as_inert_text(payload):
    at = run_app({"klassen": "manual", "grenzen": payload})
    assert control_messages(at)  # the control names the input ...
    assert_inert(markdown_sources(at))  # ... as text, no markup acts
    at.text_input(key="w_breaks").set_value(payload[:200]).run()
    assert not at.exception and control_messages(at)
    assert_inert(markdown_sources(at))
