"""Aggregate an IkzDataset up the hierarchy: Gemeinde (+ Kreis-own) -> Kreis -> RBz -> NRW.

Every output row has a :class:`~ikzmap.status.Status` that keeps three cases apart:
VALUE ("Wert": a count, possibly 0), NOT_SURVEYED ("nicht erhoben": the gpaNRW did not
survey the unit: kreisfreie Städte, Harsewinkel, Jüchen) and NO_DATA ("keine Daten":
surveyed, but the dataset has no value). Columns (:data:`AGGREGATE_SCHEMA`): name, count
(Int64), status, provenance (the weakest of the inputs, None without value),
contributors (Gebietskörperschaften behind the value; a value given at Kreis or RBz
level stands for all surveyed Gebietskörperschaften in it), surveyed (surveyed
Gebietskörperschaften in the unit), missing (surveyed ones without a value) and
per_unit (IKZ per surveyed Gebietskörperschaft, Float64).

Values of units the survey did not cover (the one rule, see :data:`INFORMATIONAL_NOTE`):
an uploaded file may hold a value for a kreisfreie Stadt, the city of Aachen, Harsewinkel
or Jüchen. Such a value is kept in ``count`` (and ``per_unit``) – it is the user's figure
and is shown with the mark "nicht erhoben – nur nachrichtlich" – but the unit's status
stays NOT_SURVEYED: only rows with status VALUE enter classes, legend counts, minimum
and maximum, ranks, quartiles, sums and the comparison with the report. So the Kreis
level always ranks the 31 surveyed Kreise, and on the map the unit keeps the
"nicht erhoben" style. :func:`is_informational` finds such rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import pandas as pd

from geo import KREISFREI, NRW_KEY, Hierarchy, at_level, parent_keys
from ikzmap.dataset import IkzDataset
from ikzmap.errors import InputError
from ikzmap.provenance import Provenance
from ikzmap.status import Status
from ikzmap.survey import coverage

# The mark of a value of a unit the survey did not cover (tooltip, table, detail panel).
INFORMATIONAL_NOTE: Final = "nicht erhoben – nur nachrichtlich, in keiner Klasse/Summe"
NRW_NAME: Final = "Nordrhein-Westfalen"
OUTPUT_COLUMNS: Final = (
    "name",
    "count",
    "status",
    "provenance",
    "contributors",
    "surveyed",
    "missing",
    "per_unit",
)
# Strongest first; a total is as weak as its weakest input.
PROVENANCE_ORDER: Final = (
    Provenance.OFFICIAL,
    Provenance.PUBLISHED,
    Provenance.COMPUTED,
    Provenance.UPLOADED,
    Provenance.MODELLED,
)


class AggregationError(InputError):
    """The dataset has keys that do not fit its level; the message is German."""


def weakest_provenance(values: Iterable[object]) -> Provenance | None:
    """The weakest provenance among ``values`` (None if there are none)."""
    present = {Provenance(v) for v in values if v is not None and not pd.isna(v)}
    if not present:
        return None
    return max(present, key=PROVENANCE_ORDER.index)


@dataclass(frozen=True)
class Aggregates:
    """Aggregated tables per level, each indexed by key with :data:`OUTPUT_COLUMNS`."""

    tables: dict[str, pd.DataFrame]

    def level(self, level: str) -> pd.DataFrame:
        if level not in self.tables:
            raise KeyError(f"no aggregate at level {level!r}; available: {list(self.tables)}")
        return self.tables[level]

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(self.tables)

    @property
    def total(self) -> int | None:
        count = self.tables["nrw"].at[NRW_KEY, "count"]
        return None if pd.isna(count) else int(count)


def _base_units(hierarchy: Hierarchy) -> pd.DataFrame:
    """Gebietskörperschaften that report: all Gemeinden and the 31 Kreise (own values)."""
    units = hierarchy.units
    mask = (units["level"] == "gemeinde") | (
        (units["level"] == "kreis") & (units["status"] != KREISFREI)
    )
    base = units.loc[mask, ["level", "kreis", "rbz"]].copy()
    base["surveyed"] = coverage(hierarchy).loc[base.index, "surveyed"]
    return base


def _check_keys(dataset: IkzDataset, allowed: pd.Index) -> None:
    unknown = dataset.values.index.difference(allowed)
    if len(unknown):
        shown = ", ".join(map(str, unknown[:5]))
        raise AggregationError(
            f"Datensatz „{dataset.title}“ (Ebene {dataset.level}): {len(unknown)} Schlüssel "
            f"passen nicht zur Ebene, z. B. {shown}."
        )


def _provenance(value: object, title: str) -> Provenance | None:
    if value is None or pd.isna(value):
        return None
    try:
        return Provenance(value)
    except ValueError:
        raise AggregationError(f"Datensatz „{title}“: unbekannte Herkunft „{value}“.") from None


def _values(dataset: IkzDataset) -> pd.DataFrame:
    values = dataset.values
    count = values["count"].astype("Int64")
    if (count < 0).any():
        raise AggregationError(f"Datensatz „{dataset.title}“: negative Anzahlen.")
    index = values.index.astype(str)
    provenance = [_provenance(v, dataset.title) for v in values["provenance"]]
    return pd.DataFrame(
        {"count": count.set_axis(index), "provenance": pd.Series(provenance, index, object)}
    )


def _status(count: pd.Series, surveyed: pd.Series) -> pd.Series:
    """VALUE only for a unit the survey covered: a value of a unit it did not cover
    stays NOT_SURVEYED (informational, see the module docstring)."""
    surveyed = surveyed.astype(bool)
    status = pd.Series(Status.NO_DATA, index=count.index, dtype=object)
    status[~surveyed] = Status.NOT_SURVEYED
    status[count.notna() & surveyed] = Status.VALUE
    return status


def is_informational(table: pd.DataFrame) -> pd.Series:
    """Rows of an aggregate table that hold a value of a unit the survey did not cover:
    shown only as information, never classified, ranked or summed."""
    return (table["status"] == Status.NOT_SURVEYED) & table["count"].notna()


def informational_text(value: str) -> str:
    """How such a value is shown: "12 (nicht erhoben – nur nachrichtlich, …)"."""
    return f"{value} ({INFORMATIONAL_NOTE})"


def _finish(frame: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Add name, status, missing and per_unit; order the columns."""
    frame = frame.copy()
    frame["count"] = frame["count"].astype("Int64")
    frame["name"] = names.reindex(frame.index)
    frame["status"] = _status(frame["count"], frame["surveyed"] > 0)
    frame["provenance"] = pd.Series(
        [_provenance(v, "Aggregat") for v in frame["provenance"]], frame.index, object
    )
    frame["missing"] = (frame["surveyed"] - frame["surveyed_with_value"]).clip(lower=0)
    frame["per_unit"] = _per_unit(frame)
    frame.index.name = "key"
    return frame[list(OUTPUT_COLUMNS)]


