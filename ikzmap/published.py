"""The figures the gpaNRW IKZ report (September 2025) publishes, as structured data.

Source files: ``data/ikz/published.json`` (figures with section, source and verbatim
quote; legal forms by segment) and ``data/ikz/practice_examples.json`` (practice examples
of sections 1.3.3 and 1.4 with the participants' keys). See ``data/ikz/README.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import pandas as pd
import pandera.pandas as pa

from geo import InvalidKeyError, normalize_key, rbz_names
from ikzmap.errors import DataFileError
from ikzmap.provenance import Provenance, Source

IKZ_DATA_DIR: Final = Path(__file__).resolve().parent.parent / "data" / "ikz"
FIGURES_FILE: Final = "published.json"
EXAMPLES_FILE: Final = "practice_examples.json"
UNITS: Final = frozenset({"Anzahl", "Prozent", "Rang", "Jahr", "Euro"})
QUALIFIERS: Final = frozenset({None, "rund", "mehr als", "weniger als"})
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
            for key, name in rbz_names().items()
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


# --- checks: the JSON's shape by hand, its tables (figures, examples, ...) with pandera ---

_SHAPE: Final = "Aufbau der Datei ist ungültig"
# Kinds of checks, in the order a row's first problem is reported.
_KINDS: Final = (
    "required",
    "text",
    "unit",
    "qualifier",
    "source",
    "number",
    "key",
    "status",
    "rbz",
    "year",
    "texts",
    "unique",
)
_OPTIONAL_FIGURE_TEXT: Final = ("segment", "stichtag", "note", "display")
_OPTIONAL_EXAMPLE_TEXT: Final = ("rechtsform", "verband", "year_note", "summary", "note")
_PARTICIPANT_FIELDS: Final = ("kreise", "gemeinden", "area")
_STATEMENT_FIELDS: Final = ("key", "text", "section", "quote")
EXAMPLE_STATUSES: Final = ("umgesetzt", "geplant")


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise PublishedDataError(f"{where}: {_SHAPE} (ein Objekt erwartet).")
    return value


def _list(value: object, where: str) -> list:
    if not isinstance(value, list):
        raise PublishedDataError(f"{where}: {_SHAPE} (eine Liste erwartet).")
    return value


def _objects(value: object, where: str, label: str) -> list[Mapping[str, Any]]:
    """A list of objects; the first item that is none is named."""
    items = _list(value, where)
    for i, item in enumerate(items, start=1):
        _object(item, f"{where}, {label} {i}")
    return items


def _key_problem(raw: object) -> str | None:
    """Why ``raw`` is no canonical NRW key (German), None if it is one."""
    try:
        key = normalize_key(raw)
    except InvalidKeyError as err:
        return str(err)
    return None if key == raw else f"Schlüssel „{raw}“ ist nicht kanonisch ({key})."


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and value == "")


def _is_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _one_of(allowed: Iterable[object]) -> Callable[[object], bool]:
    allowed = frozenset(allowed)
    return lambda value: (value is None or isinstance(value, str)) and value in allowed


def _first_unique(column: pd.Series) -> pd.Series:
    """False for a text that an earlier row already has (other values are checked elsewhere)."""
    texts = column.map(lambda v: v if isinstance(v, str) else None)
    return ~texts.duplicated(keep="first") | texts.isna()


def _element_check(kind: str, check: Callable[[object], bool]) -> pa.Check:
    """A check of every JSON value of a column (vectorised by ``map``: faster than
    pandera's element-wise checks)."""
    return pa.Check(lambda s: s.map(check).astype(bool), ignore_na=False, name=kind)


def _checks(*checks: tuple[str, Callable[[object], bool]]) -> pa.Column:
    return pa.Column(nullable=True, checks=[_element_check(kind, c) for kind, c in checks])


def _required_text() -> pa.Column:
    return _checks(("required", _present), ("text", _is_text))


def _frame(entries: list[Mapping[str, Any]], fields: Iterable[str]) -> pd.DataFrame:
    """The entries as a table of the untouched JSON values (missing members: None)."""
    fields = list(fields)
    return pd.DataFrame({f: [e.get(f) for e in entries] for f in fields}, dtype=object)


def _first_problems(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> tuple[int, list] | None:
    """The first row that fails ``schema`` and its failures as (kind, column), in report
    order; None if every row passes."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        row = int(cases["index"].min())
        here = cases[cases["index"] == row]
        columns = list(frame.columns)
        found = sorted(
            (_KINDS.index(str(kind)), columns.index(column), str(kind), column)
            for kind, column in zip(here["check"], here["column"], strict=True)
        )
        return row, [(kind, column) for _, _, kind, column in found]
    return None


def _raise_first(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    where: Callable[[int], str],
    message: Callable[[str, str, object], str],
) -> None:
    """Raise the German error of the first bad row: its missing fields, or its first problem."""
    first = _first_problems(frame, schema)
    if first is None:
        return
    row, problems = first
    kind, column = problems[0]
    if kind == "required":
        missing = [c for k, c in problems if k == "required"]
        text = f"Pflichtfeld(er) fehlen: {', '.join(missing)}."
    else:
        text = message(kind, column, frame.at[row, column])
    raise PublishedDataError(f"{where(row)}: {text}")


def _common_message(kind: str, column: str, value: object) -> str:
    return {
        "text": f"Feld „{column}“ ist kein Text.",
        "unit": f"unbekannte Einheit „{value}“.",
        "qualifier": f"unbekannte Einschränkung „{value}“.",
        "source": f"unbekannte Quelle „{value}“.",
        "number": f"Wert „{value}“ ist keine Zahl.",
        "key": str(_key_problem(value)),
        "status": f"Status „{value}“ ist ungültig.",
        "rbz": f"Regierungsbezirk „{value}“ ist ungültig.",
        "year": f"Jahr „{value}“ ist keine ganze Zahl.",
        "texts": f"Feld „{column}“ ist keine Liste von Texten.",
        "unique": f"id „{value}“ ist doppelt.",
    }[kind]


def _id_column() -> pa.Column:
    """An entry's id: present, a text, not used by an earlier entry."""
    return pa.Column(
        nullable=True,
        checks=[
            _element_check("required", _present),
            _element_check("text", _is_text),
            pa.Check(_first_unique, ignore_na=False, name="unique"),
        ],
    )


def _figure_schema(sources: Iterable[str]) -> pa.DataFrameSchema:
    columns = {f: _required_text() for f in _FIGURE_FIELDS}
    columns["id"] = _id_column()
    columns["value"] = _checks(("required", _present), ("number", _is_number))
    columns["unit"] = _checks(("required", _present), ("unit", _one_of(UNITS)))
    columns["source"] = _checks(("required", _present), ("source", _one_of(sources)))
    columns["qualifier"] = _checks(("qualifier", _one_of(QUALIFIERS)))
    columns["key"] = _checks(("key", lambda v: v is None or _key_problem(v) is None))
    columns.update({f: _checks(("text", _is_text)) for f in _OPTIONAL_FIGURE_TEXT})
    return pa.DataFrameSchema(columns)


def _figures(doc: Mapping[str, Any], name: str, sources: Iterable[str]) -> dict[str, Figure]:
    entries = _objects(doc.get("figures", []), f"{name}, figures", "Eintrag")
    frame = _frame(entries, Figure.__dataclass_fields__)

    def where(row: int) -> str:
        return f"{name}, Eintrag {row + 1} ({entries[row].get('id', 'ohne id')})"

    _raise_first(frame, _figure_schema(sources), where, _common_message)
    figures = [Figure(**row) for row in frame.to_dict("records")]
    return {fig.id: fig for fig in figures}


def _sources(doc: Mapping[str, Any], name: str) -> dict[str, Source]:
    raw = doc.get("sources")
    if not raw:
        raise PublishedDataError(f"{name}: Abschnitt „sources“ fehlt.")
    out = {}
    for key, src in _object(raw, f"{name}, sources").items():
        src = _object(src, f"{name}, Quelle {key}")
        if not (isinstance(src.get("short"), str) and isinstance(src.get("title"), str)):
            raise PublishedDataError(f"{name}, Quelle {key}: Pflichtfeld(er) fehlen: short, title.")
        out[key] = Source(provenance=Provenance.PUBLISHED, title=src["short"], note=src["title"])
    return out


def _legal_forms(
    doc: Mapping[str, Any], name: str
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[int, ...]], ...]]:
    table = doc.get("legal_forms_by_segment")
    if not table:
        raise PublishedDataError(f"{name}: Abschnitt „legal_forms_by_segment“ fehlt.")
    where = f"{name}, legal_forms_by_segment"
    table = _object(table, where)
    columns = tuple(_list(table.get("columns"), f"{where}, columns"))
    if not all(isinstance(c, str) for c in columns):
        raise PublishedDataError(f"{where}, columns: {_SHAPE} (Texte erwartet).")
    rows = []
    for i, row in enumerate(_objects(table.get("rows"), f"{where}, rows", "Zeile"), start=1):
        values = tuple(_list(row.get("values"), f"{name}, Rechtsformen Zeile {i}"))
        if (
            not all(_is_number(v) for v in values)
            or len(values) != len(columns)
            or sum(values) != 100
        ):
            raise PublishedDataError(
                f"{name}, Rechtsformen Zeile {i} ({row.get('segment')}): "
                f"{len(columns)} Werte mit Summe 100 erwartet."
            )
        rows.append((str(row.get("segment")), values))
    return columns, tuple(rows)


