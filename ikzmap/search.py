"""Finding a unit by name the way people type it: "Koln", "Gutersloh", "hochsauerland kreis".

Names are compared in the normal form of the upload's name matching
(``ikzmap.upload.names``: case, umlauts, ß, hyphens and level words do not matter), with
umlauts folded once more ("koeln" ~ "koln", since people type both) and one or two typos
tolerated (Levenshtein distance via rapidfuzz). All levels are searched: a hit at the
level shown comes first, then the finer levels, then the coarser ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from geo import LEVELS, Hierarchy, level_of
from ikzmap.upload.names import NameIndex, hint_allows, parse_name, similar_names

MAX_QUERY: Final = 100  # characters of a query looked at
MAX_HITS: Final = 5
MAX_CLOSEST: Final = 3
MIN_PREFIX: Final = 3  # letters typed before a name's beginning counts as a hit
CLOSEST_CUTOFF: Final = 60.0  # rapidfuzz ratio for "closest names" after no hit
_FOLDED_UMLAUTS: Final = (("ae", "a"), ("oe", "o"), ("ue", "u"))
# Scores: an exact name beats a name's beginning beats a typo.
EXACT, PREFIX, TYPO = 3, 2, 1


def fold(normal: str) -> str:
    """A normalised name with transliterated umlauts folded: "koeln" -> "koln"."""
    for long, short in _FOLDED_UMLAUTS:
        normal = normal.replace(long, short)
    return normal


def allowed_typos(query: str) -> int:
    """Typos tolerated for a (folded) query: none for very short ones, two from 8 letters."""
    letters = len(query.replace(" ", ""))
    return 0 if letters < 4 else 1 if letters < 8 else 2


@dataclass(frozen=True, order=True)
class Hit:
    """One unit found; sorts best first."""

    rank: tuple[int, int, int, str]  # (-score, typos, level preference, label)
    key: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[str, ...]  # keys, best first
    closest: tuple[str, ...] = ()  # keys of similar names when nothing was found

    @property
    def best(self) -> str | None:
        return self.hits[0] if self.hits else None


class UnitSearch:
    """The names of every unit at every level, folded, searchable by typed text."""

    def __init__(self, hierarchy: Hierarchy, index: NameIndex | None = None) -> None:
        self.index = index or NameIndex.build(hierarchy)
        self.labels: dict[str, str] = hierarchy.units["label"].to_dict()
        forms: dict[str, set[str]] = {}
        for key, names in self.index.names_by_key.items():
            for name in names:
                forms.setdefault(fold(name), set()).add(key)
        self._keys_by_form = {form: frozenset(keys) for form, keys in forms.items()}
        self._forms = sorted(self._keys_by_form)

    def browser_index(self) -> dict[str, object]:
        """The names as the static atlas's search (ikzmap/web/unit-search.js) takes them:
        the folded forms with their keys, and each key's class, label and level."""
        return {
            "forms": [[form, sorted(self._keys_by_form[form])] for form in self._forms],
            "classes": dict(self.index.classes),
            "labels": dict(self.labels),
            "levels": {key: level_of(key) for key in self.labels},
        }

    def search(self, text: object, level: str) -> SearchResult:
        query = str(text)[:MAX_QUERY]
        if query.strip() in self.labels:  # a key, as in the tables ("05562")
            return SearchResult(query, (query.strip(),))
        parts = parse_name(query)
        forms = {fold(f) for f in (parts.full, parts.base)} - {""}
        if not forms:
            return SearchResult(query, ())
        scored: dict[str, tuple[int, int]] = {}
        for form in forms:
            for name, score, typos in self._matches(form):
                for key in self._keys_by_form[name]:
                    if hint_allows(parts.hint, self.index.classes[key]):
                        best = scored.get(key, (0, 99))
                        scored[key] = max(best, (score, -typos))
        hits = sorted(
            Hit((-score, -neg_typos, level_preference(level, level_of(key)), self.labels[key]), key)
            for key, (score, neg_typos) in scored.items()
        )
        keys = self._distinct(h.key for h in hits)[:MAX_HITS]
        return SearchResult(query, keys, () if keys else self.closest(forms, level))

    def _distinct(self, keys: Iterable[str]) -> tuple[str, ...]:
        """Keys without the second entry of one place (a kreisfreie Stadt is a Kreis and
        a Gemeinde of the same name)."""
        kept: list[str] = []
        for key in keys:
            if not any(self._same_place(key, k) for k in kept):
                kept.append(key)
        return tuple(kept)

    def _same_place(self, a: str, b: str) -> bool:
        nested = a.startswith(b) or b.startswith(a)
        return nested and self.labels[a] == self.labels[b]

    def _matches(self, form: str) -> list[tuple[str, int, int]]:
        found = []
        if form in self._keys_by_form:
            found.append((form, EXACT, 0))
        if len(form) >= MIN_PREFIX:
            found.extend((n, PREFIX, 0) for n in self._forms if n != form and n.startswith(form))
        limit = allowed_typos(form)
        if limit:
            near = process.extract(
                form,
                self._forms,
                scorer=Levenshtein.distance,
                score_cutoff=limit,
                limit=None,
            )
            found.extend((name, TYPO, int(d)) for name, d, _ in near if d > 0)
        return found

    def closest(self, forms: set[str], level: str, limit: int = MAX_CLOSEST) -> tuple[str, ...]:
        """Keys of the units whose names are most alike (for "keine Treffer" hints)."""
        scores: dict[str, float] = {}
        for form in forms:
            for name, score in similar_names(form, self._forms, limit, CLOSEST_CUTOFF):
                for key in self._keys_by_form[name]:
                    scores[key] = max(scores.get(key, 0.0), score)
        ranked = sorted(
            scores,
            key=lambda k: (-scores[k], level_preference(level, level_of(k)), self.labels[k]),
        )
        return self._distinct(ranked)[:limit]


def level_preference(shown: str, level: str) -> int:
    """0 for the level shown, then the finer levels (nearest first), then the coarser."""
    here, there = LEVELS.index(shown), LEVELS.index(level)
    return there - here if there >= here else len(LEVELS) + here - there
