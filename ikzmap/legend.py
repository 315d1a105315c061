"""Legend model shared by the interactive map and the static snapshots (pure data), and the
German labels of its classes."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from ikzmap.classify import MANUAL, Classification


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


def class_labels(
    cls: Classification,
    value_text: Callable[[float], str],
    bound_text: Callable[[float], str] | None = None,
) -> list[str]:
    """German labels of the classes: "66 – 150", "151 – 178" for whole numbers,
    "über 12,5 % – 30,0 %" otherwise, "bis 10" for an empty first class; a class whose
    values all read the same is labelled with that one value ("0,0 %", "4"), never
    "0,0 % – 0,0 %". ``value_text`` formats values (the indicator's format),
    ``bound_text`` the bounds (default: the same; exact for breaks the user typed)."""
    bound_text = bound_text or value_text
    return [_class_label(cls, i, value_text, bound_text) for i in range(cls.k)]


def _class_label(
    cls: Classification,
    i: int,
    value_text: Callable[[float], str],
    bound_text: Callable[[float], str],
) -> str:
    if cls.single_value(i):
        return value_text(cls.smallest[i])
    if cls.counts[i] == 0:
        return _empty_label(cls, i, bound_text)
    lowest = not any(cls.counts[:i])  # the lowest class with values starts at the minimum
    if cls.integral:  # whole numbers: "151 – 178" holds 151 up to 178, whatever the bounds
        first = cls.smallest[i] if lowest else math.floor(cls.lower[i]) + 1
        return _range(value_text(first), value_text(math.floor(cls.upper[i])))
    top = cls.upper[i]
    high = value_text(top) if top == cls.largest[i] else bound_text(top)
    if lowest:
        return _range(value_text(cls.smallest[i]), high)
    low = bound_text(cls.lower[i])
    if low == high:  # bounds that read the same: name what the class holds
        return _range(value_text(cls.smallest[i]), value_text(cls.largest[i]))
    return f"über {low} – {high}"


def _empty_label(cls: Classification, i: int, bound_text: Callable[[float], str]) -> str:
    """An empty class (only manual breaks keep them) named by its bounds."""
    if i == 0:
        return f"bis {bound_text(cls.upper[0])}"
    if cls.integral:
        first, last = math.floor(cls.lower[i]) + 1, math.floor(cls.upper[i])
        if first <= last:
            return _range(bound_text(first), bound_text(last))
    return f"über {bound_text(cls.lower[i])} – {bound_text(cls.upper[i])}"


def _range(low: str, high: str) -> str:
    return low if low == high else f"{low} – {high}"


def class_note(cls: Classification, value_text: Callable[[float], str]) -> str | None:
    """Why the legend shows fewer classes than chosen, or what empty classes mean."""
    if cls.scheme == MANUAL:
        if 0 in cls.counts:
            return "Klassen mit 0 Einheiten: Kein Wert liegt in diesem Bereich."
        return None
    if cls.k >= cls.requested or not cls.k:
        return None
    if cls.distinct < cls.requested:
        return (
            f"{cls.k} statt {cls.requested} Klassen: Es gibt nur {cls.distinct} verschiedene Werte."
        )
    tied = [value_text(cls.smallest[i]) for i in range(cls.k) if cls.single_value(i)]
    reason = f" (z. B. {tied[0]})" if tied else ""
    return (
        f"{cls.k} statt {cls.requested} Klassen: Viele Einheiten haben denselben Wert{reason}; "
        "gleiche Werte stehen immer in derselben Klasse, leere Klassen entfallen."
    )


def recount(legend: Legend, table: pd.DataFrame) -> Legend:
    """The legend with counts of the units in ``table`` only (rows of a view's table:
    ``color``; bivariate: ``ikz_class``, ``budget_class``), e.g. those inside a zoomed
    export's Ausschnitt."""
    entries = tuple(
        replace(e, count=int((table["color"] == e.color).sum())) if e.count is not None else e
        for e in legend.entries
    )
    grid = legend.bivariate
    if grid is not None:
        counts = tuple(
            tuple(
                int(((table["ikz_class"] == i) & (table["budget_class"] == b)).sum())
                for b in range(len(grid.counts[i]))
            )
            for i in range(len(grid.counts))
        )
        grid = replace(grid, counts=counts)
    return replace(legend, entries=entries, bivariate=grid)
