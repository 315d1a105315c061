"""Compare any IkzDataset with the figures the gpaNRW report publishes.

Checks: the total, the RBz totals (Münster, Düsseldorf) and shares (all five), and, if
the data is at Kreis level or finer, the distribution over the 31 Kreise (number of
values, minimum, quartiles, maximum, and which Kreis holds min and max) and the budget
findings of 1.3.2 about the most and least active quarter (ikzmap.budget_findings). Every check
yields one :class:`Finding` with a German text, also when it agrees. Values of units the
survey did not cover enter no check (the rule of ikzmap.aggregate); a note names them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from geo import NRW_KEY, Hierarchy, rbz_names
from ikzmap import mapdata
from ikzmap.aggregate import Aggregates, aggregate, is_informational
from ikzmap.budget import default_budget_status
from ikzmap.budget_findings import (
    FINDINGS,
    QUARTER_SHORT,
    STICHTAG_SHORT,
    BudgetFinding,
    finding_share,
)
from ikzmap.dataset import IkzDataset
from ikzmap.fmt import format_int, format_number, format_percent, format_share, round_half_up
from ikzmap.published import QUANTILE_METHOD, Published, load_published
from ikzmap.status import Status

if TYPE_CHECKING:
    from ikzmap.atlas import AtlasData

KREIS_STATS: Final = (
    ("minimum", "Minimum", None),
    ("q1", "1. Viertelwert", 0.25),
    ("median", "Median", 0.5),
    ("q3", "3. Viertelwert", 0.75),
    ("maximum", "Maximum", None),
)


class Severity(StrEnum):
    OK = "ok"
    NOTE = "Hinweis"  # not comparable (no data, wrong level, incomplete)
    DEVIATION = "Abweichung"


@dataclass(frozen=True)
class Finding:
    check: str  # stable id, e.g. "total", "rbz_053_share", "kreis_q1"
    severity: Severity
    text: str  # German, for users
    expected: float | None = None
    actual: float | None = None

    @property
    def ok(self) -> bool:
        return self.severity is Severity.OK


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=1e-9)


def _num(value: float) -> str:
    """Integers without decimals, other values with one (German notation)."""
    return format_number(value, 0 if float(value).is_integer() else 1)


def _compare(check: str, label: str, actual: float, expected: float) -> Finding:
    actual, expected = float(actual), float(expected)
    if _same(actual, expected):
        return Finding(
            check, Severity.OK, f"{label} {_num(actual)} wie veröffentlicht", expected, actual
        )
    text = f"{label} {_num(actual)} statt {_num(expected)} veröffentlicht"
    return Finding(check, Severity.DEVIATION, text, expected, actual)


def check_total(agg: Aggregates, published: Published) -> Finding:
    total = agg.total
    if total is None:
        return Finding("total", Severity.NOTE, "Summe: keine Daten", float(published.total))
    return _compare("total", "Summe", total, published.total)


def _rbz_label(key: str) -> str:
    return f"Regierungsbezirk {rbz_names()[key]}"


def check_rbz(agg: Aggregates, published: Published) -> list[Finding]:
    """RBz totals where published, and every RBz's share in whole percent."""
    rbz = agg.level("rbz")
    table = published.rbz_table()
    findings = []
    for key in table.index:
        label = _rbz_label(key)
        if rbz.at[key, "status"] != Status.VALUE:
            text = f"{label}: {Status(rbz.at[key, 'status']).label}, nicht vergleichbar"
            findings.append(Finding(f"rbz_{key}", Severity.NOTE, text))
            continue
        count = int(rbz.at[key, "count"])
        if not pd.isna(table.at[key, "count"]):
            findings.append(
                _compare(f"rbz_{key}_count", f"{label}:", count, table.at[key, "count"])
            )
        findings.append(_share_finding(key, count, agg.total, table.at[key, "share_percent"]))
    return findings


def _share_finding(key: str, count: int, total: int | None, expected: float) -> Finding:
    check, label = f"rbz_{key}_share", _rbz_label(key)
    if not total:
        return Finding(check, Severity.NOTE, f"{label}: Anteil nicht berechenbar (Summe fehlt)")
    share, expected = count / total, float(expected)
    rounded = float(round_half_up(share * 100, 0))
    detail = f"({format_int(count)} von {format_int(total)} = {format_share(share)})"
    if _same(rounded, expected):
        text = f"{label}: Anteil {format_percent(rounded)} wie veröffentlicht {detail}"
        return Finding(check, Severity.OK, text, expected, rounded)
    text = (
        f"{label}: Anteil {format_percent(rounded)} statt {format_percent(expected)} "
        f"veröffentlicht {detail}"
    )
    return Finding(check, Severity.DEVIATION, text, expected, rounded)


