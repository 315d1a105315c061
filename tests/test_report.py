"""Charts of "Bericht in Zahlen": content, provenance, files and the CLI ``--bericht``."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from ikzmap.export.cli import main
from ikzmap.published import load_published
from ikzmap.report import files
from ikzmap.report.charts import LOCALE, legal_forms_wide, report_charts
from ikzmap.report.figures import display
from ikzmap.report.source import default_kreis_names

PUB = load_published()
CHARTS = report_charts(PUB, default_kreis_names())
BY_ID = {c.id: c for c in CHARTS}
# Groups that are context of the survey, not a chart of their own (shown where they belong).
NOT_CHARTED = {"erhebung", "praxisbeispiele"}


def test_every_published_figure_is_in_a_chart_table():
    shown = {fid for chart in CHARTS for fid in chart.table["id"]}
    missing = [
        f.id for f in PUB.figures.values() if f.group not in NOT_CHARTED and f.id not in shown
    ]
    assert not missing


def test_the_groups_the_issue_names_have_a_chart():
    expected = {
        "ziele",
        "aufgabenfelder",
        "geplant",
        "partner",
        "rechtsformen",
        "rechtsformen_segmente",
        "erfolgsfaktoren",
        "hindernisse",
        "rueckabwicklung",
        "segmente",
        "regierungsbezirke",
        "kreise",
        "haushalt",
        "landschaftsverbaende",
    }
    assert expected <= set(BY_ID)


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: c.id)
def test_chart_has_title_references_origin_text_and_german_locale(chart):
    spec = chart.spec()
    assert spec["title"]["text"] == chart.title
    assert all(ref in spec["title"]["subtitle"] for ref in chart.references)
    assert set(chart.origins) <= {"veröffentlicht", "Vortrag 24.02.2026"}
    assert len(chart.alt_text) > 40
    assert spec["config"]["locale"] == LOCALE
    assert not chart.table.empty
    assert (chart.table["Quelle"].str.startswith("gpaNRW")).all()


def test_qualifiers_are_shown_and_explained():
    table = BY_ID["aufgabenfelder"].table.set_index("Kennzahl")
    assert table.at["IT, E-Government", "Angabe"] == "mehr als 75 %"
    assert table.at["Soziales (kleine Kommunen)", "Angabe"] == "weniger als ein Drittel"
    notes = " ".join(BY_ID["aufgabenfelder"].qualifier_notes)
    assert "Untergrenze" in notes and "Obergrenze" in notes and "gerundet" in notes


def test_german_number_format():
    assert display(PUB.figure("activities_total")) == "6.250"
    assert display(PUB.figure("kvw_payments_2022")) == "rund 1,46 Mrd. Euro"
    assert display(PUB.figure("goal_wirtschaftlichkeit")) == "96 %"
    assert "2.504 von 6.250" in BY_ID["segmente"].alt_text


def test_talk_figures_are_labelled_as_talk():
    table = BY_ID["ziele"].table.set_index("id")
    assert table.at["goal_wirtschaftlichkeit", "Herkunft"] == "Vortrag 24.02.2026"
    assert "Leitende Motive" in table.at["goal_wirtschaftlichkeit", "Fundstelle"]
    assert table.at["goal_fachkraefte_small", "Herkunft"] == "veröffentlicht"
    assert table.at["goal_fachkraefte_small", "Fundstelle"] == "Abschnitt 1.2.2"


def test_regions_show_published_shares_and_the_two_counts():
    chart = BY_ID["regierungsbezirke"]
    assert "Münster: 25 % (1.540 Aktivitäten)" in chart.alt_text
    assert "Düsseldorf: 13 % (826 Aktivitäten)" in chart.alt_text
    assert "Köln: 22 %" in chart.alt_text and "(" not in chart.alt_text.split("Köln: ")[1][:8]


def test_kreis_distribution_draws_only_the_five_published_values():
    spec = BY_ID["kreise"].spec()
    values = [row for ds in spec["datasets"].values() for row in ds]
    numbers = {v for row in values for v in row.values() if isinstance(v, int | float)}
    assert numbers == {66, 155, 178, 227, 453}
    assert "Kreis Recklinghausen: 453" in str(values)
    assert "Kreis Siegen-Wittgenstein: 66" in str(values)


def test_legal_form_table_as_printed():
    wide = legal_forms_wide(PUB)
    assert wide.loc["Kreise (einschließlich StädteRegion Aachen)"].tolist() == [
        46,
        23,
        10,
        5,
        1,
        15,
    ]
    assert len(BY_ID["rechtsformen_segmente"].table) == 24


def test_success_factors_are_ranks_not_invented_shares():
    table = BY_ID["erfolgsfaktoren"].table
    ranks = table[table["Einheit"] == "Rang"]
    assert set(ranks["Angabe"]) == {"Rang 1–2 (gemeinsam)", "Rang 3 (gemeinsam)"}
    assert "Prozent" not in set(table["Einheit"])


def test_files_svg_png_csv():
    chart = BY_ID["regierungsbezirke"]
    svg = files.render(chart, "svg")
    root = ET.fromstring(svg.data)
    text = "".join(root.itertext())
    assert "Die fünf Regierungsbezirke" in text and "1.540" in text
    assert "Quelle: gpaNRW" in text
    png = files.render(chart, "png")
    with Image.open(io.BytesIO(png.data)) as image:
        assert image.width >= 2 * 500
    rows = list(
        csv.reader(io.StringIO(files.render(chart, "csv").data.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:4] == ["Kennzahl", "Wert", "Einheit", "Angabe"]
    muenster = next(r for r in rows if r[0] == "Münster" and r[2] == "Prozent")
    assert muenster[:4] == ["Münster", "25", "Prozent", "25 %"]
    assert muenster[rows[0].index("Herkunft")] == "Vortrag 24.02.2026"
    with pytest.raises(files.ReportFormatError, match="Unbekanntes Format „pdf“"):
        files.render(chart, "pdf")


def test_cli_writes_every_chart(tmp_path, capsys):
    assert main(["--bericht", "--format", "svg", "--format", "csv", "--out", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {f"ikz-bericht_{c.id}.{fmt}" for c in CHARTS for fmt in ("svg", "csv")}
    assert f"{2 * len(CHARTS)} Datei(en)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bericht", "--format", "pdf", "--out", "x"], "Format „pdf“ gibt es für --bericht"),
        (["--bericht"], "Zielordner"),
        (["--bericht", "--all", "--out", "x"], "nicht mit Karten-Optionen"),
    ],
)
def test_cli_report_usage_errors(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
