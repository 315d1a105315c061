"""AppTest of the page "Bericht in Zahlen" (``?seite=bericht``) and its navigation."""

from __future__ import annotations

import pytest

from ikzmap.report.charts import report_charts
from ikzmap.report.source import default_kreis_names, default_published
from tests.apptest import run_app

CHARTS = report_charts(default_published(), default_kreis_names())


@pytest.fixture(scope="module")
def report():
    return run_app({"seite": "bericht"})


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [s.value for s in at.subheader] + [t.value for t in at.title]
    return "\n".join(parts).replace("\\", "")  # md_escape's backslashes


def test_report_page_has_one_chart_per_group(report):
    assert report.title[0].value == "Bericht in Zahlen"
    assert [s.value for s in report.subheader] == [c.title for c in CHARTS]
    charts = report.get("vega_lite_chart")
    assert len(charts) == len(CHARTS) >= 16


def test_every_chart_names_section_origin_and_text_alternative(report):
    text = _texts(report)
    for chart in CHARTS:
        assert chart.alt_text in text
        for ref in chart.references:
            assert ref in text
    assert "Vortrag 24.02.2026" in text and "veröffentlicht" in text
    assert "„mehr als“: der Text nennt eine Untergrenze" in text


def test_figures_in_german_notation(report):
    text = _texts(report)
    for expected in ("2.504 von 6.250", "Wirtschaftlichkeit: 96 %", "1.540", "39 %"):
        assert expected in text


def test_every_chart_has_a_table_and_three_downloads(report):
    assert len(report.expander) == len(CHARTS)
    labels = [b.proto.label for b in report.get("download_button")]
    for fmt in ("PNG", "SVG", "CSV"):
        assert labels.count(f"{fmt} herunterladen") == len(CHARTS)


def test_map_page_opens_the_report_and_back_keeps_the_view():
    at = run_app({"ebene": "gemeinde"})
    at.button(key="open_report").click().run()
    assert not at.exception
    assert at.query_params["seite"] in ("bericht", ["bericht"])
    assert at.title[0].value == "Bericht in Zahlen"
    at.button(key="report_back").click().run()
    assert not at.exception
    assert "seite" not in at.query_params
    assert at.title[0].value == "Interkommunale Zusammenarbeit in NRW"
    assert at.session_state["w_level"] == "gemeinde"
