"""Filter an uploaded activity list (one row per IKZ activity) by Aufgabenfeld, Rechtsform
and Status before it is counted: the one place the filtered counts come from.

The rows keep the file's text; :mod:`ikzmap.activity_categories` assigns each value to
one of the report's categories (or keeps it as its own). A filter holds category slugs
per dimension; an empty dimension means "all", an empty status means "umgesetzt" (what the
survey counts). The filtered counts become an :class:`IkzDataset` like the unfiltered
one ("hochgeladen", with the filter in its source line), so aggregation, classes, legend,
table, detail panel, exports and the consistency check follow it. Pure: no Streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Final

import pandas as pd

from geo import Hierarchy
from ikzmap.activity_categories import (
    DIMENSION_LABELS,
    DIMENSIONS,
    FIELD,
    FORM,
    NO_ENTRY,
    REPORT_CATEGORIES,
    STATUS,
    Category,
    categorize,
    order,
    slug,
)
from ikzmap.activity_partners import PartnerResolver, at_level
from ikzmap.dataset import IkzDataset
from ikzmap.fmt import format_int
from ikzmap.provenance import Provenance
from ikzmap.upload.cells import IMPLEMENTED, cell_text, is_blank
from ikzmap.viewstate import shown

# Columns of the upload's activity table read here (ikzmap.upload.counts).
SOURCE_COLUMNS: Final = {FIELD: "Aufgabenfeld", FORM: "Rechtsform", STATUS: "Status (Angabe)"}
PARTNER_COLUMN: Final = "Partner"
DEFAULT_STATUS: Final = (slug(IMPLEMENTED),)
_MAX_LINK_VALUES: Final = 50  # values per link parameter looked at (bounds a crafted link)
_COUNTED_NOTE: Final = "Gezählt sind nur umgesetzte IKZ-Aktivitäten."


@dataclass(frozen=True)
class ActivityFilter:
    """Chosen category slugs per dimension; () = all (status: umgesetzt)."""

    aufgabenfeld: tuple[str, ...] = ()
    rechtsform: tuple[str, ...] = ()
    status: tuple[str, ...] = ()

    def values(self, dimension: str) -> tuple[str, ...]:
        return getattr(self, dimension)

    def statuses(self) -> tuple[str, ...]:
        return self.status or DEFAULT_STATUS

    @property
    def active(self) -> bool:
        """Whether it counts other rows than the unfiltered upload (umgesetzt, all)."""
        return bool(self.aufgabenfeld or self.rechtsform) or set(self.statuses()) != set(
            DEFAULT_STATUS
        )

    def normalized(self) -> ActivityFilter:
        """Values sorted and unique; "only umgesetzt" written as the default ()."""
        values = {d: tuple(sorted(set(self.values(d)))) for d in DIMENSIONS}
        if values[STATUS] == DEFAULT_STATUS:
            values[STATUS] = ()
        return ActivityFilter(**values)

    def key(self) -> str:
        """A short text that tells filters apart (cache keys, fingerprints)."""
        flt = self.normalized()
        return "|".join(f"{d}={','.join(flt.values(d))}" for d in DIMENSIONS)

    def to_query(self) -> dict[str, str]:
        """Link parameters: ``aufgabenfeld=it-e-government,archiv&status=geplant``."""
        flt = self.normalized()
        return {d: ",".join(flt.values(d)) for d in DIMENSIONS if flt.values(d)}


@dataclass(frozen=True)
class UnitActivities:
    """One unit's activities that pass the filter, for the detail panel."""

    total: int
    by_field: tuple[tuple[str, int], ...]  # (category label, count), report order
    by_form: tuple[tuple[str, int], ...]
    partners: tuple[str, ...] | None  # partner keys; None: the file names no partners
    unresolved: tuple[str, ...] = ()  # partner names without a unit


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].map(cell_text)


def _statuses(frame: pd.DataFrame) -> pd.Series:
    """The original status text; a saved table from before it was kept: the category."""
    if SOURCE_COLUMNS[STATUS] in frame.columns:
        return _text(frame, SOURCE_COLUMNS[STATUS]).where(
            lambda s: s.str.strip() != "", _text(frame, "Status")
        )
    return _text(frame, "Status")


