"""The integer program against brute force on small instances: the fit is optimal and the
feasible ranges are tight (every value in them is reachable, none outside)."""

from fractions import Fraction
from itertools import product

import pytest

from ikzmap.intprog import (
    ClassCount,
    CountProblem,
    GroupSum,
    InfeasibleError,
    ShareRule,
    ValueClass,
)

KEYS = ("a", "b", "c", "d", "e")
CLASSES = (ValueClass(0, 1), ValueClass(2, 2), ValueClass(3, 6))


def small_problem(share_lo: Fraction, share_hi: Fraction, **changes) -> CountProblem:
    fields = dict(
        keys=KEYS,
        lower={k: 0 for k in KEYS} | {"e": 1},
        upper={k: 6 for k in KEYS} | {"a": 5},
        classes=CLASSES,
        groups=(GroupSum("all", KEYS, 11, 16), GroupSum("ab", ("a", "b"), 3, 8)),
        class_counts=(ClassCount("low", (0,), 1, 2), ClassCount("mid", (1,), 1, 5)),
        shares=(
            ShareRule(
                "high",
                (2,),
                {"a": 1, "b": 0, "c": 2, "d": 1, "e": 0},
                {"a": 2, "b": 3, "c": 2, "d": 2, "e": 1},
                share_lo,
                share_hi,
            ),
        ),
        target={"a": 2.5, "b": 4.0, "c": 1.2, "d": 3.0},
    )
    return CountProblem(**(fields | changes))


def brute_force(problem: CountProblem) -> tuple[Fraction, list[dict[str, int]]]:
    """Least total share deviation over all vectors meeting the hard constraints, and the
    vectors that reach it."""
    ranges = [range(problem.lower[k], problem.upper[k] + 1) for k in problem.keys]
    scored = []
    for values in product(*ranges):
        x = dict(zip(problem.keys, values, strict=True))
        if not problem.problems(x):
            scored.append((sum(problem.deviation(r, x) for r in problem.shares), x))
    if not scored:
        return Fraction(-1), []
    best = min(d for d, _ in scored)
    return best, [x for d, x in scored if d == best]


def distance(problem: CountProblem, x: dict[str, int]) -> float:
    return sum(abs(x[k] - t) / t for k, t in problem.target.items())


INSTANCES = {
    "shares can hold": (Fraction(3, 10), Fraction(6, 10)),
    "shares cannot hold": (Fraction(11, 10), Fraction(6, 5)),  # at most 1 is possible
    "narrow share": (Fraction(1, 2), Fraction(1, 2)),
}


@pytest.mark.parametrize("bounds", INSTANCES.values(), ids=INSTANCES.keys())
def test_fit_is_optimal(bounds):
    problem = small_problem(*bounds)
    best, optimal = brute_force(problem)
    solution = problem.fit()
    assert problem.problems(solution.values) == []
    reached = sum(problem.deviation(r, solution.values) for r in problem.shares)
    assert reached == best
    assert distance(problem, solution.values) == pytest.approx(
        min(distance(problem, x) for x in optimal)
    )


@pytest.mark.parametrize("bounds", INSTANCES.values(), ids=INSTANCES.keys())
@pytest.mark.parametrize("key", KEYS)
def test_feasible_ranges_are_tight(bounds, key):
    problem = small_problem(*bounds)
    best, optimal = brute_force(problem)
    values = {x[key] for x in optimal}
    assert problem.feasible_range(key, float(best)) == (min(values), max(values))


def test_share_that_cannot_hold_is_reported_as_deviation():
    problem = small_problem(*INSTANCES["shares cannot hold"])
    best, _ = brute_force(problem)
    assert best > 0
    solution = problem.fit()
    assert sum(problem.deviation(r, solution.values) for r in problem.shares) == best
    assert solution.deviation_sum == pytest.approx(float(best), abs=1e-5)


def test_impossible_hard_constraints_raise():
    problem = small_problem(Fraction(0), Fraction(1), groups=(GroupSum("all", KEYS, 40, 50),))
    assert brute_force(problem)[1] == []
    with pytest.raises(InfeasibleError):
        problem.fit()


def test_exact_check_names_what_is_missed():
    problem = small_problem(Fraction(0), Fraction(1))
    x = {"a": 6, "b": 0, "c": 0, "d": 0, "e": 0}
    problems = " ".join(problem.problems(x))
    for part in ("a: 6 outside 0..5", "e: 0 outside 1..6", "all: sum 6", "mid: 0 keys"):
        assert part in problems
