"""Integer program for counts that must meet published totals, order statistics and shares.

A :class:`CountProblem` describes integer counts ``x_k`` (one per key) with bounds, sums of
groups within bounds, value classes (bands of values) with limits on how many keys fall in
a set of classes (this is how quartiles and unique extremes are written linearly), and
share rules over the keys of a set of classes (e.g. "14 % of the Gemeinden of the Kreise
above the 3rd quartile are in Haushaltssicherung"). Share rules are soft: their total
deviation is minimised first; then the counts closest to a target (the prior) are chosen.

Solved with HiGHS through :func:`scipy.optimize.milp` (deterministic for given inputs).
:meth:`CountProblem.problems` checks a solution in exact rational arithmetic, independent
of the solver, so tests and the fit do not trust the solver's tolerances.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ikzmap.errors import DataFileError

DEVIATION_SLACK: Final = 1e-6


class InfeasibleError(DataFileError):
    """The hard constraints of a :class:`CountProblem` cannot all hold."""


@dataclass(frozen=True)
class ValueClass:
    """Values ``lo..hi`` (inclusive)."""

    lo: int
    hi: int

    def holds(self, value: int) -> bool:
        return self.lo <= value <= self.hi


@dataclass(frozen=True)
class GroupSum:
    """``lo <= sum of x over keys <= hi``."""

    name: str
    keys: tuple[str, ...]
    lo: int
    hi: int


@dataclass(frozen=True)
class ClassCount:
    """``lo <= number of keys whose value lies in one of the classes <= hi``."""

    name: str
    classes: tuple[int, ...]
    lo: int
    hi: int


@dataclass(frozen=True)
class ShareRule:
    """Over the keys whose value lies in ``classes``: sum(numerator) / sum(denominator)
    lies in ``[lo, hi]``. Soft: a miss is measured in numerator units and minimised."""

    name: str
    classes: tuple[int, ...]
    numerator: Mapping[str, int]
    denominator: Mapping[str, int]
    lo: Fraction
    hi: Fraction


@dataclass(frozen=True)
class CountProblem:
    keys: tuple[str, ...]
    lower: Mapping[str, int]
    upper: Mapping[str, int]
    classes: tuple[ValueClass, ...]
    groups: tuple[GroupSum, ...] = ()
    class_counts: tuple[ClassCount, ...] = ()
    shares: tuple[ShareRule, ...] = ()
    target: Mapping[str, float] = field(default_factory=dict)  # prior; keys without: free

    # --- exact check, independent of the solver -----------------------------------

    def value_class(self, value: int) -> int | None:
        return next((i for i, c in enumerate(self.classes) if c.holds(value)), None)

    def members(self, x: Mapping[str, int], classes: Sequence[int]) -> list[str]:
        return [k for k in self.keys if self.value_class(x[k]) in classes]

    def share(self, rule: ShareRule, x: Mapping[str, int]) -> Fraction | None:
        keys = self.members(x, rule.classes)
        den = sum(rule.denominator[k] for k in keys)
        return Fraction(sum(rule.numerator[k] for k in keys), den) if den else None

    def deviation(self, rule: ShareRule, x: Mapping[str, int]) -> Fraction:
        """How far (in numerator units) the rule misses: 0 when it holds."""
        keys = self.members(x, rule.classes)
        num = sum(rule.numerator[k] for k in keys)
        den = sum(rule.denominator[k] for k in keys)
        return max(Fraction(0), rule.lo * den - num, num - rule.hi * den)

    def problems(self, x: Mapping[str, int]) -> list[str]:
        """The hard constraints ``x`` misses, in German (they reach the operator's start-up
        message); empty if none."""
        out = [
            f"{k}: {x[k]} nicht in {self.lower[k]}..{self.upper[k]}"
            for k in self.keys
            if not self.lower[k] <= x[k] <= self.upper[k]
        ]
        out += [
            f"{k}: {x[k]} in keiner Klasse" for k in self.keys if self.value_class(x[k]) is None
        ]
        for g in self.groups:
            total = sum(x[k] for k in g.keys)
            if not g.lo <= total <= g.hi:
                out.append(f"{g.name}: Summe {total} nicht in {g.lo}..{g.hi}")
        for c in self.class_counts:
            n = len(self.members(x, c.classes))
            if not c.lo <= n <= c.hi:
                out.append(f"{c.name}: {n} Werte, erlaubt {c.lo}..{c.hi}")
        return out

    # --- solver ---------------------------------------------------------------------

    def fit(self) -> Solution:
        """Least total share deviation; among those, least relative distance to the target."""
        program = _Program(self)
        first = program.solve(program.deviation_objective())
        allowed = first.deviation_sum
        values = program.solve(program.target_objective(), max_deviation=allowed)
        return values

    def feasible_range(self, key: str, max_deviation: float) -> tuple[int, int]:
        """Smallest and largest value of ``key`` with all hard constraints and the share
        rules missed by at most ``max_deviation`` in total (two integer programs)."""
        program = _Program(self)
        objective = program.unit_objective(key)
        low = program.solve(objective, max_deviation=max_deviation)
        high = program.solve(-objective, max_deviation=max_deviation)
        return low.values[key], high.values[key]


@dataclass(frozen=True)
class Solution:
    values: dict[str, int]
    deviation_sum: float  # the solver's total share deviation (numerator units)


class _Program:
    """Variables, in this order: x (n), y (n * C class indicators), e (n, |x - target|),
    d (2 per share rule: below, above)."""

    def __init__(self, problem: CountProblem) -> None:
        self.p = problem
        self.n, self.c = len(problem.keys), len(problem.classes)
        self.size = 2 * self.n + self.n * self.c + 2 * len(problem.shares)
        self.rows: list[np.ndarray] = []
        self.lo: list[float] = []
        self.hi: list[float] = []
        self._build()

    def x(self, i: int) -> int:
        return i

    def y(self, i: int, c: int) -> int:
        return self.n + i * self.c + c

    def e(self, i: int) -> int:
        return self.n + self.n * self.c + i

    def d(self, r: int, side: int) -> int:
        return 2 * self.n + self.n * self.c + 2 * r + side

    def _row(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        row = np.zeros(self.size)
        for j, v in coefs.items():
            row[j] += v
        self.rows.append(row)
        self.lo.append(lo)
        self.hi.append(hi)

    def _build(self) -> None:
        p, inf = self.p, np.inf
        for i in range(self.n):
            self._row({self.y(i, c): 1 for c in range(self.c)}, 1, 1)
            self._row(
                {self.x(i): 1, **{self.y(i, c): -cl.lo for c, cl in enumerate(p.classes)}}, 0, inf
            )
            self._row(
                {self.x(i): 1, **{self.y(i, c): -cl.hi for c, cl in enumerate(p.classes)}}, -inf, 0
            )
            t = p.target.get(p.keys[i])
            if t is not None:
                self._row({self.e(i): 1, self.x(i): -1}, -t, inf)
                self._row({self.e(i): 1, self.x(i): 1}, t, inf)
        index = {k: i for i, k in enumerate(p.keys)}
        for g in p.groups:
            self._row({self.x(index[k]): 1 for k in g.keys}, g.lo, g.hi)
        for cc in p.class_counts:
            self._row({self.y(i, c): 1 for i in range(self.n) for c in cc.classes}, cc.lo, cc.hi)
        for r, rule in enumerate(p.shares):
            lo, hi = float(rule.lo), float(rule.hi)
            below = {
                self.y(i, c): rule.numerator[k] - lo * rule.denominator[k]
                for i, k in enumerate(p.keys)
                for c in rule.classes
            }
            above = {
                self.y(i, c): rule.numerator[k] - hi * rule.denominator[k]
                for i, k in enumerate(p.keys)
                for c in rule.classes
            }
            self._row({**below, self.d(r, 0): 1}, 0, inf)
            self._row({**above, self.d(r, 1): -1}, -inf, 0)

    def bounds(self) -> Bounds:
        lb, ub = np.zeros(self.size), np.full(self.size, np.inf)
        for i, k in enumerate(self.p.keys):
            lb[i], ub[i] = self.p.lower[k], self.p.upper[k]
            for c, cl in enumerate(self.p.classes):
                overlap = cl.lo <= self.p.upper[k] and self.p.lower[k] <= cl.hi
                ub[self.y(i, c)] = 1 if overlap else 0
        return Bounds(lb, ub)

    def integrality(self) -> np.ndarray:
        kinds = np.zeros(self.size)
        kinds[: self.n + self.n * self.c] = 1
        return kinds

    def deviation_objective(self) -> np.ndarray:
        obj = np.zeros(self.size)
        obj[2 * self.n + self.n * self.c :] = 1
        return obj

    def target_objective(self) -> np.ndarray:
        obj = np.zeros(self.size)
        for i, k in enumerate(self.p.keys):
            t = self.p.target.get(k)
            if t is not None and t > 0:
                obj[self.e(i)] = 1 / t
        return obj

    def unit_objective(self, key: str) -> np.ndarray:
        obj = np.zeros(self.size)
        obj[self.p.keys.index(key)] = 1
        return obj

    def solve(self, objective: np.ndarray, max_deviation: float | None = None) -> Solution:
        rows, lo, hi = list(self.rows), list(self.lo), list(self.hi)
        if max_deviation is not None:
            rows.append(self.deviation_objective())
            lo.append(0)
            hi.append(max_deviation + DEVIATION_SLACK)
        result = milp(
            objective,
            constraints=LinearConstraint(np.vstack(rows), lo, hi),
            integrality=self.integrality(),
            bounds=self.bounds(),
            options={"mip_rel_gap": 0, "presolve": True},
        )
        if result.status != 0 or result.x is None:
            raise InfeasibleError(
                "Die veröffentlichten Zahlen lassen kein Modell zu (ganzzahliges Programm "
                f"ohne Lösung: {result.message})."
            )
        x = result.x
        values = {k: int(np.rint(x[i])) for i, k in enumerate(self.p.keys)}
        deviation = float(self.deviation_objective() @ x)
        return Solution(values, deviation)