def _segments(doc: Mapping[str, Any], name: str) -> dict[str, str]:
    segments = _object(doc.get("segments", {}), f"{name}, segments")
    if not all(isinstance(v, str) for v in segments.values()):
        raise PublishedDataError(f"{name}, segments: {_SHAPE} (Texte erwartet).")
    return dict(segments)


def _statements(doc: Mapping[str, Any], name: str) -> tuple[Statement, ...]:
    entries = _objects(doc.get("statements", []), f"{name}, statements", "Aussage")
    frame = _frame(entries, _STATEMENT_FIELDS)
    schema = pa.DataFrameSchema({f: _required_text() for f in _STATEMENT_FIELDS})
    schema.columns["key"] = _checks(
        ("required", _present), ("key", lambda v: _key_problem(v) is None)
    )
    _raise_first(frame, schema, lambda row: f"{name}, Aussage {row + 1}", _common_message)
    return tuple(Statement(**row) for row in frame.to_dict("records"))


def _example_schema(sources: Iterable[str]) -> pa.DataFrameSchema:
    columns = {f: _required_text() for f in _EXAMPLE_FIELDS}
    columns["id"] = _id_column()
    columns["source"] = _checks(("source", _one_of(sources)))
    columns["status"] = _checks(("required", _present), ("status", _one_of(EXAMPLE_STATUSES)))
    columns["rbz"] = _checks(("rbz", lambda v: v is None or _one_of(rbz_names())(v)))
    columns["year"] = _checks(
        ("year", lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)))
    )
    columns["others"] = _checks(
        ("texts", lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v))
    )
    columns.update({f: _checks(("text", _is_text)) for f in _OPTIONAL_EXAMPLE_TEXT})
    return pa.DataFrameSchema(columns)


