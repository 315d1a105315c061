"""The view as a small value: level, indicator, classification, palette, selection.

Round-trips through the URL query (``st.query_params``) so a link reproduces the view.
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from geo import LEVELS, NRW_BOUNDS, unit_at_level
from ikzmap.breaks import BreaksError, parse_url, url_form
from ikzmap.classify import DEFAULT_SCHEME, SCHEMES
from ikzmap.fmt import printable
from ikzmap.palettes import DEFAULT_PALETTE, MAX_CLASSES, MIN_CLASSES, PALETTES

QUERY_KEYS: Final = (
    "ebene",
    "indikator",
    "klassen",
    "anzahl",
    "palette",
    "auswahl",
    "grenzen",
    "zoom",
    "mitte",
    "vergleich",  # the compared units: ikzmap.compare reads and writes it
    "aufgabenfeld",  # filters of an activity list: ikzmap.activity_filter
    "rechtsform",
    "status",
)
ZOOM_RANGE: Final = (5.0, 18.0)  # all of NRW in a phone-sized map .. Leaflet's deepest zoom
_MAX_NUMBER_CHARS: Final = 24  # "51.4800" needs 7: bounds the work a crafted link causes


@dataclass(frozen=True)
class Camera:
    """The map's centre (lat, lon) and zoom from a link; either may be missing (the map's
    default view fills it in). Not part of what the map shows, so never in cache keys."""

    center: tuple[float, float] | None = None
    zoom: float | None = None

    def to_query(self) -> dict[str, str]:
        query = {}
        if self.zoom is not None:
            query["zoom"] = f"{self.zoom:g}"
        if self.center is not None:
            query["mitte"] = f"{self.center[0]:.4f},{self.center[1]:.4f}"
        return query


def _number(text: str) -> float:
    value = float(text) if len(text) <= _MAX_NUMBER_CHARS else math.nan
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_zoom(text: str) -> float | None:
    """A zoom level within ``ZOOM_RANGE`` (two decimals), else None."""
    try:
        zoom = _number(text)
    except ValueError:
        return None
    return round(zoom, 2) if ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1] else None


def parse_center(text: str) -> tuple[float, float] | None:
    """ "lat,lon" inside NRW's bounding box (four decimals, about 10 m), else None."""
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = _number(parts[0]), _number(parts[1])
    except ValueError:
        return None
    (south, west), (north, east) = NRW_BOUNDS
    if south <= lat <= north and west <= lon <= east:
        return round(lat, 4), round(lon, 4)
    return None


def shown(raw: object, limit: int = 40) -> str:
    """A link value as a note quotes it: printable and short (a link can be 500 kB long)."""
    text = printable(str(raw))
    return text if len(text) <= limit else f"{text[:limit]}…"


def camera_from_query(query: Mapping[str, object]) -> tuple[Camera | None, list[str]]:
    """The map view in ``zoom`` and ``mitte`` (a link, or the map reporting its view);
    an invalid value is left out with a German note."""
    notes: list[str] = []

    def take(name: str, parse):
        raw = query.get(name)
        if raw is None:
            return None
        value = parse(raw) if isinstance(raw, str) else None
        if value is None:
            notes.append(f"Link-Parameter „{name}={shown(raw)}“ ist ungültig und wurde ignoriert.")
        return value

    zoom, center = take("zoom", parse_zoom), take("mitte", parse_center)
    camera = Camera(center, zoom) if zoom is not None or center is not None else None
    return camera, notes


@dataclass(frozen=True)
class ViewState:
    level: str = "kreis"
    indicator: str = "ikz_count"
    scheme: str = DEFAULT_SCHEME
    k: int = 5
    palette: str = DEFAULT_PALETTE
    selected: str | None = None
    breaks: tuple[float, ...] = field(default_factory=tuple)
    camera: Camera | None = None  # only from a link and for one; the widgets never set it

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
            query["grenzen"] = url_form(self.breaks)  # exact: reads back as the same floats
        if self.camera is not None:
            query.update(self.camera.to_query())
        return query


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
            notes.append(f"Link-Parameter „{name}={shown(raw)}“ ist ungültig und wurde ignoriert.")
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
            state = state.with_(breaks=parse_url(query["grenzen"]))
        except BreaksError as err:
            notes.append(f"Link-Parameter „grenzen={shown(query['grenzen'])}“ ist ungültig: {err}")
    camera, camera_notes = camera_from_query(query)
    notes.extend(camera_notes)
    if camera is not None:
        state = state.with_(camera=camera)
    return state, notes


def fit_selection(selected: str | None, level: str, known: Container[str]) -> str | None:
    """The unit to keep selected when the map switches to ``level``: the selection itself
    at its own level, its Kreis or RBz at a coarser level (Gemeinde -> its Kreis), none at
    a finer one (a Kreis names no single Gemeinde) or when it names no unit of ``known``."""
    if selected is None or selected not in known:
        return None
    return unit_at_level(selected, level)
