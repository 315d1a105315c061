"""What processing the rows of a table yields, whatever its kind."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ikzmap.upload.rowsteps import Rows, Total, report_not_surveyed


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


def counted_outcome(
    rows: Rows,
    counts: pd.Series,
    matched: pd.Series,
    via_name: int,
    valid: pd.Series,
    coverage: pd.DataFrame,
    totals: list[Total],
    **details: object,
) -> Outcome:
    """The outcome fields every kind of upload fills alike (and reports the rows of units
    not surveyed); ``details`` are the kind's own (population, activities, ...)."""
    return Outcome(
        counts=counts.sort_index(),
        rows_read=len(rows.frame),
        matched=len(matched),
        via_name=via_name,
        counted_rows=len(valid),
        not_surveyed_rows=report_not_surveyed(rows, valid, coverage),
        totals=tuple(totals),
        **details,
    )
