"""Title, subtitle, notices and source lines that every export carries (pure text)."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from geo import LEVEL_NAMES, attribution, level_of, load_metadata
from ikzmap.model import MODEL_NOTICE
from ikzmap.provenance import Provenance, Source
from ikzmap.published import PublishedDataError, load_published
from ikzmap.view import MapView

REPORT_KEY: Final = "bericht"
REPORT_FALLBACK: Final = "gpaNRW: IKZ in NRW (Bericht, September 2025)"
AREA_NRW: Final = "Nordrhein-Westfalen"
# dative plural after "von": "29 von 31 Kreiswerten"
VALUE_NOUNS: Final = {"rbz": "Bezirkswerten", "kreis": "Kreiswerten", "gemeinde": "Gemeindewerten"}


@lru_cache(maxsize=1)
def report_title() -> str:
    """Short citation of the gpaNRW report the IKZ figures and the model rest on."""
    try:
        sources = load_published().sources
    except PublishedDataError:  # the export still names the report, only less precisely
        return REPORT_FALLBACK
    source = sources.get(REPORT_KEY)
    return REPORT_FALLBACK if source is None else source.title


def german_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


@lru_cache(maxsize=1)
def geometry_line() -> str:
    """Attribution of the boundaries (required by the GeoNutzV)."""
    meta = load_metadata()
    stand = meta.get("gebietsstand")
    stand_text = f", Gebietsstand {german_date(stand)}" if stand else ""
    return f"Geometrie: {attribution()}, VG250{stand_text}, Lizenz GeoNutzV (Daten verändert)"


def source_line(source: Source) -> str:
    """One German line per source; modelled and uploaded figures say so."""
    text = source.citation()
    if source.provenance == Provenance.MODELLED:
        return f"{text} – modelliert, Grundlage {report_title()}"
    if source.provenance == Provenance.UPLOADED:
        own = text if text.lower().startswith("eigene daten") else f"eigene Daten: {text}"
        return f"{own} – {Provenance.UPLOADED.value}"
    return text


def source_lines(view: MapView) -> list[str]:
    """The data sources of the view, then the geometry attribution (always last)."""
    return [*(source_line(s) for s in view.sources), geometry_line()]


def stichtag_text(view: MapView) -> str | None:
    dates = sorted({s.stichtag for s in view.sources if s.stichtag})
    if not dates:
        return None
    return "Stichtag " + ", ".join(german_date(d) for d in dates)


def area_text(zoom_label: str | None) -> str:
    return f"Ausschnitt {zoom_label}" if zoom_label else AREA_NRW


def subtitle(view: MapView, zoom_label: str | None = None, title: str | None = None) -> str:
    """Indicator, level, area, the filter of an activity list and Stichtag in one line;
    what the ``title`` already says (the default title names indicator and level) is not
    repeated."""
    title = view.title if title is None else title
    parts = [
        part
        for part in (view.indicator.label, f"Ebene {LEVEL_NAMES[view.state.level]}")
        if part not in title and part.removeprefix("Ebene ") not in title
    ]
    parts.append(area_text(zoom_label))
    if view.subset:
        parts.append(view.subset)
    stichtag = stichtag_text(view)
    if stichtag and stichtag not in view.indicator.label:
        parts.append(stichtag)
    return " · ".join(parts)


def modelled_count(view: MapView) -> int:
    return int((view.table["provenance"] == Provenance.MODELLED).sum())


def has_modelled(view: MapView) -> bool:
    return MODEL_NOTICE in view.notices or modelled_count(view) > 0


def modelled_short(view: MapView) -> str | None:
    """Short notice for the map face, or None if no value on the map is modelled."""
    if not has_modelled(view):
        return None
    n = modelled_count(view)
    if not n:
        return "Modellwerte: Werte nicht veröffentlicht, geschätzt (siehe Hinweis)"
    total = int(view.table["value"].notna().sum())
    noun = VALUE_NOUNS[view.state.level]
    return f"Modellwerte: {n} von {total} {noun} nicht veröffentlicht, geschätzt (siehe Hinweis)"


def notes(view: MapView) -> list[str]:
    """Full notices (model, budget Stichtag) and why a level shows no values."""
    lines = list(view.notices)
    if view.reason:
        lines.append(view.reason)
    return lines


def zoom_level(key: str) -> str:
    """The level of a zoom key; only Regierungsbezirke and Kreise can be zoomed to."""
    level = level_of(key)
    if level not in ("rbz", "kreis"):
        raise ValueError(f"zoom needs a Regierungsbezirk or Kreis key, got {key!r}")
    return level
