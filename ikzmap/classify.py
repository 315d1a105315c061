"""Classification of indicator values through mapclassify, one facade for map and exports."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import mapclassify
import numpy as np
import pandas as pd

from ikzmap.palettes import MAX_CLASSES, MIN_CLASSES
from ikzmap.registry import lookup


@dataclass(frozen=True)
class Scheme:
    id: str
    label: str  # German
    make: Callable[[np.ndarray, int, Sequence[float] | None], mapclassify.classifiers.MapClassifier]


def _user_defined(values: np.ndarray, _k: int, breaks: Sequence[float] | None):
    if not breaks:
        raise ValueError("manual classification needs breaks")
    upper = sorted(set(float(b) for b in breaks))
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
        Scheme("manual", "Eigene Klassengrenzen", _user_defined),
    )
}
DEFAULT_SCHEME: Final = "quantiles"


def get_scheme(scheme_id: str) -> Scheme:
    return lookup(SCHEMES, scheme_id, "scheme")


@dataclass(frozen=True)
class Classification:
    """Class index per unit (NA where there is no value) and the class bounds."""

    scheme: str
    classes: pd.Series  # Int64, index = unit key, 0..k-1 or <NA>
    lower: tuple[float, ...]  # lower bound of each class
    upper: tuple[float, ...]  # upper bound of each class (inclusive)
    counts: tuple[int, ...]  # units per class

    @property
    def k(self) -> int:
        return len(self.upper)


def classify(
    values: pd.Series,
    scheme: str = DEFAULT_SCHEME,
    k: int = 5,
    breaks: Sequence[float] | None = None,
) -> Classification:
    """Classify the non-missing values; ``k`` classes (3..7) or the given manual ``breaks``."""
    get_scheme(scheme)
    if scheme != "manual" and not MIN_CLASSES <= k <= MAX_CLASSES:
        raise ValueError(f"number of classes must be {MIN_CLASSES}..{MAX_CLASSES}, got {k}")
    present = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    if present.empty:
        return Classification(
            scheme, pd.Series(pd.NA, index=values.index, dtype="Int64"), (), (), ()
        )
    distinct = present.nunique()
    k_eff = max(1, min(k, distinct))
    with warnings.catch_warnings():  # "Numba not installed": the pure version is fast enough
        warnings.simplefilter("ignore", UserWarning)
        classifier = SCHEMES[scheme].make(present.to_numpy(), k_eff, breaks)
    upper = tuple(float(b) for b in classifier.bins)
    lower = (float(present.min()), *upper[:-1])
    classes = pd.Series(classifier.yb, index=present.index).reindex(values.index)
    counts = tuple(int(c) for c in classifier.counts)
    return Classification(scheme, classes.astype("Int64"), lower, upper, counts)