def _per_unit(frame: pd.DataFrame) -> pd.Series:
    """count / surveyed Gebietskörperschaften; for a unit not surveyed but with a value
    (e.g. an uploaded kreisfreie Stadt) count / contributors."""
    denominator = frame["surveyed"].where(frame["surveyed"] > 0, frame["contributors"])
    per_unit = frame["count"].astype("Float64") / denominator.where(denominator > 0)
    return per_unit.astype("Float64")


def _base_table(dataset: IkzDataset, base: pd.DataFrame) -> pd.DataFrame:
    """Gemeinde-level input: one row per reporting unit."""
    _check_keys(dataset, base.index)
    values = _values(dataset).reindex(base.index)
    has_value = values["count"].notna()
    return pd.DataFrame(
        {
            "count": values["count"],
            "provenance": values["provenance"].where(has_value, None),
            "contributors": has_value.astype(int),
            "surveyed": base["surveyed"].astype(int),
            "surveyed_with_value": (has_value & base["surveyed"]).astype(int),
            "group_kreis": base["kreis"],
            "group_rbz": base["rbz"],
        },
        index=base.index,
    )


def _coarse_table(dataset: IkzDataset, units: pd.DataFrame, surveyed: pd.Series) -> pd.DataFrame:
    """Kreis- or RBz-level input: a value stands for all surveyed members of the unit."""
    _check_keys(dataset, units.index)
    values = _values(dataset).reindex(units.index)
    has_value = values["count"].notna()
    stands_for = surveyed.reindex(units.index).clip(lower=1)
    return pd.DataFrame(
        {
            "count": values["count"],
            "provenance": values["provenance"].where(has_value, None),
            "contributors": stands_for.where(has_value, 0).astype(int),
            "surveyed": surveyed.reindex(units.index).astype(int),
            "surveyed_with_value": surveyed.reindex(units.index).where(has_value, 0).astype(int),
            "group_kreis": units["kreis"],
            "group_rbz": units["rbz"],
        },
        index=units.index,
    )


