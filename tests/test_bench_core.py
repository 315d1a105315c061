"""The benchmark's server-side part runs in quick mode and writes a well-formed JSON file
(structure only: no timing is checked)."""

from __future__ import annotations

import json
import re

from benchmarks import bench_core
from benchmarks.__main__ import document, write_json

ROW_KEYS = {"id", "group", "figure", "value", "unit", "target", "ok"}


def test_quick_core_run_writes_comparable_json(tmp_path):
    rows = bench_core.measure(1)  # one run each: the structure is checked, not the times
    path = tmp_path / "benchmarks.json"
    write_json(document(rows, quick=True), path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", doc["timestamp"])
    assert re.fullmatch(r"[0-9a-f]{40}|unbekannt", doc["git_commit"])
    assert isinstance(doc["git_dirty"], bool) and doc["quick"] is True
    assert {"cpus", "load_1min", "python", "streamlit"} <= set(doc["machine"])
    figures = doc["figures"]
    ids = [f["id"] for f in figures]
    assert len(ids) == len(set(ids))  # stable keys for comparisons over time
    for figure in figures:
        assert set(figure) == ROW_KEYS
        assert isinstance(figure["value"], int | float) and figure["value"] >= 0
        assert figure["unit"] in {"s", "kB", "MiB", ""}
        assert figure["ok"] is None if figure["target"] is None else isinstance(figure["ok"], bool)
    assert {"model.fit", "model.ranges"} <= set(ids)
    for level in ("rbz", "kreis", "gemeinde"):
        assert {f"load.{level}", f"view.{level}", f"script.{level}", f"geometry.{level}"} <= set(
            ids
        )


def test_server_figures_speak_the_apps_protocol():
    """Against the running app: navigation and a map click travel over the websocket."""
    rows = {r["id"]: r for r in bench_core.server_figures()}
    assert rows["ws.kreis"]["value"] > 10 and rows["ws.gemeinde"]["value"] > 10  # kB
    assert 0 < rows["ws.click"]["value"] < rows["ws.kreis"]["value"]
    assert rows["rss.warm"]["value"] >= rows["rss.idle"]["value"] > 0