_PARTICIPANT_SCHEMA: Final = pa.DataFrameSchema(
    {
        "name": _required_text(),
        "key": _checks(("required", _present), ("key", lambda v: _key_problem(v) is None)),
    }
)


def _participants(
    entries: list[Mapping[str, Any]], where: Callable[[int], str]
) -> list[dict[str, tuple[Participant, ...]]]:
    """The participants of every example per field, checked as one table."""
    records = []
    for i, entry in enumerate(entries):
        for field in _PARTICIPANT_FIELDS:
            people = _objects(entry.get(field, []), f"{where(i)}, {field}", "Teilnehmer")
            records.extend({"example": i, "field": field, **p} for p in people)
    frame = _frame(records, ("example", "field", "name", "key"))
    _raise_first(
        frame, _PARTICIPANT_SCHEMA, lambda row: where(frame.at[row, "example"]), _common_message
    )
    out: list[dict[str, list[Participant]]] = [
        {f: [] for f in _PARTICIPANT_FIELDS} for _ in entries
    ]
    for row in frame.itertuples(index=False):
        out[row.example][row.field].append(Participant(row.name, row.key))
    return [{f: tuple(people) for f, people in by_field.items()} for by_field in out]


_EXAMPLE_DEFAULTS: Final = {"source": "bericht", "summary": "", "others": []}


