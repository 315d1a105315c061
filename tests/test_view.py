"""Indicators, classification, legends and tables of the atlas (pure, no Streamlit)."""

import io

import pandas as pd
import pytest

from ikzmap import details, mapspec, palettes, tables
from ikzmap.classify import SCHEMES, classify
from ikzmap.export import data as export_data
from ikzmap.indicators import INDICATORS, get_indicator
from ikzmap.published import load_published
from ikzmap.status import Status
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState, from_query

CASES = [(i.id, level) for i in INDICATORS.values() for level in i.levels]


@pytest.mark.parametrize(("indicator", "level"), CASES)
def test_every_indicator_builds_a_consistent_view(atlas, indicator, level):
    view = build_view(atlas, ViewState(level=level, indicator=indicator))
    table = view.table
    assert len(table) == {"rbz": 5, "kreis": 53, "gemeinde": 396}[level]
    assert not table["color"].isin(["#000000", "#000", "black"]).any()
    with_value = table["status"] == Status.VALUE
    assert table.loc[with_value, "klasse"].notna().all()
    assert table.loc[~with_value, "klasse"].isna().all()
    legend_total = sum(e.count or 0 for e in view.legend.entries)
    if view.legend.bivariate is not None:
        legend_total += sum(map(sum, view.legend.bivariate.counts))
    assert legend_total == len(table)
    assert view.summary.startswith("Karte der")


def test_kreis_counts_show_not_surveyed_never_zero(atlas):
    view = build_view(atlas, ViewState(level="kreis", indicator="ikz_count"))
    table = view.table
    assert (table["status"] == Status.NOT_SURVEYED).sum() == 22
    assert table.loc["05111", "display"] == "nicht erhoben"
    assert table.loc["05111", "color"] == palettes.NOT_SURVEYED
    assert (
        table.loc["05562", "value"] == 453 and table.loc["05562", "provenance"] == "veröffentlicht"
    )
    assert table.loc["05566", "provenance"] == "modelliert"
    assert any("modelliert" in n for n in view.notices)


def test_rbz_totals_published_where_the_report_has_them(atlas):
    table = build_view(atlas, ViewState(level="rbz", indicator="ikz_count")).table
    assert table.loc["055", ["value", "provenance"]].tolist() == [1540, "veröffentlicht"]
    assert table.loc["051", ["value", "provenance"]].tolist() == [826, "veröffentlicht"]
    assert table.loc["053", "provenance"] == "modelliert"


def test_gemeinde_ikz_without_data_says_why(atlas):
    view = build_view(atlas, ViewState(level="gemeinde", indicator="ikz_count"))
    assert "keine IKZ-Zahlen" in view.reason
    assert set(view.table["status"]) == {Status.NO_DATA, Status.NOT_SURVEYED}
    assert (view.table["color"] == palettes.NO_DATA).sum() == 371


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("k", [3, 5, 7])
def test_classes_follow_scheme_k_and_palette(atlas, scheme, k):
    breaks = (150.0, 200.0, 300.0) if scheme == "manual" else ()
    state = ViewState(indicator="ikz_count", scheme=scheme, k=k, palette="Purples", breaks=breaks)
    view = build_view(atlas, state)
    classes = [e for e in view.legend.entries if e.label not in ("keine Daten", "nicht erhoben")]
    n_classes = len(classes)
    if scheme == "manual":
        assert n_classes == 4
    else:  # an empty class merges into the next one, and the legend says so
        assert all(e.count > 0 for e in classes)
        assert n_classes == k or view.legend.note.startswith(f"{n_classes} statt {k} Klassen")
    colors = set(view.table.loc[view.table["status"] == Status.VALUE, "color"])
    assert colors <= set(palettes.colors("Purples", max(n_classes, 3)))


def test_legend_labels_are_german_ranges(atlas):
    view = build_view(atlas, ViewState(level="rbz", indicator="ikz_count", k=3))
    labels = [e.label for e in view.legend.entries]
    assert labels[0].startswith("826 – ") and labels[-1].endswith("1.540")
    share = build_view(atlas, ViewState(level="kreis", indicator="budget_hsk", k=3))
    assert all(" %" in e.label for e in share.legend.entries)


def test_budget_status_is_categorical_with_seven_official_classes(atlas):
    view = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    assert [e.label.split()[0] for e in view.legend.entries] == list("1234567")
    assert sum(e.count for e in view.legend.entries) == 396
    assert any("31.12.2024" in n for n in view.notices)


def test_bivariate_grid_counts_the_surveyed_kreise(atlas):
    view = build_view(atlas, ViewState(level="kreis", indicator="bivariate"))
    grid = view.legend.bivariate
    assert sum(map(sum, grid.counts)) == 31
    row = view.table.loc["05562"]
    assert (
        row["color"] == palettes.BIVARIATE_COLORS[int(row["ikz_class"])][int(row["budget_class"])]
    )
    assert row["ikz_class"] == 2  # Recklinghausen: most active third


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match="valid indicators: ikz_count"):
        get_indicator("zaehler")
    with pytest.raises(ValueError, match="valid schemes: quantiles"):
        classify(pd.Series([1, 2, 3]), "jenks")
    with pytest.raises(ValueError, match="valid palettes: Blues"):
        palettes.colors("Rainbow", 5)


