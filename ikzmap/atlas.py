"""Everything the maps draw from, joined on the key: IKZ aggregates, budget status, units."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from geo import LEVELS, NRW_KEY, Hierarchy
from ikzmap import mapdata
from ikzmap.aggregate import Aggregates, aggregate
from ikzmap.budget import aggregate_budget
from ikzmap.dataset import IkzDataset
from ikzmap.population import Population, default_population
from ikzmap.provenance import Provenance
from ikzmap.published import Published

if TYPE_CHECKING:
    from ikzmap.activity_filter import FilteredActivities

RANGE_COLUMNS = ("range_lo", "range_hi")


@dataclass(frozen=True)
class AtlasData:
    """The joined inputs of all indicators. Built once per dataset, then read-only."""

    hierarchy: Hierarchy
    ikz: IkzDataset
    aggregates: Aggregates
    budget_status: pd.DataFrame  # per Gemeinde (index: AGS), see ikzmap.budget
    budget: dict[str, pd.DataFrame]  # per level "kreis", "rbz": aggregate_budget tables
    units: dict[str, pd.DataFrame]  # per level: label, type, surveyed, erhebung, ...
    population: Population  # official Zensus 2022, overridden by uploaded figures
    fingerprint: str = field(default="")
    # an uploaded activity list and the filter ``ikz`` was counted with (detail panel)
    activities: FilteredActivities | None = None

    @classmethod
    def build(
        cls,
        hierarchy: Hierarchy,
        ikz: IkzDataset,
        budget_status: pd.DataFrame,
        population: pd.Series | None = None,
        fingerprint: str = "",
        published: Published | None = None,
        activities: FilteredActivities | None = None,
    ) -> AtlasData:
        """``population``: uploaded Einwohner per key, overriding the official figures;
        ``activities``: the activity list behind ``ikz``, if it is one."""
        aggregates = aggregate(ikz, hierarchy)
        if published is not None and ikz.source.provenance == Provenance.MODELLED:
            aggregates = mark_published_totals(aggregates, published)
        return cls(
            hierarchy=hierarchy,
            ikz=ikz,
            aggregates=aggregates,
            budget_status=budget_status,
            budget={
                lvl: aggregate_budget(budget_status, hierarchy, lvl) for lvl in ("kreis", "rbz")
            },
            units={lvl: mapdata.unit_table(hierarchy, lvl) for lvl in LEVELS},
            population=Population.combine(default_population(), population),
            fingerprint=fingerprint,
            activities=activities,
        )

    @classmethod
    def default(cls, fingerprint: str = "standard") -> AtlasData:
        """The embedded defaults: modelled Kreis counts, official budget status."""
        from ikzmap.budget import default_budget_status
        from ikzmap.model import default_kreis_counts
        from ikzmap.published import load_published

        hierarchy = Hierarchy.load()
        return cls.build(
            hierarchy,
            default_kreis_counts(hierarchy),
            default_budget_status(),
            None,
            fingerprint,
            load_published(),
        )

    def ikz_table(self, level: str) -> pd.DataFrame | None:
        """The IKZ aggregate of a level, or None where the dataset is coarser."""
        return self.aggregates.tables.get(level)

    def ranges(self, level: str) -> pd.DataFrame | None:
        """Feasible ranges (range_lo, range_hi) of modelled counts at ``level``, if any."""
        values = self.ikz.values
        if self.ikz.level != level or not set(RANGE_COLUMNS) <= set(values.columns):
            return None
        return values[list(RANGE_COLUMNS)]

    def population_at(self, level: str) -> pd.DataFrame:
        """Einwohner per unit of ``level`` (see :meth:`Population.at_level`)."""
        return self._population_levels[level]

    @cached_property
    def _population_levels(self) -> dict[str, pd.DataFrame]:
        """Computed once per dataset: every view and detail panel reads it."""
        gemeinden = self.units["gemeinde"]
        return {lvl: self.population.at_level(self.units[lvl], gemeinden, lvl) for lvl in LEVELS}


def _mark(table: pd.DataFrame, published_counts: pd.Series) -> pd.DataFrame:
    table = table.copy()
    for key, count in published_counts.dropna().items():
        if key in table.index and table.at[key, "count"] == count:
            table.at[key, "provenance"] = Provenance.PUBLISHED
    return table


def mark_published_totals(aggregates: Aggregates, published: Published) -> Aggregates:
    """Totals of a model that equal a published figure exactly carry "veröffentlicht".

    The default model is fitted to the report: its NRW total and the RBz totals of Münster
    and Düsseldorf are the published numbers, not estimates.
    """
    tables = dict(aggregates.tables)
    tables["rbz"] = _mark(tables["rbz"], published.rbz_table()["count"])
    tables["nrw"] = _mark(tables["nrw"], pd.Series({NRW_KEY: published.total}))
    return Aggregates(tables)
