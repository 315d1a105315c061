"""AppTest of the upload flow: the map switches to uploaded data; hostile names stay inert."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ikzmap.upload import read_upload
from tests.apptest import run_app

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