def test_map_spec_carries_fill_status_and_tooltip_texts(atlas):
    view = build_view(atlas, ViewState(level="kreis", indicator="ikz_count"))
    spec = mapspec.map_spec(view, "© GeoBasis-DE / BKG", geometry_url="app/static/geo/k.json")
    units = spec["units"]
    assert units["05111"][1] == mapspec.STATUS_CODES[Status.NOT_SURVEYED] == 2
    assert units["05562"] == [view.table.at["05562", "color"], 0, "453", "veröffentlicht"]
    assert units["05566"][3].startswith("modelliert; mit den veröffentlichten Zahlen")
    assert spec["label"] == view.indicator.label and spec["keyAlias"] == "Schlüssel"
    assert spec["tiles"] is None and spec["geometry"] == {"url": "app/static/geo/k.json"}
    assert spec["legend"]["title"] == view.legend.title
    budget = build_view(atlas, ViewState(level="kreis", indicator="budget_hsk"))
    assert "Stichtag 31.12.2025" in mapspec.unit_specs(budget)["05562"][3]


def test_table_downloads_match_the_map(atlas):
    view = build_view(atlas, ViewState(level="kreis", indicator="ikz_count"))
    frame = tables.level_table(view)
    assert frame.loc["05562", "IKZ-Aktivitäten (Anzahl)"] == 453
    csv = export_data.csv_bytes(view).decode("utf-8-sig")
    assert "05562;Kreis Recklinghausen;Kreis;453;" in csv
    share = build_view(atlas, ViewState(level="kreis", indicator="budget_hsk"))
    share_csv = export_data.csv_bytes(share).decode("utf-8-sig")
    assert "05117;Mülheim an der Ruhr;kreisfreie Stadt;1,0;100,0 %;" in share_csv
    xlsx = pd.read_excel(io.BytesIO(export_data.xlsx_bytes(view)), sheet_name=None, dtype=str)
    assert set(xlsx) == {"Daten", "Quellen"}
    assert "modelliert" in " ".join(xlsx["Quellen"].astype(str).to_numpy().ravel())


def test_details_for_kreis_rbz_and_not_surveyed(atlas):
    rk = details.ikz_facts(atlas, "05562")
    assert (rk.count, rk.rank, rk.of, rk.quartile) == (453, 1, 31, "oberes Viertel")
    assert rk.parent_label == "Regierungsbezirk Münster"
    assert details.ikz_facts(atlas, "05970").rank == 31
    assert details.ikz_facts(atlas, "05111").display == "nicht erhoben"
    counts = details.budget_counts(atlas, "05562")
    assert counts["Anzahl"].sum() == 10
    assert len(details.kommunen_table(atlas, "05562")) == 10
    assert len(details.kreise_table(atlas, "055")) == 8


def test_practice_examples_of_a_unit(atlas):
    published = load_published()
    for example in published.examples:
        for key in example.keys:
            assert example in details.examples_for(published, atlas, key)
    assert all(
        e.rbz == "059"
        or set(e.keys) & set(atlas.hierarchy.gemeinden_in("059").index)
        or any(k.startswith("059") for k in e.keys)
        for e in details.examples_for(published, atlas, "059")
    )


@pytest.mark.parametrize(
    ("query", "expected", "notes"),
    [
        ({}, ViewState(), 0),
        (
            {"ebene": "gemeinde", "indikator": "budget_status"},
            ViewState(level="gemeinde", indicator="budget_status"),
            0,
        ),
        (
            {"klassen": "manual", "grenzen": "100,200"},
            ViewState(scheme="manual", breaks=(100.0, 200.0)),
            0,
        ),
        ({"anzahl": "12", "palette": "Jet"}, ViewState(), 2),
        ({"auswahl": "05999"}, ViewState(), 1),
    ],
)
def test_view_state_from_query(hierarchy, query, expected, notes):
    state, messages = from_query(query, INDICATORS, set(hierarchy.units.index))
    assert state == expected and len(messages) == notes
    again, _ = from_query(state.to_query(), INDICATORS, set(hierarchy.units.index))
    assert again == state


def test_notices_match_the_level(atlas):
    kreis = build_view(atlas, ViewState(level="kreis", indicator="ikz_count")).notices
    assert any("Die Werte je Kreis sind modelliert" in n for n in kreis)
    (rbz,) = build_view(atlas, ViewState(level="rbz", indicator="ikz_count")).notices
    assert "je Kreis sind modelliert" not in rbz
    modelled = "Köln, Regierungsbezirk Detmold und Regierungsbezirk Arnsberg sind Summen"
    assert modelled in rbz and "modellierter Kreiswerte, nicht veröffentlicht" in rbz
    assert "Veröffentlicht sind die Werte für Regierungsbezirk Düsseldorf und " in rbz
    share = build_view(atlas, ViewState(level="kreis", indicator="budget_hsk")).notices
    assert any("22 kreisfreien Städte sind je eine Gemeinde" in n for n in share)
    rbz_share = build_view(atlas, ViewState(level="rbz", indicator="budget_hsk")).notices
    assert not any("kreisfrei" in n or "modelliert" in n for n in rbz_share)
