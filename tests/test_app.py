"""Streamlit AppTest: the app runs, controls and URL state work, the panel follows the selection."""

import pytest
from streamlit.testing.v1 import AppTest

from geo import level_of
from ikzmap.ui import check_panel, table_panel
from tests.apptest import html_text, map_data, open_panel, run_app


@pytest.fixture
def app() -> AppTest:
    return run_app()


def _text(at: AppTest) -> str:
    parts = [s.value for s in at.subheader] + [m.value for m in at.markdown]
    parts += [c.value for c in at.caption] + [m.value for m in at.metric]
    text = " ".join(str(p) for p in parts).replace("\\", "")  # without Markdown escapes
    return text + " " + html_text(at)  # the detail panel's blocks


def test_app_starts_on_the_kreis_map_with_model_notice(app):
    assert app.title[0].value.startswith("Interkommunale Zusammenarbeit")
    assert app.radio(key="w_level").value == "kreis"
    assert app.selectbox(key="w_indicator").value == "ikz_count"
    assert any("modelliert" in w.value for w in app.warning)
    assert any("GeoBasis-DE / BKG" in c.value for c in app.caption)
    assert app.query_params["ebene"] == "kreis"


@pytest.mark.parametrize(
    ("level", "indicator"),
    [
        ("rbz", "ikz_count"),
        ("rbz", "budget_hsk"),
        ("kreis", "ikz_per_unit"),
        ("kreis", "bivariate"),
        ("kreis", "budget_balanced"),
        ("gemeinde", "budget_status"),
        ("gemeinde", "bivariate"),
    ],
)
def test_switch_level_and_indicator(app, level, indicator):
    app.radio(key="w_level").set_value(level).run()
    app.selectbox(key="w_indicator").set_value(indicator).run()
    assert not app.exception
    assert app.query_params["indikator"] == indicator
    assert app.query_params["ebene"] == level


def test_gemeinde_ikz_says_why_there_is_no_data(app):
    app.radio(key="w_level").set_value("gemeinde").run()
    assert app.selectbox(key="w_indicator").value == "ikz_count"
    assert any("keine IKZ-Zahlen" in i.value for i in app.info)


def test_default_data_show_their_comparison_with_the_report(app):
    """The budget findings of 1.3.2 are compared for the defaults, not only for uploads."""
    assert not app.success  # closed: not drawn
    open_panel(app, check_panel.DEFAULT_CHECK)
    app.toggle(key="all_findings_standard").set_value(True).run()
    assert any("Alle 20 Vergleiche stimmen" in s.value for s in app.success)
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")  # Markdown escapes
    assert "oberes Viertel (7 Kreise): 14,0 % in Haushaltssicherung" in shown
    assert "✓ stimmt" in shown
    assert "So entstehen die Standardwerte" in shown


def test_per_10k_needs_no_upload(app):
    app.selectbox(key="w_indicator").set_value("ikz_per_10k").run()
    assert not app.exception
    assert app.query_params["indikator"] == "ikz_per_10k"
    assert any("Zensus 2022" in c.value for c in app.caption)


def test_budget_notice_names_both_stichtage(app):
    app.selectbox(key="w_indicator").set_value("budget_hsk").run()
    assert any("31.12.2025" in w.value and "31.12.2024" in w.value for w in app.warning)


@pytest.mark.parametrize(
    ("key", "texts"),
    [
        ("05562", ["Kreis Recklinghausen", "453", "veröffentlicht", "Rang:", "1 von 31"]),
        ("05970", ["Kreis Siegen-Wittgenstein", "66", "31 von 31"]),
        (
            "05566",
            ["Kreis Steinfurt", "modelliert", "mit den veröffentlichten Zahlen vereinbar: 228–452"],
        ),
        ("05562", ["Einwohner: 618.350 (amtlich, Zensus 2022, Stichtag 15.05.2022)"]),
        ("05334", ["davon in erhobenen Kommunen"]),
        ("05554", ["Herkunft: modelliert; mit den veröffentlichten Zahlen vereinbar: 228–452"]),
        ("05111", ["Düsseldorf", "nicht erhoben", "kreisfreie Stadt"]),
        ("055", ["Regierungsbezirk Münster", "1.540 (veröffentlicht)", "1 von 5"]),
        ("05562032", ["Recklinghausen", "Im Kreis:", "Kreis Recklinghausen", "Überschuldung"]),
        ("05162012", ["Jüchen", "Segmentwechsel"]),
    ],
)
def test_detail_panel_for_selection(app, key, texts):
    app.radio(key="w_level").set_value(level_of(key))
    app.session_state["selected"] = key
    app.run()
    assert not app.exception
    shown = _text(app)
    for text in texts:
        assert text in shown