def _kreis_counts(agg: Aggregates, hierarchy: Hierarchy) -> pd.Series:
    """Counts of the 31 Kreise (not the kreisfreie Städte) that have a value."""
    kreis = agg.level("kreis")
    kreise = kreis.loc[hierarchy.kreise().index]
    return kreise.loc[kreise["status"] == Status.VALUE, "count"].astype(int)


def _stat(values: np.ndarray, quantile: float | None, name: str) -> float:
    if quantile is not None:
        return float(np.quantile(values, quantile, method=QUANTILE_METHOD))
    return float(values.min() if name == "minimum" else values.max())


def check_kreise(agg: Aggregates, hierarchy: Hierarchy, published: Published) -> list[Finding]:
    """Number of Kreis values, min, quartiles, max and the Kreise at min and max."""
    if "kreis" not in agg.levels:
        text = "Kreiswerte nicht prüfbar: Der Datensatz enthält nur Werte je Regierungsbezirk"
        return [Finding("kreis", Severity.NOTE, text)]
    counts = _kreis_counts(agg, hierarchy)
    dist = published.kreis_distribution()
    findings = [_compare("kreis_n", "Anzahl Kreiswerte", len(counts), dist.n)]
    if counts.empty:
        return findings
    values = counts.to_numpy()
    for name, label, quantile in KREIS_STATS:
        actual = _stat(values, quantile, name)
        findings.append(_compare(f"kreis_{name}", label, actual, getattr(dist, name)))
    findings.append(_extreme(counts, hierarchy, dist.min_key, "Minimum", counts.min()))
    findings.append(_extreme(counts, hierarchy, dist.max_key, "Maximum", counts.max()))
    return findings


def _extreme(counts: pd.Series, hierarchy: Hierarchy, key: str, label: str, value: int) -> Finding:
    check = f"kreis_{label.lower()}_key"
    expected = hierarchy.label(key)
    holders = [k for k in counts.index if counts[k] == value]
    if key in holders:
        return Finding(check, Severity.OK, f"{label} bei {expected} wie veröffentlicht")
    actual = ", ".join(hierarchy.label(k) for k in holders)
    return Finding(check, Severity.DEVIATION, f"{label} bei {actual} statt bei {expected}")


def check_budget_findings(
    agg: Aggregates, hierarchy: Hierarchy, published: Published, status: pd.DataFrame
) -> list[Finding]:
    """The shares of Kommunen in Haushaltssicherung / ausgeglichen in the most and least
    active quarter of the Kreise, as the data places the Kreise, against 1.3.2."""
    if "kreis" not in agg.levels:
        return []
    counts = _kreis_counts(agg, hierarchy)
    dist = published.kreis_distribution()
    if len(counts) != dist.n:
        text = (
            f"Haushaltsbefunde (Abschnitt 1.3.2) nicht prüfbar: {len(counts)} statt "
            f"{dist.n} Kreiswerte"
        )
        return [Finding("budget_findings", Severity.NOTE, text)]
    gemeinden = mapdata.unit_table(hierarchy, "gemeinde")
    return [
        _budget_finding(f, counts, status, gemeinden, published.value(f.figure_id))
        for f in FINDINGS
    ]


def _budget_finding(
    finding: BudgetFinding,
    counts: pd.Series,
    status: pd.DataFrame,
    gemeinden: pd.DataFrame,
    expected: float,
) -> Finding:
    result = finding_share(finding, counts, status, gemeinden)
    label = f"{QUARTER_SHORT[finding.quarter]} ({len(result.kreise)} Kreise)"
    check = f"budget_{finding.figure_id}"
    if result.share is None:
        text = f"{label}: Anteil {finding.label} nicht berechenbar (keine Kommunen)"
        return Finding(check, Severity.NOTE, text, expected)
    share = float(result.share)
    rounded = float(round_half_up(share * 100, 0))
    detail = f"({format_int(result.hits)} von {format_int(result.n)} Kommunen; {STICHTAG_SHORT})"
    shown = format_number(share * 100, 1) + " %"
    if _same(rounded, expected):
        published = format_percent(expected)
        text = f"{label}: {shown} {finding.label}, wie veröffentlicht {published} {detail}"
        return Finding(check, Severity.OK, text, expected, rounded)
    text = (
        f"{label}: {shown} {finding.label} statt {format_percent(expected)} veröffentlicht {detail}"
    )
    return Finding(check, Severity.DEVIATION, text, expected, rounded)


