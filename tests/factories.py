"""Small factories for the data-layer tests (datasets, budget files)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import openpyxl
import pandas as pd

from geo import Hierarchy
from ikzmap.budget import BUDGET_FILE
from ikzmap.dataset import IkzDataset
from ikzmap.provenance import Provenance, Source


@lru_cache(maxsize=1)
def cached_hierarchy() -> Hierarchy:
    """The shipped hierarchy for collection-time parametrisation (do not mutate);
    inside tests use the ``hierarchy`` fixture of conftest.py."""
    return Hierarchy.load()


def make_dataset(
    counts: Mapping[str, int | None],
    level: str = "gemeinde",
    provenance: Provenance | Mapping[str, Provenance] = Provenance.UPLOADED,
    title: str = "Testdaten",
) -> IkzDataset:
    """An IkzDataset from ``{key: count}``; one provenance for all or one per key."""
    keys = list(counts)
    per_key = (
        [provenance[k] for k in keys]
        if isinstance(provenance, Mapping)
        else [provenance] * len(keys)
    )
    values = pd.DataFrame(
        {"count": pd.array(list(counts.values()), dtype="Int64"), "provenance": per_key},
        index=pd.Index(keys, name="key", dtype=object),
    )
    source = Source(Provenance.UPLOADED, "Testquelle")
    return IkzDataset(level, values, source, title)


def budget_lines() -> list[str]:
    """The lines of the shipped budget file (header first), without line ends."""
    return BUDGET_FILE.read_text(encoding="utf-8").splitlines()


def write_budget(tmp_path: Path, lines: list[str], name: str = "haushalt_test.csv") -> Path:
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def replace_field(line: str, column: int, value: str) -> str:
    """``line`` with field ``column`` (0-based) of the CSV line replaced."""
    fields = line.split(",")
    fields[column] = value
    return ",".join(fields)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with the given sheets (rows from A1), made with openpyxl."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
