"""The shape every IKZ dataset has, whatever its origin (report, model, upload)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from ikzmap.provenance import Provenance, Source

DATASET_LEVELS: Final = ("gemeinde", "kreis", "rbz")
VALUE_COLUMNS: Final = ("count", "provenance")


@dataclass(frozen=True)
class IkzDataset:
    """Counts of implemented IKZ activities, keyed by canonical NRW key.

    ``level`` is the finest level of the data:
    - "gemeinde": counts of the reporting Gebietskörperschaften: Gemeinde keys (8 digits)
      and, for a Kreis's own activities, Kreis keys (5 digits);
    - "kreis": totals per Kreis (the Kreis and its kreisangehörige Kommunen);
    - "rbz": totals per Regierungsbezirk.
    ``values`` has the index ``key`` (str) and the columns ``count`` (Int64) and
    ``provenance`` (a :class:`Provenance` value per row); the contract is
    :func:`ikzmap.schemas.dataset_schema`. ``subset`` says which part of an
    uploaded activity list the counts cover ("nur Aufgabenfeld Archiv, umgesetzt"; see
    ikzmap.activity_filter); None: all that the source counts.
    """

    level: str
    values: pd.DataFrame
    source: Source
    title: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    subset: str | None = None

    def __post_init__(self) -> None:
        if self.level not in DATASET_LEVELS:
            raise ValueError(
                f"unknown level {self.level!r}; valid levels: {', '.join(DATASET_LEVELS)}"
            )
        missing = [c for c in VALUE_COLUMNS if c not in self.values.columns]
        if missing:
            raise ValueError(f"values lack the columns {missing}")

    @property
    def has_modelled(self) -> bool:
        return bool((self.values["provenance"] == Provenance.MODELLED).any())
