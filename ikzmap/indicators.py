"""The indicators a map can show: one table of them behind ``get_indicator``.

Each indicator computes, for one level, a frame indexed by unit key with the columns
``value`` (Float64; a status code for categorical ones), ``display`` (German text),
``status`` (a :class:`~ikzmap.status.Status`) and ``provenance`` (a :class:`Provenance`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import pandas as pd

from geo import LEVEL_NAMES
from ikzmap import fmt
from ikzmap.aggregate import (
    informational_text,
    is_informational,
)
from ikzmap.atlas import AtlasData
from ikzmap.budget import STATUS_CODES, budget_source
from ikzmap.population import population_source
from ikzmap.provenance import Provenance, Source
from ikzmap.published import load_published
from ikzmap.registry import lookup
from ikzmap.status import Status, status_label

NUMERIC: Final = "numeric"
CATEGORICAL: Final = "categorical"
BIVARIATE: Final = "bivariate"
STATUS_GROUPS: Final = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 2, 7: 2}  # budget stress low..high
STATUS_GROUP_LABELS: Final = (
    "ausgeglichen (1–2)",
    "Rücklage/Fehlbetrag (3–4)",
    "HSK/Nothaushalt (5–7)",
)


@dataclass(frozen=True)
class IndicatorValues:
    frame: pd.DataFrame  # FRAME_COLUMNS (+ "ikz_class", "budget_class" for bivariate)
    sources: tuple[Source, ...]
    reason: str | None = None  # why the level has no value at all


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str  # German, for selectors and titles
    levels: tuple[str, ...]
    kind: str
    compute: Callable[[AtlasData, str], IndicatorValues]
    format: Callable[[object], str] = fmt.format_int


REPORT_SOURCE: Final = "bericht"  # the gpaNRW report in data/ikz/published.json


def _frame(index: pd.Index, value, display, status, provenance) -> pd.DataFrame:
    return pd.DataFrame(
        {"value": value, "display": display, "status": status, "provenance": provenance},
        index=index,
    ).astype({"value": "Float64"})


def _no_ikz_reason(level: str) -> str:
    return (
        f"Für die Ebene {LEVEL_NAMES[level]} liegen keine IKZ-Zahlen vor: Der gpaNRW-Bericht "
        "veröffentlicht keine Werte je Gemeinde. Laden Sie eigene Gemeindedaten hoch "
        "(Seitenleiste „Daten“)."
    )


def _no_value(atlas: AtlasData, level: str) -> pd.DataFrame:
    units = atlas.units[level]
    status = units["surveyed"].map({True: Status.NO_DATA, False: Status.NOT_SURVEYED})
    return _frame(units.index, pd.NA, status.map(status_label), status, None)


def _ikz_frame(atlas: AtlasData, level: str, column: str, formatter) -> IndicatorValues:
    table = atlas.ikz_table(level)
    if table is None:
        return IndicatorValues(_no_value(atlas, level), (atlas.ikz.source,), _no_ikz_reason(level))
    table = table.reindex(atlas.units[level].index)
    has_value = table["status"] == Status.VALUE
    given = pd.to_numeric(table[column], errors="coerce")
    value = given.where(has_value)  # what classes and ranks see (ikzmap.aggregate's rule)
    informational = is_informational(table)
    display = [
        _with_completeness(formatter(v), missing, surveyed)
        if ok
        else (informational_text(formatter(g)) if info else status_label(s))
        for v, g, ok, info, s, missing, surveyed in zip(
            value,
            given,
            has_value,
            informational,
            table["status"],
            table["missing"],
            table["surveyed"],
            strict=True,
        )
    ]
    provenance = table["provenance"].map(lambda p: None if pd.isna(p) else Provenance(p))
    frame = _frame(table.index, value, display, table["status"], provenance)
    count = pd.to_numeric(table["count"], errors="coerce")
    frame = _with_ranges(frame, atlas, level, value / count.where(count > 0))
    return IndicatorValues(frame, _ikz_sources(atlas, provenance))


def _with_ranges(
    frame: pd.DataFrame, atlas: AtlasData, level: str, per_count: pd.Series
) -> pd.DataFrame:
    """Feasible range of each modelled value (``range_lo``, ``range_hi``), scaled like the
    value: a count's range, or the range divided as the count is (per unit, per 10,000)."""
    ranges = atlas.ranges(level)
    if ranges is None:
        return frame
    ranges = ranges.reindex(frame.index).astype("Float64")
    return frame.assign(
        range_lo=(ranges["range_lo"] * per_count).astype("Float64"),
        range_hi=(ranges["range_hi"] * per_count).astype("Float64"),
    )


def _ikz_sources(atlas: AtlasData, provenance: pd.Series) -> tuple[Source, ...]:
    """The dataset's source, and the report's for values it publishes among modelled ones
    (the published Kreis and RBz totals of the default data): each value cites the source
    of its own provenance."""
    sources = (atlas.ikz.source,)
    published = provenance == Provenance.PUBLISHED
    if atlas.ikz.source.provenance != Provenance.PUBLISHED and published.any():
        sources += (load_published().sources[REPORT_SOURCE],)
    return sources


