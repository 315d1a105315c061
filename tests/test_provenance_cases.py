"""Provenance is right everywhere (issue #18, 3 b–e): computed ratios, derived panel facts,
assigned task fields of practice examples, both halves of a bivariate value, the legend."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikzmap import details
from ikzmap.atlas import AtlasData
from ikzmap.export.data import data_table, geo_frame
from ikzmap.mapstyle import origin_text, row_provenance_text
from ikzmap.provenance import PROVENANCE_LEGEND, Provenance, legend_line
from ikzmap.published import load_published
from ikzmap.tables import level_table
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def atlas():
    return AtlasData.default()


def _view(atlas, level, indicator):
    return build_view(atlas, ViewState(level=level, indicator=indicator))


@pytest.mark.parametrize(
    ("level", "key", "indicator"),
    [
        ("kreis", "05562", "ikz_per_unit"),
        ("rbz", "055", "ikz_per_unit"),
        ("rbz", "051", "ikz_per_unit"),
        ("kreis", "05562", "ikz_per_10k"),
        ("kreis", "05970", "ikz_per_10k"),
    ],
)
def test_ratios_of_published_counts_are_computed_and_cite_their_inputs(
    atlas, level, key, indicator
):
    view = _view(atlas, level, indicator)
    assert view.table.at[key, "provenance"] == "berechnet"
    table = data_table(view)
    assert table.at[key, "Herkunft"] == "berechnet"
    assert "berechnet von ikzmap" in table.at[key, "Quelle"]
    assert "geteilt durch" in table.at[key, "Quelle"]
    assert "veröffentlicht" not in set(table["Herkunft"])


def test_recklinghausen_per_unit_is_not_labelled_published(atlas):
    view = _view(atlas, "kreis", "ikz_per_unit")
    assert view.table.at["05562", "display"] == "41,2"
    assert view.table.at["05562", "provenance"] != str(Provenance.PUBLISHED)


def test_counts_stay_published(atlas):
    table = data_table(_view(atlas, "kreis", "ikz_count"))
    assert table.at["05562", "Herkunft"] == "veröffentlicht"
    assert "IKZ in NRW (Bericht, September 2025)" in table.at["05562", "Quelle"]
    assert "modelliert" not in table.at["05562", "Quelle"]


def test_rank_and_share_name_their_provenance(atlas):
    modelled = details.ikz_facts(atlas, "05566")  # Steinfurt: modelled
    assert modelled.rank_origin == "modelliert – aus 29 modellierten und 2 veröffentlichten Werten"
    assert modelled.share_origin.startswith("modelliert – ")
    assert "(veröffentlicht)" in modelled.share_origin  # the RBz Münster total
    top = details.ikz_facts(atlas, "05562")
    assert top.rank == 1
    assert top.rank_origin == "veröffentlicht (gpaNRW-Bericht, Abschnitt 1.3.2)"
    assert top.share_origin == "berechnet – 453 (veröffentlicht) von 1.540 (veröffentlicht)"
    rbz = details.ikz_facts(atlas, "057")
    assert rbz.rank_origin.startswith("veröffentlicht (Anteile je Regierungsbezirk")
    assert rbz.share_origin.startswith("modelliert – ")


def test_assigned_task_field_says_so():
    pub = load_published()
    assigned = next(e for e in pub.examples if e.aufgabenfeld_assigned)
    facts, text = details.example_line(assigned)
    assert facts.startswith(f"Aufgabenfeld zugeordnet: {assigned.aufgabenfeld}")
    assert "Aufgabenfeld von ikzmap zugeordnet, nicht im Bericht genannt" in text
    named = next(e for e in pub.examples if not e.aufgabenfeld_assigned)
    facts, text = details.example_line(named)
    assert "zugeordnet" not in facts + text
    assert text.endswith(f"(gpaNRW-Bericht, Abschnitt {named.section})")


@pytest.mark.parametrize(("level", "key"), [("kreis", "05562"), ("kreis", "05566")])
def test_bivariate_value_shows_both_halves(atlas, level, key):
    view = _view(atlas, level, "bivariate")
    row = view.table.loc[key]
    ikz = str(row["provenance"])
    text = row_provenance_text(row, view)
    assert text.startswith(f"IKZ {ikz}")
    assert "Haushalt amtlich (Stichtag 31.12.2025)" in text
    assert "Haushalt amtlich" in origin_text(row, view)
    assert level_table(view).at[key, "Herkunft"] == f"IKZ {ikz} · Haushalt amtlich"
    assert geo_frame(view).set_index(view.table.index).at[key, "herkunft"] == (
        f"IKZ {ikz} · Haushalt amtlich"
    )


def test_legend_explains_every_provenance():
    assert set(PROVENANCE_LEGEND) == set(Provenance)
    line = legend_line()
    for provenance in Provenance:
        assert f"{provenance.value}: " in line
    assert "berechnet: von ikzmap aus veröffentlichten und abgeleiteten Zahlen" in line


def test_kreis_detail_names_the_report_statements():
    pub = load_published()
    lines = details.report_statements(pub, "05562")
    assert lines[0].startswith("Landesweit am aktivsten")
    assert lines[0].endswith("(gpaNRW-Bericht, Abschnitt 1.3.2)")
    assert any("sechs Städte in der Haushaltssicherung" in line for line in lines)
    assert (
        "Kreis Recklinghausen: Städte in der Haushaltssicherung: 6 "
        "(gpaNRW-Bericht, Abschnitt 1.3.2, Stichtag 31.12.2024)"
    ) in lines
    least = details.report_statements(pub, "05970")
    assert least[0].startswith("Mit Abstand am wenigsten IKZ")
    assert any("Abschnitt 1.3.1" in line for line in details.report_statements(pub, "05566"))
    assert details.report_statements(pub, "05382") == []
    for statement in pub.statements:
        assert statement.quote in " ".join(
            (ROOT / "tests" / "data" / "seeds" / "bericht.txt").read_text().split()
        )
