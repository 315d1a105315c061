"""The view as a small value: level, indicator, classification, palette, selection.

Round-trips through the URL query (``st.query_params``) so a link reproduces the view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Final

from geo import LEVELS
from ikzmap.classify import DEFAULT_SCHEME, SCHEMES
from ikzmap.palettes import DEFAULT_PALETTE, MAX_CLASSES, MIN_CLASSES, PALETTES

QUERY_KEYS: Final = ("ebene", "indikator", "klassen", "anzahl", "palette", "auswahl", "grenzen")


@dataclass(frozen=True)
class ViewState:
    level: str = "kreis"
    indicator: str = "ikz_count"
    scheme: str = DEFAULT_SCHEME
    k: int = 5
    palette: str = DEFAULT_PALETTE
    selected: str | None = None
    breaks: tuple[float, ...] = field(default_factory=tuple)

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)

    def to_query(self) -> dict[str, str]:
        query = {
            "ebene": self.level,
            "indikator": self.indicator,
            "klassen": self.scheme,
            "anzahl": str(self.k),
            "palette": self.palette,
        }
        if self.selected:
            query["auswahl"] = self.selected
        if self.scheme == "manual" and self.breaks:
            query["grenzen"] = ",".join(f"{b:g}" for b in self.breaks)
        return query

    def cache_key(self) -> tuple:
        return tuple(sorted(asdict(self).items()))


def _parse_breaks(text: str) -> tuple[float, ...]:
    return tuple(sorted({float(part) for part in text.split(",") if part.strip()}))


def from_query(
    query: Mapping[str, str], indicators: Mapping[str, object], units: set[str]
) -> tuple[ViewState, list[str]]:
    """The view a URL describes; unknown values fall back to defaults with a German note."""
    state, notes = ViewState(), []

    def take(name: str, valid, attr: str, convert=str) -> None:
        nonlocal state
        raw = query.get(name)
        if raw is None:
            return
        try:
            value = convert(raw)
        except ValueError:
            value = None
        if value is None or value not in valid:
            notes.append(f"Link-Parameter „{name}={raw}“ ist ungültig und wurde ignoriert.")
            return
        state = state.with_(**{attr: value})

    take("ebene", LEVELS, "level")
    take("indikator", indicators, "indicator")
    take("klassen", SCHEMES, "scheme")
    take("anzahl", range(MIN_CLASSES, MAX_CLASSES + 1), "k", int)
    take("palette", PALETTES, "palette")
    take("auswahl", units, "selected")
    if "grenzen" in query:
        try:
            state = state.with_(breaks=_parse_breaks(query["grenzen"]))
        except ValueError:
            notes.append(f"Link-Parameter „grenzen={query['grenzen']}“ ist ungültig.")
    return state, notes
