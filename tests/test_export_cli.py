"""Batch CLI ``python -m ikzmap.export``: files, names, exit codes, German messages."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from ikzmap.export.cli import main

ROOT = Path(__file__).resolve().parent.parent
ALL_CSV = {
    f"ikz_{level}_{indicator}.csv"
    for level, indicators in {
        "rbz": ("ikz_count", "ikz_per_unit", "ikz_per_10k", "budget_hsk", "budget_balanced"),
        "kreis": ("ikz_count", "ikz_per_unit", "ikz_per_10k", "budget_hsk", "budget_balanced"),
        "gemeinde": ("budget_status",),
    }.items()
    for indicator in indicators
} | {f"ikz_{level}_bivariate.csv" for level in ("rbz", "kreis")}
ALL_CSV |= {f"ikz_{level}_practice_examples.csv" for level in ("kreis", "gemeinde")}


def test_chosen_set_in_several_formats(tmp_path, capsys):
    out = tmp_path / "karten"
    argv = ["--level", "rbz", "--indicator", "ikz_count", "--format", "svg", "--format", "png"]
    code = main(
        [*argv, "--format", "geojson", "--dpi", "72", "--page", "a4-hoch", "--out", str(out)]
    )
    assert code == 0
    names = {p.name for p in out.iterdir()}
    assert names == {
        "ikz_rbz_ikz_count_a4-hoch.svg",
        "ikz_rbz_ikz_count_a4-hoch_72dpi.png",
        "ikz_rbz_ikz_count.geojson",
    }
    ET.parse(out / "ikz_rbz_ikz_count_a4-hoch.svg")
    with Image.open(out / "ikz_rbz_ikz_count_a4-hoch_72dpi.png") as image:
        assert image.info["dpi"] == pytest.approx((72, 72), abs=0.1)
    assert "3 Datei(en)" in capsys.readouterr().out


def test_all_writes_every_valid_level_and_indicator(tmp_path, capsys):
    assert main(["--all", "--format", "csv", "--out", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == ALL_CSV
    err = capsys.readouterr().err
    # the default data have no IKZ values per Gemeinde: no empty maps, a German line instead
    for label in ("IKZ-Aktivitäten (Anzahl)", "IKZ-Aktivitäten je 10.000 Einwohner"):
        assert f"übersprungen: {label}, Ebene Gemeinden: keine Werte in den Daten" in err
    assert "übersprungen: IKZ × Haushaltslage (bivariat), Ebene Gemeinden" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--all", "--format", "bmp"], "Unbekanntes Format „bmp“"),
        (["--all", "--page", "a5"], "Unbekanntes Seitenformat „a5“"),
        (["--all", "--dpi", "1200"], "Ungültige Auflösung „1200“"),
        (["--all", "--zoom", "05562032"], "Ausschnitt „05562032“"),
        (["--all", "--level", "land"], "Unbekannte Ebene „land“"),
        (["--indicator", "ikz_total"], "Unbekannter Indikator „ikz_total“"),
        (["--format", "pdf"], "Bitte --all oder eine Auswahl"),
        (["--level", "gemeinde", "--indicator", "budget_hsk"], "Die Auswahl ergibt keine Karte"),
        (["--bogus"], "Fehler beim Aufruf"),
    ],
)
def test_wrong_arguments_exit_2_with_german_message(tmp_path, capsys, argv, message):
    assert main([*argv, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_missing_out_folder(capsys):
    assert main(["--all"]) == 2
    assert "--out" in capsys.readouterr().err


def test_unwritable_target_exits_2(tmp_path, capsys):
    blocker = tmp_path / "datei"
    blocker.write_text("kein Ordner")
    assert (
        main(
            ["--level", "rbz", "--indicator", "ikz_count", "--format", "csv", "--out", str(blocker)]
        )
        == 2
    )
    assert "Fehler" in capsys.readouterr().err


def test_module_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "ikzmap.export", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a speed check (shared machines)
    )
    assert result.returncode == 0
    assert "Aufruf: python -m ikzmap.export" in result.stdout
    assert "--all" in result.stdout


@pytest.fixture
def saved_kreise(tmp_path, monkeypatch, hierarchy):
    """A saved dataset of Kreis counts in a fresh store (as the app saves it)."""
    from ikzmap.published import load_published
    from ikzmap.store import Store, save_result
    from ikzmap.store.config import sqlite_url
    from ikzmap.upload import read_upload

    monkeypatch.setenv("IKZMAP_DATA_DIR", str(tmp_path / "ablage"))
    monkeypatch.delenv("IKZMAP_DATABASE_URL", raising=False)
    data = (ROOT / "tests" / "data" / "uploads" / "kreise_utf8bom_komma.csv").read_bytes()
    result = read_upload(data, "kreise.csv", hierarchy)
    store = Store(sqlite_url(tmp_path / "ablage"))
    info = save_result(store, result, "Kreise 2025", hierarchy, load_published())
    store.dispose()
    return info, result


def test_a_saved_dataset_is_exported_with_its_values_and_source(tmp_path, saved_kreise):
    info, result = saved_kreise
    out = tmp_path / "k"
    argv = ["--level", "kreis", "--indicator", "ikz_count", "--format", "csv", "--out", str(out)]
    assert main([*argv, "--daten", info.dataset_id, "--version", "1"]) == 0
    text = (out / "ikz_kreis_ikz_count.csv").read_text(encoding="utf-8-sig")
    key, count = next(iter(result.dataset.values["count"].items()))
    row = next(line for line in text.splitlines() if line.startswith(key))
    assert "hochgeladen" in row and str(count) in row.replace(".", "")
    assert "„Kreise 2025“, Version 1 vom" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--daten", "A" * 32], "gibt es nicht"),
        # an id may start with "-" (one in 64 of those stored before new ids avoided it):
        # it is looked up, not taken for an option
        (["--daten", "-" + "A" * 31], "gibt es nicht"),
        (["--daten", "kaputt"], "gibt es nicht"),
        (["--version", "2"], "--version nur zusammen mit --daten"),
    ],
)
def test_an_unknown_saved_dataset_is_a_german_error(tmp_path, saved_kreise, capsys, extra, message):
    argv = ["--level", "kreis", "--format", "csv", "--out", str(tmp_path / "k"), *extra]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "k").exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--daten", "-" + "A" * 31], ["--daten=-" + "A" * 31]),
        (["--daten", "A" * 32, "--out", "k"], ["--daten=" + "A" * 32, "--out", "k"]),
        (["--daten", "--out", "k"], ["--daten", "--out", "k"]),  # argparse reports it
        (["--daten"], ["--daten"]),
        (["--out", "-" + "A" * 31], ["--out", "-" + "A" * 31]),  # only the id option
    ],
)
def test_an_id_that_starts_with_a_dash_stays_the_options_value(argv, expected):
    from ikzmap.export.cli import with_attached_ids

    assert with_attached_ids(argv) == expected
