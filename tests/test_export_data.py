"""Data downloads (CSV, XLSX, GeoJSON, GeoPackage) and the export facade."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import openpyxl
import pyogrio
import pytest

from ikzmap.export import FILE_FORMATS, SnapshotOptions, export_file
from ikzmap.export.data import (
    METADATA_LAYER,
    csv_bytes,
    geojson_bytes,
    gpkg_bytes,
    layer_name,
    row_sources,
    xlsx_bytes,
)
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState

FORMULA = '=HYPERLINK("http://x";"klick")'
ATTRIBUTION = "© GeoBasis-DE / BKG 2016"
MODEL = "IKZ je Kreis: modellierte Standardwerte"


@pytest.fixture(scope="module")
def hostile_view(kreis_view) -> MapView:
    table = kreis_view.table.copy()
    table.at["05562", "label"] = FORMULA
    return dataclasses.replace(kreis_view, table=table)


def test_row_sources_follow_provenance(atlas, kreis_view):
    sources = row_sources(kreis_view)
    assert sources["05111"] == "–"  # Düsseldorf: not surveyed, no value
    assert MODEL in sources["05154"]  # modelled: the model's source
    # published (the report's minimum): the report, not the model (its provenance row)
    assert sources["05970"].startswith("gpaNRW: IKZ in NRW") and MODEL not in sources["05970"]
    assert sources["05562"] == sources["05970"]  # the published maximum
    budget = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    assert row_sources(budget).str.startswith("MHKBD NRW").all()
    bivariate = build_view(atlas, ViewState(level="kreis", indicator="bivariate"))
    both = row_sources(bivariate)["05562"]
    assert MODEL in both and "MHKBD" in both


def test_csv_has_values_provenance_and_source(kreis_view, hostile_view):
    text = csv_bytes(hostile_view).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 53
    by_key = {r["Schlüssel"]: r for r in rows}
    reck = by_key["05562"]
    assert float(reck["IKZ-Aktivitäten (Anzahl)"]) == 453
    assert reck["Herkunft"] == "veröffentlicht"
    assert reck["Name"] == "'" + FORMULA  # formula injection neutralised
    assert by_key["05111"]["Status"] == "nicht erhoben"
    assert MODEL in by_key["05154"]["Quelle"]
    assert csv_bytes(kreis_view).startswith(b"\xef\xbb\xbf")


def test_xlsx_has_data_and_sources_sheet(hostile_view):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(hostile_view)))
    assert book.sheetnames == ["Daten", "Quellen"]
    data = list(book["Daten"].values)
    header = data[0]
    assert {"Schlüssel", "Herkunft", "Quelle"} <= set(header)
    assert len(data) == 54
    names = [row[header.index("Name")] for row in data[1:]]
    assert "'" + FORMULA in names
    sources = " ".join(str(v) for row in book["Quellen"].values for v in row)
    assert MODEL in sources and "Hinweis: Die Werte je Kreis sind modelliert" in sources


def test_geojson_features_and_metadata(hostile_view):
    collection = json.loads(geojson_bytes(hostile_view))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 53
    props = {f["properties"]["schluessel"]: f["properties"] for f in collection["features"]}
    reck = props["05562"]
    assert reck["name"] == FORMULA  # geodata keep the text as it is, as a JSON string
    assert reck["wert"] == 453 and reck["herkunft"] == "veröffentlicht"
    assert reck["farbe"] == hostile_view.table.at["05562", "color"]
    assert props["05111"]["wert"] is None and props["05111"]["status"] == "nicht erhoben"
    assert {f["geometry"]["type"] for f in collection["features"]} <= {"Polygon", "MultiPolygon"}
    meta = collection["metadata"]
    assert ATTRIBUTION in meta["geometrie"]
    assert any(MODEL in q for q in meta["quellen"])
    assert set(meta["felder"]) >= {"herkunft", "quelle", "wert"}


def test_gpkg_has_layer_and_sources_table(tmp_path, atlas):
    view = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    path = tmp_path / "x.gpkg"
    path.write_bytes(gpkg_bytes(view))
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert layers == {layer_name(view), METADATA_LAYER}
    frame = pyogrio.read_dataframe(path, layer=layer_name(view))
    assert len(frame) == 396 and frame.crs.to_epsg() == 4326
    assert set(frame["herkunft"]) == {"amtlich"}
    assert (
        frame.set_index("schluessel").at["05513000", "anzeige"]
        == view.table.at["05513000", "display"]
    )
    meta = pyogrio.read_dataframe(path, layer=METADATA_LAYER)
    texts = " ".join(meta["Text"])
    assert ATTRIBUTION in texts and "Stichtag 31.12.2025" in texts and "EPSG:4326" in texts


MAGIC = {
    "png": b"\x89PNG",
    "svg": b"<?xml",
    "pdf": b"%PDF",
    "html": b"<!DOCTYPE html>",
    "csv": b"\xef\xbb\xbf",
    "xlsx": b"PK",
    "geojson": b"{",
    "gpkg": b"SQLite format 3",
}


@pytest.mark.parametrize("fmt", list(FILE_FORMATS))
def test_facade_builds_every_format(atlas, fmt):
    view = build_view(atlas, ViewState(level="rbz", indicator="budget_hsk"))
    file = export_file(view, fmt, SnapshotOptions(page="a4-hoch", dpi=72))
    assert file.data.startswith(MAGIC[fmt])
    assert file.mime == FILE_FORMATS[fmt].mime
    assert file.name.startswith("ikz_rbz_budget_hsk") and file.name.endswith("." + fmt)


@pytest.mark.parametrize(
    ("fmt", "options", "name"),
    [
        ("png", SnapshotOptions(dpi=300), "ikz_kreis_ikz_count_a4-quer_300dpi.png"),
        ("pdf", SnapshotOptions(page="a3-hoch", zoom="055"), "ikz_kreis_ikz_count_055_a3-hoch.pdf"),
        ("html", SnapshotOptions(zoom="05562"), "ikz_kreis_ikz_count_05562.html"),
        ("gpkg", SnapshotOptions(zoom="05562"), "ikz_kreis_ikz_count.gpkg"),
    ],
)
def test_file_names(kreis_view, fmt, options, name):
    from ikzmap.export import file_name, get_file_format

    assert file_name(kreis_view, get_file_format(fmt), options) == name
