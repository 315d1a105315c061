"""Property-based: the data loaders turn any broken file into their own German error.

``ikzmap.budget.load_budget_status`` and ``ikzmap.published.load_published_from`` get random
bytes, random tables / JSON documents and random damage to the shipped files. Each either
returns a dataset or raises its own error class (BudgetDataError, PublishedDataError) whose
message names the file; no other exception may escape (it would reach users as a crash).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikzmap.budget import BUDGET_FILE, BudgetDataError, load_budget_status
from ikzmap.published import (
    EXAMPLES_FILE,
    FIGURES_FILE,
    IKZ_DATA_DIR,
    Published,
    PublishedDataError,
    load_published_from,
)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
BUDGET_LINES = BUDGET_FILE.read_text(encoding="utf-8-sig").splitlines()
FIGURES = json.loads((IKZ_DATA_DIR / FIGURES_FILE).read_text(encoding="utf-8"))
EXAMPLES = json.loads((IKZ_DATA_DIR / EXAMPLES_FILE).read_text(encoding="utf-8"))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def _budget_outcome(path: Path, hierarchy=None) -> None:
    try:
        frame = load_budget_status(path, hierarchy)
    except BudgetDataError as err:
        assert path.name in str(err)
        return
    assert isinstance(frame, pd.DataFrame) and len(frame) == 396


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_budget_random_bytes(tmp_path, data):
    path = tmp_path / BUDGET_FILE.name
    path.write_bytes(data)
    _budget_outcome(path)


CELLS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["05562032", "5562032", "1", "7", "8", "0", "", "x", '"', "05", "0556203"]),
)


@SETTINGS
@given(
    header=st.lists(
        st.sampled_from(["ags", "gemeinde", "status_code", "ueberschuldung_code", "x"]),
        min_size=1,
        max_size=5,
    ),
    rows=st.lists(st.lists(CELLS, max_size=6), max_size=30),
)
def test_budget_random_tables(tmp_path, header, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path = tmp_path / BUDGET_FILE.name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _budget_outcome(path)


@st.composite
def damaged_lines(draw) -> list[str]:
    """The shipped budget file with lines dropped, doubled, cut or a cell replaced."""
    lines = list(BUDGET_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "double", "cell", "cut"]))
        if how == "drop":
            del lines[i]
        elif how == "double":
            lines.insert(i, lines[i])
        elif how == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            cells = lines[i].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(CELLS)
            lines[i] = ",".join(cells)
    return lines


@SETTINGS
@given(lines=damaged_lines())
def test_budget_damaged_shipped_file(tmp_path, hierarchy, lines):
    path = tmp_path / BUDGET_FILE.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _budget_outcome(path, hierarchy)


def _published_outcome(directory: Path) -> None:
    try:
        published = load_published_from(directory)
    except PublishedDataError as err:
        assert FIGURES_FILE in str(err) or EXAMPLES_FILE in str(err), str(err)
        return
    assert isinstance(published, Published)


def _write(directory: Path, figures: object, examples: object) -> None:
    for name, doc in ((FIGURES_FILE, figures), (EXAMPLES_FILE, examples)):
        text = doc if isinstance(doc, bytes) else json.dumps(doc, ensure_ascii=False)
        target = directory / name
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


@SETTINGS
@given(data=st.binary(max_size=2000), which=st.sampled_from([FIGURES_FILE, EXAMPLES_FILE]))
def test_published_random_bytes(tmp_path, data, which):
    _write(tmp_path, FIGURES, EXAMPLES)
    (tmp_path / which).write_bytes(data)
    _published_outcome(tmp_path)


@SETTINGS
@given(figures=JSON_VALUES, examples=JSON_VALUES)
def test_published_random_json(tmp_path, figures, examples):
    _write(tmp_path, figures, examples)
    _published_outcome(tmp_path)


def _paths(doc: object, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys / indexes) into a JSON document."""
    found = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += _paths(value, (*prefix, i))
    return found


FIGURE_PATHS = _paths(FIGURES)[1:]
EXAMPLE_PATHS = _paths(EXAMPLES)[1:]


def _damage(doc: object, path: tuple, replacement: object, delete: bool) -> object:
    doc = copy.deepcopy(doc)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    which=st.sampled_from(["figures", "examples"]),
    data=st.data(),
    replacement=JSON_VALUES,
    delete=st.booleans(),
)
def test_published_damaged_shipped_files(tmp_path, which, data, replacement, delete):
    paths = FIGURE_PATHS if which == "figures" else EXAMPLE_PATHS
    path = data.draw(st.sampled_from(paths))
    figures, examples = FIGURES, EXAMPLES
    if which == "figures":
        figures = _damage(FIGURES, path, replacement, delete)
    else:
        examples = _damage(EXAMPLES, path, replacement, delete)
    _write(tmp_path, figures, examples)
    _published_outcome(tmp_path)


@pytest.mark.parametrize("name", [FIGURES_FILE, EXAMPLES_FILE])
def test_published_missing_file_is_named(tmp_path, name):
    for other in (FIGURES_FILE, EXAMPLES_FILE):
        shutil.copy(IKZ_DATA_DIR / other, tmp_path / other)
    (tmp_path / name).unlink()
    with pytest.raises(PublishedDataError, match=name):
        load_published_from(tmp_path)
