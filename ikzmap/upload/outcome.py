"""What processing the rows of a table yields, whatever its kind."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ikzmap.upload.rowsteps import Total


@dataclass(frozen=True)
class Outcome:
    counts: pd.Series  # int per unit key (incl. units not surveyed)
    rows_read: int
    matched: int
    via_name: int
    counted_rows: int  # rows whose value (or activity) went into ``counts``
    not_surveyed_rows: int
    totals: tuple[Total, ...] = ()
    population: pd.Series | None = None
    status_counts: dict[str, int] = field(default_factory=dict)
    activities: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()