def _roll_up(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sum a finer table into groups ``by`` ("group_kreis", "group_rbz" or "nrw")."""
    groups = table[by] if by != "nrw" else pd.Series(NRW_KEY, index=table.index)
    # Values of units the survey did not cover (an uploaded kreisfreie Stadt, the city of
    # Aachen) stay at their own level but never enter a sum, so totals stay comparable
    # with the report. A group with no surveyed member (a kreisfreie Stadt's Kreis row)
    # is that unit itself and keeps its value.
    group_surveyed = table.groupby(groups)["surveyed"].transform("sum")
    included = (table["surveyed"] > 0) | (group_surveyed == 0)
    table = table.assign(
        count=table["count"].where(included),
        provenance=table["provenance"].where(included, None),
        contributors=table["contributors"].where(included, 0),
    )
    grouped = table.groupby(groups, sort=True)
    out = pd.DataFrame(
        {
            "count": grouped["count"].sum(min_count=1).astype("Int64"),
            "provenance": grouped["provenance"].agg(weakest_provenance),
            "contributors": grouped["contributors"].sum(),
            "surveyed": grouped["surveyed"].sum(),
            "surveyed_with_value": grouped["surveyed_with_value"].sum(),
        }
    )
    if by == "group_kreis":
        out["group_rbz"] = parent_keys(out.index, "rbz")
    return out


def _surveyed_counts(base: pd.DataFrame, hierarchy: Hierarchy) -> dict[str, pd.Series]:
    """Surveyed Gebietskörperschaften per Kreis (53 units) and per RBz."""
    per_kreis = base.groupby("kreis")["surveyed"].sum().astype(int)
    per_rbz = base.groupby("rbz")["surveyed"].sum().astype(int)
    kreise = hierarchy.level("kreis").index
    return {"kreis": per_kreis.reindex(kreise, fill_value=0), "rbz": per_rbz}


def _names(hierarchy: Hierarchy) -> pd.Series:
    names = hierarchy.units["label"].astype(str)
    return pd.concat([names, pd.Series({NRW_KEY: NRW_NAME})])


def _gemeinde_rows(table: pd.DataFrame, hierarchy: Hierarchy) -> pd.DataFrame:
    """The Gemeinde table: the Gemeinde rows of the base table only (no Kreis-own rows)."""
    rows = table[at_level(table.index, "gemeinde")]
    return rows.reindex(hierarchy.level("gemeinde").index)


def aggregate(dataset: IkzDataset, hierarchy: Hierarchy) -> Aggregates:
    """Tables per level from the dataset's level upwards, plus "nrw" (one row, key "05").

    Gemeinde-level datasets may hold 8-digit Gemeinde keys and 5-digit keys of the 31
    Kreise (their own activities); a Kreis row sums the Kreis and its Gemeinden.
    """
    names = _names(hierarchy)
    units = _base_units(hierarchy)
    surveyed = _surveyed_counts(units, hierarchy)
    tables: dict[str, pd.DataFrame] = {}
    if dataset.level == "gemeinde":
        base = _base_table(dataset, units)
        tables["gemeinde"] = _finish(_gemeinde_rows(base, hierarchy), names)
        kreis = _roll_up(base, "group_kreis").reindex(hierarchy.level("kreis").index)
    if dataset.level == "kreis":
        kreis = _coarse_table(dataset, hierarchy.level("kreis"), surveyed["kreis"])
    if dataset.level == "rbz":
        rbz = _coarse_table(dataset, hierarchy.level("rbz"), surveyed["rbz"])
    else:
        tables["kreis"] = _finish(kreis, names)
        rbz = _roll_up(kreis, "group_rbz")
    tables["rbz"] = _finish(rbz, names)
    tables["nrw"] = _finish(_roll_up(rbz, "nrw"), names)
    return Aggregates(tables)


def per_unit(aggregates: Aggregates, level: str) -> pd.Series:
    """IKZ per surveyed Gebietskörperschaft for each unit of ``level`` (Float64, NA if none)."""
    return aggregates.level(level)["per_unit"]
