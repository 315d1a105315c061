"""``python -m ikzmap.export --datei``: a CSV/XLSX file rendered as the app renders an
upload – same reading, report and messages; every format names it as "hochgeladen"."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from ikzmap.export.cli import main
from ikzmap.export.formats import FILE_FORMATS
from ikzmap.upload import MAX_BYTES

UPLOADS = Path(__file__).resolve().parent / "data" / "uploads"
PAIR = ["--level", "kreis", "--indicator", "ikz_count"]
# A file name with markup, a template, mathtext and a terminal escape sequence.
HOSTILE = "Zahlen <img src=x onerror=alert(1)> {{7*7}} $x^2$ \x1b[31mrot.csv"
SHOWN = "Zahlen <img src=x onerror=alert(1)> {{7*7}} $x^2$ \ufffd[31mrot.csv"


def _copy(tmp_path: Path, source: str, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(UPLOADS / source, target)
    return target


def _run(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def _csv_rows(path: Path) -> dict[str, list[str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return {line.split(";")[0]: line.split(";") for line in lines}


def test_a_file_is_read_like_an_upload_and_its_values_exported(tmp_path, capsys):
    file = _copy(tmp_path, "kreise_utf8bom_komma.csv", "kreise.csv")
    out = tmp_path / "k"
    assert _run(*PAIR, "--format", "csv", "--datei", file, "--out", out) == 0
    row = _csv_rows(out / "ikz_kreis_ikz_count.csv")["05958"]
    assert "1234" in row and "hochgeladen" in row  # "1.234" read as in the app
    assert "Eigene Daten: kreise.csv – hochgeladen" in row
    err = capsys.readouterr().err
    assert "Datei „kreise.csv“:" in err and "Gelesen: " in err  # the report's summary


def test_all_renders_the_levels_the_file_fills(tmp_path, capsys):
    file = _copy(tmp_path, "gemeinden_cp1252_semikolon.csv", "gemeinden.csv")
    assert _run("--all", "--format", "csv", "--datei", file, "--out", tmp_path / "k") == 0
    names = {p.name for p in (tmp_path / "k").iterdir()}
    # the default data have no Gemeinde counts; the file has them
    assert {"ikz_gemeinde_ikz_count.csv", "ikz_gemeinde_ikz_per_10k.csv"} <= names
    assert {"ikz_kreis_ikz_count.csv", "ikz_rbz_bivariate.csv"} <= names
    row = _csv_rows(tmp_path / "k" / "ikz_gemeinde_ikz_count.csv")["05562004"]
    assert "25" in row and "hochgeladen" in row
    assert "Ebene Gemeinden: keine Werte" not in capsys.readouterr().err


def test_every_format_names_the_file_and_keeps_its_name_inert(tmp_path, capsys):
    file = _copy(tmp_path, "kreise_utf8bom_komma.csv", HOSTILE)
    out = tmp_path / "k"
    formats = [arg for fmt in FILE_FORMATS for arg in ("--format", fmt)]
    assert _run(*PAIR, *formats, "--dpi", "72", "--datei", file, "--out", out) == 0
    files = {p.suffix: p for p in out.iterdir()}
    assert set(files) == {f".{f.extension}" for f in FILE_FORMATS.values()}
    expected = f"Eigene Daten: {SHOWN} – hochgeladen"

    svg = files[".svg"].read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed: the name is escaped
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    page = files[".html"].read_text(encoding="utf-8")
    assert "<img" not in page and "{{7*7}}" in page  # no markup, no template ran
    assert escape(expected) in page
    with Image.open(files[".png"]) as image:
        assert expected in image.info["Source"]
    pdf = " ".join(page.extract_text() for page in PdfReader(files[".pdf"]).pages)
    assert "hochgeladen" in pdf and "{{7*7}}" in pdf and "$x^2$" in pdf  # text, no mathtext
    assert expected in files[".csv"].read_text(encoding="utf-8-sig")
    sheet_texts = [
        str(cell)
        for ws in load_workbook(files[".xlsx"], read_only=True)
        for row in ws.iter_rows(values_only=True)
        for cell in row
    ]
    assert any(expected in text for text in sheet_texts)
    geojson = json.loads(files[".geojson"].read_text(encoding="utf-8"))
    assert expected in json.dumps(geojson, ensure_ascii=False)
    assert files[".gpkg"].stat().st_size > 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "Datei „Zahlen <img" in err  # no escape sequence


def test_a_steckbrief_from_a_file(tmp_path):
    file = _copy(tmp_path, "kreise_utf8bom_komma.csv", "kreise.csv")
    assert _run("--steckbrief", "05958", "--datei", file, "--out", tmp_path) == 0
    pdf = PdfReader(tmp_path / "steckbrief_05958.pdf")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert "1.234" in text and "kreise.csv" in text


def test_the_problem_report_goes_to_stderr(tmp_path, capsys):
    file = _copy(tmp_path, "kreise_unordentlich_cp1252.csv", "unordentlich.csv")
    assert _run(*PAIR, "--format", "csv", "--datei", file, "--out", tmp_path / "k") == 0
    captured = capsys.readouterr()
    assert "Problemliste (" in captured.err and "Zeile " in captured.err
    assert "Problemliste" not in captured.out  # stdout lists only the files written


def test_guesses_to_confirm_are_printed(tmp_path, capsys):
    file = _copy(tmp_path, "aktivitaeten_bezeichnung.csv", "aktivitaeten.csv")
    assert _run("--level", "kreis", "--format", "csv", "--datei", file, "--out", tmp_path) == 0
    err = capsys.readouterr().err
    assert "Bitte prüfen: " in err and "stimmt das?" in err


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "fehlt.csv", "Die Datei „fehlt.csv“ gibt es nicht."),
        (lambda d: d, "ist keine gewöhnliche Datei"),
        (lambda d: _file(d, "leer.csv", b""), "Die Datei ist leer (0 Byte)."),
        (
            lambda d: _file(d, "kaputt.xlsx", b"PK\x03\x04 kaputt"),
            "Die Datei „kaputt.xlsx“ lässt sich nicht verwenden.",
        ),
        (
            lambda d: _file(d, "unbekannt.csv", b"Kreisschluessel;Anzahl\n05999;5\n"),
            "Keine Zeile konnte übernommen werden.",
        ),
    ],
)
def test_an_unusable_file_is_a_german_error(tmp_path, capsys, make, message):
    out = tmp_path / "k"
    assert _run(*PAIR, "--format", "csv", "--datei", make(tmp_path), "--out", out) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_an_unusable_file_lists_its_problem_rows(tmp_path, capsys):
    file = _file(tmp_path, "unbekannt.csv", b"Kreisschluessel;Anzahl\n05999;5\n")
    assert _run(*PAIR, "--format", "csv", "--datei", file, "--out", tmp_path / "k") == 2
    assert "Zeile 2" in capsys.readouterr().err


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    big = tmp_path / "gross.csv"
    with big.open("wb") as handle:  # sparse: no disk space, but st_size over the limit
        handle.truncate(MAX_BYTES + 1)
    opened = []
    real_open = Path.open

    def recording_open(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", recording_open)
    assert _run(*PAIR, "--format", "csv", "--datei", big, "--out", tmp_path / "k") == 2
    assert "höchstens 10 MB sind möglich" in capsys.readouterr().err
    assert big not in opened


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_blocking(tmp_path, capsys):
    pipe = tmp_path / "rohr.csv"
    os.mkfifo(pipe)
    assert _run(*PAIR, "--format", "csv", "--datei", pipe, "--out", tmp_path / "k") == 2
    assert "keine gewöhnliche Datei" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([*PAIR, "--datei", "a.csv", "--daten", "X" * 32], "schließen sich aus"),
        ([*PAIR, "--blatt", "Tabelle1"], "--blatt nur zusammen mit --datei"),
        (["--bericht", "--datei", "a.csv"], "--daten und --datei gelten nur für Karten"),
    ],
)
def test_wrong_combinations_exit_2_with_german_message(tmp_path, capsys, argv, message):
    assert _run(*argv, "--out", tmp_path / "k") == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "k").exists()
