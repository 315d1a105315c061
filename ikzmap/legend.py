"""Legend model shared by the interactive map and the static snapshots (pure data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str
    count: int | None = None
    dashed: bool = False  # "nicht erhoben": dashed outline


@dataclass(frozen=True)
class BivariateLegend:
    colors: tuple[tuple[str, ...], ...]  # [ikz class][budget class], 3 x 3
    counts: tuple[tuple[int, ...], ...]
    x_label: str  # budget axis (columns)
    y_label: str  # IKZ axis (rows)
    x_ticks: tuple[str, ...]
    y_ticks: tuple[str, ...]


@dataclass(frozen=True)
class Legend:
    title: str
    entries: tuple[LegendEntry, ...]  # classes, then "keine Daten" / "nicht erhoben"
    bivariate: BivariateLegend | None = None
    note: str | None = None
