"""Compare two to four units side by side (pure): the detail panel's figures as one table.

Every figure comes from ``ikzmap.details`` (so it equals the detail panel's) and carries
its provenance. Units of different levels can be compared (a Gemeinde with its Kreis, a
Kreis with its Regierungsbezirk): ranks and quartiles are always among the unit's own level.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import pandas as pd

from geo import KREISFREI, is_canonical, level_of
from ikzmap import details, fmt
from ikzmap.atlas import AtlasData
from ikzmap.budget import STATUS_CODES, budget_source
from ikzmap.csv_safe import safe_csv_bytes
from ikzmap.export.credits import geometry_line, german_date, source_line
from ikzmap.indicators import REPORT_SOURCE
from ikzmap.population import population_source
from ikzmap.provenance import Provenance, Source
from ikzmap.published import Published
from ikzmap.status import Status
from ikzmap.survey import NOT_SURVEYED
from ikzmap.viewstate import shown

MAX_UNITS: Final = 4
URL_PARAM: Final = "vergleich"
_MAX_PARTS: Final = 16  # a crafted link may list thousands: the rest is one ignored part
NOT_APPLICABLE: Final = "–"
OWN_STATUS: Final = "eigener Status"
NO_EXAMPLES: Final = "keine im Bericht genannt"
TOO_MANY: Final = (
    "Ein Vergleich umfasst höchstens vier Einheiten. Entfernen Sie zuerst eine Einheit aus "
    "dem Vergleich, um {names} hinzuzufügen; der Vergleich bleibt unverändert."
)


@dataclass(frozen=True)
class Cell:
    """One unit's figure: German text and where it comes from ("" for no figure)."""

    text: str
    origin: str = ""


@dataclass(frozen=True)
class Row:
    label: str  # German, the row's header
    cells: tuple[Cell, ...]  # one per unit, in the comparison's order


@dataclass(frozen=True)
class Unit:
    key: str
    label: str
    type: str  # "Kreis", "kreisfreie Stadt", "Gemeinde", ...
    context: str  # the units it lies in: "Kreis Recklinghausen, Regierungsbezirk Münster"


@dataclass(frozen=True)
class Comparison:
    units: tuple[Unit, ...]
    rows: tuple[Row, ...]
    sources: tuple[str, ...]  # every source the figures cite, the geometry's last


# --- the list of compared keys (session and URL) ---------------------------------------


def add(
    keys: tuple[str, ...], *new: str, labels: dict[str, str] | None = None
) -> tuple[tuple[str, ...], str | None]:
    """``keys`` with the ``new`` ones appended (each once), or unchanged with a German
    message when that would make more than ``MAX_UNITS``: nothing is lost."""
    missing = [k for k in dict.fromkeys(new) if k not in keys]
    if len(keys) + len(missing) <= MAX_UNITS:
        return (*keys, *missing), None
    names = " und ".join(f"„{(labels or {}).get(k, k)}“" for k in missing)
    return keys, TOO_MANY.format(names=names)


def remove(keys: tuple[str, ...], key: str) -> tuple[str, ...]:
    return tuple(k for k in keys if k != key)


def to_param(keys: Iterable[str]) -> str:
    """The URL value: keys joined by commas ("05562,05562012,055")."""
    return ",".join(keys)


