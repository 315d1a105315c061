"""Modelled default IKZ counts for the 31 Kreise, fitted to every published constraint.

The gpaNRW report publishes the total (6,250), two RBz totals (Münster 1,540, Düsseldorf
826), the RBz shares and the distribution of the 31 Kreis totals (min 66 Siegen-
Wittgenstein, quartiles 155/178/227, max 453 Recklinghausen), not each Kreis's count.
Method (documented in data/ikz/README.md):

1. RBz totals: Münster and Düsseldorf as published; the remaining 3,884 split over
   Köln, Arnsberg and Detmold in proportion to their published shares 22:21:19
   (largest remainder), which keeps every share's rounding.
2. Prior per Kreis: surveyed Gebietskörperschaften (the Kreis + its surveyed Kommunen)
   times the RBz's activities per Gebietskörperschaft (published Kreise removed).
3. Rank bands: Kreise sorted by prior (ties by key) take the 31 order positions; the
   published Kreise take min and max. Positions that determine a quartile under the
   numpy "linear" method (= Excel QUARTILE.INC: 30 * p -> positions 7/8, 15, 22/23) are
   pinned to the published value, the others get the band between their neighbours.
   Because both neighbours of a quartile position are pinned, the quartiles also hold
   under the other numpy methods (lower, higher, nearest, midpoint, weibull, hazen,
   median_unbiased, normal_unbiased, inverted_cdf, averaged_inverted_cdf,
   closest_observation), not under interpolated_inverted_cdf.
4. Per RBz the prior is scaled by one factor and clipped to the bands so the RBz total
   is met (bisection), then rounded to integers by largest remainder within the bands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from geo import Hierarchy
from ikzmap.dataset import IkzDataset
from ikzmap.provenance import Provenance, Source
from ikzmap.published import (
    FIGURES_FILE,
    IKZ_DATA_DIR,
    QUANTILE_METHOD,
    Published,
    PublishedDataError,
    load_published,
)
from ikzmap.survey import surveyed_keys

DEFAULT_CSV: Final = IKZ_DATA_DIR / "kreis_counts_default.csv"
CSV_COLUMNS: Final = ("key", "name", "count", "provenance")
ROBUST_QUANTILE_METHODS: Final = (
    "linear",
    "lower",
    "higher",
    "nearest",
    "midpoint",
    "weibull",
    "hazen",
    "median_unbiased",
    "normal_unbiased",
    "inverted_cdf",
    "averaged_inverted_cdf",
    "closest_observation",
)
QUARTILES: Final = (0.25, 0.5, 0.75)
MOST_ACTIVE: Final = ("05562", "05566", "05554")  # Recklinghausen, Steinfurt, Borken (1.3.1)
SHARE_RBZ: Final = ("053", "059", "057")  # RBz with only a published share
COUNT_RBZ: Final = ("055", "051")  # RBz with a published count
MODEL_TITLE: Final = "IKZ je Kreis: modellierte Standardwerte"
METHOD_NOTE: Final = (
    "Modelliert: Prior = erhobene Gebietskörperschaften je Kreis × IKZ je Gebietskörperschaft "
    "im Regierungsbezirk; je Regierungsbezirk skaliert und auf Rangbänder begrenzt, sodass "
    "Summe, Regierungsbezirke, Minimum, Viertelwerte und Maximum des Berichts genau stimmen."
)
MODEL_NOTICE: Final = (
    "Hinweis: Die Werte je Kreis sind modelliert, nicht veröffentlicht. Die gpaNRW nennt nur "
    "die Summe (6.250 umgesetzte IKZ-Aktivitäten), die Regierungsbezirke und die Verteilung "
    "über die 31 Kreise (Minimum 66 im Kreis Siegen-Wittgenstein, Viertelwerte 155, 178 und "
    "227, Maximum 453 im Kreis Recklinghausen). Die übrigen 29 Kreiswerte sind proportional "
    "zur Zahl der erhobenen Kommunen und Kreise geschätzt und so angepasst, dass alle "
    "veröffentlichten Zahlen genau eingehalten werden. Sie zeigen nicht die tatsächlichen "
    "Werte einzelner Kreise. Eigene Zahlen laden Sie in der App über den Datei-Upload."
)


class ModelError(RuntimeError):
    """The published constraints cannot be met with the given inputs."""


@dataclass(frozen=True)
class Band:
    lo: int
    hi: int


def surveyed_per_kreis(hierarchy: Hierarchy) -> pd.Series:
    """Surveyed Gebietskörperschaften per Kreis: the Kreis itself + surveyed Kommunen."""
    surveyed = hierarchy.units.loc[surveyed_keys(hierarchy)]
    gemeinden = surveyed[surveyed["level"] == "gemeinde"].groupby("kreis").size()
    kreise = hierarchy.kreise().index
    return (gemeinden.reindex(kreise, fill_value=0) + 1).rename("surveyed")


def largest_remainder(quotas: pd.Series, total: int) -> pd.Series:
    """Integers summing to ``total``, floors plus one for the largest fractions (ties by key)."""
    floors = np.floor(quotas).astype(int)
    rest = total - int(floors.sum())
    fractions = quotas - floors
    winners = sorted(quotas.index, key=lambda k: (-fractions[k], k))[:rest]
    return floors.add(pd.Series(1, index=winners), fill_value=0).astype(int)


def rbz_targets(published: Published) -> pd.Series:
    """Total per RBz key: published counts, the rest split by the published shares."""
    rbz = published.rbz_table()
    counts = {key: int(rbz.at[key, "count"]) for key in COUNT_RBZ}
    rest = published.total - sum(counts.values())
    shares = rbz.loc[list(SHARE_RBZ), "share_percent"].astype(float)
    split = largest_remainder(rest * shares / shares.sum(), rest)
    return pd.concat([pd.Series(counts), split]).sort_index().astype(int)


def fixed_counts(published: Published) -> pd.Series:
    """The Kreis counts the report publishes: min and max with their Kreise."""
    dist = published.kreis_distribution()
    return pd.Series({dist.min_key: dist.minimum, dist.max_key: dist.maximum})


def prior(hierarchy: Hierarchy, published: Published) -> pd.Series:
    """Prior per Kreis: surveyed units × RBz activities per unit (published Kreise removed)."""
    units = surveyed_per_kreis(hierarchy)
    rbz_of = hierarchy.kreise()["rbz"]
    fixed = fixed_counts(published)
    free = units.drop(fixed.index)
    targets = rbz_targets(published)
    rest = targets - fixed.groupby(rbz_of.loc[fixed.index]).sum().reindex(
        targets.index, fill_value=0
    )
    rate = rest / free.groupby(rbz_of.loc[free.index]).sum()
    values = free * rbz_of.loc[free.index].map(rate)
    return pd.concat([values, fixed.astype(float)]).loc[units.index].rename("prior")


def pinned_positions(n: int, values: dict[float, int]) -> dict[int, int]:
    """Order positions (0-based) that fix each quantile under the "linear" method."""
    pinned: dict[int, int] = {}
    for p, value in values.items():
        pos = (n - 1) * p
        pinned[math.floor(pos)] = value
        pinned[math.ceil(pos)] = value
    return pinned


def position_bands(published: Published) -> list[Band]:
    """Allowed value range per order position 0..n-1; unique min and max."""
    dist = published.kreis_distribution()
    quart = dict(zip(QUARTILES, (dist.q1, dist.median, dist.q3), strict=True))
    pinned = {0: dist.minimum, **pinned_positions(dist.n, quart), dist.n - 1: dist.maximum}
    bands = []
    for pos in range(dist.n):
        if pos in pinned:
            bands.append(Band(pinned[pos], pinned[pos]))
            continue
        below = max(p for p in pinned if p < pos)
        above = min(p for p in pinned if p > pos)
        lo = pinned[below] + (1 if below == 0 else 0)
        hi = pinned[above] - (1 if above == dist.n - 1 else 0)
        bands.append(Band(lo, hi))
    return bands


def assign_bands(priors: pd.Series, published: Published) -> pd.DataFrame:
    """Band (lo, hi) per Kreis key by rank of its prior; published Kreise at min/max."""
    dist = published.kreis_distribution()
    free = priors.drop([dist.min_key, dist.max_key])
    ranked = [dist.min_key, *sorted(free.index, key=lambda k: (free[k], k)), dist.max_key]
    bands = position_bands(published)
    frame = pd.DataFrame(
        {"position": range(len(ranked)), "lo": [b.lo for b in bands], "hi": [b.hi for b in bands]},
        index=pd.Index(ranked, name="key"),
    )
    return frame.loc[priors.index]


def scale_to_total(
    prior_values: np.ndarray, lo: np.ndarray, hi: np.ndarray, total: int
) -> np.ndarray:
    """clip(f * prior, lo, hi) with the factor f that makes the sum ``total`` (bisection)."""
    if not lo.sum() <= total <= hi.sum():
        raise ModelError(f"total {total} outside the band sums [{lo.sum()}, {hi.sum()}]")
    low, high = 0.0, 1.0
    while np.clip(high * prior_values, lo, hi).sum() < total:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if np.clip(mid * prior_values, lo, hi).sum() < total:
            low = mid
        else:
            high = mid
    return np.clip(high * prior_values, lo, hi)


def round_within_bands(values: pd.Series, lo: pd.Series, hi: pd.Series, total: int) -> pd.Series:
    """Largest-remainder rounding to ``total`` that never leaves the integer bands."""
    quotas = values.clip(lo, hi)
    rounded = largest_remainder(quotas, total)
    if (rounded < lo).any() or (rounded > hi).any():
        raise ModelError("rounding left a band")
    return rounded


def fit_kreis_counts(hierarchy: Hierarchy, published: Published | None = None) -> pd.DataFrame:
    """The fitted model per Kreis key: name, rbz, surveyed, prior, lo, hi, count, provenance."""
    published = published or load_published()
    kreise = hierarchy.kreise()
    priors = prior(hierarchy, published)
    bands = assign_bands(priors, published)
    counts = []
    for rbz, total in rbz_targets(published).items():
        keys = kreise.index[kreise["rbz"] == rbz]
        b = bands.loc[keys]
        scaled = scale_to_total(
            priors.loc[keys].to_numpy(), b["lo"].to_numpy(), b["hi"].to_numpy(), total
        )
        counts.append(round_within_bands(pd.Series(scaled, index=keys), b["lo"], b["hi"], total))
    fixed = fixed_counts(published)
    frame = pd.DataFrame(
        {
            "name": kreise["label"],
            "rbz": kreise["rbz"],
            "surveyed": surveyed_per_kreis(hierarchy),
            "prior": priors,
            "lo": bands["lo"],
            "hi": bands["hi"],
            "count": pd.concat(counts).reindex(kreise.index).astype("Int64"),
        }
    )
    frame["provenance"] = [
        Provenance.PUBLISHED if key in fixed.index else Provenance.MODELLED for key in frame.index
    ]
    frame.index.name = "key"
    problems = constraint_problems(frame, published)
    if problems:
        raise ModelError("model misses published constraints: " + "; ".join(problems))
    return frame


def constraint_problems(frame: pd.DataFrame, published: Published) -> list[str]:
    """Published constraints a fitted frame (key index; rbz, count) misses; empty if none."""
    counts = frame["count"].astype(int)
    dist = published.kreis_distribution()
    quart = np.quantile(counts, QUARTILES, method=QUANTILE_METHOD)
    problems = []
    if counts.sum() != published.total:
        problems.append(f"sum {counts.sum()}")
    by_rbz = counts.groupby(frame["rbz"]).sum()
    if not by_rbz.equals(rbz_targets(published).reindex(by_rbz.index)):
        problems.append(f"RBz totals {by_rbz.to_dict()}")
    if list(quart) != [dist.q1, dist.median, dist.q3]:
        problems.append(f"quartiles {list(quart)}")
    if (counts == dist.minimum).sum() != 1 or counts[dist.min_key] != dist.minimum:
        problems.append("minimum")
    if (counts == dist.maximum).sum() != 1 or counts[dist.max_key] != dist.maximum:
        problems.append("maximum")
    if (counts.loc[list(MOST_ACTIVE)] <= dist.q3).any():
        problems.append("most active Kreise not above Q3")
    return problems


def _fitted_defaults(hierarchy: Hierarchy) -> pd.DataFrame:
    """:func:`fit_kreis_counts`; figures that contradict each other (or name a unit that is
    no Kreis) stop with a German error naming the file they come from."""
    try:
        return fit_kreis_counts(hierarchy)
    except PublishedDataError:
        raise
    except (ModelError, KeyError, ValueError, ZeroDivisionError) as err:
        raise PublishedDataError(
            f"{FIGURES_FILE}: Die veröffentlichten Kennzahlen passen nicht zusammen; die "
            f"Standardwerte je Kreis lassen sich nicht modellieren ({err})."
        ) from err


def default_kreis_counts(hierarchy: Hierarchy) -> IkzDataset:
    """The modelled default dataset: 31 Kreis totals; published ones marked as such."""
    frame = _fitted_defaults(hierarchy)
    values = frame[["count", "provenance"]].copy()
    source = Source(
        provenance=Provenance.MODELLED,
        title=MODEL_TITLE,
        reference="Randbedingungen: gpaNRW-Bericht, Abschnitte 1.3, 1.3.1 und 1.3.2",
        note=METHOD_NOTE,
    )
    return IkzDataset("kreis", values, source, MODEL_TITLE, notes=(MODEL_NOTICE,))


def default_csv_text(hierarchy: Hierarchy) -> str:
    """The CSV ``data/ikz/kreis_counts_default.csv`` as text (LF line ends, UTF-8)."""
    frame = fit_kreis_counts(hierarchy).reset_index()
    frame["provenance"] = frame["provenance"].map(str)
    return frame[list(CSV_COLUMNS)].to_csv(index=False, lineterminator="\n")


def write_default_csv(hierarchy: Hierarchy, path: Path = DEFAULT_CSV) -> Path:
    path.write_text(default_csv_text(hierarchy), encoding="utf-8")
    return path


if __name__ == "__main__":  # regenerate: python -m ikzmap.model
    print(f"geschrieben: {write_default_csv(Hierarchy.load()).name}")
