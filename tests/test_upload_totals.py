import pytest

from ikzmap.upload import read_upload
from ikzmap.upload.names import is_total_key, is_total_name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Summe", True),
        ("SUMME:", True),
        ("Insgesamt", True),
        ("NRW gesamt", True),
        ("NRW-Gesamt", True),
        ("Nordrhein-Westfalen", True),
        ("Land NRW", True),
        ("Gesamtergebnis", True),
        ("Kreis Recklinghausen insgesamt", True),
        ("Zwischensumme Kreis Borken", True),
        ("Recklinghausen", False),
        ("Gesamtschule", False),
        ("Lippstadt", False),
        ("Hochsauerlandkreis", False),
        (5, False),
        (None, False),
    ],
)
def test_is_total_name(value, expected):
    assert is_total_name(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05", True),
        ("5", True),
        (5, True),
        ("05000000", True),
        ("050000000000", True),
        ("'05", True),
        ("Summe", True),
        ("05562", False),
        ("055", False),
        (True, False),
        (5.0, False),
    ],
)
def test_is_total_key(value, expected):
    assert is_total_key(value) is expected


def test_all_unit_names_are_no_totals(hierarchy):
    for text in [*hierarchy.units["name"], *hierarchy.units["label"]]:
        assert not is_total_name(text), text


@pytest.mark.parametrize(
    ("text", "kind", "counts", "totals_rows"),
    [
        (  # a running number 5 in the first column is no NRW key
            "Lfd. Nr.;AGS;Anzahl\n5;05562004;3\n6;05562008;4\n",
            None,
            {"05562004": 3, "05562008": 4},
            (),
        ),
        (  # per Kreis, "Kreis X gesamt" with the Kreis key is the Kreis's value
            "AGS;Kreis;Anzahl\n05562;Kreis Recklinghausen gesamt;453\n05558;Coesfeld;2\n",
            "kreis",
            {"05558": 2, "05562": 453},
            (),
        ),
        (  # per Gemeinde, the same row is a subtotal
            "AGS;Name;Anzahl\n05562;Kreis Recklinghausen gesamt;453\n05562004;Castrop-Rauxel;2\n",
            "gemeinde",
            {"05562004": 2},
            ((2, 453.0),),
        ),
        (
            "AGS;Anzahl\n05562004;3\n05;3\n",
            None,
            {"05562004": 3},
            ((3, 3.0),),
        ),
        (  # the totals word sits in an unmapped first column
            "Bemerkung;AGS;Anzahl\n;05562004;3\nSumme;;3\n",
            None,
            {"05562004": 3},
            ((3, 3.0),),
        ),
    ],
)
def test_totals_rows_end_to_end(hierarchy, text, kind, counts, totals_rows):
    result = read_upload(text.encode(), "x.csv", hierarchy, kind=kind)
    assert result.dataset.values["count"].to_dict() == counts
    assert result.summary.totals_rows == totals_rows
