"""Names of Gebietskörperschaften: normalisation and a lookup index over the hierarchy.

"Kreis Recklinghausen", "Recklinghausen (Kreis)" and "KREIS RECKLINGHAUSEN" give the
same normalised name and the level hint "kreis"; "Stadt Recklinghausen" gives the
hint "stadt". Umlauts, ß, case, hyphens, brackets and suffixes like "(Rhld.)" do not
matter. The index maps a normalised name to every unit that has it; choosing among
them (by level, by hint) is left to the matcher, which reports ambiguity. Words such as
"Summe" or "NRW gesamt" and the key of NRW mark a totals row (:func:`is_total_name`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz, process

from geo import NRW_KEY, Hierarchy, key_width

_CACHE_SIZE: Final = 1 << 14
_UMLAUTS: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_ALNUM: Final = re.compile(r"[^a-z0-9]+")
_BRACKETS_AND_SLASH: Final = re.compile(r"\(.*?\)|\[.*?\]|/.*$")
# Level words before or after the name, longest first.
_LEVEL_WORDS: Final = (
    (("kreisfreie", "stadt"), "stadt"),
    (("reg", "bez"), "rbz"),
    (("landkreis",), "kreis"),
    (("kreis",), "kreis"),
    (("staedteregion",), "kreis"),
    (("stadt",), "stadt"),
    (("gemeinde",), "stadt"),
    (("kommune",), "stadt"),
    (("hansestadt",), "stadt"),
    (("kreisstadt",), "stadt"),
    (("regierungsbezirk",), "rbz"),
    (("bezirksregierung",), "rbz"),
    (("regbez",), "rbz"),
    (("rbz",), "rbz"),
    (("rb",), "rbz"),
)
SIMILAR_CUTOFF: Final = 80.0  # rapidfuzz ratio (0..100) of names "alike" for a hint
_GLUED_KREIS: Final = "kreis"  # "Hochsauerlandkreis", "Rhein-Erftkreis"
# Short forms in common use that the VG250 names do not yield.
KREIS_ALIASES: Final = {
    "05162": ("Neuss",),
    "05334": ("Städteregion",),
    "05374": ("Oberberg", "Oberbergisch"),
    "05378": ("Rheinisch-Bergisch",),
    "05962": ("Märkisch",),
}


def normalize_name(text: object) -> str:
    """Lower-case ASCII words: "Städte-Region  AACHEN" -> "staedte region aachen"."""
    return _normalize(str(text))


@lru_cache(maxsize=_CACHE_SIZE)
def _normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = unicodedata.normalize("NFC", folded).translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", folded)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", ascii_text).strip()


def similar_names(
    name: str, known: list[str], limit: int = 3, cutoff: float = SIMILAR_CUTOFF
) -> list[tuple[str, float]]:
    """The normalised names of ``known`` most alike ``name`` (normalised), with their
    rapidfuzz ratio, best first: the one fuzzy comparison of names (upload hints, search)."""
    found = process.extract(name, known, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    return [(match, float(score)) for match, score, _ in found]


def _strip_edge(tokens: list[str]) -> tuple[str | None, list[str]]:
    for words, hint in _LEVEL_WORDS:
        n = len(words)
        if len(tokens) > n and tuple(tokens[:n]) == words:
            return hint, tokens[n:]
        if len(tokens) > n and tuple(tokens[-n:]) == words:
            return hint, tokens[:-n]
    return None, tokens


def _strip_kreis(tokens: list[str]) -> tuple[str | None, list[str]]:
    if len(tokens) > 1 and "kreis" in tokens:
        return "kreis", [t for t in tokens if t != "kreis"]
    glued = [t[: -len(_GLUED_KREIS)] if _is_glued_kreis(t) else t for t in tokens]
    return ("kreis", glued) if glued != tokens else (None, tokens)


def _is_glued_kreis(token: str) -> bool:
    return token.endswith(_GLUED_KREIS) and len(token) > len(_GLUED_KREIS) + 2


def _core(text: str) -> tuple[str | None, str]:
    tokens = normalize_name(text).split()
    hint, tokens = _strip_edge(tokens)
    kreis_hint, tokens = _strip_kreis(tokens)
    return hint or kreis_hint, " ".join(tokens)


@dataclass(frozen=True)
class NameParts:
    """A name without level words: ``full`` as written, ``base`` without brackets."""

    hint: str | None  # "kreis", "stadt" (Gemeinde or kreisfreie Stadt), "rbz" or None
    full: str
    base: str


def parse_name(text: object) -> NameParts:
    """Split a raw name into level hint and normalised core forms."""
    return _parse(str(text))


@lru_cache(maxsize=_CACHE_SIZE)
def _parse(raw: str) -> NameParts:
    hint, full = _core(raw)
    base_hint, base = _core(_BRACKETS_AND_SLASH.sub(" ", raw))
    return NameParts(hint or base_hint, full, base)


def unit_class(level: str, unit_type: str) -> str:
    """ "rbz", "kreis", "stadt" (a kreisfreie Stadt at Kreis level) or "gemeinde"."""
    if level == "kreis" and unit_type == "kreisfreie Stadt":
        return "stadt"
    return level


def hint_allows(hint: str | None, cls: str) -> bool:
    """Whether a unit of class ``cls`` fits a name written with level hint ``hint``."""
    if hint is None:
        return True
    if hint == "stadt":
        return cls in ("stadt", "gemeinde")
    return hint == cls


@dataclass(frozen=True)
class NameIndex:
    """Normalised names -> unit keys, built from the hierarchy's names, labels, aliases."""

    keys_by_name: dict[str, frozenset[str]]
    names_by_key: dict[str, frozenset[str]]
    classes: dict[str, str]

    @classmethod
    def build(cls, hierarchy: Hierarchy) -> NameIndex:
        keys_by_name: dict[str, set[str]] = defaultdict(set)
        names_by_key: dict[str, set[str]] = defaultdict(set)
        classes: dict[str, str] = {}
        for key, unit in hierarchy.units.iterrows():
            classes[key] = unit_class(unit["level"], unit["type"])
            for text in (unit["name"], unit["label"], *KREIS_ALIASES.get(key, ())):
                parts = parse_name(text)
                for form in {parts.full, parts.base} - {""}:
                    keys_by_name[form].add(key)
                    names_by_key[key].add(form)
        return cls(
            {k: frozenset(v) for k, v in keys_by_name.items()},
            {k: frozenset(v) for k, v in names_by_key.items()},
            classes,
        )

    def candidates(self, parts: NameParts) -> frozenset[str]:
        """Keys whose name fits ``parts`` (full form first, then the base form)."""
        keys = self.keys_by_name.get(parts.full) or self.keys_by_name.get(parts.base, frozenset())
        return frozenset(k for k in keys if hint_allows(parts.hint, self.classes[k]))

    def names_fit(self, key: str, text: object) -> bool:
        """Whether ``text`` is a name of the unit ``key`` (for a key/name cross-check)."""
        parts = parse_name(text)
        names = self.names_by_key.get(key, frozenset())
        fits_hint = hint_allows(parts.hint, self.classes.get(key, ""))
        return fits_hint and bool({parts.full, parts.base} & names)

    def known_names(self) -> list[str]:
        return sorted(self.keys_by_name)


