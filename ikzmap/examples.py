"""The report's practice examples on the map (pure): filters, what to mark, counts.

The report chose its 29 examples (sections 1.3.3 and 1.4) as illustrations, not as a
census: a count per unit says where the report looked, not how much IKZ there is. The
talk of 24.02.2026 adds one (Zweckverband KAAW) whose 53 members are not published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import pandas as pd

from geo.hierarchy import KREISFREI, Hierarchy, rbz_names
from geo.keys import is_within, level_of
from ikzmap.published import Participant, PracticeExample

ALL: Final = "alle"
NOT_NAMED: Final = "nicht genannt"
# A Landschaftsverband's territory is that of its members (LVerbO NRW §§ 1 and 3: the
# Kreise and kreisfreie Städte of the former Rheinprovinz, resp. of the former Provinz
# Westfalen and Land Lippe). Today these are exactly the Kreise and kreisfreie Städte of
# the Regierungsbezirke below; tests/test_examples.py checks the table against the member
# counts the report gives in 1.4.3 (LWL 18 Kreise and 9 kreisfreie Städte; LVR 12 Kreise,
# 13 kreisfreie Städte and the StädteRegion Aachen).
VERBAND_RBZ: Final = {"LVR": ("051", "053"), "LWL": ("055", "057", "059")}
VERBAND_REGIONS: Final = {"LVR": "Rheinland", "LWL": "Westfalen-Lippe"}
VERBAND_SOURCE: Final = (
    "Gebiet nach Landschaftsverbandsordnung NRW (§§ 1, 3): die Kreise und kreisfreien "
    "Städte der Regierungsbezirke"
)
COUNT_CAVEAT: Final = (
    "Die gpaNRW hat die Praxisbeispiele als Beispiele ausgewählt, nicht vollständig erhoben: "
    "Die Zahl je Einheit zeigt, wo der Bericht Beispiele nennt, nicht wie viel IKZ es gibt."
)
_SOURCE_NAMES: Final = {"bericht": "gpaNRW-Bericht", "vortrag": "gpaNRW-Vortrag 24.02.2026"}


@dataclass(frozen=True)
class Highlight:
    """What the map marks for one example: its participants (one layer) and the territory
    of its Landschaftsverband (a layer of its own)."""

    kreise: tuple[str, ...]  # keys of participating Kreise (and kreisfreie Städte)
    gemeinden: tuple[str, ...]  # keys of participating Gemeinden
    areas: tuple[str, ...]  # keys of named territories (e.g. a Kreis as area)
    others: tuple[str, ...]  # participants without an NRW unit on the map, by name
    verband_areas: tuple[str, ...] = ()  # RBz keys of the example's Landschaftsverband(s)

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.kreise, *self.gemeinden)

    def at_level(self, level: str, hierarchy: Hierarchy) -> tuple[str, ...]:
        """Participants to mark on a map of ``level``: those of that level (a kreisfreie
        Stadt on both the Kreis and the Gemeinde map: one body, two keys), every unit of
        that level inside a named area, and the unit that holds a named area."""
        own = [u for k in self.keys for u in _as_level(k, level, hierarchy)]
        inside = _units_touching(hierarchy, level, self.areas)
        return tuple(dict.fromkeys([*own, *inside]))

    def territory_at(self, level: str, hierarchy: Hierarchy) -> tuple[str, ...]:
        """The Landschaftsverband's territory on a map of ``level``: its RBz, or every
        Kreis / Gemeinde inside them."""
        return _units_touching(hierarchy, level, self.verband_areas)


def _as_level(key: str, level: str, hierarchy: Hierarchy) -> tuple[str, ...]:
    """The unit(s) of ``level`` that are the same body as ``key``: the key itself on its
    own level; a kreisfreie Stadt's Gemeinde on the Kreis map and back. (The city of Aachen
    is no Kreis-level unit: the StädteRegion Aachen is a Kreis of its own.)"""
    if key not in hierarchy:
        return ()  # named in the text, never drawn (see participants_text)
    if level_of(key) == level:
        return (key,)
    unit = hierarchy.units.loc[key]
    if level == "kreis" and unit["level"] == "gemeinde":
        kreis = unit["kreis"]
        is_city = kreis in hierarchy and hierarchy.units.at[kreis, "status"] == KREISFREI
        return (kreis,) if is_city else ()
    if level == "gemeinde" and unit["level"] == "kreis" and unit["status"] == KREISFREI:
        return tuple(hierarchy.gemeinden_in(key).index)
    return ()


def _units_touching(hierarchy: Hierarchy, level: str, areas: Iterable[str]) -> tuple[str, ...]:
    areas = tuple(areas)
    if not areas:
        return ()
    units = hierarchy.level(level).index
    found = [u for u in units for a in areas if is_within(u, a) or is_within(a, u)]
    return tuple(dict.fromkeys(found))


def verbaende(example: PracticeExample) -> tuple[str, ...]:
    """The Landschaftsverbände ("LVR", "LWL") an example belongs to."""
    if not example.verband:
        return ()
    return tuple(v.strip() for v in example.verband.split(",") if v.strip() in VERBAND_RBZ)


def highlight(example: PracticeExample) -> Highlight:
    verband = tuple(r for v in verbaende(example) for r in VERBAND_RBZ[v])
    return Highlight(
        kreise=tuple(p.key for p in example.kreise if p.key),
        gemeinden=tuple(p.key for p in example.gemeinden if p.key),
        areas=tuple(p.key for p in example.area if p.key),
        others=tuple(example.others),
        verband_areas=verband,
    )


def rbz_of(example: PracticeExample) -> tuple[str, ...]:
    """The Regierungsbezirke an example belongs to (its section's, or its Verband's)."""
    if example.rbz:
        return (example.rbz,)
    return tuple(r for v in verbaende(example) for r in VERBAND_RBZ[v])


def reference(example: PracticeExample) -> str:
    """Where the example stands, in German: "gpaNRW-Bericht, Abschnitt 1.3.3.4" or the
    talk's slide."""
    where = example.section
    if where[:1].isdigit():
        where = f"Abschnitt {where}"
    return f"{_SOURCE_NAMES.get(example.source, example.source)}, {where}"


