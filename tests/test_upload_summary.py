import pytest

from ikzmap.upload import UploadSummary


def test_summary_lines_in_german():
    summary = UploadSummary(
        rows_read=1,
        matched=1,
        via_name=1,
        counted=1,
        problem_rows=0,
        notes=1,
        total_surveyed=6250,
        remarks=("Erkannt: CSV.",),
    )
    assert summary.lines() == (
        "Gelesen: 1 Zeile mit Daten.",
        "Zugeordnet: 1 Zeile (davon 1 über den Namen).",
        "Übernommen: 1 Zeile; Summe der erhobenen Gebietskörperschaften: 6.250 IKZ-Aktivitäten.",
        "Probleme: 0 Zeilen nicht gezählt, 1 Hinweis – siehe Problemliste.",
        "Erkannt: CSV.",
    )


@pytest.mark.parametrize(
    ("summary", "line"),
    [
        (
            UploadSummary(not_surveyed=2, total_not_surveyed=1234),
            "Nicht erhoben: 2 Zeilen mit zusammen 1.234 – übernommen, aber nicht in den Summen.",
        ),
        (
            UploadSummary(status_counts={"umgesetzt": 1200, "geplant": 3}),
            "Status: 3 geplant, 1.200 umgesetzt; gezählt werden nur umgesetzte.",
        ),
        (
            UploadSummary(total_surveyed=10, totals_rows=((9, 12.0),)),
            "Summenzeile 9: 12 (nicht gezählt); Summe der übernommenen Werte: 10.",
        ),
        (
            UploadSummary(totals_rows=((9, None),)),
            "Summenzeile 9: ohne Zahl (nicht gezählt); Summe der übernommenen Werte: 0.",
        ),
        (
            UploadSummary(totals_rows=((9, 1.0), (10, 2.0))),
            "Summenzeilen: 2 (nicht gezählt).",
        ),
    ],
)
def test_optional_summary_lines(summary, line):
    assert line in summary.lines()
    assert summary.text().count("\n") == len(summary.lines()) - 1
