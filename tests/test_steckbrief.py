"""Kreis-Steckbriefe: the PDF of all Kreise (cover + one page each), a single Kreis from the
CLI, the figures of the detail panel on each page, tagging, and hostile upload names."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pytest

from ikzmap.atlas import AtlasData
from ikzmap.dataset import IkzDataset
from ikzmap.details import unit_facts
from ikzmap.export import steckbrief
from ikzmap.export.cli import main
from ikzmap.export.tagged_pdf import LANG
from ikzmap.provenance import Provenance, Source
from ikzmap.published import load_published
from ikzmap.upload import read_upload
from tests import test_hostile_data as hostile

ROOT = Path(__file__).resolve().parent.parent
PAINT = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n", "Do", "sh"}


def _flat(text: str) -> str:
    """Extracted text with line breaks as spaces (the page wraps long lines)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def all_pdf(atlas) -> bytes:
    return steckbrief.steckbriefe_pdf(atlas)


@pytest.fixture(scope="module")
def reader(all_pdf) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(all_pdf))


def test_the_31_surveyed_kreise_get_a_page_the_kreisfreie_staedte_none(atlas):
    keys = steckbrief.steckbrief_keys(atlas)
    assert len(keys) == 31
    assert "05334" in keys  # StädteRegion Aachen
    assert "05111" not in keys and "05334002" not in keys  # Düsseldorf, the city of Aachen


def test_all_has_a_cover_and_one_page_per_kreis(atlas, reader):
    keys = steckbrief.steckbrief_keys(atlas)
    assert len(reader.pages) == 32
    assert reader.metadata.title == steckbrief.DOC_TITLE_ALL
    cover = reader.pages[0].extract_text()
    assert cover.startswith("Kreis-Steckbriefe")
    assert "Inhalt" in cover and "GeoBasis-DE / BKG" in cover and "31.12.2025" in cover
    lines = cover.splitlines()
    for page, key in enumerate(keys, start=2):  # contents: each Kreis with its page
        label = atlas.hierarchy.label(key)
        assert any(re.fullmatch(rf"{re.escape(label)}\s*{page}", line) for line in lines), label
    assert [o.title for o in reader.outline] == ["Inhalt", *map(atlas.hierarchy.label, keys)]


def test_each_kreis_page_is_titled_and_shows_the_figures_of_the_detail_panel(atlas, reader):
    published = load_published()
    for page, key in enumerate(steckbrief.steckbrief_keys(atlas), start=1):
        facts = unit_facts(atlas, published, key)
        text = reader.pages[page].extract_text()
        assert text.splitlines()[0] == facts.label
        flat = _flat(text)
        for line in facts.lines:  # value with provenance and range, rank, share, Einwohner
            assert f"{line.label}: {line.text}" in flat, (key, line)
        assert facts.ikz.rank is not None and f"Rang: {facts.ikz.rank} von 31 Kreisen" in flat
        assert str(facts.budget_text) in flat  # Gemeinden per status
        for name in facts.members["Gemeinde"]:
            assert name in flat
        for statement in facts.statements:
            assert _flat(statement) in flat
        for example in facts.examples:
            assert example.title in flat
        assert "GeoBasis-DE / BKG" in flat and "Stichtag 31.12.2025" in flat
        assert f"Seite {page + 1} von 32" in flat


def test_modelled_and_published_values_say_so(atlas, reader):
    keys = steckbrief.steckbrief_keys(atlas)
    recklinghausen = _flat(reader.pages[keys.index("05562") + 1].extract_text())
    assert "IKZ-Aktivitäten: 453 (veröffentlicht)" in recklinghausen
    assert "Rang: 1 von 31 Kreisen (oberes Viertel)" in recklinghausen
    assert "Modellwert" not in recklinghausen
    steinfurt = _flat(reader.pages[keys.index("05566") + 1].extract_text())
    assert "(modelliert); mit den veröffentlichten Zahlen vereinbar: 228–452" in steinfurt
    assert "Modellwert:" in steinfurt


def _elements(elem) -> list:
    kids = elem.get("/K")
    found = [elem]
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None:
                found.extend(_elements(kid))
    return found


def test_all_is_a_tagged_pdf_with_sections_headings_tables_and_figures(atlas, all_pdf):
    pdf = pikepdf.open(io.BytesIO(all_pdf))
    assert pdf.Root.Lang == LANG and pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as meta:
        assert meta["dc:title"] == steckbrief.DOC_TITLE_ALL
    (document,) = pdf.Root.StructTreeRoot.K
    sections = list(document.K)
    titles = [str(s.T) for s in sections]
    keys = steckbrief.steckbrief_keys(atlas)
    assert titles == ["Titelseite und Inhalt", *map(atlas.hierarchy.label, keys)]
    for section in sections[1:]:
        tags = [str(e.S) for e in section.K]
        assert tags[0] == "/H1" and "/Table" in tags and tags.count("/Figure") == 2
        table = next(e for e in section.K if e.S == "/Table")
        header = table.K[0]
        assert {str(c.S) for c in header.K} == {"/TH"}
        assert all(str(e.S) == "/TR" for e in table.K)
        assert all(str(f.Alt) for f in section.K if f.S == "/Figure")
    tags = {str(e.S) for e in _elements(document)}
    assert {"/TOC", "/TOCI", "/L", "/LI", "/Lbl", "/LBody", "/H2"} <= tags


