"""One lookup for the tables of named choices (schemes, palettes, indicators, formats)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def lookup(table: Mapping[str, T], name: str, what: str) -> T:
    """``table[name]``, or a ValueError naming the valid choices ("valid schemes: …")."""
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown {what} {name!r}; valid {what}s: {', '.join(table)}") from None
