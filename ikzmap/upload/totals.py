"""Totals rows ("Summe", "Insgesamt", "NRW gesamt", key 05): reported, never counted."""

from __future__ import annotations

from typing import Final

from ikzmap.upload.names import normalize_name

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
NRW_KEYS: Final = frozenset({"05", "05000", "05000000", "050000000000"})


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
