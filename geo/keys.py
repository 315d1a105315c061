"""Official keys (AGS / RS) of NRW units: parsing, repair and level detection.

Keys are strings. NRW keys start with "05"; the length gives the level:
3 = Regierungsbezirk, 5 = Kreis or kreisfreie Stadt, 8 = Gemeinde (AGS).
A 12-digit Regionalschlüssel of a Gemeinde is reduced to its 8-digit AGS.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    import pandas as pd

from geo.errors import GeoError

NRW_PREFIX: Final = "05"
NRW_KEY: Final = NRW_PREFIX  # the key of the Land itself (the "nrw" level's one unit)
KEY_WIDTHS: Final = {"rbz": 3, "kreis": 5, "gemeinde": 8}
LEVEL_BY_LENGTH: Final = {width: level for level, width in KEY_WIDTHS.items()}
# A canonical key of any level, for schemas: "05", then RBz digit, Kreis and Gemeinde digits.
KEY_PATTERN: Final = r"^05\d(?:\d{2}(?:\d{3})?)?$"
_TRAILING_DECIMAL_ZEROS = re.compile(r"[.,]0+$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_SPACES = re.compile(r"[\s\u00a0\u202f'’]+")


Keys = TypeVar("Keys", "pd.Index", "pd.Series")


class InvalidKeyError(GeoError, ValueError):
    """A value that is no valid NRW key; the message is German, for users. Also a
    ``ValueError``: callers check a key like any other value (``except ValueError``)."""


def _as_text(raw: object) -> str:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        raise InvalidKeyError("Schlüssel fehlt (leere Zelle).")
    if isinstance(raw, bool):
        raise InvalidKeyError(f"„{raw}“ ist kein Gemeinde- oder Regionalschlüssel.")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise InvalidKeyError(f"„{raw}“ ist kein ganzzahliger Schlüssel.")
        return str(int(raw))
    text = _SPACES.sub("", str(raw)).lstrip("=").strip('"')
    if _SCIENTIFIC.match(text):  # Excel turned "05562" into "5,562E+03"
        value = float(text.replace(",", "."))
        if not value.is_integer():
            raise InvalidKeyError(f"„{raw}“ ist kein ganzzahliger Schlüssel.")
        return str(int(value))
    return _TRAILING_DECIMAL_ZEROS.sub("", text)


def normalize_key(raw: object) -> str:
    """Return the canonical NRW key for ``raw`` or raise :class:`InvalidKeyError`.

    Repairs what spreadsheets do to keys: a lost leading zero ("5562"),
    a number format ("5562.0", "5,562E+03"), spaces ("05 562 032"),
    a text marker ("'05562"). A 12-digit RS becomes the 8-digit AGS.
    """
    text = _as_text(raw)
    if not text:
        raise InvalidKeyError("Schlüssel fehlt (leere Zelle).")
    if not text.isdigit():
        raise InvalidKeyError(f"„{raw}“ ist kein Schlüssel: nur Ziffern sind erlaubt.")
    if len(text) in (1, 2, 4, 7, 11) and text.startswith("5"):
        text = "0" + text
    if len(text) == 12:
        if text[5:9] != "0000" and text[9:] == "000":
            raise InvalidKeyError(
                f"„{raw}“ ist der Schlüssel eines Gemeindeverbands, nicht einer Gemeinde."
            )
        text = text[:5] + text[9:]
    if not text.startswith(NRW_PREFIX):
        raise InvalidKeyError(
            f"„{raw}“ liegt nicht in Nordrhein-Westfalen (Schlüssel beginnt nicht mit 05)."
        )
    if len(text) not in LEVEL_BY_LENGTH:
        raise InvalidKeyError(
            f"„{raw}“ hat {len(text)} Stellen; erwartet werden 3 (Regierungsbezirk), "
            "5 (Kreis) oder 8 (Gemeinde) Stellen bzw. ein 12-stelliger Regionalschlüssel."
        )
    return text


def is_canonical(text: object) -> bool:
    """True for a key written exactly in canonical form ("059", "05562", "05562032"), as
    links and the app write keys; no repair (see :func:`normalize_key` for that)."""
    return (
        isinstance(text, str)
        and len(text) in LEVEL_BY_LENGTH
        and text.isascii()
        and text.isdigit()
        and text.startswith(NRW_PREFIX)
    )


def level_of(key: str) -> str:
    """Level name ("rbz", "kreis", "gemeinde") of a canonical key."""
    try:
        return LEVEL_BY_LENGTH[len(key)]
    except KeyError:
        raise InvalidKeyError(f"„{key}“ ist kein kanonischer NRW-Schlüssel.") from None


def key_width(level: str) -> int:
    """Digits of a canonical key of ``level`` ("rbz": 3, "kreis": 5, "gemeinde": 8)."""
    try:
        return KEY_WIDTHS[level]
    except KeyError:
        raise ValueError(
            f"unknown level {level!r}; valid levels: {', '.join(KEY_WIDTHS)}"
        ) from None


def is_level(key: str, level: str) -> bool:
    """True if the canonical ``key`` is a key of ``level``."""
    return len(key) == key_width(level)


def at_level(keys: Keys, level: str) -> Keys:
    """Boolean mask of the canonical keys (a pandas Index or Series) of ``level``."""
    return keys.str.len() == key_width(level)


def parent_key(key: str, level: str) -> str:
    """The key of the unit of ``level`` ("nrw", "rbz", "kreis", "gemeinde") containing
    ``key`` (the key itself at its own level); a level finer than the key's raises."""
    if level == "nrw":
        return NRW_KEY
    width = key_width(level)
    if len(key) < width:
        raise InvalidKeyError(f"„{key}“ liegt über der Ebene {level}.")
    return key[:width]


def parent_keys(keys: Keys, level: str) -> Keys:
    """:func:`parent_key` for every key of a pandas Index or Series (all of ``level`` or finer)."""
    return keys.str[: key_width(level)]


def unit_at_level(key: str, level: str) -> str | None:
    """The unit that stands for ``key`` at ``level``: the key itself, the unit containing
    it (Gemeinde -> its Kreis), or None where ``level`` is finer than the key (a Kreis at
    the Gemeinde level names no single Gemeinde)."""
    if len(key) < key_width(level):
        return None
    return parent_key(key, level)


def kreis_of(key: str) -> str:
    """The 5-digit Kreis key containing a Kreis or Gemeinde key."""
    if len(key) < key_width("kreis"):
        raise InvalidKeyError(f"„{key}“ liegt über der Kreisebene.")
    return parent_key(key, "kreis")


def rbz_of(key: str) -> str:
    """The 3-digit Regierungsbezirk key containing any NRW key."""
    return parent_key(key, "rbz")


def is_within(key: str, area: str) -> bool:
    """True if the unit ``key`` lies in (or is) the unit ``area`` of the same or a coarser
    level: AGS keys nest, a Gemeinde's first five digits are its Kreis."""
    return len(key) >= len(area) and key.startswith(area)