def test_url_round_trip_reproduces_the_view():
    query = {
        "ebene": "kreis",
        "indikator": "budget_hsk",
        "klassen": "fisher_jenks",
        "anzahl": "4",
        "palette": "Purples",
        "auswahl": "05562",
    }
    at = run_app(query)
    assert at.radio(key="w_level").value == "kreis"
    assert at.selectbox(key="w_indicator").value == "budget_hsk"
    assert at.selectbox(key="w_scheme").value == "fisher_jenks"
    assert at.slider(key="w_k").value == 4
    assert at.selectbox(key="w_palette").value == "Purples"
    assert "Kreis Recklinghausen" in _text(at)
    assert {k: at.query_params[k] for k in query} == query


def test_bad_url_values_fall_back_with_a_note():
    at = run_app({"ebene": "land", "anzahl": "99", "auswahl": "<script>"})
    assert at.radio(key="w_level").value == "kreis"
    assert at.slider(key="w_k").value == 5
    assert len(at.toast) == 3


def test_back_to_nrw_clears_the_selection(app):
    app.session_state["selected"] = "05562"
    app.run()
    app.button(key="reset").click().run()
    assert app.session_state["selected"] is None
    assert "auswahl" not in app.query_params


def test_search_selects_and_level_change_keeps_the_kreis(app):
    app.text_input(key="search").input("Siegen-Wittgenstein").run()
    assert app.session_state["selected"] == "05970"
    app.radio(key="w_level").set_value("rbz").run()
    assert app.session_state["selected"] == "059"


def test_table_has_the_map_values(app):
    app.toggle(key="show_table").set_value(True).run()
    frame = next(d.value for d in app.dataframe if len(d.value) == 53)
    assert frame.loc["05562", "IKZ-Aktivitäten (Anzahl)"] == 453


def test_the_table_downloads_are_made_when_their_popover_opens(app):
    def offered() -> list[str]:
        return [b.proto.label for b in app.get("download_button")]

    assert offered() == []  # closed: no file is made or sent
    open_panel(app, table_panel.DOWNLOADS)
    assert offered() == ["CSV (Excel, Semikolon)", "Excel (XLSX)"]


def test_search_as_people_type_jumps_across_levels(app):
    app.text_input(key="search").input("Dorsten").run()
    assert app.session_state["selected"] == "05562012"
    assert app.radio(key="w_level").value == "gemeinde"
    found = next(c.value for c in app.caption if c.value.startswith("Treffer für „Dorsten“"))
    assert "Kreis Recklinghausen" in found  # said in its Kreis, and the map zooms there
    assert map_data(app)["zoom"]["key"] == "05562"


def test_search_without_hit_says_so_and_offers_the_closest_names(app):
    app.text_input(key="search").input("Gelsenkirchenxyzabc").run()
    assert app.session_state["selected"] is None
    assert any("Keine Treffer für „Gelsenkirchenxyzabc“" in w.value for w in app.warning)
    app.button(key="search_near_05513").click().run()
    assert app.session_state["selected"] == "05513"


def test_search_offers_the_other_hits(app):
    app.text_input(key="search").input("Gutersloh").run()
    assert app.session_state["selected"] == "05754"
    app.button(key="search_hit_05754008").click().run()
    assert app.session_state["selected"] == "05754008"
    assert app.radio(key="w_level").value == "gemeinde"
