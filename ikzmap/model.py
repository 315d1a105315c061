"""Modelled default IKZ counts for the 31 Kreise: an integer program over every published
constraint, with a feasible range per Kreis.

The gpaNRW report publishes the total (6,250), two RBz totals (Münster 1,540, Düsseldorf
826), the RBz shares, the distribution of the 31 Kreis totals (min 66 Siegen-Wittgenstein,
quartiles 155/178/227, max 453 Recklinghausen) and the budget status of the most and least
active quarter of Kreise (1.3.2), not each Kreis's count. Method (data/ikz/README.md):

1. Hard constraints: the sum; Münster and Düsseldorf exactly; Köln, Arnsberg and Detmold
   within the counts whose share rounds to the published percent; min and max unique at
   their Kreise; the sorted counts at positions 7 and 8 equal Q1, at 15 the median, at 22
   and 23 Q3 (numpy "linear" = Excel QUARTILE.INC; both neighbours pinned so that the
   quartiles also hold under the other common methods) and exactly seven Kreise below Q1
   and above Q3 (the two "quarters" of 1.3.2); Steinfurt and Borken above Q3 (1.3.1).
2. Budget findings (soft): shares of Kommunen in Haushaltssicherung / ausgeglichen among the
   Kreise above Q3 and below Q1 as published (ikzmap.budget_findings); their total miss is
   minimised first.
3. Prior (target): the RBz's activities shared out by the size of each Kreis (see
   :func:`prior`); among the solutions of 1 and 2 the one with the least relative distance
   to the prior is chosen.
4. Range: for each modelled Kreis the smallest and largest count consistent with 1 and 2
   (two integer programs per Kreis).

The result is committed as ``data/ikz/kreis_counts_default.csv`` (regenerate with
``python -m ikzmap.model``); the app reads it and checks it against the constraints.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pandera.pandas as pa

from geo import KEY_PATTERN, Hierarchy
from ikzmap import mapdata
from ikzmap.budget import default_budget_status
from ikzmap.budget_findings import (
    FINDINGS,
    FindingShare,
    Quarter,
    finding_share,
    kreis_status_counts,
    share_bounds,
)
from ikzmap.dataset import IkzDataset
from ikzmap.errors import DataFileError, configure_cli_logging, run_cli
from ikzmap.intprog import (
    ClassCount,
    CountProblem,
    GroupSum,
    InfeasibleError,
    ShareRule,
    ValueClass,
)
from ikzmap.population import default_population
from ikzmap.provenance import Provenance, Source
from ikzmap.published import (
    FIGURES_FILE,
    IKZ_DATA_DIR,
    Published,
    PublishedDataError,
    load_published,
)
from ikzmap.survey import surveyed_keys

DEFAULT_CSV: Final = IKZ_DATA_DIR / "kreis_counts_default.csv"
CSV_COLUMNS: Final = ("key", "name", "count", "provenance", "range_lo", "range_hi", "prior")
# The committed model file as read (key index; numbers already Int64): its contract.
CSV_SCHEMA: Final = pa.DataFrameSchema(
    {
        "count": pa.Column("Int64", pa.Check.ge(0)),
        "provenance": pa.Column(
            checks=pa.Check.isin([Provenance.MODELLED.value, Provenance.PUBLISHED.value])
        ),
        "range_lo": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "range_hi": pa.Column("Int64", pa.Check.ge(0), nullable=True),
    },
    index=pa.Index(checks=pa.Check.str_matches(KEY_PATTERN), unique=True),
)
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
KREIS_WEIGHT: Final = 2.0  # the Kreis's own activities, in Kommunen of median size
MODEL_TITLE: Final = "IKZ je Kreis: modellierte Standardwerte"
METHOD_NOTE: Final = (
    "Modelliert (ganzzahliges Optimierungsmodell): Summe, Regierungsbezirke, Minimum, "
    "Viertelwerte, Maximum und die Haushaltsbefunde des Berichts (Abschnitt 1.3.2) als "
    "Randbedingungen; innerhalb davon möglichst nah an einer Schätzung nach der "
    "Einwohnerzahl der Kommunen (Zensus 2022). Der Bereich nennt die kleinste und größte "
    "Zahl, die mit allen veröffentlichten Zahlen vereinbar ist."
)
MODEL_NOTICE: Final = (
    "Hinweis: Die Werte je Kreis sind modelliert, nicht veröffentlicht. Die gpaNRW nennt nur "
    "die Summe (6.250 umgesetzte IKZ-Aktivitäten), die Regierungsbezirke, die Verteilung "
    "über die 31 Kreise (Minimum 66 im Kreis Siegen-Wittgenstein, Viertelwerte 155, 178 und "
    "227, Maximum 453 im Kreis Recklinghausen) und die Haushaltslage des aktivsten und des "
    "am wenigsten aktiven Viertels der Kreise (hier nachgerechnet mit dem Haushaltsstatus "
    "zum 31.12.2025; der Bericht nutzte den 31.12.2024). Die übrigen 29 Kreiswerte sind so "
    "geschätzt, dass alle diese Zahlen eingehalten werden, und sonst nach der Einwohnerzahl "
    "der Kommunen verteilt. Zu jedem modellierten Wert nennt die App den Bereich, der mit den "
    "veröffentlichten Zahlen vereinbar ist. Die Werte zeigen nicht die tatsächlichen Zahlen "
    "einzelner Kreise. Eigene Zahlen laden Sie in der App über den Datei-Upload."
)


METHOD_PARAGRAPH: Final = (
    "So entstehen die Standardwerte: Der Bericht nennt nur zwei Kreiswerte (Recklinghausen "
    "453, Siegen-Wittgenstein 66). Für die übrigen 29 Kreise schätzt die App Werte, die alle "
    "veröffentlichten Zahlen einhalten: die Summe, die Regierungsbezirke, die Viertelwerte "
    "der Kreiswerte und die Haushaltslage des aktivsten und des am wenigsten aktiven "
    "Viertels der Kreise. Innerhalb dieser Grenzen verteilt sie die Aktivitäten eines "
    "Regierungsbezirks nach der Größe seiner Kreise: Der Kreis selbst zählt wie zwei "
    "mittelgroße Kommunen, jede Kommune umso mehr, je mehr Menschen dort leben – aber "
    "weniger als im gleichen Verhältnis (viermal so viele Einwohner, doppeltes Gewicht). "
    "Weil die veröffentlichten Zahlen viele Verteilungen erlauben, nennt die App zu jedem "
    "geschätzten Wert den kleinsten und größten Wert, der mit allen veröffentlichten Zahlen "
    "vereinbar ist. Diese Bereiche sind breit: Der Bericht legt einzelne Kreise nicht fest."
)


class ModelError(DataFileError):
    """The published constraints cannot be met with the given inputs."""


def largest_remainder(quotas: pd.Series, total: int) -> pd.Series:
    """Integers summing to ``total``, floors plus one for the largest fractions (ties by key)."""
    floors = np.floor(quotas).astype(int)
    rest = total - int(floors.sum())
    fractions = quotas - floors
    winners = sorted(quotas.index, key=lambda k: (-fractions[k], k))[:rest]
    return floors.add(pd.Series(1, index=winners), fill_value=0).astype(int)


def rbz_targets(published: Published) -> pd.Series:
    """The prior's total per RBz: published counts, the rest split by the published shares."""
    rbz = published.rbz_table()
    counts = {key: int(rbz.at[key, "count"]) for key in COUNT_RBZ}
    rest = published.total - sum(counts.values())
    shares = rbz.loc[list(SHARE_RBZ), "share_percent"].astype(float)
    split = largest_remainder(rest * shares / shares.sum(), rest)
    return pd.concat([pd.Series(counts), split]).sort_index().astype(int)


