"""AppTest of the activity filters (issue 16): sidebar multiselects, link, map, table,
detail panel with charts and partners, consistency check."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikzmap.ui.filter_panel import WIDGETS
from ikzmap.upload import read_upload
from tests.apptest import html_text, map_data, run_app

UPLOADS = Path(__file__).resolve().parent / "data" / "uploads"
CASTROP = "05562004"


@pytest.fixture(scope="module")
def activities(hierarchy):
    data = (UPLOADS / "aktivitaeten_partner.csv").read_bytes()
    return read_upload(data, "aktivitaeten_partner.csv", hierarchy)


def _app(result, query: dict | None = None):
    return run_app(query, {"upload_result": result, "use_upload": True})


def _param(at, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [html_text(at)]
    return "\n".join(parts).replace("\\", "").replace("**", "")


def _filters(at) -> set[str]:
    return {m.key for m in at.sidebar.multiselect} & set(WIDGETS.values())


def _level_table(at, rows: int):
    at.toggle(key="show_table").set_value(True).run()
    return next(d.value for d in at.dataframe if len(d.value) == rows)


def _legend_labels(at) -> list[str]:
    entries = map_data(at)["spec"]["legend"]["entries"]
    return [e["label"] for e in entries if e["label"] not in ("keine Daten", "nicht erhoben")]


def test_filters_appear_only_for_an_activity_list(activities, hierarchy):
    assert _filters(run_app()) == set()
    assert _filters(_app(activities)) == set(WIDGETS.values())
    data = b"AGS;Aufgabenfeld\n05562004;Archiv\n05562008;EDV\n"
    only_fields = _app(read_upload(data, "a.csv", hierarchy))
    assert _filters(only_fields) == {WIDGETS["aufgabenfeld"]}
    counts = (UPLOADS / "gemeinden_cp1252_semikolon.csv").read_bytes()
    assert _filters(_app(read_upload(counts, "g.csv", hierarchy))) == set()


def test_choosing_a_task_field_filters_map_table_link_and_check(activities):
    assert _legend_labels(_app(activities, {"ebene": "kreis"}))[-1].endswith("26")
    at = _app(activities, {"ebene": "gemeinde"})
    assert at.multiselect(key=WIDGETS["status"]).value == ["umgesetzt"]
    field = at.multiselect(key=WIDGETS["aufgabenfeld"])
    labels = field.options  # as shown: the category and its number of rows
    assert labels[0] == "IT, E-Government (14)"
    assert "Sicherheit und Ordnung (2)" in labels and "ohne Angabe (1)" in labels
    field.set_value(["it-e-government"]).run()
    assert not at.exception
    assert _param(at, "aufgabenfeld") == "it-e-government"
    assert _param(at, "status") is None  # the default is not written
    text = _texts(at)
    assert "Gefiltert: nur Aufgabenfeld IT, E-Government, umgesetzt." in text
    assert "Geprüft wird die Auswahl: nur Aufgabenfeld IT, E-Government, umgesetzt" in text
    frame = _level_table(at, 396)
    assert frame.loc[CASTROP, "IKZ-Aktivitäten (Anzahl)"] == 2
    assert frame.loc[CASTROP, "Herkunft"] == "hochgeladen"
    assert any("nur Aufgabenfeld IT" in c.value.replace("\\", "") for c in at.caption)
    at.radio(key="w_level").set_value("kreis").run()
    frame = _level_table(at, 53)
    assert frame.loc["05562", "IKZ-Aktivitäten (Anzahl)"] == 11
    assert _legend_labels(at)[-1].endswith("11")  # the classes follow the filter
    at.multiselect(key=WIDGETS["status"]).set_value(["geplant"]).run()
    assert _param(at, "status") == "geplant"
    assert _level_table(at, 53).loc["05562", "IKZ-Aktivitäten (Anzahl)"] == 1


def test_a_link_restores_the_filter_and_drops_unknown_values(activities):
    query = {
        "ebene": "kreis",
        "aufgabenfeld": "archiv,unsinn",
        "status": "geplant,rueckabgewickelt",
    }
    at = _app(activities, query)
    toasts = " ".join(t.value for t in at.toast).replace("\\", "")
    assert "Link-Parameter „aufgabenfeld“: unbekannter Wert „unsinn“ wurde ignoriert" in toasts
    assert at.multiselect(key=WIDGETS["aufgabenfeld"]).value == ["archiv"]
    assert at.multiselect(key=WIDGETS["status"]).value == ["geplant", "rueckabgewickelt"]
    assert _param(at, "aufgabenfeld") == "archiv"
    assert _param(at, "status") == "geplant,rueckabgewickelt"
    assert _level_table(at, 53).loc["05562", "IKZ-Aktivitäten (Anzahl)"] == 1  # Castrop's Archiv


def test_filter_parameters_without_an_activity_list_are_reported():
    at = run_app({"aufgabenfeld": "archiv"})
    toasts = " ".join(t.value for t in at.toast).replace("\\", "")
    assert "Link-Parameter „aufgabenfeld“ wurde ignoriert" in toasts
    assert _param(at, "aufgabenfeld") is None


def test_detail_panel_shows_charts_and_partners_and_the_map_marks_them(activities):
    at = _app(activities, {"ebene": "gemeinde", "auswahl": CASTROP})
    text = _texts(at)
    assert "Aktivitäten der hochgeladenen Liste: 5" in text
    assert "Partner: 7 Gebietskörperschaften – auf der Karte hervorgehoben" in text
    (block,) = [e.proto.body for e in at.get("html") if "Aktivitäten je" in e.proto.body]
    charts = block.split('role="list"')[1:]  # the two bar lists, in order
    assert len(charts) == 2
    assert 'aria-label="Aktivitäten je Aufgabenfeld"' in charts[0]
    assert 'aria-label="Aktivitäten je Rechtsform"' in charts[1]
    assert 'role="listitem"' in charts[0]
    assert "IT, E-Government</span>" in charts[0] and ">2<" in charts[0]
    assert "Sicherheit und Ordnung" in charts[0]
    highlight = set(map_data(at)["highlight"])
    assert highlight == {
        "05562008",
        "05562012",
        "05562036",
        "05562032",
        "05562020",
        "05512000",
        "05562014",
    }


def test_mapping_expander_lists_every_value(activities):
    at = _app(activities)
    (box,) = [e for e in at.expander if e.label == "Zuordnung der Kategorien"]
    frame = box.dataframe[0].value
    assert len(frame) == frame["Kategorie"].size > 20
    assert "Stiftung" in set(frame["Kategorie"])
    captions = " ".join(c.value for c in box.caption).replace("\\", "")
    assert "Eigene Kategorien (Aufgabenfeld): „Sicherheit und Ordnung“, „Feuerwehr“" in captions


def test_hostile_category_and_partner_names_stay_text(hierarchy):
    from ikzmap.activity_categories import slug
    from tests import test_hostile_data as hostile
    from tests.test_hostile_app import assert_inert, markdown_sources

    rows = [["AGS", "Aufgabenfeld", "Rechtsform", "Partner"]]
    rows += [["05562004", text, text, text] for text in hostile.MARKUP]
    data = "\n".join(";".join(hostile._quoted(c) for c in row) for row in rows).encode()
    result = read_upload(data, "h.csv", hierarchy)
    assert result.ok, result.error
    query = {"ebene": "gemeinde", "auswahl": CASTROP, "aufgabenfeld": slug(hostile.IMG)}
    at = _app(result, query)
    assert not at.exception
    assert _param(at, "aufgabenfeld") == slug(hostile.IMG)
    assert_inert(markdown_sources(at))
    charts = [e.proto.body for e in at.get("html") if "Aktivitäten je" in e.proto.body]
    assert charts and not any(payload in chart for chart in charts for payload in hostile.MARKUP)
    labels = at.multiselect(key=WIDGETS["aufgabenfeld"]).options
    assert any(hostile.IMG in label for label in labels)  # plain text, shown as written


@pytest.fixture
def saved_list(tmp_path, monkeypatch, activities, hierarchy):
    """The activity list saved in a fresh store (the app's store is cached per process)."""
    from ikzmap.published import load_published
    from ikzmap.store import Store, save_result
    from ikzmap.store.config import sqlite_url
    from ikzmap.ui import saved_panel

    folder = tmp_path / "ablage"
    monkeypatch.setenv("IKZMAP_DATA_DIR", str(folder))
    monkeypatch.delenv("IKZMAP_DATABASE_URL", raising=False)
    saved_panel.settings.clear()
    saved_panel.store.clear()
    store = Store(sqlite_url(folder))
    info = save_result(store, activities, "Aktivitäten", hierarchy, load_published())
    store.dispose()
    yield info
    saved_panel.settings.clear()
    saved_panel.store.clear()


def test_a_saved_activity_list_opens_filtered_from_its_link(saved_list):
    query = {"daten": saved_list.dataset_id, "ebene": "kreis", "rechtsform": "zweckverband"}
    at = run_app(query)
    assert not at.exception
    assert at.multiselect(key=WIDGETS["rechtsform"]).value == ["zweckverband"]
    assert _param(at, "rechtsform") == "zweckverband"
    assert _param(at, "daten") == saved_list.dataset_id
    assert _level_table(at, 53).loc["05562", "IKZ-Aktivitäten (Anzahl)"] == 9
    assert "Gefiltert: nur Rechtsform Zweckverband, umgesetzt." in _texts(at)
