"""Matching: the Gebietskörperschaft of a key and name, by key first, then by name, at the
level the table expects.

A name matters only with the level: "Recklinghausen" is a Stadt and a Kreis. In a table
per Gemeinde the Stadt is meant, unless the same plain name occurs more than once
(then one of them may mean the Kreis: reported as ambiguous, not guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from geo import Hierarchy, InvalidKeyError, level_of
from ikzmap.upload.cells import is_blank
from ikzmap.upload.names import NameIndex, NameParts, parse_name, similar_names

ALLOWED_LEVELS: Final = {
    "gemeinde": ("gemeinde", "kreis"),
    "activities": ("gemeinde", "kreis"),
    "kreis": ("kreis",),
    "rbz": ("rbz",),
}
_RANK: Final = {"gemeinde": 0, "kreis": 1, "rbz": 2}
_UNIT_NOUNS: Final = {
    "gemeinde": "eine Gemeinde",
    "kreis": "ein Kreis bzw. eine kreisfreie Stadt",
    "rbz": "ein Regierungsbezirk",
}
_EXPECTED: Final = {
    "gemeinde": "Werte je Gemeinde (und Kreis)",
    "activities": "Aktivitäten von Gemeinden und Kreisen",
    "kreis": "Werte je Kreis",
    "rbz": "Werte je Regierungsbezirk",
}
_MAX_SUGGESTIONS: Final = 200  # distinct unknown names looked up for similar ones
_SCIENTIFIC: Final = re.compile(r"\d[eE][+-]?\d")
SCIENTIFIC_HINT: Final = (
    " Excel hat den Schlüssel in wissenschaftlicher Schreibweise gespeichert; dabei gehen "
    "Stellen verloren. Bitte die Spalte in Excel als Text formatieren."
)


@dataclass(frozen=True)
class Match:
    """The unit of a row, or why there is none."""

    key: str | None = None
    via: str | None = None  # "key" or "name"
    problem: str | None = None  # German, if key is None
    role: str | None = None  # the column the problem or note is about: "key" or "name"
    note: str | None = None  # German hint for a matched row
    definite: bool = False  # a valid key of the wrong level: no fallback to the name


class Matcher:
    """Matches key and name cells to units of the levels a kind allows."""

    def __init__(
        self,
        hierarchy: Hierarchy,
        kind: str,
        index: NameIndex | None = None,
        repeated_names: frozenset[str] = frozenset(),
    ) -> None:
        self.hierarchy = hierarchy
        self.kind = kind
        self.levels = ALLOWED_LEVELS[kind]
        self.index = index or NameIndex.build(hierarchy)
        self.repeated_names = repeated_names
        self._similar: dict[str, list[str]] = {}
        self._known = self.index.known_names()
        self.labels: dict[str, str] = hierarchy.units["label"].to_dict()

    def match(self, key_cell: object, name_cell: object) -> Match:
        if is_blank(key_cell) and is_blank(name_cell):
            return Match(problem="Schlüssel und Name fehlen", role="key")
        if is_blank(key_cell):
            return self.by_name(name_cell)
        found = self.by_key(key_cell)
        if found.key is not None:
            return self._cross_check(found, name_cell)
        if found.definite or is_blank(name_cell):
            return found
        by_name = self.by_name(name_cell)
        if by_name.key is None:
            return found
        note = f"Schlüssel unbrauchbar ({found.problem}); über den Namen zugeordnet"
        return Match(by_name.key, "name", role="key", note=note)

    def by_key(self, cell: object) -> Match:
        try:
            key = self.hierarchy.resolve(cell)
        except InvalidKeyError as err:
            hint = SCIENTIFIC_HINT if isinstance(cell, str) and _SCIENTIFIC.search(cell) else ""
            return Match(problem=f"{err}{hint}", role="key")
        if level_of(key) not in self.levels:
            return Match(problem=self._level_problem(key), role="key", definite=True)
        return Match(key, "key")

    def by_name(self, cell: object) -> Match:
        parts = parse_name(cell)
        if not parts.full and not parts.base:
            return Match(problem="Name enthält keine Buchstaben oder Ziffern", role="name")
        candidates = self.index.candidates(parts)
        if not candidates:
            return Match(problem=self._unknown_name(parts), role="name")
        for level in self.levels:
            at_level = sorted(k for k in candidates if level_of(k) == level)
            if len(at_level) > 1:
                return Match(problem=self._ambiguous(at_level), role="name")
            if at_level:
                return self._chosen(at_level[0], parts, candidates)
        return Match(problem=self._level_problem(min(candidates, key=len)), role="name")

    def _chosen(self, key: str, parts: NameParts, candidates: frozenset[str]) -> Match:
        twins = sorted(
            k
            for k in candidates
            if k != key and level_of(k) in self.levels and self.index.classes[k] == "kreis"
        )
        if parts.hint is not None or not twins:
            return Match(key, "name")
        if parts.full in self.repeated_names and self.kind != "activities":
            return Match(problem=self._ambiguous([key, *twins], repeated=True), role="name")
        twin = twins[0]
        note = (
            f"gezählt als {self._unit(key)}; auch {self._unit(twin)} heißt so – für den Kreis "
            f"„Kreis …“ schreiben oder den Schlüssel {twin} angeben"
        )
        return Match(key, "name", role="name", note=note)

    def _cross_check(self, found: Match, name_cell: object) -> Match:
        if is_blank(name_cell) or self.index.names_fit(found.key, name_cell):
            return found
        note = f"Name passt nicht zum Schlüssel {self._unit(found.key)}; zugeordnet nach Schlüssel"
        return Match(found.key, "key", role="name", note=note)

    def _unit(self, key: str) -> str:
        return f"{self.labels[key]} ({key})"

    def _level_problem(self, key: str) -> str:
        level = level_of(key)
        text = (
            f"{self._unit(key)} ist {_UNIT_NOUNS[level]}; "
            f"die Tabelle enthält {_EXPECTED[self.kind]}"
        )
        if _RANK[level] > max(_RANK[lv] for lv in self.levels):
            text += " – vermutlich eine Zwischensumme"
        return text

    def _ambiguous(self, keys: Iterable[str], repeated: bool = False) -> str:
        units = " oder ".join(self._unit(k) for k in keys)
        why = "; der Name kommt mehrfach vor" if repeated else ""
        return (
            f"Name mehrdeutig: {units}{why}. Bitte den Schlüssel angeben oder „Kreis …“ bzw. "
            "„Stadt …“ schreiben"
        )

    def _unknown_name(self, parts: NameParts) -> str:
        text = "Name nicht gefunden: keine Gebietskörperschaft in NRW heißt so"
        labels = self._similar_labels(parts.full)
        return text + (f". Ähnlich: {', '.join(f'„{x}“' for x in labels)}" if labels else "")

    def _similar_labels(self, name: str) -> list[str]:
        if name not in self._similar and len(self._similar) < _MAX_SUGGESTIONS:
            close = similar_names(name, self._known)
            keys = {k for n, _score in close for k in self.index.keys_by_name[n]}
            self._similar[name] = sorted({self.labels[k] for k in keys})
        return self._similar.get(name, [])


def possible_levels(
    hierarchy: Hierarchy, index: NameIndex, key_cell: object, name_cell: object
) -> frozenset[str]:
    """The levels a row's key (or, without a usable key, its name) can belong to."""
    if not is_blank(key_cell):
        try:
            return frozenset({level_of(hierarchy.resolve(key_cell))})
        except InvalidKeyError:
            pass
    if is_blank(name_cell):
        return frozenset()
    return frozenset(level_of(k) for k in index.candidates(parse_name(name_cell)))


def repeated_plain_names(names: Iterable[object]) -> frozenset[str]:
    """Normalised names written without level word that occur more than once."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for cell in names:
        if is_blank(cell):
            continue
        parts = parse_name(cell)
        if parts.hint is None and parts.full:
            (repeated if parts.full in seen else seen).add(parts.full)
    return frozenset(repeated)
