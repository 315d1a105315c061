"""Page objects are made per run: st.navigation marks the page it returns as runnable and
page.run() unmarks it, so a page object kept in a module is shared by the concurrent runs
of all sessions and one of them fails ("This page cannot be called directly"; found by the
load test with 40 sessions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[1] / "ikzmap" / "ui"


def _module_level_pages(path: Path) -> list[str]:
    """Names bound at module level to a call of ``st.Page``."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        call = node.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "Page"
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.extend(ast.unparse(t) for t in targets)
    return found


@pytest.mark.parametrize("path", sorted(UI.glob("*.py")), ids=lambda p: p.name)
def test_no_page_object_is_kept_in_a_module(path):
    assert _module_level_pages(path) == []


def test_the_check_finds_a_kept_page(tmp_path):
    module = tmp_path / "kept.py"
    module.write_text('import streamlit as st\nMAP = st.Page(lambda: None, title="Karte")\n')
    assert _module_level_pages(module) == ["MAP"]
