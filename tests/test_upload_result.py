import pandas as pd
import pandera.pandas as pa
import pytest

from ikzmap.upload import UploadSummary
from ikzmap.upload.result import check_values


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
            "Nicht erhoben: 2 Zeilen mit zusammen 1.234 – übernommen, aber nur nachrichtlich: "
            "in keiner Summe, keiner Klasse der Karte und keinem Rang.",
        ),
        (
            UploadSummary(status_counts={"umgesetzt": 1200, "geplant": 3}),
            "Status: 3 geplant, 1.200 umgesetzt; gezählt werden nur umgesetzte.",
        ),
        (
            UploadSummary(total_surveyed=10, totals_rows=((9, 12.0),)),
            "Summenzeile 9: 12 (nicht gezählt) – die übernommenen Werte ergeben 10.",
        ),
        (
            UploadSummary(totals_rows=((9, None),)),
            "Summenzeile 9: ohne Zahl (nicht gezählt).",
        ),
        (
            UploadSummary(totals_rows=((9, 1.0), (10, 2.0))),
            "Summenzeilen: 2 (nicht gezählt).",
        ),
        (
            UploadSummary(total_surveyed=10, totals_rows=((9, 10.0),)),
            "Summenzeile 9: 10 (nicht gezählt) – gleich der Summe der übernommenen Werte.",
        ),
        (  # the two sums of an upload with a kreisfreie Stadt, explained in one sentence
            UploadSummary(
                not_surveyed=1,
                total_surveyed=6264,
                total_not_surveyed=12,
                totals_rows=((39, 6276.0),),
            ),
            "Summenzeile 39: 6.276 (nicht gezählt) – das ist die Summe aller übernommenen Werte: "
            "6.264 der erhobenen Gebietskörperschaften und 12 der nicht erhobenen Einheiten (nur "
            "nachrichtlich).",
        ),
        (
            UploadSummary(
                not_surveyed=1,
                total_surveyed=6264,
                total_not_surveyed=12,
                totals_rows=((39, 6264.0),),
            ),
            "Summenzeile 39: 6.264 (nicht gezählt) – gleich der Summe der erhobenen "
            "Gebietskörperschaften (ohne die 12 der nicht erhobenen Einheiten).",
        ),
    ],
)
def test_optional_summary_lines(summary, line):
    assert line in summary.lines()
    assert summary.text().count("\n") == len(summary.lines()) - 1


def _values(keys, counts, provenance="hochgeladen"):
    return pd.DataFrame(
        {"count": pd.array(counts, dtype="Int64"), "provenance": [provenance] * len(keys)},
        index=pd.Index(keys, name="key"),
    )


def test_dataset_contract_accepts_valid_values():
    frame = _values(["055", "05562", "05562032"], [1, 0, 3])
    assert check_values(frame) is not None


@pytest.mark.parametrize(
    "frame",
    [
        _values(["0556"], [1]),
        _values(["05562", "05562"], [1, 2]),
        _values(["05562"], [-1]),
        _values(["05562"], [None]),
        _values(["05562"], [1], provenance="amtlich"),
        _values(["05562"], [1]).assign(extra=1),
    ],
)
def test_dataset_contract_rejects_broken_values(frame):
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        check_values(frame)
