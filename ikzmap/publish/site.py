"""The static atlas: a folder that any web server, a CDN or ``file://`` serves, no server code.

Every level × indicator with values, drawn in the browser by the same map module and
spec as the app (``ikzmap/web/ikzmap-map.js``, ``ikzmap.mapspec``). Data travels as small
scripts that hand their JSON to the page (``IkzAtlas.put(name, {...})``): a ``<script src>``
works from ``file://``, where ``fetch`` does not. Every file but ``index.html`` and
``embed.js`` (the addresses others link to) has its content hash in its name, so a web
server may let browsers cache them for good.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from geo import LEVEL_NAMES, LEVELS
from ikzmap import assets, mapdata, mapspec, mapview
from ikzmap.atlas import AtlasData
from ikzmap.export import SnapshotOptions, credits, export_file
from ikzmap.export.data import csv_bytes
from ikzmap.indicators import INDICATORS, empty_reason
from ikzmap.publish import units
from ikzmap.published import Published, load_published
from ikzmap.search import UnitSearch
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState

WEB: Final = mapview.WEB_DIR
DEFAULT_VIEW: Final = ("kreis", "ikz_count")
PNG_OPTIONS: Final = SnapshotOptions(page="a4-quer", dpi=96)
TITLE: Final = "Interkommunale Zusammenarbeit in NRW – Atlas"


@dataclass
class SiteFiles:
    """What was written: path below the site folder -> bytes (for the size report)."""

    out: Path
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # raw, gzip

    def write(self, folder: str, stem: str, suffix: str, data: bytes, hashed: bool = True) -> str:
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = f"{stem}-{digest}{suffix}" if hashed else f"{stem}{suffix}"
        relative = f"{folder}/{name}" if folder else name
        target = self.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.sizes[relative] = (len(data), len(gzip.compress(data, 9)))
        return relative


def data_script(name: str, value: object) -> bytes:
    """A data file: a script that hands its JSON to the page (script-safe JSON)."""
    return f"IkzAtlas.put({mapspec.script_json(name)},{mapspec.script_json(value)});\n".encode()


def _view_record(view: MapView, files: dict[str, str]) -> dict[str, object]:
    spec = mapspec.map_spec(view, credits.geometry_line().removeprefix("Geometrie: "),
                            geometry_url="")  # fmt: skip
    spec["geometry"] = {"name": f"geo-{view.state.level}"}
    return {
        "spec": spec,
        "notices": list(view.notices),
        "sources": credits.source_lines(view),
        "subtitle": credits.subtitle(view),
        **files,
    }


def _views(atlas: AtlasData) -> list[tuple[str, str]]:
    return [
        (level, indicator_id)
        for level in LEVELS
        for indicator_id, indicator in INDICATORS.items()
        if level in indicator.levels and empty_reason(atlas, indicator_id, level) is None
    ]


def _copy_vendor(site: SiteFiles) -> tuple[list[str], list[str]]:
    """Leaflet from the installed npm package (never a CDN); its images beside its CSS."""
    assets.require_assets()
    scripts, styles = [], []
    for asset in assets.ASSETS:
        data = assets.vendor_path(asset).read_bytes()
        stem = Path(asset.target).stem
        path = site.write("assets", stem, Path(asset.target).suffix, data)
        (scripts if asset.kind == "js" else styles).append(path)
    images = assets.VENDOR_DIR / "leaflet" / "images"
    if images.is_dir():
        shutil.copytree(images, site.out / "assets" / "images", dirs_exist_ok=True)
    return scripts, styles


def _web_file(site: SiteFiles, name: str) -> str:
    path = WEB / name
    return site.write("assets", path.stem, path.suffix, path.read_bytes())


def _search_index(atlas: AtlasData) -> dict[str, object]:
    """The app's search names (one normalisation: ``ikzmap.search``) for the browser."""
    return UnitSearch(atlas.hierarchy).browser_index()


def _first_view_files(view_files: dict[str, str], geo_files: dict[str, str]) -> list[str]:
    """The default view's data and geometry, loaded with the page's own scripts: otherwise
    the page asks for them only once its scripts have run (one more round trip before the
    first map; a link to another view loads its own files as before)."""
    level, indicator_id = DEFAULT_VIEW
    view = view_files.get(f"{level}/{indicator_id}")
    return [] if view is None else [view, geo_files[f"geo-{level}"]]