def rbz_bounds(published: Published) -> dict[str, tuple[int, int]]:
    """Allowed total per RBz: the published count, else every count whose share of the
    total rounds (half up) to the published percent."""
    rbz, total = published.rbz_table(), published.total
    bounds = {}
    for key, row in rbz.iterrows():
        if not pd.isna(row["count"]):
            bounds[str(key)] = (int(row["count"]), int(row["count"]))
            continue
        lo, hi = share_bounds(float(row["share_percent"]))
        bounds[str(key)] = (math.ceil(lo * total), math.floor(hi * total))
    return bounds


def fixed_counts(published: Published) -> pd.Series:
    """The Kreis counts the report publishes: min and max with their Kreise."""
    dist = published.kreis_distribution()
    return pd.Series({dist.min_key: dist.minimum, dist.max_key: dist.maximum})


def size_weights(hierarchy: Hierarchy, population: pd.Series) -> pd.Series:
    """Size of each Kreis as the prior sees it: the Kreis itself (KREIS_WEIGHT) plus each
    surveyed Kommune with the square root of its population relative to the median
    Kommune (four times the inhabitants, twice the activities)."""
    gemeinden = hierarchy.units.loc[surveyed_keys(hierarchy, "gemeinde")]
    pop = population.reindex(gemeinden.index).astype(float)
    weight = np.sqrt(pop / pop.median())
    kreise = hierarchy.kreise().index
    return (
        weight.groupby(gemeinden["kreis"]).sum().reindex(kreise, fill_value=0) + KREIS_WEIGHT
    ).rename("weight")


