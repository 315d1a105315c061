"""The level's data as files: CSV and XLSX tables, GeoJSON and GeoPackage geodata.

Every file carries the provenance of each value (column "Herkunft"/"herkunft") and its
source ("Quelle"/"quelle"), plus the sources, notices and the geometry attribution
(XLSX sheet "Quellen", GeoJSON member "metadata", GeoPackage table "quellen").
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import LEVEL_NAMES, load_layer
from ikzmap.aggregate import INFORMATIONAL_NOTE
from ikzmap.csv_safe import neutralized, safe_csv_bytes
from ikzmap.export import credits
from ikzmap.indicators import BIVARIATE
from ikzmap.status import status_label
from ikzmap.tables import level_table, provenance_column
from ikzmap.view import MapView

GEO_CRS: Final = "EPSG:4326"
METADATA_LAYER: Final = "quellen"
NO_SOURCE: Final = "–"
FIELDS: Final = {
    "schluessel": "Amtlicher Schlüssel (AGS/RS) der Einheit",
    "name": "Name der Einheit",
    "art": "Art der Einheit",
    "wert": (
        "Wert des Indikators (leer ohne Wert und bei nicht erhobenen Einheiten; "
        "bivariat: Klasse 0–8)"
    ),
    "anzeige": (
        "Wert als Text, wie in der App angezeigt; ein hochgeladener Wert einer nicht "
        f"erhobenen Einheit mit dem Zusatz „({INFORMATIONAL_NOTE})“"
    ),
    "status": "Wert, nicht erhoben oder keine Daten",
    "herkunft": "Herkunft des Werts: veröffentlicht, amtlich, modelliert, berechnet oder "
    "hochgeladen (bivariat: beide Hälften)",
    "quelle": "Quelle des Werts",
    "bereich_von": (
        "Modellierte Werte: kleinster Wert, der mit allen veröffentlichten Zahlen vereinbar ist"
    ),
    "bereich_bis": (
        "Modellierte Werte: größter Wert, der mit allen veröffentlichten Zahlen vereinbar ist"
    ),
    "einwohner": "Einwohner (alle Gemeinden der Einheit)",
    "einwohner_herkunft": "Herkunft der Einwohnerzahl: amtlich (Zensus 2022) oder hochgeladen",
    "klasse": "Klasse in der Karte (1 = niedrigste)",
    "farbe": "Farbe in der Karte (Hex)",
}


def row_sources(view: MapView) -> pd.Series:
    """Per unit: the citation(s) behind its value ("–" without value).

    A value's source is the view's source of the same provenance; a combined (bivariate)
    value, or one whose provenance no source has (a published total of a model), cites all.
    """
    lines = {s: credits.source_line(s) for s in view.sources}
    everything = " | ".join(lines.values())

    def cite(provenance: object) -> str:
        if provenance is None or pd.isna(provenance):
            return NO_SOURCE
        if view.indicator.kind == BIVARIATE:
            return everything
        match = [line for s, line in lines.items() if s.provenance == provenance]
        return " | ".join(match) if match else everything

    return view.table["provenance"].map(cite).rename("Quelle")


def data_table(view: MapView) -> pd.DataFrame:
    """The table of the app (``ikzmap.tables.level_table``) plus the source of each value."""
    return level_table(view).join(row_sources(view))


def source_rows(view: MapView, with_geometry: bool) -> pd.DataFrame:
    """What the file shows and where it comes from, one (Art, Text) row per line."""
    rows = [
        ("Titel", view.title),
        ("Indikator", f"{view.indicator.label} ({view.indicator.id})"),
        ("Ebene", LEVEL_NAMES[view.state.level]),
    ]
    stichtag = credits.stichtag_text(view)
    if stichtag:
        rows.append(("Stand", stichtag))
    sources = credits.source_lines(view)
    rows.extend(("Quelle", line) for line in sources[:-1])
    rows.extend(("Hinweis", note) for note in credits.notes(view))
    if with_geometry:
        rows.append(("Geometrie", sources[-1]))
        rows.append(("Koordinatensystem", f"{GEO_CRS} (WGS 84, Längen-/Breitengrad)"))
        rows.extend(("Feld", f"{name}: {text}") for name, text in FIELDS.items())
    rows.append(("Erstellt mit", "ikzmap (IKZ-Atlas NRW)"))
    return pd.DataFrame(rows, columns=["Art", "Text"])


def csv_bytes(view: MapView) -> bytes:
    """CSV for German Excel (";", UTF-8 with BOM), guarded against formula injection."""
    return safe_csv_bytes(data_table(view).reset_index())


def xlsx_bytes(view: MapView) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralized(data_table(view).reset_index()).to_excel(
            writer, index=False, sheet_name="Daten"
        )
        neutralized(source_rows(view, with_geometry=False)).to_excel(
            writer, index=False, sheet_name="Quellen"
        )
    return buffer.getvalue()


def geo_frame(view: MapView) -> gpd.GeoDataFrame:
    """Geometry (WGS84) with the values, provenance and source per unit."""
    table = view.table
    values = pd.DataFrame(
        {
            "name": table["label"].astype(str),
            "art": table["type"].astype(str),
            "wert": pd.to_numeric(table["value"], errors="coerce").astype(float),
            "anzeige": table["display"].astype(str),
            "status": table["status"].map(status_label).astype(str),
            "herkunft": provenance_column(table).fillna(NO_SOURCE).astype(str),
            "quelle": row_sources(view).astype(str),
            "bereich_von": _optional(table, "range_lo"),
            "bereich_bis": _optional(table, "range_hi"),
            "einwohner": _optional(table, "einwohner_gesamt"),
            "einwohner_herkunft": table["einwohner_herkunft"].fillna(NO_SOURCE).astype(str),
            "klasse": (table["klasse"].astype("Float64") + 1).astype(float),
            "farbe": table["color"].astype(str),
        },
        index=table.index,
    )
    layer = load_layer(view.state.level)[["ags", "geometry"]]
    joined = layer.join(values, on="ags").rename(columns={"ags": "schluessel"})
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=layer.crs)


def _optional(table: pd.DataFrame, column: str) -> pd.Series:
    """A numeric column as float (empty where the view has none)."""
    if column not in table:
        return pd.Series(float("nan"), index=table.index)
    return pd.to_numeric(table[column], errors="coerce").astype(float)


def _metadata(view: MapView) -> dict[str, object]:
    rows = source_rows(view, with_geometry=True)
    return {
        "titel": view.title,
        "indikator": view.indicator.id,
        "ebene": view.state.level,
        "quellen": rows.loc[rows["Art"] == "Quelle", "Text"].tolist(),
        "hinweise": rows.loc[rows["Art"] == "Hinweis", "Text"].tolist(),
        "geometrie": credits.geometry_line(),
        "felder": FIELDS,
    }


def geojson_bytes(view: MapView) -> bytes:
    """RFC 7946 FeatureCollection (WGS84) with a foreign member "metadata"."""
    collection = json.loads(geo_frame(view).to_json(na="null", drop_id=True))
    collection["metadata"] = _metadata(view)
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def layer_name(view: MapView) -> str:
    return f"ikz_{view.state.level}_{view.indicator.id}"


def gpkg_bytes(view: MapView) -> bytes:
    """GeoPackage with the map layer and the attribute table "quellen"."""
    with tempfile.TemporaryDirectory(prefix="ikzmap-") as folder:
        path = Path(folder) / "export.gpkg"
        pyogrio.write_dataframe(geo_frame(view), path, layer=layer_name(view), driver="GPKG")
        pyogrio.write_dataframe(
            source_rows(view, with_geometry=True), path, layer=METADATA_LAYER, driver="GPKG"
        )
        return path.read_bytes()