def _index_html(title: str, scripts: list[str], styles: list[str], noscript: str) -> bytes:
    links = "".join(f'<link rel="stylesheet" href="{html.escape(s)}">' for s in styles)
    tags = "".join(f'<script defer src="{html.escape(s)}"></script>' for s in scripts)
    template = (WEB / "atlas.html").read_text(encoding="utf-8")
    page = (
        template.replace("{{TITLE}}", html.escape(title))
        .replace("{{STYLES}}", links)
        .replace("{{SCRIPTS}}", tags)
        .replace("{{NOSCRIPT}}", noscript)
    )
    return page.encode("utf-8")


def _noscript(records: dict[str, dict[str, object]]) -> str:
    """For readers without JavaScript: the default map as a picture, every view as PNG
    and CSV."""
    default = records["/".join(DEFAULT_VIEW)]
    items = []
    for record in records.values():
        spec = record["spec"]
        items.append(
            f'<li>{html.escape(str(spec["title"]))}: <a href="{html.escape(str(record["png"]))}">'
            f'Bild (PNG)</a>, <a href="{html.escape(str(record["csv"]))}">Daten (CSV)</a></li>'
        )
    image = (
        f'<img class="fallback" src="{html.escape(str(default["png"]))}" '
        f'alt="{html.escape(str(default["spec"]["summary"]))}">'
    )
    return f"{image}<ul>{''.join(items)}</ul>"


def publish(
    atlas: AtlasData,
    out: Path,
    published: Published | None = None,
    title: str = TITLE,
    source_note: str | None = None,
    progress: Callable[[str], None] = lambda _text: None,
) -> SiteFiles:
    """Write the static atlas to ``out`` (created; files of an older build stay)."""
    published = published or load_published()
    site = SiteFiles(out)
    out.mkdir(parents=True, exist_ok=True)
    scripts, styles = _copy_vendor(site)
    styles.append(_web_file(site, "ikzmap-map.css"))
    styles.append(_web_file(site, "atlas.css"))
    scripts.append(_web_file(site, "ikzmap-map.js"))
    scripts.append(_web_file(site, "unit-search.js"))
    scripts.append(_web_file(site, "atlas.js"))
    geo_files, detail_files = {}, {}
    for level in LEVELS:
        collection = mapview.geometry_collection(mapdata.level_collection(level))
        name = f"geo-{level}"
        geo_files[name] = site.write("data", name, ".js", data_script(name, collection))
        name = f"details-{level}"
        records = units.level_records(atlas, published, level)
        detail_files[name] = site.write("data", name, ".js", data_script(name, records))
        progress(f"Ebene {LEVEL_NAMES[level]}: Geometrie und Detailangaben")
    view_files, view_records = {}, {}
    for level, indicator_id in _views(atlas):
        view = build_view(atlas, ViewState(level=level, indicator=indicator_id))
        stem = f"{level}-{indicator_id}"
        csv = site.write("csv", f"ikz_{level}_{indicator_id}", ".csv", csv_bytes(view))
        png = export_file(view, "png", PNG_OPTIONS).data
        png_path = site.write("png", f"ikz_{level}_{indicator_id}", ".png", png)
        record = _view_record(view, {"csv": csv, "png": png_path})
        name = f"view-{stem}"
        view_files[f"{level}/{indicator_id}"] = site.write(
            "data", name, ".js", data_script(name, record)
        )
        view_records[f"{level}/{indicator_id}"] = record
        progress(f"Ansicht {view.title}")
    catalog = {
        "title": title,
        "sourceNote": source_note,
        "levels": [[level, LEVEL_NAMES[level]] for level in LEVELS],
        "indicators": [[i, ind.label] for i, ind in INDICATORS.items()],
        "views": view_files,
        "geo": geo_files,
        "details": detail_files,
        "default": list(DEFAULT_VIEW),
        "search": _search_index(atlas),
        "types": atlas.hierarchy.units["type"].astype(str).to_dict(),
    }
    scripts.append(site.write("data", "catalog", ".js", data_script("catalog", catalog)))
    scripts.extend(_first_view_files(view_files, geo_files))
    noscript = _noscript(view_records)
    site.write("", "index", ".html", _index_html(title, scripts, styles, noscript), hashed=False)
    site.write("", "embed", ".js", (WEB / "embed.js").read_bytes(), hashed=False)
    return site
