"""The static atlas (python -m ikzmap.publish): files, names, data, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ikzmap import mapspec, mapview
from ikzmap.details import ikz_facts, rank_text
from ikzmap.publish.__main__ import main
from ikzmap.publish.site import data_script
from tests.test_export_cli import saved_kreise  # noqa: F401 (fixture)

HASHED = re.compile(r"-[0-9a-f]{16}\.(js|css|json|csv|png)$")
PUT = re.compile(r"^IkzAtlas\.put\((\"[^\"]+\"),(.*)\);\n$", re.S)


def read_data(path: Path) -> tuple[str, object]:
    """A data file's name and JSON (the file is a single IkzAtlas.put call)."""
    name, value = PUT.match(path.read_text(encoding="utf-8")).groups()
    return json.loads(name), json.loads(value)


def catalog(site) -> dict:
    (path,) = (site.out / "data").glob("catalog-*.js")
    return read_data(path)[1]


def test_every_file_but_the_entry_points_has_its_hash_in_the_name(atlas_site):
    names = set(atlas_site.sizes)
    assert {"index.html", "embed.js"} <= names
    for name in names - {"index.html", "embed.js"}:
        assert HASHED.search(name), name
    assert (atlas_site.out / "assets" / "images").is_dir()  # Leaflet's, beside its CSS


def test_all_views_with_values_are_written(atlas_site):
    views = catalog(atlas_site)["views"]
    assert len(views) == 15 and "kreis/ikz_count" in views and "gemeinde/ikz_count" not in views
    for level, indicator in (v.split("/") for v in views):
        name, record = read_data(atlas_site.out / views[f"{level}/{indicator}"])
        assert name == f"view-{level}-{indicator}"
        assert record["spec"]["geometry"] == {"name": f"geo-{level}"}
        assert (atlas_site.out / record["csv"]).is_file()
        assert (atlas_site.out / record["png"]).read_bytes()[:4] == b"\x89PNG"


def test_the_site_uses_the_apps_map_module(atlas_site):
    (module,) = (atlas_site.out / "assets").glob("ikzmap-map-*.js")
    assert module.read_text(encoding="utf-8") == mapview.module_text()
    index = (atlas_site.out / "index.html").read_text(encoding="utf-8")
    assert module.name in index and '<html lang="de">' in index
    assert "<script>" not in index  # no inline script: works under script-src 'self'
    assert not re.search(r'(src|href)="(https?:)?//', index)  # nothing from elsewhere


def test_the_default_views_data_load_with_the_page(atlas_site):
    """No second round trip before the first map: the default view and its geometry are
    page scripts (after the page code, which defines IkzAtlas.put), other views are not."""
    cat = catalog(atlas_site)
    index = (atlas_site.out / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script defer src="([^"]+)"></script>', index)
    level, indicator = cat["default"]
    first = [cat["views"][f"{level}/{indicator}"], cat["geo"][f"geo-{level}"]]
    assert scripts[-2:] == first
    assert scripts.index(next(s for s in scripts if "/atlas-" in s)) < len(scripts) - 2
    others = (set(cat["views"].values()) | set(cat["geo"].values())) - set(first)
    assert not others & set(scripts[:-2])


def test_a_view_spec_equals_the_apps(atlas_site, kreis_view):
    views = catalog(atlas_site)["views"]
    _, record = read_data(atlas_site.out / views["kreis/ikz_count"])
    expected = mapspec.map_spec(kreis_view, "x", geometry_url="y")
    assert record["spec"]["units"] == json.loads(json.dumps(expected["units"]))
    assert record["spec"]["legend"] == json.loads(json.dumps(expected["legend"]))
    assert any("modelliert" in notice for notice in record["notices"])
    assert record["sources"][-1].startswith("Geometrie: © GeoBasis-DE / BKG")


def test_detail_records_carry_the_panels_figures(atlas_site, atlas):
    (path,) = (atlas_site.out / "data").glob("details-kreis-*.js")
    _, records = read_data(path)
    assert len(records) == 53
    borken = dict(records["05554"]["ikz"])
    facts = ikz_facts(atlas, "05554")
    assert borken["IKZ-Aktivitäten"].startswith(f"{facts.display} (modelliert)")
    assert "vereinbar" in borken["IKZ-Aktivitäten"]
    assert borken["Rang"].startswith(rank_text(facts, "kreis"))
    assert records["05111"]["ikz"][0] == ["IKZ-Aktivitäten", "nicht erhoben"]
    assert records["05562"]["budget"]["table"]["rows"]  # its Kommunen


def test_search_index_holds_every_unit(atlas_site):
    search = catalog(atlas_site)["search"]
    levels = list(search["levels"].values())
    assert (levels.count("rbz"), levels.count("kreis"), levels.count("gemeinde")) == (5, 53, 396)
    assert ["koln", ["053", "05315", "05315000"]] in search["forms"]  # RBz, Stadt, Gemeinde


def test_sizes_are_reported_gzip_friendly(atlas_site):
    raw, packed = atlas_site.sizes["index.html"]
    assert packed < raw
    geo = next(v for k, v in atlas_site.sizes.items() if k.startswith("data/geo-gemeinde"))
    assert geo[1] < geo[0] / 2  # GeoJSON text compresses well


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b", "<!--"])
def test_data_scripts_cannot_end_early(text):
    data = data_script("x", {"t": text}).decode()
    assert "<" not in data and json.loads(PUT.match(data).group(2)) == {"t": text}


def test_page_code_puts_no_data_into_markup():
    text = (mapview.WEB_DIR / "atlas.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", text)


def test_cli_writes_a_saved_dataset(tmp_path, saved_kreise, capsys):  # noqa: F811
    info, result = saved_kreise
    out = tmp_path / "site"
    assert main(["--out", str(out), "--daten", info.dataset_id]) == 0
    printed = capsys.readouterr().out
    assert "mit gzip" in printed and "Dateien in" in printed
    views = catalog(type("S", (), {"out": out})())["views"]
    _, record = read_data(out / views["kreis/ikz_count"])
    key, count = next(iter(result.dataset.values["count"].items()))
    assert record["spec"]["units"][key][3].startswith("hochgeladen")
    assert record["spec"]["units"][key][2].replace(".", "") == str(count)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--daten", "A" * 32], "gibt es nicht"),
        (["--daten", "-" + "A" * 31], "gibt es nicht"),
        (["--version", "2"], "--version nur zusammen mit --daten"),
    ],
)
def test_cli_errors_are_german(tmp_path, saved_kreise, capsys, argv, message):  # noqa: F811
    assert main(["--out", str(tmp_path / "s"), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "s").exists()