def test_every_page_is_all_tagged_or_artifact(all_pdf):
    pdf = pikepdf.open(io.BytesIO(all_pdf))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    assert [int(nums[i]) for i in range(0, len(nums), 2)] == list(range(32))
    for page in pdf.pages:
        depth = 0
        for _operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
            elif op in PAINT or op == "BT":
                assert depth == 1, f"{op} outside marked content"
        assert depth == 0


def test_cli_writes_one_kreis(tmp_path, capsys):
    assert main(["--steckbrief", "05562", "--format", "pdf", "--out", str(tmp_path)]) == 0
    path = tmp_path / "steckbrief_05562.pdf"
    assert f"geschrieben: {path}" in capsys.readouterr().out
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Kreis-Steckbrief Kreis Recklinghausen – IKZ-Atlas NRW"
    assert reader.pages[0].extract_text().startswith("Kreis Recklinghausen\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--steckbrief", "99999"], "Steckbrief „99999“: bitte den fünfstelligen Schlüssel"),
        (["--steckbrief", "Köln"], "Steckbrief „Köln“: bitte den fünfstelligen Schlüssel"),
        (["--steckbrief", "05562032"], "Schlüssel eines der 31 Kreise"),
        (["--steckbrief", "05111"], "Düsseldorf ist eine kreisfreie Stadt"),
        (["--steckbrief", "05562", "--format", "png"], "Format „png“ gibt es für --steckbrief"),
        (["--steckbrief", "all", "--all"], "nicht mit Karten-Optionen"),
        (["--steckbrief", "all", "--version", "2"], "--version nur zusammen mit --daten"),
        (["--steckbrief", "all", "--daten", "A" * 32], "gibt es nicht"),
    ],
)
def test_cli_wrong_steckbrief_is_a_german_error(tmp_path, capsys, argv, message):
    assert main([*argv, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_unknown_key_exits_2_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ikzmap.export", "--steckbrief", "0555x", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a speed check
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Fehler: Steckbrief „0555x“")
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def _uploaded(atlas: AtlasData, hierarchy, title: str) -> AtlasData:
    """Kreis counts of an upload whose title (file name) is ``title``."""
    result = read_upload(b"Schluessel;Anzahl\n05562;707\n05554;301\n", "k.csv", hierarchy)
    assert result.ok
    dataset = result.dataset
    source = Source(Provenance.UPLOADED, f"Eigene Daten: {title}")
    uploaded = IkzDataset(dataset.level, dataset.values, source, title)
    return AtlasData.build(hierarchy, uploaded, atlas.budget_status, None, f"t-{hash(title)}")


@pytest.mark.parametrize(
    "title", [hostile.FILE_NAME, "$\\frac{1}{2}$ \\textbf{x} " + hostile.CONTROL, hostile.HUGE]
)
def test_hostile_upload_names_stay_text(atlas, hierarchy, title):
    uploaded = _uploaded(atlas, hierarchy, title)
    data = steckbrief.steckbrief_pdf(uploaded, "05562")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    flat = _flat(reader.pages[0].extract_text())
    assert "IKZ-Aktivitäten: 707 (hochgeladen)" in flat
    assert "Rang: 1 von 2 Kreisen" in flat
    for evaluated in hostile.EVALUATED:
        assert evaluated not in flat
    if title == hostile.FILE_NAME:
        assert "{{ 'EVAL' ~ 'UIERT' }} {{ 7*7 }}" in flat  # verbatim, not evaluated
        assert '<img src=x onerror="window.__xss=2">' in flat
    elif title == hostile.HUGE:
        assert "XXX…" in flat and flat.count("X") < 1000  # cut, still one page
    else:
        assert "$\\frac{1}{2}$ \\textbf{x} Steuer\ufffdzeichen" in flat  # no mathtext, no TeX


def test_a_kreis_without_uploaded_value_says_so(atlas, hierarchy):
    uploaded = _uploaded(atlas, hierarchy, "Kreise 2025.csv")
    reader = pypdf.PdfReader(io.BytesIO(steckbrief.steckbrief_pdf(uploaded, "05566")))
    steinfurt = _flat(reader.pages[0].extract_text())
    assert steinfurt.startswith("Kreis Steinfurt") and "IKZ-Aktivitäten: keine Daten" in steinfurt
    assert "Rang:" not in steinfurt and "Modellwert" not in steinfurt
    assert "Quellen: Eigene Daten: Kreise 2025.csv" in steinfurt


def test_gemeinde_upload_adds_its_column_and_wraps_long_cells(atlas, hierarchy):
    """A value of a unit not surveyed (the city of Aachen) is shown as the panel shows it,
    wrapped in its cell; the table still fits the page."""
    name = "gemeinden_nicht_erhoben.csv"
    result = read_upload((ROOT / "tests" / "data" / "uploads" / name).read_bytes(), name, hierarchy)
    uploaded = AtlasData.build(hierarchy, result.dataset, atlas.budget_status, None, "g-upload")
    facts = unit_facts(uploaded, load_published(), "05334")
    aachen = facts.members.at["05334002", "IKZ-Aktivitäten"]
    assert aachen == "80 (nicht erhoben – nur nachrichtlich, in keiner Klasse/Summe)"
    reader = pypdf.PdfReader(io.BytesIO(steckbrief.steckbrief_pdf(uploaded, "05334")))
    flat = _flat(reader.pages[0].extract_text())
    assert "IKZ-Aktivitäten" in flat and aachen in flat
    assert "Quellen: Eigene Daten: gemeinden_nicht_erhoben.csv" in flat
