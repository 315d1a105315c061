"""The figures the gpaNRW IKZ report (September 2025) publishes, as structured data.

Source files: ``data/ikz/published.json`` (figures with section, source and verbatim
quote; legal forms by segment) and ``data/ikz/practice_examples.json`` (practice examples
of sections 1.3.3 and 1.4 with the participants' keys). See ``data/ikz/README.md``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TypeVar

import pandas as pd

from geo.keys import InvalidKeyError, normalize_key
from ikzmap.errors import DataFileError
from ikzmap.provenance import Provenance, Source

logger = logging.getLogger(__name__)
IKZ_DATA_DIR: Final = Path(__file__).resolve().parent.parent / "data" / "ikz"
FIGURES_FILE: Final = "published.json"
EXAMPLES_FILE: Final = "practice_examples.json"
UNITS: Final = frozenset({"Anzahl", "Prozent", "Rang", "Jahr", "Euro"})
QUALIFIERS: Final = frozenset({None, "rund", "mehr als", "weniger als"})
RBZ_NAMES: Final = {
    "051": "Düsseldorf",
    "053": "Köln",
    "055": "Münster",
    "057": "Detmold",
    "059": "Arnsberg",
}
TOTAL_ID: Final = "activities_total"
# How the report's Kreis quartiles are read: numpy.quantile method "linear"
# (= Excel QUARTILE.INC / QUARTIL, position (n - 1) * p, linear interpolation).
QUANTILE_METHOD: Final = "linear"
KREIS_STAT_IDS: Final = {
    "minimum": "kreis_min",
    "q1": "kreis_q1",
    "median": "kreis_median",
    "q3": "kreis_q3",
    "maximum": "kreis_max",
    "n": "kreis_n",
}
# Figures the model and the consistency check read; without them the app cannot start.
REQUIRED_FIGURES: Final = (
    TOTAL_ID,
    *KREIS_STAT_IDS.values(),
    *(f"rbz_{key}_share" for key in RBZ_NAMES),
    "rbz_055_count",
    "rbz_051_count",
)
T = TypeVar("T")
_FIGURE_FIELDS: Final = (
    "id",
    "group",
    "label",
    "value",
    "value_text",
    "unit",
    "section",
    "source",
    "quote",
)
_EXAMPLE_FIELDS: Final = ("id", "title", "aufgabenfeld", "section", "status", "quote")


class PublishedDataError(DataFileError):
    """A file in ``data/ikz`` is missing or malformed; the message is German."""


@dataclass(frozen=True)
class Figure:
    """One published number with where it stands and how it is worded."""

    id: str
    group: str
    label: str
    value: float
    value_text: str  # wording in the source, e.g. "rund 20 Prozent", "elf"
    unit: str  # "Anzahl", "Prozent", "Rang" (order named in the text), "Jahr", "Euro"
    section: str  # e.g. "1.3.1" or a slide title
    source: str  # key into Published.sources: "bericht" or "vortrag"
    quote: str  # verbatim passage containing the figure
    qualifier: str | None = None  # "rund", "mehr als", "weniger als"
    key: str | None = None  # NRW key the figure refers to
    segment: str | None = None
    stichtag: str | None = None
    note: str | None = None
    display: str | None = None  # how a chart labels it where the number alone misleads

    @property
    def is_exact(self) -> bool:
        return self.qualifier is None


@dataclass(frozen=True)
class Participant:
    name: str
    key: str | None  # None for bodies without an NRW key (LVR, Erftverband, ...)


@dataclass(frozen=True)
class PracticeExample:
    """A practice example of report sections 1.3.3 (per RBz) and 1.4 (LVR/LWL)."""

    id: str
    title: str
    aufgabenfeld: str
    aufgabenfeld_assigned: bool  # True: field assigned by ikzmap, not named in the text
    rechtsform: str | None
    status: str  # "umgesetzt" or "geplant"
    section: str
    rbz: str | None
    verband: str | None
    year: int | None
    year_note: str | None
    kreise: tuple[Participant, ...]
    gemeinden: tuple[Participant, ...]
    others: tuple[str, ...]
    area: tuple[Participant, ...]  # named territory where participants are not listed
    participants_complete: bool
    summary: str
    quote: str
    note: str | None = None
    source: str = "bericht"  # key into Published.sources: the report, or the talk's slides
    rbz_assigned: bool = False  # True: RBz derived by ikzmap from a named region

    @property
    def keys(self) -> tuple[str, ...]:
        """Keys of all participating Kreise and Gemeinden."""
        return tuple(p.key for p in (*self.kreise, *self.gemeinden) if p.key)


@dataclass(frozen=True)
class Statement:
    """What the report says about one unit (e.g. "landesweit am aktivsten"), with its quote."""

    key: str
    text: str  # German, ikzmap's short wording
    section: str
    quote: str  # verbatim passage of the report


@dataclass(frozen=True)
class KreisDistribution:
    """The published distribution of the 31 Kreis totals (report 1.3.2)."""

    minimum: int
    q1: int
    median: int
    q3: int
    maximum: int
    n: int
    min_key: str
    max_key: str


@dataclass(frozen=True)
class Published:
    figures: Mapping[str, Figure]
    sources: Mapping[str, Source]
    segments: Mapping[str, str]
    legal_form_columns: tuple[str, ...]
    legal_form_rows: tuple[tuple[str, tuple[int, ...]], ...]
    examples: tuple[PracticeExample, ...]
    statements: tuple[Statement, ...] = ()

    def statements_about(self, key: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.key == key)

    def figures_about(self, key: str) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures.values() if f.key == key)

    def figure(self, figure_id: str) -> Figure:
        try:
            return self.figures[figure_id]
        except KeyError:
            raise KeyError(f"no published figure {figure_id!r}") from None

    def value(self, figure_id: str) -> float:
        return self.figure(figure_id).value

    def group(self, group: str) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures.values() if f.group == group)

    def source_of(self, figure_id: str) -> Source:
        """The citable source of one figure, with its section as reference."""
        fig = self.figure(figure_id)
        base = self.sources[fig.source]
        reference = fig.section if not fig.section[0].isdigit() else f"Abschnitt {fig.section}"
        return Source(
            provenance=Provenance.PUBLISHED,
            title=base.title,
            stichtag=fig.stichtag,
            reference=reference,
            note=fig.note or base.note,
        )

    @property
    def total(self) -> int:
        return int(self.value(TOTAL_ID))

    def rbz_table(self) -> pd.DataFrame:
        """Per RBz key: name, count (Int64; only Münster and Düsseldorf published), share."""
        rows = [
            {
                "key": key,
                "name": name,
                "count": self._optional(f"rbz_{key}_count"),
                "share_percent": self.value(f"rbz_{key}_share"),
            }
            for key, name in RBZ_NAMES.items()
        ]
        frame = pd.DataFrame(rows).set_index("key")
        frame["count"] = frame["count"].astype("Int64")
        return frame

    def kreis_distribution(self) -> KreisDistribution:
        values = {name: int(self.value(fid)) for name, fid in KREIS_STAT_IDS.items()}
        return KreisDistribution(
            **values,
            min_key=str(self.figure("kreis_min").key),
            max_key=str(self.figure("kreis_max").key),
        )

    def legal_forms(self) -> pd.DataFrame:
        """Legal forms by segment in percent (report 1.2.6); index segment key."""
        frame = pd.DataFrame(
            [values for _, values in self.legal_form_rows],
            index=pd.Index([seg for seg, _ in self.legal_form_rows], name="segment"),
            columns=list(self.legal_form_columns),
        )
        return frame

    def example(self, example_id: str) -> PracticeExample:
        for example in self.examples:
            if example.id == example_id:
                return example
        raise KeyError(f"no practice example {example_id!r}")

    def _optional(self, figure_id: str) -> float | None:
        fig = self.figures.get(figure_id)
        return None if fig is None else fig.value


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise PublishedDataError(f"Datei fehlt: {path.name} (erwartet in data/ikz/).")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise PublishedDataError(f"{path.name}: Datei ist kein gültiges JSON ({err}).") from err
    except OSError as err:  # e.g. no read permission for the service user
        raise PublishedDataError(
            f"{path.name}: Datei ist nicht lesbar (Der Dienstbenutzer der App braucht "
            "Leserechte auf data/.)"
        ) from err


def _require(entry: Mapping[str, Any], fields: tuple[str, ...], where: str) -> None:
    missing = [f for f in fields if entry.get(f) in (None, "")]
    if missing:
        raise PublishedDataError(f"{where}: Pflichtfeld(er) fehlen: {', '.join(missing)}.")


def _check_key(raw: object, where: str) -> str:
    try:
        key = normalize_key(raw)
    except InvalidKeyError as err:
        raise PublishedDataError(f"{where}: {err}") from err
    if key != raw:
        raise PublishedDataError(f"{where}: Schlüssel „{raw}“ ist nicht kanonisch ({key}).")
    return key


def _figure(entry: Mapping[str, Any], where: str, sources: Mapping[str, Any]) -> Figure:
    _require(entry, _FIGURE_FIELDS, where)
    if entry["unit"] not in UNITS:
        raise PublishedDataError(f"{where}: unbekannte Einheit „{entry['unit']}“.")
    if entry.get("qualifier") not in QUALIFIERS:
        raise PublishedDataError(f"{where}: unbekannte Einschränkung „{entry['qualifier']}“.")
    if entry["source"] not in sources:
        raise PublishedDataError(f"{where}: unbekannte Quelle „{entry['source']}“.")
    if not isinstance(entry["value"], int | float) or isinstance(entry["value"], bool):
        raise PublishedDataError(f"{where}: Wert „{entry['value']}“ ist keine Zahl.")
    key = entry.get("key")
    if key is not None:
        _check_key(key, where)
    fields = {f: entry.get(f) for f in Figure.__dataclass_fields__}
    return Figure(**fields)


def _figures(doc: Mapping[str, Any], name: str) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for i, entry in enumerate(doc.get("figures", []), start=1):
        where = f"{name}, Eintrag {i} ({entry.get('id', 'ohne id')})"
        fig = _figure(entry, where, doc["sources"])
        if fig.id in figures:
            raise PublishedDataError(f"{where}: id „{fig.id}“ ist doppelt.")
        figures[fig.id] = fig
    return figures


def _sources(doc: Mapping[str, Any], name: str) -> dict[str, Source]:
    raw = doc.get("sources")
    if not raw:
        raise PublishedDataError(f"{name}: Abschnitt „sources“ fehlt.")
    return {
        key: Source(provenance=Provenance.PUBLISHED, title=src["short"], note=src["title"])
        for key, src in raw.items()
    }


def _legal_forms(
    doc: Mapping[str, Any], name: str
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[int, ...]], ...]]:
    table = doc.get("legal_forms_by_segment")
    if not table:
        raise PublishedDataError(f"{name}: Abschnitt „legal_forms_by_segment“ fehlt.")
    columns = tuple(table["columns"])
    rows = []
    for i, row in enumerate(table["rows"], start=1):
        values = tuple(row["values"])
        if len(values) != len(columns) or sum(values) != 100:
            raise PublishedDataError(
                f"{name}, Rechtsformen Zeile {i} ({row['segment']}): "
                f"{len(columns)} Werte mit Summe 100 erwartet."
            )
        rows.append((row["segment"], values))
    return columns, tuple(rows)


def _participants(entries: list[Mapping[str, Any]], where: str) -> tuple[Participant, ...]:
    return tuple(Participant(e["name"], _check_key(e["key"], where)) for e in entries)


def _example(entry: Mapping[str, Any], where: str, sources: frozenset[str]) -> PracticeExample:
    _require(entry, _EXAMPLE_FIELDS, where)
    if entry.get("source", "bericht") not in sources:
        raise PublishedDataError(f"{where}: unbekannte Quelle „{entry['source']}“.")
    if entry["status"] not in ("umgesetzt", "geplant"):
        raise PublishedDataError(f"{where}: Status „{entry['status']}“ ist ungültig.")
    if entry.get("rbz") is not None and entry["rbz"] not in RBZ_NAMES:
        raise PublishedDataError(f"{where}: Regierungsbezirk „{entry['rbz']}“ ist ungültig.")
    return PracticeExample(
        id=entry["id"],
        title=entry["title"],
        aufgabenfeld=entry["aufgabenfeld"],
        aufgabenfeld_assigned=bool(entry.get("aufgabenfeld_assigned", False)),
        rechtsform=entry.get("rechtsform"),
        status=entry["status"],
        section=entry["section"],
        rbz=entry.get("rbz"),
        verband=entry.get("verband"),
        year=entry.get("year"),
        year_note=entry.get("year_note"),
        kreise=_participants(entry.get("kreise", []), where),
        gemeinden=_participants(entry.get("gemeinden", []), where),
        others=tuple(entry.get("others", [])),
        area=_participants(entry.get("area", []), where),
        participants_complete=bool(entry.get("participants_complete", True)),
        summary=entry.get("summary", ""),
        quote=entry["quote"],
        note=entry.get("note"),
        source=entry.get("source", "bericht"),
        rbz_assigned=bool(entry.get("rbz_assigned", False)),
    )


def _examples(
    doc: Mapping[str, Any], name: str, sources: frozenset[str]
) -> tuple[PracticeExample, ...]:
    examples = tuple(
        _example(entry, f"{name}, Beispiel {i} ({entry.get('id', 'ohne id')})", sources)
        for i, entry in enumerate(doc.get("examples", []), start=1)
    )
    ids = [e.id for e in examples]
    if len(ids) != len(set(ids)):
        raise PublishedDataError(f"{name}: Beispiel-ids sind nicht eindeutig.")
    return examples


def _check_required(figures: Mapping[str, Figure], name: str) -> None:
    missing = [f for f in REQUIRED_FIGURES if f not in figures]
    if missing:
        raise PublishedDataError(f"{name}: Kennzahl(en) fehlen: {', '.join(missing)}.")
    for figure_id in (KREIS_STAT_IDS["minimum"], KREIS_STAT_IDS["maximum"]):
        if figures[figure_id].key is None:
            raise PublishedDataError(f"{name}: Kennzahl {figure_id} ohne Schlüssel des Kreises.")


def _structured(name: str, parse: Callable[[], T]) -> T:
    """Run ``parse``; a document of the wrong shape (a list where an object belongs, a
    missing member) becomes a German error naming the file instead of a crash."""
    try:
        return parse()
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as err:
        # Broad because the hand-written walker also reads the shape; a bug of the walker
        # raises the same types, so the traceback is logged (the schema check replaces it).
        logger.warning("%s: structure not as expected", name, exc_info=True)
        detail = f"{type(err).__name__}: {err}"
        raise PublishedDataError(f"{name}: Aufbau der Datei ist ungültig ({detail}).") from err


def _statements(doc: Mapping[str, Any], name: str) -> tuple[Statement, ...]:
    out = []
    for i, entry in enumerate(doc.get("statements", []), start=1):
        where = f"{name}, Aussage {i}"
        _require(entry, ("key", "text", "section", "quote"), where)
        out.append(
            Statement(
                _check_key(entry["key"], where), entry["text"], entry["section"], entry["quote"]
            )
        )
    return tuple(out)


def _parse_figures(doc: Any) -> tuple:
    columns, rows = _legal_forms(doc, FIGURES_FILE)
    figures = _figures(doc, FIGURES_FILE)
    _check_required(figures, FIGURES_FILE)
    sources = _sources(doc, FIGURES_FILE)
    statements = _statements(doc, FIGURES_FILE)
    return figures, sources, dict(doc.get("segments", {})), columns, rows, statements


def load_published_from(directory: Path) -> Published:
    """Read and validate the published figures in ``directory`` (uncached)."""
    doc = _read_json(directory / FIGURES_FILE)
    examples_doc = _read_json(directory / EXAMPLES_FILE)
    figures, sources, segments, columns, rows, statements = _structured(
        FIGURES_FILE, lambda: _parse_figures(doc)
    )
    known = frozenset(sources)
    examples = _structured(EXAMPLES_FILE, lambda: _examples(examples_doc, EXAMPLES_FILE, known))
    return Published(
        figures=MappingProxyType(figures),
        sources=MappingProxyType(sources),
        segments=MappingProxyType(segments),
        legal_form_columns=columns,
        legal_form_rows=rows,
        examples=examples,
        statements=statements,
    )


@lru_cache(maxsize=1)
def load_published() -> Published:
    """The published figures shipped with ikzmap (cached)."""
    return load_published_from(IKZ_DATA_DIR)


def published_source() -> Source:
    """The report as a citable source (for datasets built from the published figures)."""
    return load_published().sources["bericht"]
