"""AppTest of the upload flow: the map switches to uploaded data; hostile names stay inert."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ikzmap.upload import read_upload
from tests.apptest import html_text, panel_headings, run_app

ROOT = Path(__file__).resolve().parent.parent
UPLOADS = ROOT / "tests" / "data" / "uploads"


def _app_with(result, use: bool = True) -> AppTest:
    return run_app(state={"upload_result": result, "use_upload": use})


@pytest.fixture
def gemeinde_upload(hierarchy):
    data = (UPLOADS / "gemeinden_cp1252_semikolon.csv").read_bytes()
    return read_upload(data, "gemeinden.csv", hierarchy)


def test_uploaded_gemeinde_counts_reach_the_map(gemeinde_upload):
    at = _app_with(gemeinde_upload)
    at.radio(key="w_level").set_value("gemeinde").run()
    assert not any("keine IKZ-Zahlen" in i.value for i in at.info)
    assert not any("modelliert" in w.value for w in at.warning)
    assert any("Eigene Daten" in c.value for c in at.caption)
    at.toggle(key="show_table").set_value(True).run()
    frame = next(d.value for d in at.dataframe if len(d.value) == 396)
    assert frame.loc["05562004", "Herkunft"] == "hochgeladen"
    assert frame.loc["05562004", "IKZ-Aktivitäten (Anzahl)"] == 25


def test_upload_report_and_consistency_are_shown(gemeinde_upload):
    at = _app_with(gemeinde_upload)
    texts = " ".join(t.value for t in at.text)
    assert "Gelesen: 12 Zeilen" in texts
    assert any("Abgleich mit dem gpaNRW-Bericht" in w.value for w in at.warning)
    assert any(b.label == "Originaldatei (unverändert)" for b in at.get("download_button"))


def test_switching_back_to_default_data(gemeinde_upload):
    at = _app_with(gemeinde_upload, use=False)
    assert any("modelliert" in w.value for w in at.warning)


def test_hostile_file_name_is_escaped(hierarchy):
    data = b"Kreisschluessel;Anzahl\n05562;453\n"
    name = "<img src=x onerror=alert(1)>![x](http://example.org/a.png).csv"
    result = read_upload(data, name, hierarchy)
    at = _app_with(result)
    markdown_sources = [c.value for c in at.caption] + [e.label for e in at.expander]
    joined = " ".join(markdown_sources)
    assert not re.search(r"(?<!\\)<img", joined)  # every "<" escaped
    assert not re.search(r"(?<!\\)\]\(http", joined)  # no Markdown link or image
    assert r"\<img" in joined


def test_unusable_file_shows_a_german_error(hierarchy):
    result = read_upload(b"\x00\x01\x02PK\x03\x04garbage", "kaputt.xlsx", hierarchy)
    at = _app_with(result)
    assert at.error and all(e.value for e in at.error)
    assert any("modelliert" in w.value for w in at.warning)  # the map keeps the defaults


def test_same_bytes_under_another_name_never_show_the_first_name(hierarchy):
    """Sessions share the caches of views and exports: one session's file name must not
    appear in another's sources line or table when both upload the same bytes."""
    data = (UPLOADS / "kreise_utf8bom_komma.csv").read_bytes()
    first = _app_with(read_upload(data, "GEHEIMVorlage.csv", hierarchy))
    assert any("GEHEIMVorlage" in c.value for c in first.caption)
    second = _app_with(read_upload(data, "oeffentlich.csv", hierarchy))
    captions = " ".join(c.value for c in second.caption)
    assert "oeffentlich" in captions and "GEHEIM" not in captions
    second.toggle(key="show_table").set_value(True).run()
    assert not any("GEHEIM" in str(d.value.to_dict()) for d in second.dataframe)


# --- issue #11: values of units not surveyed; guesses to confirm -------------------------


