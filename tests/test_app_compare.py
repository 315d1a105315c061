"""AppTest of "Vergleich": add units from the detail panel, see them side by side, remove
one, clear; the comparison is in the URL and a link restores it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest import run_app


def _compare_table(at: AppTest) -> str:
    """The comparison table's HTML ("" when none is shown)."""
    tables = [e.proto.body for e in at.get("html") if "ikz-compare" in e.proto.body]
    assert len(tables) <= 1
    return tables[0] if tables else ""


def _select(at: AppTest, key: str, level: str) -> None:
    at.radio(key="w_level").set_value(level)
    at.session_state["selected"] = key
    at.run()


def test_add_two_units_from_the_panel_then_remove_one():
    at = run_app()
    assert _compare_table(at) == ""
    assert "vergleich" not in at.query_params
    _select(at, "05562", "kreis")
    at.button(key="compare_add").click().run()
    assert at.query_params["vergleich"] == "05562"
    assert at.button(key="compare_add").disabled  # once is enough
    assert "Kreis Recklinghausen" in _compare_table(at)

    _select(at, "05562012", "gemeinde")  # across levels: a Gemeinde of that Kreis
    at.button(key="compare_add").click().run()
    assert not at.exception
    assert at.query_params["vergleich"] == "05562,05562012"
    table = _compare_table(at)
    assert '<th scope="col">Kreis Recklinghausen' in table
    assert '<th scope="col">Dorsten' in table
    assert "eigener Status" in table and "453" in table

    at.button(key="compare_remove_05562").click().run()
    assert at.query_params["vergleich"] == "05562012"
    table = _compare_table(at)
    assert '<th scope="col">Dorsten</th>' in table
    assert '<th scope="col">Kreis Recklinghausen' not in table

    at.button(key="compare_clear").click().run()
    assert "vergleich" not in at.query_params
    assert _compare_table(at) == ""


def test_a_gemeinde_with_its_kreis_in_one_click():
    at = run_app({"ebene": "gemeinde", "auswahl": "05562012"})
    assert at.button(key="compare_with_parent").label == "Mit Kreis Recklinghausen vergleichen"
    at.button(key="compare_with_parent").click().run()
    assert at.query_params["vergleich"] == "05562012,05562"


def test_a_link_restores_the_comparison_and_its_csv():
    at = run_app({"vergleich": "05562,05562012,055"})
    assert not at.toast
    table = _compare_table(at)
    for name in ("Kreis Recklinghausen", "Dorsten", "Regierungsbezirk Münster"):
        assert f'<th scope="col">{name}' in table
    assert at.query_params["vergleich"] == "05562,05562012,055"
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith("compare_csv")]
    assert button.proto.label.startswith("Vergleich herunterladen (CSV")


def test_a_fifth_unit_is_refused_with_a_message_and_nothing_is_lost():
    at = run_app({"vergleich": "05562,05562012,055,05111", "auswahl": "05970"})
    at.button(key="compare_add").click().run()
    assert not at.exception
    assert at.query_params["vergleich"] == "05562,05562012,055,05111"
    assert any("höchstens vier" in w.value for w in at.warning)
    assert "Kreis Siegen-Wittgenstein" not in _compare_table(at)


def test_bad_keys_in_the_link_are_dropped_with_a_german_note():
    at = run_app({"vergleich": "05562,abc,5562,05999"})
    notes = [t.value.replace("\\", "") for t in at.toast]
    assert len(notes) == 1 and notes[0].startswith("Link-Parameter „vergleich“")
    assert at.query_params["vergleich"] == "05562"


def test_kreisfreie_stadt_in_the_comparison_is_not_surveyed_never_zero():
    at = run_app({"vergleich": "05111,05562"})
    table = _compare_table(at)
    first_cells = [row.split("<td>")[1] for row in table.split("<tr>")[2:]]
    ikz = first_cells[2:7]  # after type and context: value, range, rank, quartile, share
    assert all(cell.startswith("nicht erhoben") for cell in ikz)
