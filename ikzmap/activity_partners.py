"""Partners named in an activity list: one cell may name several Gebietskörperschaften by
key or by name ("05562004; Datteln, Kreis Borken"). They are resolved with the upload's
own matching (ikzmap.upload.matching), so a partner is found exactly as a reporting unit
would be; what cannot be resolved (a Zweckverband, a place outside NRW) is kept by name.
Pure: no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from geo import Hierarchy, is_within, unit_at_level
from ikzmap.upload.cells import cell_text, is_blank
from ikzmap.upload.matching import Matcher

_SEPARATORS: Final = re.compile(r"[;,\n]+")
_KEY_LIKE: Final = re.compile(r"[\d\s.]+")
MAX_PARTNERS_PER_CELL: Final = 200  # bounds the work one crafted cell causes


@dataclass(frozen=True)
class Partners:
    """The partners of one activity: resolved keys, and names no unit was found for."""

    keys: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()


def split_partners(cell: object) -> list[str]:
    """The partner entries of one cell, separated by ";", "," or line breaks."""
    if is_blank(cell):
        return []
    parts = (p.strip() for p in _SEPARATORS.split(cell_text(cell)))
    return [p for p in parts if p][:MAX_PARTNERS_PER_CELL]


class PartnerResolver:
    """Resolves partner entries to keys of Gemeinden and Kreise (each entry once)."""

    def __init__(self, hierarchy: Hierarchy) -> None:
        self._matcher = Matcher(hierarchy, "activities")
        self._found: dict[str, str | None] = {}

    def key(self, entry: str) -> str | None:
        if entry not in self._found:
            as_key = _KEY_LIKE.fullmatch(entry) is not None
            match = self._matcher.match(entry, None) if as_key else self._matcher.match(None, entry)
            self._found[entry] = match.key
        return self._found[entry]

    def resolve(self, cell: object) -> Partners:
        keys: list[str] = []
        unresolved: list[str] = []
        for entry in split_partners(cell):
            key = self.key(entry)
            if key is None:
                unresolved.append(entry)
            else:
                keys.append(key)
        return Partners(tuple(dict.fromkeys(keys)), tuple(dict.fromkeys(unresolved)))


def at_level(keys: Iterable[str], level: str, units: Iterable[str]) -> tuple[str, ...]:
    """The units of a map of ``level`` that the partner keys mark: a Gemeinde marks its
    Kreis on the Kreis map, a Kreis every Gemeinde in it on the Gemeinde map."""
    unit_list = list(units)
    found: list[str] = []
    for key in keys:
        unit = unit_at_level(key, level)
        if unit is not None:
            found.append(unit)
        else:
            found.extend(u for u in unit_list if is_within(u, key))
    known = set(unit_list)
    return tuple(k for k in dict.fromkeys(found) if k in known)