def short_reference(example: PracticeExample) -> str:
    """The section ("1.3.3.4"), or "Vortrag" for an example of the talk's slides."""
    return example.section if example.source == "bericht" else "Vortrag 24.02.2026"


def choices(examples: Iterable[PracticeExample]) -> dict[str, list[str]]:
    """Filter options (German): Aufgabenfeld, Regierungsbezirk, Rechtsform."""
    examples = list(examples)
    return {
        "aufgabenfeld": sorted({e.aufgabenfeld for e in examples}),
        "rbz": list(rbz_names().values()),
        "rechtsform": sorted({e.rechtsform or NOT_NAMED for e in examples}),
    }


def filtered(
    examples: Iterable[PracticeExample],
    aufgabenfeld: str = ALL,
    rbz: str = ALL,
    rechtsform: str = ALL,
) -> list[PracticeExample]:
    """The examples that match every filter (``ALL`` = no filter; rbz by German name)."""
    names = {name: key for key, name in rbz_names().items()}
    out = []
    for example in examples:
        if aufgabenfeld != ALL and example.aufgabenfeld != aufgabenfeld:
            continue
        if rbz != ALL and names.get(rbz) not in rbz_of(example):
            continue
        if rechtsform != ALL and (example.rechtsform or NOT_NAMED) != rechtsform:
            continue
        out.append(example)
    return out


def counts(examples: Iterable[PracticeExample], hierarchy: Hierarchy, level: str) -> pd.Series:
    """Practice examples per unit of ``level`` (Kreis or Gemeinde): an example counts for a
    unit that takes part or lies in its named area; for a Kreis also when one of its
    Gemeinden takes part. A Landschaftsverband's territory is a layer of its own, not
    counted here. Every unit of the level is in the result (0 where none)."""
    units = hierarchy.level(level)
    result = pd.Series(0, index=units.index, dtype="int64", name="praxisbeispiele")
    for example in examples:
        mark = highlight(example)
        hit = set(mark.at_level(level, hierarchy))
        if level == "kreis":
            hit |= set(_units_touching(hierarchy, level, mark.gemeinden))
        for key in hit & set(result.index):
            result[key] += 1
    return result


def _names(
    participants: Iterable[Participant], hierarchy: Hierarchy
) -> tuple[list[str], list[str]]:
    """Labels of the participants found in the boundaries, and names of those not found
    (a key outside the Gebietsstand cannot be drawn: named, never guessed)."""
    found, lost = [], []
    for p in participants:
        if p.key and p.key in hierarchy:
            found.append(hierarchy.label(p.key))
        else:
            lost.append(f"{p.name} (nicht in den Verwaltungsgrenzen gefunden)")
    return found, lost


def participants_text(example: PracticeExample, hierarchy: Hierarchy) -> list[str]:
    """German lines naming the participants: Kreise, Gemeinden, areas, the Verband's
    territory, others (no Gebietskörperschaft of NRW, or not found in the boundaries)."""
    kreise, lost_k = _names(example.kreise, hierarchy)
    gemeinden, lost_g = _names(example.gemeinden, hierarchy)
    areas, lost_a = _names(example.area, hierarchy)
    lines = []
    if kreise:
        lines.append(f"{len(kreise)} Kreis(e): {', '.join(kreise)}")
    if gemeinden:
        lines.append(f"{len(gemeinden)} Gemeinde(n): {', '.join(gemeinden)}")
    if areas:
        lines.append(f"Gebiet: {', '.join(areas)}")
    for verband in verbaende(example):
        names = ", ".join(hierarchy.label(k) for k in VERBAND_RBZ[verband] if k in hierarchy)
        region = VERBAND_REGIONS[verband]
        lines.append(f"Gebiet des Landschaftsverbands {region} ({verband}): {names}")
    others = [*example.others, *lost_k, *lost_g, *lost_a]
    if others:
        lines.append(f"Weitere Beteiligte (ohne Fläche in der Karte): {', '.join(others)}")
    if not example.participants_complete:
        lines.append("Die Quelle nennt die Beteiligten nicht vollständig.")
    return lines