def check_completeness(agg: Aggregates) -> Finding | None:
    """A note if surveyed Gebietskörperschaften lack values (sums are then incomplete)."""
    row = agg.level("nrw").loc[NRW_KEY]
    if row["missing"] == 0:
        return None
    text = (
        f"Für {format_int(row['missing'])} von {format_int(row['surveyed'])} erhobenen "
        "Gebietskörperschaften fehlen Werte; Summen sind unvollständig"
    )
    return Finding("completeness", Severity.NOTE, text)


def check_not_surveyed(agg: Aggregates) -> Finding | None:
    """A note naming the values of units not surveyed: kept, but compared nowhere."""
    table = agg.level(agg.levels[0])
    shown = table[is_informational(table)]
    if shown.empty:
        return None
    units = ", ".join(
        f"{name} ({format_int(count)})"
        for name, count in zip(shown["name"], shown["count"], strict=True)
    )
    text = f"Nicht verglichen, weil nicht erhoben (nur nachrichtlich): {units}"
    return Finding("not_surveyed", Severity.NOTE, text)


def check_subset(dataset: IkzDataset) -> Finding | None:
    """A note if the counts are a chosen part of an activity list (ikzmap.activity_filter):
    the report publishes all umgesetzte activities, so deviations are to be expected."""
    if not dataset.subset:
        return None
    text = (
        f"Geprüft wird die Auswahl: {dataset.subset}. Der Bericht veröffentlicht Zahlen aller "
        "umgesetzten IKZ-Aktivitäten; bei einer Auswahl sind Abweichungen zu erwarten"
    )
    return Finding("subset", Severity.NOTE, text)


def check_consistency(
    dataset: IkzDataset,
    hierarchy: Hierarchy,
    published: Published | None = None,
    status: pd.DataFrame | None = None,
) -> tuple[Finding, ...]:
    """All findings for ``dataset``, in a fixed order (the filter of an activity list,
    completeness, values not surveyed, total, RBz, Kreise, budget findings); ``status``:
    budget status per Gemeinde."""
    published = published or load_published()
    status = default_budget_status() if status is None else status
    return _findings(dataset, aggregate(dataset, hierarchy), hierarchy, published, status)


def check_atlas(atlas: AtlasData, published: Published) -> tuple[Finding, ...]:
    """:func:`check_consistency` of an atlas's dataset and budget status, from the
    aggregates the atlas holds (no second aggregation)."""
    return _findings(atlas.ikz, atlas.aggregates, atlas.hierarchy, published, atlas.budget_status)


def _findings(
    dataset: IkzDataset,
    agg: Aggregates,
    hierarchy: Hierarchy,
    published: Published,
    status: pd.DataFrame,
) -> tuple[Finding, ...]:
    findings = [check_total(agg, published), *check_rbz(agg, published)]
    findings += check_kreise(agg, hierarchy, published)
    findings += check_budget_findings(agg, hierarchy, published, status)
    checks = (check_subset(dataset), check_completeness(agg), check_not_surveyed(agg))
    notes = [note for note in checks if note]
    return (*notes, *findings)


def deviations(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity is Severity.DEVIATION)


def summary_text(findings: Iterable[Finding]) -> str:
    """One German sentence, e.g. "Alle 14 Vergleiche stimmen mit den veröffentlichten …"."""
    findings = tuple(findings)
    compared = [f for f in findings if f.severity is not Severity.NOTE]
    bad = deviations(findings)
    if not bad:
        return (
            f"Alle {len(compared)} Vergleiche stimmen mit den veröffentlichten Zahlen "
            "der gpaNRW überein."
        )
    verb = "weicht" if len(bad) == 1 else "weichen"
    return (
        f"{len(bad)} von {len(compared)} Vergleichen {verb} von den veröffentlichten Zahlen "
        "der gpaNRW ab."
    )