# --- names that mean a total ("Summe", "Insgesamt", "NRW gesamt", key 05) -------------

TOTAL_WORDS: Final = frozenset(
    {
        "summe",
        "summen",
        "gesamtsumme",
        "zwischensumme",
        "landessumme",
        "insgesamt",
        "gesamt",
        "gesamtergebnis",
        "ergebnis",
        "total",
        "zusammen",
        "nrw",
        "nordrhein",
        "land",
    }
)
# The Land's own key as tables write it on a totals row: "05", or padded with zeros to a
# Kreis, Gemeinde or 12-digit regional key.
ARS_WIDTH: Final = 12
NRW_KEYS: Final = frozenset(
    NRW_KEY.ljust(width, "0")
    for width in (len(NRW_KEY), key_width("kreis"), key_width("gemeinde"), ARS_WIDTH)
)


def _is_nrw_key(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return False
    text = str(value).strip().lstrip("'")
    if not text.isdigit():
        return False
    return text in NRW_KEYS or "0" + text in NRW_KEYS


def is_total_name(value: object) -> bool:
    """Whether a text cell says "Summe", "Insgesamt", "NRW gesamt" …"""
    return isinstance(value, str) and bool(TOTAL_WORDS.intersection(normalize_name(value).split()))


def is_total_key(value: object) -> bool:
    """Whether a key cell holds the key of NRW as a whole (05, 05000000 …) or a totals word."""
    return _is_nrw_key(value) or is_total_name(value)