def _with_completeness(text: str, missing: int, surveyed: int) -> str:
    """A sum with members lacking a value says so: "1.665 (6 von 80 mit Wert)"."""
    if missing and surveyed and missing < surveyed:
        return (
            f"{text} ({fmt.format_int(surveyed - missing)} von {fmt.format_int(surveyed)} mit Wert)"
        )
    return text


def ikz_count(atlas: AtlasData, level: str) -> IndicatorValues:
    return _ikz_frame(atlas, level, "count", fmt.format_int)


PER_UNIT_INPUTS: Final = (
    "IKZ-Aktivitäten der Einheit geteilt durch die Zahl ihrer erhobenen Gebietskörperschaften "
    "(kreisangehörige Kommunen und Kreise; Gebietsstand VG250)"
)
PER_10K_INPUTS: Final = (
    "IKZ-Aktivitäten der Einheit geteilt durch die Einwohner ihrer erhobenen Kommunen "
    "(Zensus 2022), mal 10.000"
)


def computed_source(inputs: str) -> Source:
    """The citable source of a value ikzmap computes from a published figure."""
    report = load_published().sources[REPORT_SOURCE]
    return Source(
        provenance=Provenance.COMPUTED,
        title=f"berechnet von ikzmap: {inputs}",
        note=f"veröffentlichte IKZ-Zahl aus {report.title}",
    )


def _published_as_computed(result: IndicatorValues, inputs: str) -> IndicatorValues:
    """A ratio of a published count and a derived divisor is not published: it is
    "berechnet", and cites its inputs instead of the report."""
    published = result.frame["provenance"] == Provenance.PUBLISHED
    if not published.any():
        return result
    frame = result.frame.copy()
    frame.loc[published, "provenance"] = Provenance.COMPUTED
    sources = tuple(s for s in result.sources if s.provenance != Provenance.PUBLISHED)
    return IndicatorValues(frame, (*sources, computed_source(inputs)), result.reason)


def ikz_per_unit(atlas: AtlasData, level: str) -> IndicatorValues:
    result = _ikz_frame(atlas, level, "per_unit", _one_decimal)
    return _published_as_computed(result, PER_UNIT_INPUTS)


def ikz_per_10k(atlas: AtlasData, level: str) -> IndicatorValues:
    """Activities per 10,000 inhabitants of the surveyed Gemeinden (Zensus 2022 unless
    uploaded figures replace them)."""
    result = ikz_count(atlas, level)
    frame = result.frame.copy()
    population = atlas.population_at(level).reindex(frame.index)
    pop = pd.to_numeric(population["einwohner"], errors="coerce")
    factor = 10_000 / pop.where(pop > 0)
    rate = frame["value"] * factor
    has = rate.notna() & (frame["status"] == Status.VALUE)
    frame["value"] = rate.where(has).astype("Float64")
    frame.loc[~has & (frame["status"] == Status.VALUE), "status"] = Status.NO_DATA
    frame["display"] = [
        _one_decimal(v) if ok else status_label(s)
        for v, ok, s in zip(frame["value"], has, frame["status"], strict=True)
    ]
    for column in ("range_lo", "range_hi"):
        if column in frame:
            frame[column] = (frame[column] * factor).astype("Float64")
    sources = result.sources
    if (population["provenance"] == Provenance.OFFICIAL).any():
        sources += (population_source(),)
    return _published_as_computed(IndicatorValues(frame, sources, result.reason), PER_10K_INPUTS)


def _one_decimal(value: object) -> str:
    return fmt.format_number(value, 1)


def budget_status(atlas: AtlasData, level: str) -> IndicatorValues:
    status = atlas.budget_status.reindex(atlas.units[level].index)
    code = status["status_code"]
    has = code.notna()
    labels = {s.code: s.label for s in STATUS_CODES}
    display = [
        labels[int(c)] if ok else Status.NO_DATA.label for c, ok in zip(code, has, strict=True)
    ]
    frame = _frame(
        status.index,
        code,
        display,
        has.map({True: Status.VALUE, False: Status.NO_DATA}),
        has.map({True: Provenance.OFFICIAL, False: None}),
    )
    return IndicatorValues(frame, (budget_source(),))


def _budget_share(column: str) -> Callable[[AtlasData, str], IndicatorValues]:
    def compute(atlas: AtlasData, level: str) -> IndicatorValues:
        table = atlas.budget[level].reindex(atlas.units[level].index)
        share = pd.to_numeric(table[column], errors="coerce")
        has = share.notna()
        frame = _frame(
            table.index,
            share,
            [
                fmt.format_share(v) if ok else Status.NO_DATA.label
                for v, ok in zip(share, has, strict=True)
            ],
            has.map({True: Status.VALUE, False: Status.NO_DATA}),
            has.map({True: Provenance.OFFICIAL, False: None}),
        )
        return IndicatorValues(frame, (budget_source(),))

    return compute


EXAMPLES_INPUTS: Final = (
    "Zahl der Praxisbeispiele des gpaNRW-Berichts (Abschnitte 1.3.3 und 1.4), an denen die "
    "Einheit oder eine ihrer Gemeinden beteiligt ist"
)