def _examples(
    doc: Mapping[str, Any], name: str, sources: frozenset[str]
) -> tuple[PracticeExample, ...]:
    entries = _objects(doc.get("examples", []), f"{name}, examples", "Beispiel")
    entries = [{**_EXAMPLE_DEFAULTS, **entry} for entry in entries]
    fields = dict.fromkeys(
        (*_EXAMPLE_FIELDS, *_OPTIONAL_EXAMPLE_TEXT, "source", "rbz", "year", "others")
    )
    frame = _frame(entries, fields)

    def where(row: int) -> str:
        return f"{name}, Beispiel {row + 1} ({entries[row].get('id', 'ohne id')})"

    def message(kind: str, column: str, value: object) -> str:
        if kind == "unique":
            return "Beispiel-ids sind nicht eindeutig."
        return _common_message(kind, column, value)

    _raise_first(frame, _example_schema(sources), where, message)
    people = _participants(entries, where)
    return tuple(_example(entry, p) for entry, p in zip(entries, people, strict=True))


def _example(
    entry: Mapping[str, Any], people: dict[str, tuple[Participant, ...]]
) -> PracticeExample:
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
        kreise=people["kreise"],
        gemeinden=people["gemeinden"],
        others=tuple(entry["others"]),
        area=people["area"],
        participants_complete=bool(entry.get("participants_complete", True)),
        summary=entry["summary"],
        quote=entry["quote"],
        note=entry.get("note"),
        source=entry["source"],
        rbz_assigned=bool(entry.get("rbz_assigned", False)),
    )


def required_figures() -> tuple[str, ...]:
    """Figures the model and the consistency check read; without them the app cannot start."""
    return (
        TOTAL_ID,
        *KREIS_STAT_IDS.values(),
        *(f"rbz_{key}_share" for key in rbz_names()),
        "rbz_055_count",
        "rbz_051_count",
    )


def _check_required(figures: Mapping[str, Figure], name: str) -> None:
    missing = [f for f in required_figures() if f not in figures]
    if missing:
        raise PublishedDataError(f"{name}: Kennzahl(en) fehlen: {', '.join(missing)}.")
    for figure_id in (KREIS_STAT_IDS["minimum"], KREIS_STAT_IDS["maximum"]):
        if figures[figure_id].key is None:
            raise PublishedDataError(f"{name}: Kennzahl {figure_id} ohne Schlüssel des Kreises.")


def load_published_from(directory: Path) -> Published:
    """Read and validate the published figures in ``directory`` (uncached)."""
    doc = _object(_read_json(directory / FIGURES_FILE), FIGURES_FILE)
    examples_doc = _object(_read_json(directory / EXAMPLES_FILE), EXAMPLES_FILE)
    columns, rows = _legal_forms(doc, FIGURES_FILE)
    sources = _sources(doc, FIGURES_FILE)
    figures = _figures(doc, FIGURES_FILE, sources)
    _check_required(figures, FIGURES_FILE)
    statements = _statements(doc, FIGURES_FILE)
    examples = _examples(examples_doc, EXAMPLES_FILE, frozenset(sources))
    return Published(
        figures=MappingProxyType(figures),
        sources=MappingProxyType(sources),
        segments=MappingProxyType(_segments(doc, FIGURES_FILE)),
        legal_form_columns=columns,
        legal_form_rows=rows,
        examples=examples,
        statements=statements,
    )


@lru_cache(maxsize=1)
def load_published() -> Published:
    """The published figures shipped with ikzmap (cached)."""
    return load_published_from(IKZ_DATA_DIR)
