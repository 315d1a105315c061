"""Everything the maps draw from, joined on the key: IKZ aggregates, budget status, units."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final

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
DEFAULT_FINGERPRINT: Final = "standard"  # the embedded defaults (see AtlasData.default)


@dataclass(frozen=True)
class AtlasData:
    """The joined inputs of all indicators. Built once per dataset, then read-only.

    ``fingerprint`` names the dataset: it covers everything the atlas shows, so it is what
    the caches key an atlas by (see ``ikzmap.ui.loaders.HASH_FUNCS``).
    """

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
    # Einwohner per level, filled on first use; shared by atlases of the same population
    _population_levels: dict[str, pd.DataFrame] = field(
        default_factory=dict, compare=False, repr=False
    )

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
        return cls(
            hierarchy=hierarchy,
            ikz=ikz,
            aggregates=_aggregates(ikz, hierarchy, published),
            budget_status=budget_status,
            budget={
                lvl: aggregate_budget(budget_status, hierarchy, lvl) for lvl in ("kreis", "rbz")
            },
            units={lvl: mapdata.unit_table(hierarchy, lvl) for lvl in LEVELS},
            population=Population.combine(default_population(), population),
            fingerprint=fingerprint,
            activities=activities,
        )

    def with_ikz(
        self,
        ikz: IkzDataset,
        population: pd.Series | None = None,
        fingerprint: str = "",
        activities: FilteredActivities | None = None,
    ) -> AtlasData:
        """Other IKZ figures over the same units and budget status (an upload): the same
        atlas as :meth:`build` makes, at the cost of what they change. The IKZ aggregates
        are computed; units and budget tables are this atlas's (all read-only), and so are
        the Einwohner unless ``population`` brings uploaded figures."""
        if population is None and not self.population.has_uploaded:
            people, levels = self.population, self._population_levels
        else:
            people, levels = Population.combine(default_population(), population), {}
        return replace(
            self,
            ikz=ikz,
            aggregates=_aggregates(ikz, self.hierarchy, None),
            population=people,
            fingerprint=fingerprint,
            activities=activities,
            _population_levels=levels,
        )

    @classmethod
    def default(cls) -> AtlasData:
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
            DEFAULT_FINGERPRINT,
            load_published(),
        )

    @property
    def is_default(self) -> bool:
        """Whether this is the embedded default data (not an upload or a saved dataset)."""
        return self.fingerprint == DEFAULT_FINGERPRINT

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
        """Einwohner per unit of ``level`` (see :meth:`Population.at_level`), computed once
        per population: every view and detail panel reads it."""
        found = self._population_levels.get(level)
        if found is None:  # a race computes it twice, with the same result
            found = self.population.at_level(self.units[level], self.units["gemeinde"], level)
            self._population_levels[level] = found
        return found


def _aggregates(ikz: IkzDataset, hierarchy: Hierarchy, published: Published | None) -> Aggregates:
    aggregates = aggregate(ikz, hierarchy)
    if published is not None and ikz.source.provenance == Provenance.MODELLED:
        aggregates = mark_published_totals(aggregates, published)
    return aggregates


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
