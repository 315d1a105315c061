import pandas as pd
import pytest

from ikzmap.upload import ColumnMapping, UploadError
from ikzmap.upload.columns import apply_mapping, header_role, propose_mapping


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("AGS", "key"),
        ("RS", "key"),
        ("Gemeindeschlüssel", "key"),
        ("Amtlicher Gemeindeschlüssel", "key"),
        ("Regionalschlüssel", "key"),
        ("Kreisschlüssel", "key"),
        ("Schlüssel", "key"),
        ("Kreis-Nr.", "key"),
        ("Schlüssel der Gemeinde", "key"),
        ("Kreis", "name"),
        ("Gemeinde", "name"),
        ("Kommune", "name"),
        ("Name", "name"),
        ("Gebietskörperschaft", "name"),
        ("Name der Kommune", "name"),
        ("Anzahl", "count"),
        ("IKZ-Aktivitäten", "count"),
        ("IKZ-Projekte", "count"),
        ("Anzahl IKZ", "count"),
        ("Anzahl IKZ-Aktivitäten 2024", "count"),
        ("Einwohner", "population"),
        ("Anzahl Einwohner", "population"),
        ("Bevölkerung 31.12.2023", "population"),
        ("Aufgabenfeld", "field"),
        ("Rechtsform", "legal_form"),
        ("Status", "status"),
        ("IKZ-Status", "status"),
        ("  status  ", "status"),
        ("EINWOHNER", "population"),
    ],
)
def test_header_role(header, role):
    found = header_role(header)
    assert found is not None and found[0] == role


@pytest.mark.parametrize("header", ["Lfd. Nr.", "Bemerkung", "", "2024", "Quelle"])
def test_unrecognised_headers(header):
    assert header_role(header) is None


def _table(columns: dict[str, list[object]]) -> pd.DataFrame:
    frame = pd.DataFrame(columns, dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="Zeile")
    return frame


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            {"AGS": ["05562004"], "Gemeinde": ["Castrop-Rauxel"], "Anzahl": ["3"]},
            ColumnMapping(key="AGS", name="Gemeinde", count="Anzahl"),
        ),
        (  # a specific name column beats the Kreis column
            {"Kreis": ["Kreis Recklinghausen"], "Gemeinde": ["Marl"], "IKZ": ["4"]},
            ColumnMapping(name="Gemeinde", count="IKZ"),
        ),
        (  # a text column named like a count column is not the count
            {"AGS": ["05562004"], "IKZ-Projekt": ["Gemeinsames Archiv"], "Status": ["umgesetzt"]},
            ColumnMapping(key="AGS", status="Status"),
        ),
        (  # unnamed columns: keys and the only numeric column found by content
            {"Spalte A": ["5562004", "05562008"], "Spalte B": ["1", "2"]},
            ColumnMapping(key="Spalte A", count="Spalte B"),
        ),
        (  # two numeric unnamed columns: no guess for the count
            {"AGS": ["05562004"], "Spalte B": ["1"], "Spalte C": ["2"]},
            ColumnMapping(key="AGS"),
        ),
        (
            {
                "Gemeindeschlüssel": ["05562004"],
                "Anzahl": ["1"],
                "Einwohner": ["73.000"],
                "Aufgabenfeld": ["IT"],
                "Rechtsform": ["Zweckverband"],
            },
            ColumnMapping(
                key="Gemeindeschlüssel",
                count="Anzahl",
                population="Einwohner",
                field="Aufgabenfeld",
                legal_form="Rechtsform",
            ),
        ),
    ],
)
def test_propose_mapping(hierarchy, columns, expected):
    assert propose_mapping(_table(columns), hierarchy) == expected


def test_propose_mapping_without_hierarchy_uses_headers_only():
    table = _table({"Spalte A": ["05562004"], "Spalte B": ["1"]})
    assert propose_mapping(table) == ColumnMapping()


def test_apply_mapping_renames_to_roles_and_keeps_rows():
    table = _table({"AGS": ["05562004", "5562008"], "Zahl": ["1", "2"], "x": ["a", "b"]})
    mapped = apply_mapping(table, ColumnMapping(key="AGS", count="Zahl"))
    assert list(mapped.columns) == ["key", "count"]
    assert list(mapped.index) == [2, 3]
    assert mapped.loc[3, "key"] == "5562008"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (ColumnMapping(key="Fehlt", count="Zahl"), "„Fehlt“"),
        (ColumnMapping(key="AGS", name="AGS", count="Zahl"), "zweimal"),
        (ColumnMapping(count="Zahl"), "Keine Spalte mit Schlüssel"),
    ],
)
def test_apply_mapping_rejects_unfitting_mappings_in_german(mapping, message):
    table = _table({"AGS": ["05562004"], "Zahl": ["1"]})
    with pytest.raises(UploadError, match=message):
        apply_mapping(table, mapping)


def test_mapping_roles_lists_only_mapped_columns():
    assert ColumnMapping(key="AGS", status="Stand").roles() == {"key": "AGS", "status": "Stand"}
