import hashlib

import pandas as pd
import pytest

from ikzmap.budget import (
    BUDGET_FILE,
    NRW_KEY,
    STATUS_LABELS,
    BudgetDataError,
    aggregate_budget,
    budget_source,
    default_budget_status,
    load_budget_status,
    summarize,
)
from ikzmap.provenance import Provenance
from ikzmap.published import load_published
from ikzmap.survey import surveyed_keys
from tests.factories import budget_lines, replace_field, write_budget

RECKLINGHAUSEN, SIEGEN_WITTGENSTEIN = "05562", "05970"
# sha256 of the reference file as delivered (CRLF line ends): the copy must stay byte-identical
REFERENCE_SHA256 = "9c89087eb177f45870865d4337494de6ac7fd211f608527024c6d3bbc8634846"


@pytest.fixture(scope="module")
def status(hierarchy) -> pd.DataFrame:
    return load_budget_status(hierarchy=hierarchy)


@pytest.fixture(scope="module")
def per_kreis(status, hierarchy) -> pd.DataFrame:
    return aggregate_budget(status, hierarchy, "kreis")


def test_shipped_file_is_the_reference_file():
    raw = BUDGET_FILE.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == REFERENCE_SHA256
    assert raw.startswith(b"ags,gemeinde,status_code,ueberschuldung_code\r\n")


def test_loaded_file(status, hierarchy):
    assert len(status) == 396
    assert set(status.index) == set(hierarchy.level("gemeinde").index)
    assert all(isinstance(k, str) and len(k) == 8 and k.startswith("05") for k in status.index)
    assert status["status_code"].between(1, 7).all()
    assert status["ueberschuldung_code"].dropna().between(0, 3).all()
    assert status["ueberschuldung_code"].isna().sum() == 19
    assert status.at["05562004", "name"] == "Castrop-Rauxel"
    assert status.at["05562004", "status_label"] == STATUS_LABELS[6]


def test_default_status_is_a_copy():
    first = default_budget_status()
    first.loc["05111000", "status_code"] = 7
    assert default_budget_status().at["05111000", "status_code"] == 2


def test_source():
    source = budget_source()
    assert source.provenance is Provenance.OFFICIAL
    assert source.citation().endswith("Stichtag 31.12.2025, Lizenz dl-de/by-2-0")


# --- checks from the reference README (and the report's text for 2024) ----------------


def test_recklinghausen_six_in_hsk_four_fiktiv(per_kreis):
    row = per_kreis.loc[RECKLINGHAUSEN]
    assert row["n_status_5"] + row["n_status_6"] == 6 == row["n_hsk"]
    assert row["n_status_7"] == 0
    assert row["n_status_2"] == 4
    assert row["n"] == 10  # the Kreis itself has no status


def test_siegen_wittgenstein_none_in_hsk(per_kreis):
    assert per_kreis.at[SIEGEN_WITTGENSTEIN, "n_hsk"] == 0
    assert per_kreis.at[SIEGEN_WITTGENSTEIN, "n"] == 11


@pytest.mark.parametrize(
    ("figure_id", "column", "kreis"),
    [
        ("budget_05562_hsk", "n_hsk", RECKLINGHAUSEN),
        ("budget_05562_fiktiv", "n_status_2", RECKLINGHAUSEN),
        ("budget_05970_hsk", "n_hsk", SIEGEN_WITTGENSTEIN),
        ("budget_05970_fiktiv", "n_status_2", SIEGEN_WITTGENSTEIN),
    ],
)
def test_report_statements_still_hold_in_2025(per_kreis, figure_id, column, kreis):
    assert per_kreis.at[kreis, column] == load_published().value(figure_id)


def test_siegen_wittgenstein_code_3_changed_since_2024(per_kreis):
    """The report (2024) names five Kommunen with code 3; the 2025 file has four + one 4."""
    row = per_kreis.loc[SIEGEN_WITTGENSTEIN]
    assert (row["n_status_3"], row["n_status_4"]) == (4, 1)
    assert load_published().value("budget_05970_code3") == 5


# --- aggregation ------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "rows"), [("kreis", 53), ("rbz", 5), ("nrw", 1)])
def test_every_level_covers_all_gemeinden(status, hierarchy, level, rows):
    table = aggregate_budget(status, hierarchy, level)
    assert len(table) == rows
    assert table["n"].sum() == 396
    status_counts = table[[f"n_status_{c}" for c in range(1, 8)]].sum(axis=1)
    assert (status_counts == table["n"]).all()
    shares = table[[f"share_status_{c}" for c in range(1, 8)]].sum(axis=1)
    assert shares.round(12).eq(1).all()
    ueber = table[[f"n_ueberschuldung_{c}" for c in (0, 1, 2, 3, "unbekannt")]].sum(axis=1)
    assert (ueber == table["n"]).all()


