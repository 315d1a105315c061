"""Streamlit AppTest: the app runs, controls work, the detail panel follows the selection."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_app_starts_on_the_kreis_map(app):
    assert app.title[0].value.startswith("Interkommunale Zusammenarbeit")
    assert app.radio(key="level").value == "kreis"
    assert any("Klicken Sie" in i.value for i in app.info)
    assert any("GeoBasis-DE / BKG" in c.value for c in app.caption)


@pytest.mark.parametrize("level", ["rbz", "kreis", "gemeinde"])
def test_switch_level(app, level):
    app.radio(key="level").set_value(level).run()
    assert not app.exception


@pytest.mark.parametrize(
    ("key", "texts"),
    [
        ("05562", ["Kreis Recklinghausen", "Regierungsbezirk Münster", "erhoben"]),
        ("05111", ["Düsseldorf", "kreisfreie Stadt: von der gpaNRW nicht erhoben"]),
        ("05162012", ["Jüchen", "Rhein-Kreis Neuss", "Segmentwechsel"]),
    ],
)
def test_detail_panel_for_selection(app, key, texts):
    app.session_state["selected"] = key
    app.run()
    assert not app.exception
    shown = " ".join([s.value for s in app.subheader] + [m.value for m in app.markdown])
    for text in texts:
        assert text in shown


def test_back_to_nrw_clears_the_selection(app):
    app.session_state["selected"] = "05562"
    app.run()
    app.button(key="reset").click().run()
    assert app.session_state["selected"] is None
    assert any("Klicken Sie" in i.value for i in app.info)