def from_param(raw: object, units: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """The compared keys a link names, and German notes: a part that is no canonical key
    of a unit (``geo.is_canonical``) is dropped, duplicates count once, and beyond
    ``MAX_UNITS`` the first ones are kept."""
    if raw is None or raw == "":
        return (), []
    if not isinstance(raw, str):
        return (), [f"Link-Parameter „{URL_PARAM}“ ist ungültig und wurde ignoriert."]
    keys: list[str] = []
    bad: list[str] = []
    for part in raw.split(",", _MAX_PARTS - 1):
        if is_canonical(part) and part in units:
            if part not in keys:
                keys.append(part)
        elif part:
            bad.append(part)
    notes = []
    if bad:
        named = ", ".join(f"„{shown(b, 20)}“" for b in bad[:3])
        more = f" und {len(bad) - 3} weitere" if len(bad) > 3 else ""
        notes.append(
            f"Link-Parameter „{URL_PARAM}“: ignoriert, weil keine Einheit in "
            f"Nordrhein-Westfalen: {named}{more}."
        )
    if len(keys) > MAX_UNITS:
        notes.append(
            f"Link-Parameter „{URL_PARAM}“ nennt {len(keys)} Einheiten; verglichen werden "
            f"höchstens {MAX_UNITS}, die ersten {MAX_UNITS}."
        )
    return tuple(keys[:MAX_UNITS]), notes


def parent_of(atlas: AtlasData, key: str) -> str | None:
    """The unit above to compare with: a Gemeinde's Kreis, a Kreis's Regierungsbezirk;
    for a Gemeinde that is a kreisfreie Stadt its Regierungsbezirk (the Kreis-level unit
    is the same city); None for a Regierungsbezirk."""
    units = atlas.hierarchy.units
    level = level_of(key)
    if level == "rbz":
        return None
    kreis = str(units.at[key, "kreis"])
    if level == "gemeinde" and units.at[kreis, "status"] != KREISFREI:
        return kreis
    return str(units.at[key, "rbz"])


# --- the table -------------------------------------------------------------------------


def compare(atlas: AtlasData, published: Published, keys: Iterable[str]) -> Comparison:
    """The comparison of ``keys`` (units of any level) on ``atlas``'s data."""
    keys = tuple(keys)
    units = tuple(_unit(atlas, k) for k in keys)
    ikz = [_ikz_cells(atlas, published, k) for k in keys]
    rows = [Row(label, tuple(cells[label] for cells in ikz)) for label in _IKZ_ROWS]
    rows.append(Row("Einwohner", tuple(_population(atlas, k) for k in keys)))
    rows.extend(_budget_rows(atlas, keys))
    rows.append(
        Row("Praxisbeispiele des Berichts", tuple(_examples(atlas, published, k) for k in keys))
    )
    return Comparison(units, tuple(rows), _sources(atlas, published))


def _unit(atlas: AtlasData, key: str) -> Unit:
    h = atlas.hierarchy
    unit = h.units.loc[key]
    parents = []
    if unit["level"] == "gemeinde":
        parents.append(h.label(unit["kreis"]))
    if unit["level"] != "rbz":
        parents.append(h.label(unit["rbz"]))
    context = ", ".join(parents) if parents else "Nordrhein-Westfalen"
    return Unit(key, str(unit["label"]), str(unit["type"]), context)


def _ikz_source(atlas: AtlasData, published: Published, provenance: Provenance) -> Source:
    """The source of an IKZ figure of this provenance: the dataset's, or the report's for
    a total it publishes among modelled ones (as ``ikzmap.indicators`` cites them)."""
    own = atlas.ikz.source
    if own.provenance != provenance and provenance == Provenance.PUBLISHED:
        return published.sources[REPORT_SOURCE]
    return own


def _ikz_cells(atlas: AtlasData, published: Published, key: str) -> dict[str, Cell]:
    facts = details.ikz_facts(atlas, key)
    unit = atlas.units[level_of(key)].loc[key]
    value = Cell(facts.display)
    if atlas.ikz_table(level_of(key)) is None:
        value = Cell(facts.display, f"keine IKZ-Zahlen je {_SINGULAR[level_of(key)]} in den Daten")
    if facts.provenance:
        source = _ikz_source(atlas, published, facts.provenance)
        value = Cell(facts.display, f"{facts.provenance.label}; {source.citation()}")
    if not unit["surveyed"]:  # kreisfreie Städte: never a rank, a range or zero
        gone = Cell(NOT_SURVEYED, str(unit["erhebung_grund"]))
        if not facts.provenance:
            value = gone
        return dict(zip(_IKZ_ROWS, (value, gone, gone, gone, gone), strict=True))
    span = details.range_text(facts)
    lo_hi = (
        Cell(f"{fmt.format_int(facts.range_lo)}–{fmt.format_int(facts.range_hi)}", span)
        if span
        else Cell(NOT_APPLICABLE)
    )
    rank, quartile = Cell(NOT_APPLICABLE), Cell(NOT_APPLICABLE)
    if facts.rank is not None:
        ranked = details.RANKED_UNITS[level_of(key)]
        rank = Cell(f"{facts.rank} von {facts.of} {ranked}", facts.rank_origin or "")
        quartile = Cell(str(facts.quartile), facts.rank_origin or "")
    share = Cell(NOT_APPLICABLE)
    if facts.share_of_parent is not None:
        share = Cell(
            f"{fmt.format_share(facts.share_of_parent)} von {facts.parent_label}",
            facts.share_origin or "",
        )
    return dict(zip(_IKZ_ROWS, (value, lo_hi, rank, quartile, share), strict=True))


_SINGULAR: Final = {"rbz": "Regierungsbezirk", "kreis": "Kreis", "gemeinde": "Gemeinde"}
_IKZ_ROWS: Final = (
    "IKZ-Aktivitäten",
    "Bereich (mit den veröffentlichten Zahlen vereinbar)",
    "Rang",
    "Viertel",
    "Anteil an der übergeordneten Einheit",
)


def _population(atlas: AtlasData, key: str) -> Cell:
    """The detail panel's Einwohner (``details.population_text``), figure and origin apart."""
    facts = details.population_facts(atlas, key)
    if facts.gesamt is None and facts.einwohner is None:
        return Cell(Status.NO_DATA.label)
    shown = facts.gesamt if facts.gesamt is not None else facts.einwohner
    text = fmt.format_int(shown)
    if facts.einwohner is not None and facts.gesamt is not None and facts.einwohner != facts.gesamt:
        text += f"; {details.SURVEYED_PART} {fmt.format_int(facts.einwohner)}"
    return Cell(text, details.population_origin(facts))


def _budget_rows(atlas: AtlasData, keys: tuple[str, ...]) -> list[Row]:
    """One row per budget status: a Kreis's or Bezirk's number of Gemeinden with that
    status (``details.budget_counts``, as in the detail panel); a Gemeinde's own status,
    and so a kreisfreie Stadt's (one Gemeinde: its own status, not a count of one)."""
    source = budget_source()  # cited in full among the sources; short in each cell
    origin = f"{source.provenance}, MHKBD, Stichtag {german_date(str(source.stichtag))}"
    own: dict[str, int] = {}
    counts = {}
    for key in keys:
        members = atlas.hierarchy.gemeinden_in(key).index
        if len(members) == 1:
            own[key] = int(atlas.budget_status.at[members[0], "status_code"])
        else:
            counts[key] = details.budget_counts(atlas, key).set_index("code")["Anzahl"]
    rows = []
    for status in STATUS_CODES:
        cells = []
        for key in keys:
            if key in own:
                mine = own[key] == status.code
                cells.append(Cell(OWN_STATUS, origin) if mine else Cell(NOT_APPLICABLE))
            else:
                cells.append(Cell(fmt.format_int(int(counts[key][status.code])), origin))
        label = f"Haushaltsstatus {status.code} {status.short} (Zahl der Gemeinden)"
        rows.append(Row(label, tuple(cells)))
    return rows


def _examples(atlas: AtlasData, published: Published, key: str) -> Cell:
    found = details.examples_for(published, atlas, key)
    if not found:
        return Cell(NO_EXAMPLES, "veröffentlicht; gpaNRW-Bericht, Abschnitte 1.3.3 und 1.4")
    titles = "; ".join(f"{e.title} ({e.section})" for e in found)
    sections = ", ".join(sorted({e.section for e in found}))
    return Cell(
        f"{len(found)}: {titles}",
        f"veröffentlicht; gpaNRW-Bericht, Abschnitt {sections} (ausgewählte Beispiele, "
        "nicht vollständig erhoben)",
    )


def _sources(atlas: AtlasData, published: Published) -> tuple[str, ...]:
    lines = [source_line(atlas.ikz.source)]
    if atlas.ikz.source.provenance != Provenance.PUBLISHED:
        lines.append(source_line(published.sources[REPORT_SOURCE]))
    lines.append(source_line(budget_source()))
    lines.append(source_line(population_source()))
    return (*dict.fromkeys(lines), geometry_line())


# --- CSV -------------------------------------------------------------------------------


def column_name(unit: Unit) -> str:
    return f"{unit.label} ({unit.key})"


def table(comparison: Comparison) -> pd.DataFrame:
    """The comparison as a frame: a row per figure ("Merkmal"), per unit a column with the
    value and one with its provenance ("Herkunft: …"); the units' type and context, then
    the sources, as rows of their own."""
    columns = ["Merkmal"]
    if not comparison.units:
        return pd.DataFrame(columns=columns)
    for unit in comparison.units:
        columns += [column_name(unit), f"Herkunft: {column_name(unit)}"]
    geometry = geometry_line()
    records = [
        ["Art", *[v for u in comparison.units for v in (u.type, geometry)]],
        ["Liegt in", *[v for u in comparison.units for v in (u.context, geometry)]],
    ]
    for row in comparison.rows:
        records.append([row.label, *[v for c in row.cells for v in (c.text, c.origin)]])
    blank = [""] * (len(columns) - 2)
    records.extend(["Quelle", line, *blank] for line in comparison.sources)
    return pd.DataFrame(records, columns=columns)


def csv_bytes(comparison: Comparison) -> bytes:
    """CSV for German Excel (";", UTF-8 with BOM), guarded against formula injection."""
    return safe_csv_bytes(table(comparison))