def practice_examples(atlas: AtlasData, level: str) -> IndicatorValues:
    """Practice examples of the report per Kreis or Gemeinde (a Landschaftsverband's own
    projects are not counted: they are drawn on its territory when chosen)."""
    from ikzmap.examples import counts

    index = atlas.units[level].index
    values = counts(load_published().examples, atlas.hierarchy, level).reindex(index).fillna(0)
    frame = _frame(
        index,
        values,
        [fmt.format_int(v) for v in values],
        Status.VALUE,
        Provenance.COMPUTED,
    )
    return IndicatorValues(frame, (computed_source(EXAMPLES_INPUTS),))


def _tertiles(values: pd.Series) -> pd.Series:
    from ikzmap.classify import classify

    present = values.dropna()
    if present.nunique() < 3:
        ranks = present.rank(method="dense").astype(int) - 1
        return ranks.reindex(values.index).astype("Int64")
    return classify(values, "quantiles", 3).classes


def bivariate(atlas: AtlasData, level: str) -> IndicatorValues:
    ikz = ikz_count(atlas, level)
    if level == "gemeinde":
        budget = budget_status(atlas, level).frame
        budget_class = (
            budget["value"]
            .map(lambda c: pd.NA if pd.isna(c) else STATUS_GROUPS[int(c)])
            .astype("Int64")
        )
    else:
        budget = _budget_share("share_hsk")(atlas, level).frame
        comparable = budget["value"].astype(float).where(ikz.frame["value"].notna())
        budget_class = _tertiles(comparable)
    frame = ikz.frame.copy()
    ikz_class = _tertiles(frame["value"].astype(float))
    both = ikz_class.notna() & budget_class.notna()
    frame["ikz_class"] = ikz_class.where(both)
    frame["budget_class"] = budget_class.where(both)
    frame["value"] = (frame["ikz_class"] * 3 + frame["budget_class"]).astype("Float64")
    frame["display"] = [
        f"IKZ {ikz.frame.at[k, 'display']} · Haushalt {budget.at[k, 'display']}"
        if ok
        else status_label(frame.at[k, "status"])
        for k, ok in both.items()
    ]
    # "provenance" stays the IKZ half's; the budget half has its own (always official)
    frame["budget_provenance"] = budget["provenance"].where(both, None)
    return IndicatorValues(frame, (*ikz.sources, budget_source()), ikz.reason)


INDICATORS: Final = {
    i.id: i
    for i in (
        Indicator(
            "ikz_count",
            "IKZ-Aktivitäten (Anzahl)",
            ("rbz", "kreis", "gemeinde"),
            NUMERIC,
            ikz_count,
        ),
        Indicator(
            "ikz_per_unit",
            "IKZ-Aktivitäten je Gebietskörperschaft",
            ("rbz", "kreis"),
            NUMERIC,
            ikz_per_unit,
            _one_decimal,
        ),
        Indicator(
            "ikz_per_10k",
            "IKZ-Aktivitäten je 10.000 Einwohner",
            ("rbz", "kreis", "gemeinde"),
            NUMERIC,
            ikz_per_10k,
            _one_decimal,
        ),
        Indicator(
            "budget_status",
            "Haushaltsstatus (Stichtag 31.12.2025)",
            ("gemeinde",),
            CATEGORICAL,
            budget_status,
            str,
        ),
        Indicator(
            "budget_hsk",
            "Anteil der Gemeinden in Haushaltssicherung (HSK, Status 5–7)",
            ("rbz", "kreis"),
            NUMERIC,
            _budget_share("share_hsk"),
            fmt.format_share,
        ),
        Indicator(
            "budget_balanced",
            "Anteil der Gemeinden ausgeglichen (inkl. fiktiv, Status 1–2)",
            ("rbz", "kreis"),
            NUMERIC,
            _budget_share("share_ausgeglichen_inkl_fiktiv"),
            fmt.format_share,
        ),
        Indicator(
            "practice_examples",
            "Praxisbeispiele des Berichts (Anzahl)",
            ("kreis", "gemeinde"),
            NUMERIC,
            practice_examples,
        ),
        Indicator(
            "bivariate",
            "IKZ × Haushaltslage (bivariat)",
            ("rbz", "kreis", "gemeinde"),
            BIVARIATE,
            bivariate,
        ),
    )
}


def get_indicator(indicator_id: str) -> Indicator:
    return lookup(INDICATORS, indicator_id, "indicator")


def indicators_for(level: str, atlas: AtlasData) -> list[Indicator]:
    return [i for i in INDICATORS.values() if level in i.levels]


def empty_reason(atlas: AtlasData, indicator_id: str, level: str) -> str | None:
    """Why the indicator would draw an empty map at ``level`` (German), or None if it has
    values (batch exports and the static atlas leave such pairs out)."""
    values = INDICATORS[indicator_id].compute(atlas, level)
    if (values.frame["status"] == Status.VALUE).any():
        return None
    return "keine Werte in den Daten" + (f" ({values.reason})" if values.reason else "")
