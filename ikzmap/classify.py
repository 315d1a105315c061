"""Classification of indicator values through mapclassify, one facade for map and exports.

Classes always say something: gleiche Werte stehen in derselben Klasse, and a class an
automatic scheme leaves empty (ties in quantiles, gaps in equal intervals) is merged into
the class above it. Manual breaks keep every class the user asked for, empty ones too.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import mapclassify
import numpy as np
import pandas as pd

from ikzmap.breaks import check
from ikzmap.palettes import MAX_CLASSES, MIN_CLASSES
from ikzmap.registry import lookup

MANUAL: Final = "manual"


@dataclass(frozen=True)
class Scheme:
    id: str
    label: str  # German
    make: Callable[[np.ndarray, int, Sequence[float] | None], mapclassify.classifiers.MapClassifier]


def _user_defined(values: np.ndarray, _k: int, breaks: Sequence[float] | None):
    upper = list(check(breaks or ()))
    if upper[-1] < values.max():
        upper.append(float(values.max()))
    return mapclassify.UserDefined(values, upper)


SCHEMES: Final = {
    s.id: s
    for s in (
        Scheme(
            "quantiles",
            "Quantile (gleich viele Einheiten je Klasse)",
            lambda v, k, _b: mapclassify.Quantiles(v, k=k),
        ),
        Scheme(
            "equal_interval",
            "Gleiche Intervalle",
            lambda v, k, _b: mapclassify.EqualInterval(v, k=k),
        ),
        Scheme(
            "fisher_jenks",
            "Natürliche Brüche (Fisher-Jenks)",
            lambda v, k, _b: mapclassify.FisherJenks(v, k=k),
        ),
        Scheme(MANUAL, "Eigene Klassengrenzen", _user_defined),
    )
}
DEFAULT_SCHEME: Final = "quantiles"


def get_scheme(scheme_id: str) -> Scheme:
    return lookup(SCHEMES, scheme_id, "scheme")


@dataclass(frozen=True)
class Classification:
    """Class index per unit (NA where there is no value), the class bounds and what the
    classes hold. Class ``i`` holds the values above ``upper[i - 1]`` up to ``upper[i]``;
    the first class everything up to ``upper[0]``."""

    scheme: str
    classes: pd.Series  # Int64, index = unit key, 0..k-1 or <NA>
    lower: tuple[float, ...]  # lower bound of each class (the first: the smallest value)
    upper: tuple[float, ...]  # upper bound of each class (inclusive)
    counts: tuple[int, ...]  # units per class
    smallest: tuple[float | None, ...] = ()  # smallest value in each class (None: empty)
    largest: tuple[float | None, ...] = ()  # largest value in each class (None: empty)
    requested: int = 0  # classes asked for (k; manual: one per break and one above)
    distinct: int = 0  # distinct values classified
    integral: bool = False  # all values are whole numbers

    @property
    def k(self) -> int:
        return len(self.upper)

    def single_value(self, i: int) -> bool:
        """Class ``i`` holds units, all with the same value."""
        return self.counts[i] > 0 and self.smallest[i] == self.largest[i]


def _bins(present: np.ndarray, scheme: str, k: int, breaks: Sequence[float] | None) -> np.ndarray:
    """Upper class bounds from mapclassify (one class when all values are equal)."""
    if scheme != MANUAL and np.unique(present).size == 1:
        return np.array([present.max()])
    with warnings.catch_warnings():  # "Numba not installed", "not enough unique values"
        warnings.simplefilter("ignore", UserWarning)
        classifier = SCHEMES[scheme].make(present, k, breaks)
    return np.asarray(classifier.bins, dtype=float)


def _assign(present: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Class of each value: the first class whose upper bound it does not exceed."""
    return np.minimum(np.searchsorted(upper, present, side="left"), len(upper) - 1)


def classify(
    values: pd.Series,
    scheme: str = DEFAULT_SCHEME,
    k: int = 5,
    breaks: Sequence[float] | None = None,
) -> Classification:
    """Classify the non-missing values; ``k`` classes (3..7) or the given manual ``breaks``
    (checked by :func:`ikzmap.breaks.check`; a German ``BreaksError`` if unusable)."""
    get_scheme(scheme)
    if scheme != MANUAL and not MIN_CLASSES <= k <= MAX_CLASSES:
        raise ValueError(f"number of classes must be {MIN_CLASSES}..{MAX_CLASSES}, got {k}")
    present = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    if scheme == MANUAL:
        check(breaks or ())  # unusable breaks fail the same with or without values
    if present.empty:
        empty = pd.Series(pd.NA, index=values.index, dtype="Int64")
        return Classification(scheme, empty, (), (), ())
    data = present.to_numpy()
    distinct = int(np.unique(data).size)
    upper = np.unique(_bins(data, scheme, min(k, distinct), breaks))
    yb = _assign(data, upper)
    counts = np.bincount(yb, minlength=len(upper))
    if scheme != MANUAL:  # an empty class merges into the class above it
        keep = counts > 0
        upper, yb = upper[keep], np.cumsum(keep)[yb] - 1
        counts = counts[keep]
    by_class = pd.Series(data).groupby(yb)
    smallest = by_class.min().reindex(range(len(upper)))
    largest = by_class.max().reindex(range(len(upper)))
    lower = (min(float(data.min()), float(upper[0])), *(float(u) for u in upper[:-1]))
    return Classification(
        scheme=scheme,
        classes=pd.Series(yb, index=present.index).reindex(values.index).astype("Int64"),
        lower=lower,
        upper=tuple(float(u) for u in upper),
        counts=tuple(int(c) for c in counts),
        smallest=tuple(None if pd.isna(v) else float(v) for v in smallest),
        largest=tuple(None if pd.isna(v) else float(v) for v in largest),
        requested=len(upper) if scheme == MANUAL else k,
        distinct=distinct,
        integral=bool((data % 1 == 0).all()),
    )
