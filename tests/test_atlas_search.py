"""The static atlas's search (ikzmap/web/unit-search.js) finds what the app's search
(ikzmap/search.py) finds: same names, same order, same "closest names" after no hit."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from ikzmap.mapview import WEB_DIR
from ikzmap.search import UnitSearch

QUERIES = [
    "Koln",
    "Koeln",
    "köln",
    "KÖLN",
    "Gutersloh",
    "Gütersloh",
    "hochsauerland kreis",
    "Hochsauerland-Kreis",
    "Recklinghusen",
    "Reckinghausen",
    "Dorsten",
    "Kreis Wesel",
    "Stadt Wesel",
    "Aachen",
    "Städteregion",
    "Städteregion Aachen",
    "Mühlheim",
    "Mulheim",
    "Monchengladbach",
    "Bad Oeynhausen",
    "Neuss",
    "Oberberg",
    "Reg.-Bez. Köln",
    "Regierungsbezirk Detmold",
    "Rhein-Sieg",
    "Rhein Sieg Kreis",
    "Siegen (Universitätsstadt)",
    "Ahlen",
    "Essen",
    "Münster",
    "xyzzy",
    "Bielefled",
    "05562",
    "05562032",
    "  Borken  ",
    "Kreis",
    "St",
    "ab",
    "Lippstadt",
    "Sankt Augustin",
    "St. Augustin",
    "Halle (Westf.)",
    "<script>",
    "a" * 150,
    "Gemeinde Ahaus",
    "kreisfreie Stadt Bonn",
    "Landkreis Lippe",
]
LEVELS = ["kreis", "gemeinde", "rbz"]
RUN_JS = """
const { UnitSearch } = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const search = new UnitSearch(input.index);
const out = input.cases.map(([q, level]) => search.search(q, level));
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def search(hierarchy) -> UnitSearch:
    return UnitSearch(hierarchy)


def test_browser_search_finds_what_the_app_finds(search):
    node = shutil.which("node")
    assert node, "Node.js fehlt (wird auch für Leaflet über npm benötigt)"
    cases = [(q, level) for q in QUERIES for level in LEVELS]
    payload = json.dumps({"index": search.browser_index(), "cases": cases})
    done = subprocess.run(
        [node, "-e", RUN_JS, str(WEB_DIR / "unit-search.js")],
        input=payload, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    browser = json.loads(done.stdout)
    for (query, level), found in zip(cases, browser, strict=True):
        app = search.search(query, level)
        assert (found["hits"], found["closest"]) == (list(app.hits), list(app.closest)), (
            query,
            level,
        )


def test_the_issues_cases_are_found(search):
    cases = {
        "Koln": "05315",
        "hochsauerland kreis": "05958",
        "Recklinghusen": "05562",
    }
    for query, key in cases.items():
        assert search.search(query, "kreis").best == key, query
