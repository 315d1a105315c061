"""AppTest of the map mode "Praxisbeispiele": filter, choose, mark (participants and the
Landschaftsverband's area as a layer of its own), name, link, escape."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from geo.hierarchy import Hierarchy
from ikzmap import examples as ex
from ikzmap.published import load_published
from ikzmap.ui import examples_panel, loaders
from tests.apptest import html_text, map_data, open_panel, run_app

PUB = load_published()


@pytest.fixture(scope="module")
def hierarchy():
    return Hierarchy.load()


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [html_text(at)]
    return "\n".join(parts).replace("\\", "")


def _query(at) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def _marks(at) -> tuple[set[str], set[str]]:
    data = map_data(at)
    return set(data["highlight"]), set(data["territory"])


def test_erft_example_marks_three_kreise_and_sixteen_gemeinden(hierarchy):
    at = run_app({"ebene": "kreis", "beispiel": "koeln-hws-erft"})
    text = _text(at)
    assert "Hochwasserschutzkooperation Erft" in text
    assert "3 Kreis(e): Rhein-Erft-Kreis, Kreis Euskirchen, Rhein-Sieg-Kreis" in text
    assert "16 Gemeinde(n): Bad Münstereifel" in text
    assert "Weitere Beteiligte (ohne Fläche in der Karte): Erftverband" in text
    assert "gpaNRW-Bericht, Abschnitt 1.3.3.4" in text
    assert "Auf dieser Karte markiert: 3 Kreise als Beteiligte." in text
    assert _marks(at) == ({"05362", "05366", "05382"}, set())
    assert _query(at)["beispiel"] == "koeln-hws-erft"
    at.radio(key="w_level").set_value("gemeinde").run()
    assert not at.exception
    assert "Auf dieser Karte markiert: 16 Gemeinden als Beteiligte." in _text(at)
    expected = {p.key for p in PUB.example("koeln-hws-erft").gemeinden}
    assert _marks(at) == (expected, set())


def test_choose_from_the_filtered_list_marks_the_map_and_the_link_round_trips():
    at = run_app({"ebene": "gemeinde"})
    assert _marks(at) == (set(), set())
    assert "ex_rbz" not in [b.key for b in at.selectbox]  # closed: not drawn
    open_panel(at, examples_panel.PANEL)
    at.selectbox(key="ex_rbz").set_value("Detmold").run()
    at.selectbox(key="ex_form").set_value("Öffentlich-rechtliche Vereinbarung").run()
    expected = ex.filtered(
        PUB.examples, rbz="Detmold", rechtsform="Öffentlich-rechtliche Vereinbarung"
    )
    assert at.selectbox(key="w_example").options == [f"{e.title} ({e.section})" for e in expected]
    assert len(expected) == 4  # three of 1.3.3.2 and the Einkaufskooperation of LVR and LWL
    chosen = PUB.example("detmold-ordnungsdienst")
    at.selectbox(key="w_example").set_value(chosen.id).run()
    assert not at.exception
    assert _marks(at) == ({p.key for p in chosen.gemeinden}, set())
    query = _query(at)
    assert query["beispiel"] == chosen.id
    assert query["bezirk"] == "Detmold"
    assert query["rechtsform"] == "Öffentlich-rechtliche Vereinbarung"
    assert "aufgabenfeld" not in query  # "alle" is no filter and not in the link

    again = run_app(query)
    assert again.selectbox(key="ex_rbz").value == "Detmold"
    assert again.selectbox(key="ex_form").value == "Öffentlich-rechtliche Vereinbarung"
    assert again.selectbox(key="w_example").value == chosen.id
    assert _marks(again) == _marks(at)
    assert _query(again) == query


def test_aufgabenfeld_filter_and_clearing_the_choice():
    at = run_app({"ebene": "kreis", "aufgabenfeld": "Hochwasserschutz"})
    assert at.selectbox(key="w_example").options == [
        "Hochwasserschutzkooperation Erft (hwsErft) (1.3.3.4)"
    ]
    at.selectbox(key="w_example").set_value("koeln-hws-erft").run()
    assert len(_marks(at)[0]) == 3
    at.button(key="ex_clear").click().run()
    assert not at.exception
    assert _marks(at) == (set(), set())
    assert "beispiel" not in at.query_params
    assert _query(at)["aufgabenfeld"] == "Hochwasserschutz"


@pytest.mark.parametrize(("level", "n_territory"), [("rbz", 3), ("kreis", 27), ("gemeinde", 231)])
def test_verband_example_is_drawn_on_its_territory(hierarchy, level, n_territory):
    at = run_app({"ebene": level, "beispiel": "lwl-kulturplanung"})
    highlight, territory = _marks(at)
    assert highlight == set()
    expected = set(ex.highlight(PUB.example("lwl-kulturplanung")).territory_at(level, hierarchy))
    assert territory == expected and len(territory) == n_territory
    assert all(hierarchy.units.at[k, "rbz"] in {"055", "057", "059"} for k in territory)
    text = _text(at)
    assert (
        "Gebiet des Landschaftsverbands Westfalen-Lippe (LWL): Regierungsbezirk Münster, "
        "Regierungsbezirk Detmold, Regierungsbezirk Arnsberg" in text
    )
    assert f"Gebiet des Landschaftsverbands als eigene Ebene: {n_territory} " in text
    assert "Landschaftsverbandsordnung" in text


def test_lvr_example_with_a_partner_shows_both_layers():
    at = run_app({"ebene": "rbz", "beispiel": "lvr-rechenzentren"})
    assert _marks(at) == (set(), {"051", "053"})
    at.radio(key="w_level").set_value("kreis").run()
    highlight, territory = _marks(at)
    assert highlight == {"05315"} and len(territory) == 26
    at.radio(key="w_level").set_value("gemeinde").run()
    highlight, territory = _marks(at)
    assert highlight == {"05315000"}
    assert "05315000" in territory and all(k[:3] in {"051", "053"} for k in territory)


def test_kaaw_is_a_text_entry_with_the_note_that_members_are_not_published():
    at = run_app({"ebene": "kreis", "beispiel": "kaaw"})
    text = _text(at)
    assert "Zweckverband KAAW (Westmünsterland)" in text
    assert "gpaNRW-Vortrag 24.02.2026, Folie „Zweckverband KAAW“" in text
    assert "53 Mitglieder (nicht veröffentlicht)" in text
    assert "Die Folie nennt die 53 Mitglieder nicht; sie sind nicht veröffentlicht." in text
    assert "Die Quelle nennt keine Gemeinde und keinen Kreis als Beteiligte." in text
    assert _marks(at) == (set(), set())


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("beispiel", "<script>alert(1)</script>"),
        ("bezirk", "<img src=x onerror=alert(1)>"),
        ("aufgabenfeld", "{{ 7*7 }}"),
        ("rechtsform", "**fett**"),
    ],
)
def test_unknown_values_in_the_link_are_ignored_with_a_note(param, value):
    at = run_app({param: value})
    notes = [t.value for t in at.toast]
    assert any(f"„{param}“" in n for n in notes)
    assert not any(value in n.replace("\\", "") for n in notes)  # never echoed
    assert param not in at.query_params
    assert _marks(at) == (set(), set())


def test_hostile_example_text_stays_escaped(monkeypatch):
    hostile = replace(
        PUB.example("koeln-hws-erft"),
        id="boese",
        title="<script>alert(1)</script> **fett**",
        summary="[klick](javascript:alert(1)) <img src=x onerror=alert(1)>",
        quote="{{ 7*7 }} <b>x</b>\n# Überschrift",
        others=("<iframe src=//x>",),
        note="<style>*{display:none}</style>",
    )
    published = replace(PUB, examples=(*PUB.examples, hostile))
    monkeypatch.setattr(loaders, "published", lambda: published)
    at = run_app({"ebene": "kreis", "beispiel": "boese"})
    values = [m.value for m in at.markdown] + [c.value for c in at.caption]
    markers = ("alert(1)", "7*7", "iframe", "display:none")
    hostile_parts = [v for v in values if any(m in v.replace("\\", "") for m in markers)]
    assert len(hostile_parts) >= 4  # title, summary, quote, others, note
    for value in hostile_parts:  # every tag and link character escaped, no heading
        assert not re.search(r"(?<!\\)[<>\[\]]", value.removeprefix("> ")), value  # quote
        assert "\n#" not in value, value
    text = _text(at)
    assert "<script>alert(1)</script> **fett**" in text  # shown as text
    assert "{{ 7*7 }}" in text  # never evaluated as a template
    assert len(_marks(at)[0]) == 3


def test_counts_carry_the_caveat():
    at = open_panel(run_app({"ebene": "kreis"}), examples_panel.PANEL)
    assert ex.COUNT_CAVEAT in _text(at)


def test_counts_are_one_light_table_of_the_units_with_examples():
    """One HTML element (st.table drew a Markdown element per cell on every page load)."""
    at = open_panel(run_app({"ebene": "kreis"}), examples_panel.PANEL)
    counts = ex.counts(load_published().examples, Hierarchy.load(), "kreis")
    (table,) = [h.proto.body for h in at.html if "Praxisbeispiele</th>" in h.proto.body]
    assert table.count("<tr>") == 1 + int((counts > 0).sum())  # header + every unit with one
    top = counts.idxmax()
    assert f'<span class="key">{top}</span></th><td class="num">{counts[top]}</td>' in table


def test_the_choice_stays_on_the_map_while_the_chooser_is_closed():
    at = run_app(
        {"ebene": "kreis", "beispiel": "koeln-hws-erft", "aufgabenfeld": "Hochwasserschutz"}
    )
    assert at.selectbox(key="w_example").value == "koeln-hws-erft"  # a link opens it
    at.session_state[examples_panel.PANEL] = False
    at.run().run()  # closed: its widgets are not drawn, the map still marks the example
    assert "w_example" not in [b.key for b in at.selectbox]
    assert len(_marks(at)[0]) == 3
    assert _query(at)["beispiel"] == "koeln-hws-erft"
    assert _query(at)["aufgabenfeld"] == "Hochwasserschutz"
    open_panel(at, examples_panel.PANEL)
    assert at.selectbox(key="w_example").value == "koeln-hws-erft"
    assert at.selectbox(key="ex_feld").value == "Hochwasserschutz"
