"""The report's practice examples on the map (pure): filters, what to highlight, counts.

The report chose its 29 examples (sections 1.3.3 and 1.4) as illustrations, not as a
census: a count per unit says where the report looked, not how much IKZ there is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final

import pandas as pd

from geo.hierarchy import Hierarchy
from ikzmap.published import RBZ_NAMES, PracticeExample

ALL: Final = "alle"
# The Landschaftsverbände's territory: Rheinland = RBz Düsseldorf + Köln,
# Westfalen-Lippe = Arnsberg, Detmold, Münster.
VERBAND_RBZ: Final = {"LVR": ("051", "053"), "LWL": ("055", "057", "059")}
VERBAND_NAMES: Final = {"LVR": "Landschaftsverband Rheinland", "LWL": "Westfalen-Lippe"}
COUNT_CAVEAT: Final = (
    "Die gpaNRW hat die Praxisbeispiele als Beispiele ausgewählt, nicht vollständig erhoben: "
    "Die Zahl je Einheit zeigt, wo der Bericht Beispiele nennt, nicht wie viel IKZ es gibt."
)


@dataclass(frozen=True)
class Highlight:
    """What the map marks for one example."""

    kreise: tuple[str, ...]  # keys of participating Kreise (and kreisfreie Städte)
    gemeinden: tuple[str, ...]  # keys of participating Gemeinden
    areas: tuple[str, ...]  # keys of named territories (e.g. a Kreis as area)
    others: tuple[str, ...]  # participants without an NRW key, by name
    verband_areas: tuple[str, ...] = ()  # RBz keys of a Landschaftsverband's own project

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.kreise, *self.gemeinden)

    def at_level(self, level: str, hierarchy: Hierarchy) -> tuple[str, ...]:
        """Keys to mark on a map of ``level``: the participants of that level, and every
        unit of that level inside a named area."""
        width = {"rbz": 3, "kreis": 5, "gemeinde": 8}[level]
        own = [k for k in self.keys if len(k) == width]
        units = hierarchy.level(level).index
        areas = (*self.areas, *self.verband_areas)
        inside = [u for u in units for a in areas if u.startswith(a) or a.startswith(u)]
        return tuple(dict.fromkeys([*own, *inside]))


def highlight(example: PracticeExample) -> Highlight:
    kreise = tuple(p.key for p in example.kreise if p.key)
    gemeinden = tuple(p.key for p in example.gemeinden if p.key)
    areas = tuple(p.key for p in example.area if p.key)
    own_project = not (kreise or gemeinden or areas)  # the Verband's own, on its territory
    verband = [r for v in _verbaende(example) for r in VERBAND_RBZ[v]] if own_project else []
    return Highlight(kreise, gemeinden, areas, tuple(example.others), tuple(verband))


def _verbaende(example: PracticeExample) -> list[str]:
    if not example.verband:
        return []
    return [v.strip() for v in example.verband.split(",") if v.strip() in VERBAND_RBZ]


def rbz_of(example: PracticeExample) -> tuple[str, ...]:
    """The Regierungsbezirke an example belongs to (its section's, or its Verband's)."""
    if example.rbz:
        return (example.rbz,)
    return tuple(r for v in _verbaende(example) for r in VERBAND_RBZ[v])


def choices(examples: Iterable[PracticeExample]) -> dict[str, list[str]]:
    """Filter options (German): Aufgabenfeld, Regierungsbezirk, Rechtsform."""
    examples = list(examples)
    return {
        "aufgabenfeld": sorted({e.aufgabenfeld for e in examples}),
        "rbz": [RBZ_NAMES[k] for k in RBZ_NAMES],
        "rechtsform": sorted({e.rechtsform or "nicht genannt" for e in examples}),
    }


def filtered(
    examples: Iterable[PracticeExample],
    aufgabenfeld: str = ALL,
    rbz: str = ALL,
    rechtsform: str = ALL,
) -> list[PracticeExample]:
    """The examples that match every filter (``ALL`` = no filter; rbz by German name)."""
    names = {name: key for key, name in RBZ_NAMES.items()}
    out = []
    for example in examples:
        if aufgabenfeld != ALL and example.aufgabenfeld != aufgabenfeld:
            continue
        if rbz != ALL and names.get(rbz) not in rbz_of(example):
            continue
        if rechtsform != ALL and (example.rechtsform or "nicht genannt") != rechtsform:
            continue
        out.append(example)
    return out


def counts(examples: Iterable[PracticeExample], hierarchy: Hierarchy, level: str) -> pd.Series:
    """Practice examples per unit of ``level`` (Kreis or Gemeinde): an example counts for a
    unit that takes part or lies in its named area; for a Kreis also when one of its
    Gemeinden takes part. A Landschaftsverband's own projects are a layer of their own,
    not counted here. Every unit of the level is in the result (0 where none)."""
    units = hierarchy.level(level)
    result = pd.Series(0, index=units.index, dtype="int64", name="praxisbeispiele")
    for example in examples:
        mark = replace(highlight(example), verband_areas=())
        hit = set(mark.at_level(level, hierarchy))
        if level == "kreis":
            hit |= {k[:5] for k in mark.gemeinden}
        for key in hit & set(result.index):
            result[key] += 1
    return result


def participants_text(example: PracticeExample, hierarchy: Hierarchy) -> list[str]:
    """German lines naming the participants: Kreise, Gemeinden, areas, others."""
    mark = highlight(example)
    lines = []
    if mark.kreise:
        names = ", ".join(hierarchy.label(k) for k in mark.kreise)
        lines.append(f"{len(mark.kreise)} Kreis(e): {names}")
    if mark.gemeinden:
        names = ", ".join(hierarchy.label(k) for k in mark.gemeinden)
        lines.append(f"{len(mark.gemeinden)} Gemeinde(n): {names}")
    if mark.areas:
        names = ", ".join(hierarchy.label(k) for k in mark.areas if k in hierarchy)
        lines.append(f"Gebiet: {names}")
    if mark.verband_areas:
        names = ", ".join(hierarchy.label(k) for k in mark.verband_areas)
        lines.append(f"Gebiet des Landschaftsverbands ({example.verband}): {names}")
    if mark.others:
        lines.append(f"Weitere Beteiligte (ohne Fläche in der Karte): {', '.join(mark.others)}")
    if not example.participants_complete:
        lines.append("Der Bericht nennt die Beteiligten nicht vollständig.")
    return lines