def prior(hierarchy: Hierarchy, published: Published, population: pd.Series) -> pd.Series:
    """Prior per Kreis: its RBz's activities (after the published Kreise) shared out in
    proportion to :func:`size_weights`; the published Kreise keep their value."""
    weights = size_weights(hierarchy, population)
    rbz_of = hierarchy.kreise()["rbz"]
    fixed = fixed_counts(published)
    free = weights.drop(fixed.index)
    targets = rbz_targets(published)
    rest = targets - fixed.groupby(rbz_of.loc[fixed.index]).sum().reindex(
        targets.index, fill_value=0
    )
    rate = rest / free.groupby(rbz_of.loc[free.index]).sum()
    values = free * rbz_of.loc[free.index].map(rate)
    return pd.concat([values, fixed.astype(float)]).loc[weights.index].rename("prior")


def value_classes(published: Published) -> tuple[ValueClass, ...]:
    """Bands below Q1, at Q1, between Q1 and the median, at the median, between the median
    and Q3, at Q3 and above Q3 (class indices 0..6)."""
    d = published.kreis_distribution()
    return (
        ValueClass(0, d.q1 - 1),
        ValueClass(d.q1, d.q1),
        ValueClass(d.q1 + 1, d.median - 1),
        ValueClass(d.median, d.median),
        ValueClass(d.median + 1, d.q3 - 1),
        ValueClass(d.q3, d.q3),
        ValueClass(d.q3 + 1, d.maximum),
    )


BELOW_Q1, ABOVE_Q3 = 0, 6
QUARTER_CLASS: Final = {Quarter.BOTTOM: BELOW_Q1, Quarter.TOP: ABOVE_Q3}


def class_counts(n: int) -> tuple[ClassCount, ...]:
    """Sorted positions as counts per class: with the "linear" quartile at position
    (n - 1) * p, both neighbours of Q1 and Q3 hold the quartile (exactly two Kreise, so each
    quarter has the same size) and the median position holds the median."""
    q1, med, q3 = ((n - 1) * p for p in QUARTILES)
    below_q1 = math.floor(q1)
    through_q3 = math.ceil(q3) + 1
    return (
        ClassCount("unter Q1", (0,), below_q1, below_q1),
        ClassCount("gleich Q1", (1,), math.ceil(q1) - below_q1 + 1, math.ceil(q1) - below_q1 + 1),
        ClassCount("unter dem Median", (0, 1, 2), 0, math.floor(med)),
        ClassCount("bis zum Median", (0, 1, 2, 3), math.floor(med) + 1, n),
        ClassCount("gleich Q3", (5,), through_q3 - math.floor(q3), through_q3 - math.floor(q3)),
        ClassCount("über Q3", (6,), n - through_q3, n - through_q3),
    )