def _shown(at: AppTest) -> str:
    """The page's text as read (Markdown escapes of user-facing text removed)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [m.value for m in at.metric] + [w.value for w in at.warning] + [html_text(at)]
    return " ".join(str(p) for p in parts).replace("\\", "")


@pytest.fixture(scope="module")
def messy_upload(hierarchy):
    data = (UPLOADS / "kreise_unordentlich_cp1252.csv").read_bytes()
    return read_upload(data, "kreise_unordentlich.csv", hierarchy)


def test_messy_upload_ranks_a_kreis_among_the_31_kreise(messy_upload):
    at = run_app({"auswahl": "05958"}, {"upload_result": messy_upload, "use_upload": True})
    shown = _shown(at)
    assert "Hochsauerlandkreis" in panel_headings(at)
    assert "Rang: 11 von 31 Kreisen (drittes Viertel)" in shown
    assert "von 32" not in shown
    assert "niedrigster: Kreis Siegen-Wittgenstein (66)" in shown
    assert "Nur nachrichtlich, in keiner Klasse: Bielefeld (12)." in shown


def test_messy_upload_shows_bielefeld_only_for_information(messy_upload):
    at = run_app({"auswahl": "05711"}, {"upload_result": messy_upload, "use_upload": True})
    shown = _shown(at)
    assert "12 (nicht erhoben – nur nachrichtlich, in keiner Klasse/Summe)" in shown
    assert "Rang:" not in shown
    assert "Anteil an" not in shown
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("Nicht verglichen, weil nicht erhoben") for c in captions)


def _report(at: AppTest):
    return next(e for e in at.expander if e.label.startswith("Hochgeladene Datei"))


def test_unsure_guesses_open_the_report_with_a_prefilled_form(hierarchy):
    data = (UPLOADS / "aktivitaeten_bezeichnung.csv").read_bytes()
    at = _app_with(read_upload(data, "aktivitaeten.csv", hierarchy))
    assert _report(at).proto.expanded
    assert any("Bezeichnung" in w.value and "stimmt das?" in w.value for w in at.warning)
    assert at.selectbox(key="map_key").value == "AGS"
    assert at.selectbox(key="map_name").value == "— keine —"
    assert at.selectbox(key="map_status").value == "Status"
    assert at.selectbox(key="map_kind").value == "activities"
    next(b for b in at.button if b.label == "Neu einlesen").click().run()  # confirmed
    assert not at.exception
    assert not any("stimmt das?" in w.value for w in at.warning)
    assert not _report(at).proto.expanded


def test_a_choice_in_the_form_survives_other_reruns(hierarchy):
    """The form is filled from a result once: a choice the user made stays while other
    controls rerun the page, until "Neu einlesen" or another file."""
    data = (UPLOADS / "aktivitaeten_bezeichnung.csv").read_bytes()
    at = _app_with(read_upload(data, "aktivitaeten.csv", hierarchy))
    at.session_state["map_name"] = "Bezeichnung"  # what the form holds for the user
    at.radio(key="w_level").set_value("rbz").run()
    assert at.selectbox(key="map_name").value == "Bezeichnung"
    at.session_state["upload_result"] = read_upload(data, "andere.csv", hierarchy)
    at.run()  # another file: the form shows what was used for it
    assert at.selectbox(key="map_name").value == "— keine —"


def test_the_form_shows_the_mapping_of_the_current_file(hierarchy):
    first = read_upload((UPLOADS / "ohne_anzahlspalte.csv").read_bytes(), "a.csv", hierarchy)
    at = _app_with(first)
    assert at.selectbox(key="map_kind").value == "activities"
    assert _report(at).proto.expanded  # no count column: a guess to confirm
    second = read_upload(
        (UPLOADS / "kreise_unordentlich_cp1252.csv").read_bytes(), "b.csv", hierarchy
    )
    at.session_state["upload_result"] = second
    at.run()
    assert at.selectbox(key="map_key").value == "Kreisschlüssel"
    assert at.selectbox(key="map_count").value == "Anzahl IKZ-Aktivitäten"
    assert at.selectbox(key="map_kind").value == "kreis"


def test_a_link_to_uploaded_data_says_they_are_not_here():
    """Uploads live in their session: a link made while they were shown (or the page after
    a server restart) opens the standard data and says why."""
    from ikzmap.ui.state import UPLOAD_GONE_TEXT

    at = run_app(query={"ebene": "kreis", "daten": "eigene"})
    assert [i.value for i in at.info if i.value == UPLOAD_GONE_TEXT] == [UPLOAD_GONE_TEXT]
    assert any("modelliert" in w.value for w in at.warning)  # the standard data
    assert at.query_params.get("daten") is None  # the link now says what the map shows


def test_the_link_of_an_upload_view_says_so(gemeinde_upload):
    at = _app_with(gemeinde_upload)
    assert at.query_params["daten"] == "eigene"
    at.session_state["use_upload"] = False
    at.run()
    assert "daten" not in at.query_params


def test_upload_choice_survives_a_visit_to_the_report_page(gemeinde_upload):
    """The report page draws no sidebar: Streamlit drops the state of the widgets it does
    not draw, so the choice "Eigene Daten in der Karte zeigen" lives outside the toggle."""
    at = _app_with(gemeinde_upload)
    at.radio(key="w_level").set_value("gemeinde").run()
    at.query_params["seite"] = "bericht"
    at.run()
    assert not at.exception
    del at.query_params["seite"]
    at.run()
    assert not at.exception
    assert at.session_state["use_upload"] is True
    assert at.toggle(key="w_use_upload").value is True
    assert any("Eigene Daten" in c.value for c in at.caption)
    at.toggle(key="w_use_upload").set_value(False).run()
    assert at.session_state["use_upload"] is False
    assert any("keine IKZ-Zahlen" in i.value for i in at.info)  # the defaults again
