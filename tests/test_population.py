"""Official population (Zensus 2022): loading, aggregation, the per-10,000 indicator on the
default data, and uploaded figures that override the official ones."""

import pandas as pd
import pytest

from ikzmap.atlas import AtlasData
from ikzmap.budget import default_budget_status
from ikzmap.indicators import get_indicator
from ikzmap.population import (
    POPULATION_FILE,
    Population,
    PopulationDataError,
    default_population,
    load_population,
    population_source,
)
from ikzmap.provenance import Provenance
from ikzmap.status import Status
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

RECKLINGHAUSEN, AACHEN_REGION, AACHEN_CITY = "05562", "05334", "05334002"
HEADER = "ags,ars,name,einwohner\n"


def test_reference_totals(hierarchy):
    pop = load_population(hierarchy=hierarchy)
    assert len(pop) == 396
    assert pop.sum() == 17_890_489
    assert set(pop.index) == set(hierarchy.level("gemeinde").index)
    assert pop.index.str.startswith("05").all()


def test_source_names_zensus_stichtag_and_licence():
    citation = population_source().citation()
    for part in ("Zensus 2022", "15.05.2022", "dl-de/by-2-0"):
        assert part in citation
    assert population_source().provenance is Provenance.OFFICIAL


def test_kreis_and_rbz_figures_are_sums_of_their_gemeinden(atlas):
    kreis = atlas.population_at("kreis")
    pop = default_population()
    gemeinden = atlas.units["gemeinde"]
    in_rh = gemeinden.index[gemeinden["kreis"] == RECKLINGHAUSEN]
    assert kreis.at[RECKLINGHAUSEN, "einwohner_gesamt"] == pop.loc[in_rh].sum() == 618_350
    assert kreis.at[RECKLINGHAUSEN, "einwohner"] == 618_350  # all ten Städte surveyed
    assert atlas.population_at("rbz")["einwohner_gesamt"].sum() == 17_890_489
    assert (kreis["provenance"].dropna() == Provenance.OFFICIAL).all()


def test_rates_divide_by_the_surveyed_gemeinden_only(atlas):
    """StädteRegion Aachen's IKZ count covers it without the city of Aachen."""
    kreis = atlas.population_at("kreis")
    city = default_population()[AACHEN_CITY]
    row = kreis.loc[AACHEN_REGION]
    assert row["einwohner_gesamt"] - row["einwohner"] == city


def test_kreisfreie_stadt_has_no_rate_denominator(atlas):
    kreis = atlas.population_at("kreis")
    assert pd.isna(kreis.at["05111", "einwohner"])  # Düsseldorf: not surveyed
    assert kreis.at["05111", "einwohner_gesamt"] == default_population()["05111000"]


@pytest.mark.parametrize("level", ["rbz", "kreis"])
def test_per_10k_works_on_the_default_data(atlas, level):
    view = build_view(atlas, ViewState(level=level, indicator="ikz_per_10k"))
    shown = view.table[view.table["status"] == Status.VALUE]
    assert len(shown) == {"rbz": 5, "kreis": 31}[level]
    assert any("Zensus 2022" in s.title for s in view.sources)


def test_per_10k_value_of_recklinghausen(atlas):
    frame = get_indicator("ikz_per_10k").compute(atlas, "kreis").frame
    assert float(frame.at[RECKLINGHAUSEN, "value"]) == pytest.approx(453 / 618_350 * 10_000)
    assert frame.at[RECKLINGHAUSEN, "display"] == "7,3"


def test_uploaded_population_overrides_official_figures(hierarchy, atlas):
    uploaded = pd.Series({"05562004": 100_000.0})  # one Stadt in Kreis Recklinghausen
    own = AtlasData.build(hierarchy, atlas.ikz, default_budget_status(), uploaded)
    gem = own.population_at("gemeinde")
    assert gem.at["05562004", "einwohner"] == 100_000
    assert gem.at["05562004", "provenance"] == Provenance.UPLOADED
    assert gem.at["05562008", "provenance"] == Provenance.OFFICIAL
    kreis = own.population_at("kreis")
    official = atlas.population_at("kreis").at[RECKLINGHAUSEN, "einwohner"]
    old = default_population()["05562004"]
    assert kreis.at[RECKLINGHAUSEN, "einwohner"] == official - old + 100_000
    assert kreis.at[RECKLINGHAUSEN, "provenance"] == Provenance.UPLOADED


def test_uploaded_kreis_figure_is_used_directly(atlas):
    pop = Population.combine(default_population(), pd.Series({RECKLINGHAUSEN: 600_000}))
    frame = pop.at_level(atlas.units["kreis"], atlas.units["gemeinde"], "kreis")
    assert frame.at[RECKLINGHAUSEN, "einwohner"] == 600_000
    assert frame.at[RECKLINGHAUSEN, "provenance"] == Provenance.UPLOADED


def test_view_table_carries_population_and_its_provenance(atlas):
    view = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    assert view.table.at["05562004", "einwohner_herkunft"] == "amtlich"
    assert view.table["einwohner"].notna().all()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "leer"),
        ("ags,name\n05111000,X\n", "Spalte"),
        (HEADER + "05111000,051110000000,X,abc\n", "Zeile 2: Einwohnerzahl „abc“"),
        (HEADER + "05111000,051110000000,X,0\n", "größer als 0"),
        (HEADER + "99999999,999999999999,X,5\n", "Zeile 2"),
        (HEADER + "05111000,0,X,5\n05111000,0,X,5\n", "Zeile 3: Schlüssel 05111000 doppelt"),
        (HEADER + "05111000,0,X,5\n", "1 Gemeinden statt 396"),
    ],
)
def test_broken_file_gives_a_german_message_naming_the_line(tmp_path, hierarchy, body, message):
    path = tmp_path / POPULATION_FILE.name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PopulationDataError, match=message):
        load_population(path, hierarchy)


def test_missing_file(tmp_path):
    with pytest.raises(PopulationDataError, match="Datei fehlt"):
        load_population(tmp_path / "fehlt.csv")


def test_population_column_of_an_upload_wins_and_is_marked(hierarchy, atlas):
    """The sample file gives Einwohner per Gemeinde: these figures replace the Zensus ones
    in the map's rate and in the table, marked "hochgeladen"."""
    from pathlib import Path

    from ikzmap.tables import level_table
    from ikzmap.upload import read_upload

    path = Path(__file__).parent / "data" / "uploads" / "gemeinden_cp1252_semikolon.csv"
    result = read_upload(path.read_bytes(), path.name, hierarchy)
    assert result.ok and result.population is not None
    own = AtlasData.build(hierarchy, result.dataset, atlas.budget_status, result.population)
    view = build_view(own, ViewState(level="gemeinde", indicator="ikz_per_10k"))
    castrop = "05562004"
    uploaded = float(result.population[castrop])
    assert uploaded == 73_425 != default_population()[castrop]
    assert float(view.table.at[castrop, "value"]) == pytest.approx(25 / uploaded * 10_000)
    table = level_table(view)
    assert table.at[castrop, "Einwohner"] == 73_425
    assert table.at[castrop, "Herkunft Einwohner"] == "hochgeladen"
    assert table.at["05111000", "Herkunft Einwohner"] == "amtlich"
