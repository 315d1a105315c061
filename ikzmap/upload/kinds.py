"""The kind stage: what a table holds: counts per Gemeinde, Kreis or Regierungsbezirk, or a
list of activities. Without a count column it is a list; otherwise the level most rows'
keys and names point to decides (the column headings break ties)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Final

import pandas as pd

from geo import Hierarchy
from ikzmap.upload.cells import is_blank, parse_number
from ikzmap.upload.columns import ColumnMapping
from ikzmap.upload.errors import UploadError
from ikzmap.upload.matching import possible_levels
from ikzmap.upload.names import NameIndex, normalize_name

KINDS: Final = ("gemeinde", "kreis", "rbz", "activities")
COUNT_KINDS: Final = ("gemeinde", "kreis", "rbz")
KIND_LABELS: Final = {
    "gemeinde": "Anzahl je Gemeinde (und je Kreis für dessen eigene Aktivitäten)",
    "kreis": "Anzahl je Kreis bzw. kreisfreie Stadt",
    "rbz": "Anzahl je Regierungsbezirk",
    "activities": "Liste der IKZ-Aktivitäten (eine Zeile je Aktivität)",
}
# Level words in column names: "Kreis", "Kreisschlüssel", "Regierungsbezirk" …
_HEADER_HINTS: Final = (
    ("regierungsbezirk", "rbz"),
    ("bezirk", "rbz"),
    ("rbz", "rbz"),
    ("kreis", "kreis"),
    ("gemeinde", "gemeinde"),
    ("kommune", "gemeinde"),
    ("stadt", "gemeinde"),
)
_NUMERIC_SHARE: Final = 0.8
_SAMPLE: Final = 200
_VOTE_ROWS: Final = 5_000  # rows looked at to tell the level


@dataclass(frozen=True)
class KindDecision:
    kind: str
    note: str | None = None  # German, when the kind is a guess the user should confirm


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    return kind


def header_level(mapping: ColumnMapping) -> str | None:
    """The level the name or key column's heading suggests, if any."""
    for column in (mapping.name, mapping.key):
        compact = normalize_name(column or "").replace(" ", "")
        for word, level in _HEADER_HINTS:
            if compact.startswith(word):
                return level
    return None


def _numeric_column(values: pd.Series) -> bool:
    filled = [v for v in values if not is_blank(v)][:_SAMPLE]
    return bool(filled) and sum(parse_number(v) is not None for v in filled) >= (
        _NUMERIC_SHARE * len(filled)
    )


def _list_kind(table: pd.DataFrame, mapping: ColumnMapping) -> KindDecision:
    if mapping.status or mapping.field or mapping.legal_form or mapping.partner:
        return KindDecision("activities")
    free = [c for c in table.columns if c not in mapping.roles().values()]
    if any(_numeric_column(table[c]) for c in free):
        raise UploadError(
            "Keine Spalte mit Anzahlen erkannt. Bitte die Spalte mit der Anzahl der "
            "IKZ-Aktivitäten zuordnen oder die Art „Liste der IKZ-Aktivitäten“ wählen."
        )
    return KindDecision(
        "activities",
        "Keine Spalte mit Anzahlen erkannt: gelesen als Liste der IKZ-Aktivitäten (eine Zeile "
        "je Aktivität) – stimmt das? Sonst bitte unten die Spalte mit den Anzahlen zuordnen "
        "und die Art der Tabelle wählen.",
    )


_UNCLEAR_LEVEL: Final = (
    "Die Ebene (Gemeinde, Kreis oder Regierungsbezirk) ist nicht eindeutig erkennbar; "
    "angenommen: Anzahl je Gemeinde – stimmt das? Sonst bitte unten die Art der Tabelle ändern."
)


def _leaders(votes: Counter[str]) -> list[str]:
    top = max(votes.values(), default=0)
    return [level for level in COUNT_KINDS if top and votes[level] == top]


def _level_kind(votes: Counter[str], mapping: ColumnMapping) -> KindDecision:
    """The level most rows point to; a tie of Gemeinde and Kreis means Gemeinde.

    (A table per Gemeinde may hold Kreis rows for the Kreis's own activities.)
    """
    leaders = _leaders(votes)
    hinted = header_level(mapping)
    if len(leaders) == 1:
        return KindDecision(leaders[0])
    if leaders and set(leaders) == {"gemeinde", "kreis"}:
        return KindDecision("gemeinde")
    if hinted is not None and (hinted in leaders or not leaders):
        return KindDecision(hinted)
    return KindDecision("gemeinde", _UNCLEAR_LEVEL)


def detect_kind(
    table: pd.DataFrame, mapping: ColumnMapping, level_votes: Counter[str]
) -> KindDecision:
    """The kind from the mapped columns and the levels the rows' keys and names point to."""
    if mapping.count is None:
        return _list_kind(table, mapping)
    return _level_kind(level_votes, mapping)


def level_votes(mapped: pd.DataFrame, hierarchy: Hierarchy, index: NameIndex) -> Counter[str]:
    """How many rows (of the first :data:`_VOTE_ROWS`) point to each level, by key or name;
    ``mapped`` has the role columns."""
    votes: Counter[str] = Counter()
    sample = mapped.head(_VOTE_ROWS)
    keys = sample["key"] if "key" in sample else [None] * len(sample)
    names = sample["name"] if "name" in sample else [None] * len(sample)
    for key_cell, name_cell in zip(keys, names, strict=True):
        levels = possible_levels(hierarchy, index, key_cell, name_cell)
        if len(levels) == 1:
            votes[next(iter(levels))] += 1
    return votes


def decide_kind(
    table: pd.DataFrame,
    mapping: ColumnMapping,
    mapped: pd.DataFrame,
    hierarchy: Hierarchy,
    index: NameIndex,
    kind: str | None = None,
) -> KindDecision:
    """The given ``kind``, or the one the columns and rows suggest (see :func:`detect_kind`)."""
    if kind is not None:
        return KindDecision(kind)
    return detect_kind(table, mapping, level_votes(mapped, hierarchy, index))


def check_kind_fits(kind: str, mapping: ColumnMapping) -> None:
    if kind in COUNT_KINDS and mapping.count is None:
        raise UploadError(
            f"Für die Art „{KIND_LABELS[kind]}“ fehlt eine Spalte mit Anzahlen. Bitte die "
            "Spalte zuordnen oder die Art „Liste der IKZ-Aktivitäten“ wählen."
        )
