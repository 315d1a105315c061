"""The report's budget findings about the most and least active quarter of the Kreise (1.3.2).

"Von dem Viertel der Kreise mit den meisten IKZ-Aktivitäten befinden sich 14 Prozent der
kreisangehörigen Kommunen bzw. Kreise in der Haushaltssicherung. Nur zwei Prozent haben …
einen strukturell ausgeglichenen Haushalt. Von den 25 Prozent der Kreise mit den wenigsten
IKZ-Aktivitäten befinden sich fünf Prozent … in der Haushaltssicherung. Der Anteil … mit
einem ausgeglichenen Haushalt liegt ebenfalls bei fünf Prozent."

Reading of the ambiguous parts (documented in data/ikz/README.md), one place for the model
and the consistency check:
- a quarter is the Kreise strictly above the 3rd quartile (resp. below the 1st) of the 31
  Kreis counts (numpy "linear" quartiles as everywhere in the app);
- shares count the surveyed kreisangehörige Kommunen of those Kreise; the Kreise themselves
  have no status in the official file and do not count;
- "in der Haushaltssicherung" = status 5–7, "(strukturell) ausgeglichen" = status 1, also
  for the least active quarter where the report says only "ausgeglichen";
- "14 Prozent" holds for shares that round half up to 14 %, i.e. 13.5 % ≤ share < 14.5 %;
- the status is the app's (31.12.2025); the report used 31.12.2024.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Final

import numpy as np
import pandas as pd

from ikzmap.budget import AUSGEGLICHEN_CODES, HSK_CODES
from ikzmap.published import QUANTILE_METHOD

STICHTAG_SHORT: Final = "Haushaltsstatus 31.12.2025, im Bericht 31.12.2024"
# Keeps "rounds half up to p %" a closed interval: distinct shares with denominators below
# 1,000 differ by more than this, so [p - 0.5, p + 0.5 - EPS] holds exactly those below p + 0.5.
EPS: Final = Fraction(1, 10**6)


class Quarter(StrEnum):
    TOP = "top"  # most activities: above the 3rd quartile
    BOTTOM = "bottom"  # fewest: below the 1st quartile


QUARTER_SHORT: Final = {Quarter.TOP: "oberes Viertel", Quarter.BOTTOM: "unteres Viertel"}


@dataclass(frozen=True)
class BudgetFinding:
    figure_id: str  # in data/ikz/published.json
    quarter: Quarter
    codes: tuple[int, ...]
    label: str  # German: what the share counts


FINDINGS: Final = (
    BudgetFinding("budget_top_quarter_hsk", Quarter.TOP, HSK_CODES, "in Haushaltssicherung"),
    BudgetFinding(
        "budget_top_quarter_structural",
        Quarter.TOP,
        AUSGEGLICHEN_CODES,
        "strukturell ausgeglichen",
    ),
    BudgetFinding("budget_bottom_quarter_hsk", Quarter.BOTTOM, HSK_CODES, "in Haushaltssicherung"),
    BudgetFinding(
        "budget_bottom_quarter_balanced",
        Quarter.BOTTOM,
        AUSGEGLICHEN_CODES,
        "ausgeglichen (gelesen als strukturell ausgeglichen)",
    ),
)


def share_bounds(percent: float) -> tuple[Fraction, Fraction]:
    """Closed bounds of the shares that round half up to ``percent`` (whole percent)."""
    p = Fraction(percent).limit_denominator(1000) / 100
    half = Fraction(1, 200)
    return max(Fraction(0), p - half), p + half - EPS


def quarter_keys(counts: pd.Series, quarter: Quarter) -> list[str]:
    """Kreis keys strictly above the 3rd (TOP) or below the 1st (BOTTOM) quartile."""
    values = counts.astype(float).to_numpy()
    if quarter is Quarter.TOP:
        q3 = np.quantile(values, 0.75, method=QUANTILE_METHOD)
        return sorted(counts.index[values > q3])
    q1 = np.quantile(values, 0.25, method=QUANTILE_METHOD)
    return sorted(counts.index[values < q1])


def kreis_status_counts(
    status: pd.DataFrame, gemeinden: pd.DataFrame, codes: Iterable[int]
) -> pd.DataFrame:
    """Per Kreis key: ``n`` surveyed Kommunen with a status and ``hits`` among them with one of
    ``codes``. ``gemeinden`` is a unit table (columns ``kreis``, ``surveyed``)."""
    members = gemeinden[gemeinden["surveyed"].astype(bool)]
    code = status["status_code"].reindex(members.index)
    known = members.assign(code=code)[code.notna()]
    hits = known["code"].astype(int).isin(tuple(codes))
    return pd.DataFrame(
        {
            "n": known.groupby("kreis").size(),
            "hits": hits.groupby(known["kreis"]).sum(),
        }
    ).astype(int)


@dataclass(frozen=True)
class FindingShare:
    finding: BudgetFinding
    kreise: tuple[str, ...]
    hits: int
    n: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.hits, self.n) if self.n else None


def finding_share(
    finding: BudgetFinding, counts: pd.Series, status: pd.DataFrame, gemeinden: pd.DataFrame
) -> FindingShare:
    """The share a finding describes, computed from Kreis counts and the budget status."""
    keys = quarter_keys(counts, finding.quarter)
    table = kreis_status_counts(status, gemeinden, finding.codes).reindex(keys, fill_value=0)
    return FindingShare(finding, tuple(keys), int(table["hits"].sum()), int(table["n"].sum()))
