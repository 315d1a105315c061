"""The interactive HTML export: one self-contained file, nothing loaded from elsewhere."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser

import pytest

from ikzmap import mapspec, mapview
from ikzmap.export.html import CSP, geometry, interactive_html
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

HOSTILE = "<script>alert(1)</script>"
HOSTILE_TITLE = '<img src=x onerror="alert(2)"> $x$'


class _Tags(HTMLParser):
    """Start tags with their attributes; script and style bodies are data, not markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.texts.append(data)


def parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def kreis_html(kreis_view) -> str:
    return interactive_html(kreis_view).decode("utf-8")


def test_no_resource_is_loaded_from_elsewhere(kreis_html):
    tags = parse(kreis_html).tags
    names = [t for t, _ in tags]
    assert "link" not in names and "img" not in names and "iframe" not in names
    for tag, attrs in tags:
        assert "src" not in attrs, (tag, attrs)
        assert not (attrs.get("href") or "").startswith(("http", "//")), (tag, attrs)
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}) in tags
    assert "default-src 'none'" in CSP


def test_leaflet_is_inlined(kreis_html):
    scripts = re.findall(r"<script>(.*?)</script>", kreis_html, flags=re.S)
    assert any("Leaflet 1.9" in s and "geoJSON" in s for s in scripts)
    assert ".leaflet-container" in kreis_html
    assert kreis_html.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in kreis_html


def test_every_script_element_closes_where_it_should(kreis_html):
    assert kreis_html.count("<script") == kreis_html.count("</script>")
    tags = [t for t, _ in parse(kreis_html).tags]
    assert tags.count("script") == kreis_html.count("<script")


def test_title_sources_notice_and_legend(kreis_view, kreis_html):
    text = " ".join(parse(kreis_html).texts)
    assert f"<title>{kreis_view.title}</title>" in kreis_html
    assert kreis_view.title in text
    assert "Modellwerte: 29 von 31 Kreiswerten" in text
    assert "Quellen:" in text and "gpaNRW: IKZ in NRW (Bericht, September 2025)" in text
    assert "© GeoBasis-DE / BKG 2016" in text
    assert kreis_view.summary in text
    assert "ikz-legend" in kreis_html and "nicht erhoben" in kreis_html


def test_all_units_are_embedded(kreis_html):
    collection = geometry("kreis")
    assert len(collection["features"]) == 53
    assert mapspec.script_json(collection) in kreis_html


def test_the_map_is_drawn_by_the_shared_module(kreis_view, kreis_html):
    scripts = re.findall(r"<script>(.*?)</script>", kreis_html, flags=re.S)
    module = mapview.escape_end_tag(mapview.module_text(), "script")
    assert module in scripts  # the same file as the app's, inlined
    (call,) = [s for s in scripts if "IkzMap.attach(" in s]
    spec = json.loads(re.search(r"IkzMap\.attach\(\w+, (\{.*\}),\s*\{", call, re.S).group(1))
    assert spec["units"]["05562"][2] == kreis_view.table.at["05562", "display"]
    assert spec["legend"] == mapspec.legend_spec(kreis_view.legend)


def test_hostile_labels_and_title_stay_inert(kreis_view):
    table = kreis_view.table.copy()
    table.at["05562", "display"] = HOSTILE  # tooltip text; escaped by the map script
    view = dataclasses.replace(kreis_view, table=table)
    text = interactive_html(view, title=HOSTILE_TITLE, selected="05562").decode("utf-8")
    assert HOSTILE not in text
    assert "<img" not in text
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt; $x$" in text
    assert "\\u003cscript\\u003ealert(1)" in text  # JSON in the script: no "<" at all


@pytest.mark.parametrize(("zoom", "south", "north"), [("055", 51.0, 52.6), ("05562", 51.4, 52.0)])
def test_zoom_fits_the_unit(atlas, zoom, south, north):
    view = build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))
    text = interactive_html(view, zoom=zoom).decode("utf-8")
    found = re.search(r'"bounds":\[\[([\d.]+),([\d.]+)\],\[([\d.]+),([\d.]+)\]\]', text)
    lat_lo, _, lat_hi, _ = map(float, found.groups())
    assert south <= lat_lo < lat_hi <= north
    assert "Ausschnitt" in text
    assert '"bounds":null' in interactive_html(view).decode("utf-8")


def test_unknown_zoom_raises(kreis_view):
    with pytest.raises(ValueError):
        interactive_html(kreis_view, zoom="05999")
