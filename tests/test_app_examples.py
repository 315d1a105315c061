"""AppTest of the map mode "Praxisbeispiele": choose, filter, mark, name, link."""

from __future__ import annotations

from ikzmap import examples as ex
from ikzmap.published import load_published
from tests.apptest import run_app

PUB = load_published()


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts).replace("\\", "")


def test_erft_example_marks_three_kreise_and_sixteen_gemeinden():
    at = run_app({"ebene": "kreis", "beispiel": "koeln-hws-erft"})
    text = _text(at)
    assert "Hochwasserschutzkooperation Erft" in text
    assert "3 Kreis(e): Rhein-Erft-Kreis, Kreis Euskirchen, Rhein-Sieg-Kreis" in text
    assert "16 Gemeinde(n): Bad Münstereifel" in text
    assert "Erftverband" in text
    assert "Abschnitt 1.3.3.4" in text
    assert "Auf dieser Karte hervorgehoben: 3 Einheit(en)" in text
    assert at.query_params["beispiel"] in ("koeln-hws-erft", ["koeln-hws-erft"])
    at.radio(key="w_level").set_value("gemeinde").run()
    assert not at.exception
    assert "Auf dieser Karte hervorgehoben: 16 Einheit(en)" in _text(at)


def test_filters_narrow_the_list_and_choosing_writes_the_link():
    at = run_app()
    at.selectbox(key="ex_rbz").set_value("Köln").run()
    at.selectbox(key="ex_form").set_value("Öffentlich-rechtliche Vereinbarung").run()
    options = at.selectbox(key="w_example").options
    expected = ex.filtered(
        PUB.examples, rbz="Köln", rechtsform="Öffentlich-rechtliche Vereinbarung"
    )
    assert len(options) == len(expected) >= 1
    at.selectbox(key="w_example").set_value(expected[0].id).run()
    assert not at.exception
    assert at.query_params["beispiel"] in (expected[0].id, [expected[0].id])


def test_verband_example_is_drawn_on_its_territory():
    at = run_app({"ebene": "rbz", "beispiel": "lwl-kulturplanung"})
    text = _text(at)
    assert "Gebiet des Landschaftsverbands (LWL): Regierungsbezirk Münster" in text
    assert "Auf dieser Karte hervorgehoben: 3 Einheit(en)" in text


def test_unknown_example_in_link_is_ignored_with_a_note():
    at = run_app({"beispiel": "<script>"})
    assert any("beispiel" in t.value for t in at.toast)
    assert "beispiel" not in at.query_params


def test_counts_carry_the_caveat():
    at = run_app({"ebene": "kreis"})
    assert ex.COUNT_CAVEAT in _text(at)