def share_rules(
    published: Published, status: pd.DataFrame, gemeinden: pd.DataFrame
) -> tuple[ShareRule, ...]:
    """The four budget findings of 1.3.2 as soft share rules (ikzmap.budget_findings)."""
    rules = []
    for finding in FINDINGS:
        table = kreis_status_counts(status, gemeinden, finding.codes)
        lo, hi = share_bounds(published.value(finding.figure_id))
        rules.append(
            ShareRule(
                finding.figure_id,
                (QUARTER_CLASS[finding.quarter],),
                table["hits"].to_dict(),
                table["n"].to_dict(),
                lo,
                hi,
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class ModelInputs:
    hierarchy: Hierarchy
    published: Published
    status: pd.DataFrame  # budget status per Gemeinde
    population: pd.Series  # Einwohner per Gemeinde

    @classmethod
    def default(cls, hierarchy: Hierarchy) -> ModelInputs:
        return cls(hierarchy, load_published(), default_budget_status(), default_population())

    def gemeinden(self) -> pd.DataFrame:
        return mapdata.unit_table(self.hierarchy, "gemeinde")


def count_problem(inputs: ModelInputs) -> CountProblem:
    """Every published constraint on the 31 Kreis counts, with the prior as target."""
    published, kreise = inputs.published, inputs.hierarchy.kreise()
    dist, fixed = published.kreis_distribution(), fixed_counts(published)
    keys = tuple(kreise.index)
    lower = {k: dist.minimum + 1 for k in keys}
    upper = {k: dist.maximum - 1 for k in keys}
    for key in MOST_ACTIVE:
        lower[key] = dist.q3 + 1
    for key, value in fixed.items():
        lower[key] = upper[key] = int(value)
    groups = [GroupSum("Summe", keys, published.total, published.total)]
    for rbz, (lo, hi) in rbz_bounds(published).items():
        groups.append(
            GroupSum(f"Regierungsbezirk {rbz}", tuple(kreise.index[kreise["rbz"] == rbz]), lo, hi)
        )
    target = prior(inputs.hierarchy, published, inputs.population).drop(fixed.index)
    return CountProblem(
        keys=keys,
        lower=lower,
        upper=upper,
        classes=value_classes(published),
        groups=tuple(groups),
        class_counts=class_counts(dist.n),
        shares=share_rules(published, inputs.status, inputs.gemeinden()),
        target=target.to_dict(),
    )


@dataclass(frozen=True)
class ModelFit:
    frame: pd.DataFrame  # key index: name, rbz, prior, count, provenance, range_lo, range_hi
    deviation: Fraction  # total miss of the budget findings, in Kommunen (0: all met)
    findings: tuple[FindingShare, ...]


def fit_model(inputs: ModelInputs, with_ranges: bool = True) -> ModelFit:
    """Solve the integer program; with ``with_ranges`` also the range of every modelled Kreis."""
    problem = count_problem(inputs)
    try:
        solution = problem.fit()
    except InfeasibleError as err:
        raise ModelError(str(err)) from err
    counts = pd.Series(solution.values).loc[list(problem.keys)]
    problems = problem.problems(solution.values)
    if problems:
        raise ModelError("Das Modell verfehlt veröffentlichte Zahlen: " + "; ".join(problems) + ".")
    deviation = sum((problem.deviation(r, solution.values) for r in problem.shares), Fraction(0))
    fixed = fixed_counts(inputs.published)
    kreise = inputs.hierarchy.kreise()
    frame = pd.DataFrame(
        {
            "name": kreise["label"],
            "rbz": kreise["rbz"],
            "prior": prior(inputs.hierarchy, inputs.published, inputs.population).round(1),
            "count": counts.astype("Int64"),
            "provenance": [
                Provenance.PUBLISHED if k in fixed.index else Provenance.MODELLED
                for k in kreise.index
            ],
            "range_lo": pd.Series(pd.NA, index=kreise.index, dtype="Int64"),
            "range_hi": pd.Series(pd.NA, index=kreise.index, dtype="Int64"),
        },
        index=kreise.index,
    )
    frame.index.name = "key"
    if with_ranges:
        for key in frame.index.difference(fixed.index):
            lo, hi = problem.feasible_range(key, float(deviation))
            frame.loc[key, ["range_lo", "range_hi"]] = [lo, hi]
    shares = tuple(finding_share(f, counts, inputs.status, inputs.gemeinden()) for f in FINDINGS)
    return ModelFit(frame, deviation, shares)


def fit_kreis_counts(hierarchy: Hierarchy, with_ranges: bool = True) -> pd.DataFrame:
    return fit_model(ModelInputs.default(hierarchy), with_ranges).frame


def default_csv_text(hierarchy: Hierarchy) -> str:
    """The CSV ``data/ikz/kreis_counts_default.csv`` as text (LF line ends, UTF-8)."""
    frame = fit_kreis_counts(hierarchy).reset_index()
    frame["provenance"] = frame["provenance"].map(str)
    return frame[list(CSV_COLUMNS)].to_csv(index=False, lineterminator="\n")


def write_default_csv(hierarchy: Hierarchy, path: Path = DEFAULT_CSV) -> Path:
    path.write_text(default_csv_text(hierarchy), encoding="utf-8")
    return path


def _csv_error(path: Path, text: str) -> PublishedDataError:
    """The committed model and the published figures disagree: either file may be wrong."""
    return PublishedDataError(
        f"{path.name} und {FIGURES_FILE}: {text} Wurden die veröffentlichten Zahlen "
        "geändert, die Modelldatei neu erzeugen: python -m ikzmap.model (siehe "
        "data/ikz/README.md)."
    )


def read_default_csv(path: Path = DEFAULT_CSV) -> pd.DataFrame:
    """The committed model (key index; count, provenance, range_lo, range_hi as integers)."""
    if not path.is_file():
        raise _csv_error(path, "Die Modelldatei fehlt.")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except OSError as err:  # the message would name a server path: not shown
        raise _csv_error(
            path,
            "Die Modelldatei ist nicht lesbar (Der Dienstbenutzer der App braucht Leserechte "
            "auf data/.)",
        ) from err
    except ValueError as err:  # empty, not CSV, not UTF-8
        raise _csv_error(path, "Die Modelldatei ist keine lesbare CSV-Datei.") from err
    missing = [c for c in CSV_COLUMNS if c not in raw.columns]
    if missing:
        raise _csv_error(path, f"Spalte(n) fehlen: {', '.join(missing)}.")
    frame = raw.set_index("key")
    try:
        ints = {
            c: pd.to_numeric(frame[c].replace("", None)).astype("Int64") for c in CSV_COLUMNS[4:6]
        }
        frame = frame.assign(count=pd.to_numeric(frame["count"]).astype("Int64"), **ints)
    except (ValueError, TypeError) as err:  # pandas: not a number; a fraction for Int64
        raise _csv_error(path, f"ungültiger Wert ({err}).") from err
    try:
        CSV_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise _csv_error(path, f"ungültiger Inhalt ({_first_failure(err)}).") from None
    frame["provenance"] = frame["provenance"].map(Provenance)
    return frame


def _first_failure(err: pa.errors.SchemaErrors) -> str:
    case = err.failure_cases.iloc[0]
    where = "" if pd.isna(case["index"]) else f"Schlüssel {case['index']}, "
    return f"{where}Spalte {case['column']}: {case['failure_case']}"


def check_committed(frame: pd.DataFrame, inputs: ModelInputs, path: Path = DEFAULT_CSV) -> None:
    """The committed counts meet every hard constraint and lie inside their ranges; the
    published Kreise are marked so and have no range."""
    fixed = fixed_counts(inputs.published)
    strangers = [k for k in fixed.index if k not in inputs.hierarchy.kreise().index]
    if strangers:
        raise _csv_error(path, f"Minimum/Maximum nennen keinen Kreis ({', '.join(strangers)}).")
    problem = count_problem(inputs)
    if sorted(frame.index) != sorted(problem.keys):
        raise _csv_error(path, "Die Schlüssel sind nicht die 31 Kreise.")
    values = {k: int(frame.at[k, "count"]) for k in problem.keys}
    problems = problem.problems(values)
    for key, row in frame.iterrows():
        published = key in fixed.index
        if (row["provenance"] == Provenance.PUBLISHED) != published:
            problems.append(f"{key}: Herkunft {row['provenance']}")
        has_range = not pd.isna(row["range_lo"]) and not pd.isna(row["range_hi"])
        if published == has_range or (
            has_range and not row["range_lo"] <= row["count"] <= row["range_hi"]
        ):
            problems.append(f"{key}: Bereich {row['range_lo']}–{row['range_hi']}")
    if problems:
        raise _csv_error(
            path, "passt nicht zu den veröffentlichten Zahlen: " + "; ".join(problems) + "."
        )


def default_kreis_counts(hierarchy: Hierarchy, inputs: ModelInputs | None = None) -> IkzDataset:
    """The modelled default dataset read from the committed CSV: 31 Kreis totals with their
    feasible ranges; the two published ones marked as such."""
    inputs = inputs or ModelInputs.default(hierarchy)
    frame = read_default_csv()
    check_committed(frame, inputs)
    values = frame[["count", "provenance", "range_lo", "range_hi"]].copy()
    source = Source(
        provenance=Provenance.MODELLED,
        title=MODEL_TITLE,
        reference="Randbedingungen: gpaNRW-Bericht, Abschnitte 1.3, 1.3.1 und 1.3.2",
        note=METHOD_NOTE,
    )
    return IkzDataset("kreis", values, source, MODEL_TITLE, notes=(MODEL_NOTICE,))


def main() -> int:
    """Regenerate the committed model: ``python -m ikzmap.model``."""
    print(f"geschrieben: {write_default_csv(Hierarchy.load()).name}")
    return 0


if __name__ == "__main__":
    configure_cli_logging()
    sys.exit(run_cli(main))