def test_nrw_totals(status, hierarchy):
    nrw = aggregate_budget(status, hierarchy, "nrw").loc[NRW_KEY]
    assert nrw["name"] == "Nordrhein-Westfalen"
    assert (nrw["n_status_1"], nrw["n_status_2"], nrw["n_hsk"]) == (8, 245, 53)
    assert nrw["n_ausgeglichen_inkl_fiktiv"] == 253
    assert nrw["share_hsk"] == pytest.approx(53 / 396)
    assert nrw["worst_status"] == 7
    assert (nrw["n_ueberschuldung_1"], nrw["n_ueberschuldung_unbekannt"]) == (20, 19)


def test_kreisfreie_stadt_is_its_own_gemeinde(per_kreis):
    row = per_kreis.loc["05111"]
    assert (row["n"], row["n_status_2"], row["worst_status"]) == (1, 1, 2)


def test_worst_status_and_label(per_kreis):
    row = per_kreis.loc[RECKLINGHAUSEN]
    assert row["worst_status"] == 6
    assert row["worst_label"] == "HSK nicht genehmigt (vorläufige Haushaltsführung)"


def test_only_surveyed_gemeinden(status, hierarchy):
    only = surveyed_keys(hierarchy, "gemeinde")
    nrw = aggregate_budget(status, hierarchy, "nrw", only=only).loc[NRW_KEY]
    assert nrw["n"] == 371
    kreise = aggregate_budget(status, hierarchy, "kreis", only=only)
    assert kreise.at["05111", "n"] == 0
    assert pd.isna(kreise.at["05111", "share_hsk"])
    assert kreise.at["05754", "n"] == len(hierarchy.gemeinden_in("05754")) - 1  # Harsewinkel


def test_summarize_empty_group(status):
    empty = summarize(status.iloc[0:0])
    assert empty["n"] == 0 and empty["worst_status"] is None
    assert pd.isna(empty["share_hsk"])


# --- validation errors: German, with file and row ---------------------------------------


def _line(index: int, column: int, value: str) -> list[str]:
    lines = budget_lines()
    lines[index] = replace_field(lines[index], column, value)
    return lines


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (_line(5, 2, "9"), r"Zeile 6: status_code „9“ ist ungültig \(erlaubt: 1 bis 7\)"),
        (_line(5, 2, ""), r"Zeile 6: status_code „“ ist ungültig"),
        (_line(7, 2, "2.0"), r"Zeile 8: status_code „2.0“"),
        (_line(10, 3, "4"), r"Zeile 11: ueberschuldung_code „4“ ist ungültig"),
        (_line(12, 0, "abc"), r"Zeile 13: „abc“ ist kein Schlüssel"),
        (_line(12, 0, "05562"), r"Zeile 13: „05562“ ist kein 8-stelliger Gemeindeschlüssel"),
        (_line(3, 0, "05111000"), r"Zeile 4: Schlüssel 05111000 doppelt \(schon in Zeile 2\)"),
        (_line(9, 1, ""), r"Zeile 10: Name der Gemeinde fehlt"),
        (budget_lines()[:-1], r"395 Gemeinden statt 396"),
        (["ags,gemeinde,status", *budget_lines()[1:]], r"Zeile 1: Spalte\(n\) fehlen"),
    ],
)
def test_bad_files_name_file_row_and_problem(tmp_path, lines, message):
    path = write_budget(tmp_path, lines)
    with pytest.raises(BudgetDataError, match=message) as err:
        load_budget_status(path)
    assert str(err.value).startswith("haushalt_test.csv")


def test_lost_leading_zero_is_repaired(tmp_path):
    lines = budget_lines()
    lines[1] = lines[1].removeprefix("0")
    assert load_budget_status(write_budget(tmp_path, lines)).index[0] == "05111000"


def test_unknown_gemeinde_with_hierarchy(tmp_path, hierarchy):
    path = write_budget(tmp_path, _line(20, 0, "05999999"))
    load_budget_status(path)  # without hierarchy only the form is checked
    with pytest.raises(BudgetDataError, match="Zeile 21: Gemeinde 05999999 gibt es"):
        load_budget_status(path, hierarchy)


def test_missing_file(tmp_path):
    with pytest.raises(BudgetDataError, match=r"Datei fehlt: fehlt\.csv"):
        load_budget_status(tmp_path / "fehlt.csv")


def test_unreadable_file(tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_bytes(b"ags,gemeinde,status_code,ueberschuldung_code\r\n0511\xff\xfe,x,1,0\r\n")
    with pytest.raises(BudgetDataError, match=r"kaputt\.csv: Datei ist keine lesbare CSV-Datei"):
        load_budget_status(path)