@dataclass(frozen=True, eq=False)
class ActivityTable:
    """The activity rows with their categories and partners, built once per upload.

    ``rows``: index 0..n-1, columns key, per dimension the file's text (``<dim>_text``)
    and the category slug (``<dim>``), ``partners`` (tuple of keys) and
    ``unresolved`` (tuple of partner names without a unit).
    """

    rows: pd.DataFrame
    labels: Mapping[str, Mapping[str, str]]  # dimension -> slug -> label (first spelling)
    sections: Mapping[str, Mapping[str, str | None]]  # dimension -> slug -> report section
    present: Mapping[str, bool]  # dimension -> the file has values for it
    has_partners: bool

    @classmethod
    def build(cls, activities: pd.DataFrame, hierarchy: Hierarchy) -> ActivityTable:
        """From ``UploadResult.activities`` (also as restored from a saved version)."""
        frame = activities.reset_index(drop=True)
        rows = pd.DataFrame({"key": frame["key"].map(str)}, index=frame.index)
        labels: dict[str, dict[str, str]] = {}
        sections: dict[str, dict[str, str | None]] = {}
        present: dict[str, bool] = {}
        for dim in DIMENSIONS:
            texts = _statuses(frame) if dim == STATUS else _text(frame, SOURCE_COLUMNS[dim])
            cats = texts.map(lambda t, d=dim: categorize(d, t))
            rows[f"{dim}_text"] = texts
            rows[dim] = cats.map(lambda c: c.slug)
            labels[dim], sections[dim] = {}, {}
            for category in cats:
                labels[dim].setdefault(category.slug, category.label)
                sections[dim].setdefault(category.slug, category.section)
            own = _text(frame, SOURCE_COLUMNS[dim])  # without a status column: none
            present[dim] = bool((own.str.strip() != "").any())
        if SOURCE_COLUMNS[STATUS] not in frame.columns:  # saved before the text was kept
            present[STATUS] = "Status" in frame.columns
        has_partners = PARTNER_COLUMN in frame.columns and bool(
            (~frame[PARTNER_COLUMN].map(is_blank)).any()
        )
        resolver = PartnerResolver(hierarchy)
        found = [
            resolver.resolve(cell)
            for cell in (frame[PARTNER_COLUMN] if has_partners else [None] * len(frame))
        ]
        rows["partners"] = [p.keys for p in found]
        rows["unresolved"] = [p.unresolved for p in found]
        return cls(rows, labels, sections, present, has_partners)

    # --- choices and validation ---------------------------------------------------------

    def options(self, dimension: str) -> list[tuple[str, str, int]]:
        """(slug, label, rows) of every category in the data, the report's order first."""
        counts = self.rows[dimension].value_counts()
        slugs = sorted(counts.index, key=lambda s: order(dimension, self._category(dimension, s)))
        return [(s, self.labels[dimension][s], int(counts[s])) for s in slugs]

    def _category(self, dimension: str, value: str) -> Category:
        label = self.label(dimension, value)
        known = [c for c in REPORT_CATEGORIES[dimension] if c.slug == value]
        return known[0] if known else Category(label)

    def label(self, dimension: str, value: str) -> str:
        return self.labels[dimension].get(value, value)

    def valid(self, flt: ActivityFilter) -> ActivityFilter:
        """The filter without values this data does not have (e.g. from another upload)."""
        kept = {
            d: tuple(v for v in flt.values(d) if v in self.labels[d] and self.present[d])
            for d in DIMENSIONS
        }
        return ActivityFilter(**kept).normalized()

    def from_query(
        self, query: Mapping[str, object], what: str = "Link-Parameter"
    ) -> tuple[ActivityFilter, list[str]]:
        """The filter a link (or the batch export's options: ``what``) names; unknown
        values are dropped with a German note."""
        chosen: dict[str, tuple[str, ...]] = {}
        notes: list[str] = []
        for dim in DIMENSIONS:
            raw = query.get(dim)
            if raw is None:
                continue
            values, dropped = self._link_values(dim, raw, what)
            chosen[dim] = values
            if dropped is not None:
                notes.append(dropped)
        return ActivityFilter(**chosen).normalized(), notes

    def _link_values(self, dim: str, raw: object, what: str) -> tuple[tuple[str, ...], str | None]:
        if not isinstance(raw, str):
            return (), f"{what} „{dim}“ ist ungültig und wurde ignoriert."
        if not self.present[dim]:
            return (), (
                f"{what} „{dim}={shown(raw)}“ wurde ignoriert: Die Daten haben keine "
                f"Spalte {DIMENSION_LABELS[dim]}."
            )
        parts = [p.strip() for p in raw.split(",")[:_MAX_LINK_VALUES] if p.strip()]
        known = tuple(slug(p) for p in parts if slug(p) in self.labels[dim])
        unknown = [p for p in parts if slug(p) not in self.labels[dim]]
        if not unknown and parts:
            return known, None
        which = ", ".join(f"„{shown(p)}“" for p in unknown[:3]) or f"„{shown(raw)}“"
        return known, (
            f"{what} „{dim}“: unbekannter Wert {which} wurde ignoriert "
            f"(kein {DIMENSION_LABELS[dim]} dieser Daten)."
        )

    # --- filtering and counting ---------------------------------------------------------

    def mask(self, flt: ActivityFilter) -> pd.Series:
        """Rows that pass; without a status column every row is "umgesetzt"."""
        keep = self.rows[STATUS].isin(flt.statuses())
        for dim in (FIELD, FORM):
            if flt.values(dim):
                keep &= self.rows[dim].isin(flt.values(dim))
        return keep

    def counts(self, flt: ActivityFilter) -> pd.Series:
        """Rows passing the filter per reporting unit; every unit of the list, 0 if none."""
        keys = self.rows["key"]
        chosen = keys[self.mask(flt)].value_counts()
        units = sorted(set(keys))
        return pd.Series(0, index=units, dtype="int64").add(chosen, fill_value=0).astype("int64")

    def describe(self, flt: ActivityFilter) -> str | None:
        """ "nur Aufgabenfeld IT, E-Government, umgesetzt"; None for the unfiltered count."""
        flt = self.valid(flt)
        if not flt.active:
            return None
        parts = []
        for dim in (FIELD, FORM):
            if flt.values(dim):
                names = " oder ".join(self._ordered_labels(dim, flt.values(dim)))
                parts.append(f"{DIMENSION_LABELS[dim]} {names}")
        parts.append(" oder ".join(self._ordered_labels(STATUS, flt.statuses())))
        return "nur " + ", ".join(parts)

    def _ordered_labels(self, dim: str, values: tuple[str, ...]) -> list[str]:
        """Labels in the report's order (as the sidebar lists them)."""
        ordered = sorted(values, key=lambda v: order(dim, self._category(dim, v)))
        return [self.label(dim, v) for v in ordered]

    def dataset(self, base: IkzDataset, flt: ActivityFilter) -> IkzDataset:
        """The upload's dataset with the filtered counts; the unfiltered one if inactive."""
        subset = self.describe(flt)
        if subset is None:
            return base
        counts = self.counts(self.valid(flt))
        values = pd.DataFrame(
            {
                "count": pd.array(counts.to_numpy(), dtype="Int64"),
                "provenance": [Provenance.UPLOADED.value] * len(counts),
            },
            index=pd.Index([str(k) for k in counts.index], name="key"),
        )
        reference = "; ".join(r for r in (base.source.reference, subset) if r)
        notes = tuple(n for n in base.notes if n != _COUNTED_NOTE)
        return dataclasses.replace(
            base,
            values=values,
            source=dataclasses.replace(base.source, reference=reference),
            notes=(*notes, f"Gezählt: {subset} (Auswahl der hochgeladenen Aktivitäten)."),
            subset=subset,
        )

    # --- what the user sees of the assignment --------------------------------------------

    def mapping_table(self) -> pd.DataFrame:
        """Every value of the file with its category and number of rows ("Zuordnung der
        Kategorien"); a value without a report category is named so, never dropped."""
        records = []
        for dim in DIMENSIONS:
            if not self.present[dim]:
                continue
            texts = self.rows[f"{dim}_text"].map(lambda t: " ".join(t.split()))
            grouped = pd.DataFrame({"text": texts, "slug": self.rows[dim]}).value_counts()
            for (text, value), n in grouped.items():
                section = self.sections[dim][value]
                records.append(
                    {
                        "Merkmal": DIMENSION_LABELS[dim],
                        "Angabe in der Datei": text or "(leer)",
                        "Kategorie": self.label(dim, value),
                        "Zuordnung": f"Bericht, Abschnitt {section}"
                        if section
                        else "eigene Kategorie (nicht im Bericht)",
                        "Zeilen": int(n),
                        "_order": (DIMENSIONS.index(dim), order(dim, self._category(dim, value))),
                    }
                )
        frame = pd.DataFrame(
            records,
            columns=[
                "Merkmal",
                "Angabe in der Datei",
                "Kategorie",
                "Zuordnung",
                "Zeilen",
                "_order",
            ],
        )
        frame = frame.sort_values(["_order", "Zeilen"], ascending=[True, False], kind="stable")
        return frame.drop(columns="_order").reset_index(drop=True)

    def unknown_categories(self, dimension: str) -> list[str]:
        """Labels of the values without a report category (kept, listed on their own);
        blank cells ("ohne Angabe") are not among them."""
        return [
            label
            for value, label in self.labels[dimension].items()
            if self.sections[dimension][value] is None and label != NO_ENTRY
        ]

    # --- one unit ------------------------------------------------------------------------

    def unit(self, key: str, flt: ActivityFilter) -> UnitActivities:
        """The activities of ``key`` (for a Kreis or RBz: of every Gebietskörperschaft in
        it, as its count on the map) that pass the filter."""
        inside = self.rows["key"].str.startswith(key) & self.mask(self.valid(flt))
        rows = self.rows[inside]
        partners = None
        unresolved: tuple[str, ...] = ()
        if self.has_partners:
            partners = tuple(
                k for k in dict.fromkeys(k for keys in rows["partners"] for k in keys) if k != key
            )
            unresolved = tuple(dict.fromkeys(n for names in rows["unresolved"] for n in names))
        return UnitActivities(
            total=len(rows),
            by_field=self._breakdown(rows, FIELD),
            by_form=self._breakdown(rows, FORM),
            partners=partners,
            unresolved=unresolved,
        )

    def _breakdown(self, rows: pd.DataFrame, dim: str) -> tuple[tuple[str, int], ...]:
        if not self.present[dim]:
            return ()
        counts = rows[dim].value_counts()
        slugs = sorted(counts.index, key=lambda s: order(dim, self._category(dim, s)))
        return tuple((self.label(dim, s), int(counts[s])) for s in slugs)

    def partner_highlight(
        self, key: str | None, level: str, flt: ActivityFilter, hierarchy: Hierarchy
    ) -> tuple[str, ...]:
        """Units of the map of ``level`` to mark as the selected unit's partners."""
        if key is None or not self.has_partners:
            return ()
        partners = self.unit(key, flt).partners or ()
        marked = at_level(partners, level, hierarchy.level(level).index)
        return tuple(k for k in marked if k != key)


@dataclass(frozen=True, eq=False)
class FilteredActivities:
    """The activity list behind an atlas and the filter its counts follow."""

    table: ActivityTable
    filter: ActivityFilter = ActivityFilter()

    @cached_property
    def subset(self) -> str | None:
        return self.table.describe(self.filter)

    def unit(self, key: str) -> UnitActivities:
        return self.table.unit(key, self.filter)

    def partner_highlight(
        self, key: str | None, level: str, hierarchy: Hierarchy
    ) -> tuple[str, ...]:
        return self.table.partner_highlight(key, level, self.filter, hierarchy)


def partner_text(facts: UnitActivities) -> str | None:
    """ "7 Gebietskörperschaften" (with the names not found); None without partner column."""
    if facts.partners is None:
        return None
    n = len(facts.partners)
    text = f"{format_int(n)} {'Gebietskörperschaft' if n == 1 else 'Gebietskörperschaften'}"
    if facts.unresolved:
        names = ", ".join(facts.unresolved[:5]) + (" …" if len(facts.unresolved) > 5 else "")
        text += f"; außerdem nicht zugeordnet: {names}"
    return text
