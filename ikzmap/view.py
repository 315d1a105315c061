"""One view of the atlas: indicator values classified and coloured, legend, notices, summary.

The interactive map and every snapshot are drawn from the same :class:`MapView`, so screen
and exports share one classification.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo import LEVEL_NAMES
from ikzmap import palettes
from ikzmap.aggregate import (
    INFORMATIONAL_NOTE,
)
from ikzmap.atlas import AtlasData
from ikzmap.breaks import german, input_scale, unit_suffix
from ikzmap.budget import STATUS_CODES
from ikzmap.classify import MANUAL, classify
from ikzmap.examples import COUNT_CAVEAT
from ikzmap.indicators import (
    BIVARIATE,
    CATEGORICAL,
    NUMERIC,
    STATUS_GROUP_LABELS,
    Indicator,
    IndicatorValues,
    get_indicator,
)
from ikzmap.legend import BivariateLegend, Legend, LegendEntry, class_labels, class_note
from ikzmap.notices import ikz_notices, share_notices
from ikzmap.provenance import Provenance, Source, provenance_label
from ikzmap.status import Status
from ikzmap.viewstate import ViewState

BUDGET_NOTE = (
    "Haushaltsstatus: MHKBD, Stichtag 31.12.2025 (der gpaNRW-Bericht nutzte den Stand "
    "31.12.2024; einzelne Kommunen können abweichen)."
)


@dataclass(frozen=True)
class MapView:
    state: ViewState
    indicator: Indicator
    table: pd.DataFrame  # one row per unit; contract: ikzmap.schemas.VIEW_TABLE_SCHEMA
    legend: Legend
    notices: tuple[str, ...]
    sources: tuple[Source, ...]
    reason: str | None  # why the level shows no values at all
    summary: str
    subset: str | None = None  # the filter of an activity list the IKZ counts follow
    fingerprint: str = ""  # of the atlas the view was built from (AtlasData.fingerprint)

    @property
    def title(self) -> str:
        return f"{self.indicator.label} – {LEVEL_NAMES[self.state.level]}"

    @property
    def identity(self) -> tuple[str, ViewState]:
        """What the view is made from: dataset and view state (caches key views by it)."""
        return self.fingerprint, self.state


def _base_color(status: str) -> str:
    return palettes.NOT_SURVEYED if status == Status.NOT_SURVEYED else palettes.NO_DATA


def _status_entries(table: pd.DataFrame) -> list[LegendEntry]:
    entries = []
    no_data = int((table["status"] == Status.NO_DATA).sum())
    not_surveyed = int((table["status"] == Status.NOT_SURVEYED).sum())
    if no_data:
        entries.append(LegendEntry(palettes.NO_DATA, Status.NO_DATA.label, no_data))
    if not_surveyed:
        entries.append(
            LegendEntry(palettes.NOT_SURVEYED, Status.NOT_SURVEYED.label, not_surveyed, True)
        )
    return entries


def _numeric(values: IndicatorValues, indicator: Indicator, state: ViewState):
    frame = values.frame
    scale = input_scale(indicator)  # breaks are typed as shown: shares in percent
    breaks = tuple(b / scale for b in state.breaks) or None
    cls = classify(frame["value"].astype(float), state.scheme, state.k, breaks)
    colors = (
        palettes.colors(state.palette, max(cls.k, palettes.MIN_CLASSES))[-cls.k :] if cls.k else []
    )
    klasse = cls.classes
    color = [
        colors[int(c)] if pd.notna(c) else _base_color(s)
        for c, s in zip(klasse, frame["status"], strict=True)
    ]
    suffix = unit_suffix(indicator)
    labels = class_labels(
        cls,
        indicator.format,
        (lambda b: german(b * scale) + suffix) if state.scheme == MANUAL else None,
    )
    entries = [LegendEntry(c, lab, n) for c, lab, n in zip(colors, labels, cls.counts, strict=True)]
    return klasse, color, entries, class_note(cls, indicator.format)


def _categorical(values: IndicatorValues):
    frame = values.frame
    codes = frame["value"]
    klasse = (codes - 1).astype("Int64")
    color = [
        palettes.BUDGET_STATUS_COLORS[int(c)] if pd.notna(c) else _base_color(s)
        for c, s in zip(klasse, frame["status"], strict=True)
    ]
    entries = [
        LegendEntry(
            palettes.BUDGET_STATUS_COLORS[s.code - 1],
            f"{s.code} {s.short}",
            int((codes == s.code).sum()),
        )
        for s in STATUS_CODES
    ]
    return klasse, color, entries, None


def _bivariate(values: IndicatorValues, level: str):
    frame = values.frame
    ikz, budget = frame["ikz_class"], frame["budget_class"]
    klasse = frame["value"].astype("Int64")
    color = [
        palettes.BIVARIATE_COLORS[int(i)][int(b)] if pd.notna(i) else _base_color(s)
        for i, b, s in zip(ikz, budget, frame["status"], strict=True)
    ]
    counts = tuple(
        tuple(int(((ikz == i) & (budget == b)).sum()) for b in range(3)) for i in range(3)
    )
    x_ticks = STATUS_GROUP_LABELS if level == "gemeinde" else ("niedrig", "mittel", "hoch")
    x_label = "Haushaltsstatus" if level == "gemeinde" else "Anteil in Haushaltssicherung"
    grid = BivariateLegend(
        palettes.BIVARIATE_COLORS,
        counts,
        x_label,
        "IKZ-Aktivitäten",
        tuple(x_ticks),
        ("wenig", "mittel", "viel"),
    )
    return klasse, color, [], grid


def _notices(atlas: AtlasData, indicator: Indicator, level: str, table: pd.DataFrame) -> list[str]:
    """Notices that fit the level shown (see ``ikzmap.notices``)."""
    notices = []
    uses_ikz = indicator.id.startswith("ikz") or indicator.kind == BIVARIATE
    if uses_ikz and (table["provenance"] == Provenance.MODELLED).any():
        notices.extend(ikz_notices(atlas.ikz, level, table))
    if indicator.id == "practice_examples":
        return [COUNT_CAVEAT]
    if not indicator.id.startswith("ikz"):
        notices.append(BUDGET_NOTE)
        if indicator.kind == NUMERIC:
            notices.extend(share_notices(level, table))
    return notices


_LISTED_UNITS = 5


def informational_values(table: pd.DataFrame) -> pd.Series:
    """Label -> value text of units not surveyed whose (uploaded) value is shown only
    for information: status "nicht erhoben", but a display other than the status
    (the rule is in ikzmap.aggregate)."""
    not_surveyed = table["status"] == Status.NOT_SURVEYED
    rows = table[not_surveyed & (table["display"] != Status.NOT_SURVEYED.label)]
    texts = rows["display"].astype(str).str.removesuffix(f" ({INFORMATIONAL_NOTE})")
    return pd.Series(texts.to_numpy(), index=rows["label"].to_numpy(), dtype=object)


def _listed(values: pd.Series) -> str:
    shown = [f"{label} ({text})" for label, text in values.iloc[:_LISTED_UNITS].items()]
    rest = len(values) - len(shown)
    return ", ".join(shown) + (f" und {rest} weitere" if rest > 0 else "")


def informational_notice(table: pd.DataFrame) -> tuple[str, ...]:
    """A notice naming the units whose values are informational only (none if none)."""
    values = informational_values(table)
    if values.empty:
        return ()
    return (
        f"Nur nachrichtlich, weil nicht erhoben (in keiner Klasse, keinem Rang und keiner "
        f"Summe): {_listed(values)}.",
    )


def summary_sentence(table: pd.DataFrame, indicator: Indicator, level: str) -> str:
    """One German sentence describing the map (text alternative)."""
    head = f"Karte der {LEVEL_NAMES[level]}: {indicator.label}."
    has = table[table["status"] == Status.VALUE]
    if has.empty:
        return f"{head} Für diese Ebene liegen keine Werte vor."
    parts = [head]
    if indicator.kind == CATEGORICAL:
        top = has["display"].value_counts()
        parts.append(f"Häufigster Status: {top.index[0]} ({top.iloc[0]} von {len(has)}).")
    elif indicator.kind != BIVARIATE:
        values = has["value"].astype(float)
        hi, lo = values.idxmax(), values.idxmin()
        parts.append(
            f"Höchster Wert: {has.at[hi, 'label']} ({has.at[hi, 'display']}), "
            f"niedrigster: {has.at[lo, 'label']} ({has.at[lo, 'display']})."
        )
    missing = len(table) - len(has)
    if missing:
        ns = int((table["status"] == Status.NOT_SURVEYED).sum())
        parts.append(f"{missing} Einheiten ohne Wert (davon {ns} nicht erhoben).")
    informational = informational_values(table)
    if not informational.empty:
        parts.append(f"Nur nachrichtlich, in keiner Klasse: {_listed(informational)}.")
    return " ".join(parts)


def _population_columns(atlas: AtlasData, level: str) -> pd.DataFrame:
    """Einwohner (surveyed Gemeinden, as IKZ rates use them), all Gemeinden, provenance."""
    pop = atlas.population_at(level)
    return pd.DataFrame(
        {
            "einwohner": pop["einwohner"],
            "einwohner_gesamt": pop["einwohner_gesamt"],
            "einwohner_herkunft": pop["provenance"].map(provenance_label),
        }
    )


def build_view(atlas: AtlasData, state: ViewState) -> MapView:
    indicator = get_indicator(state.indicator)
    if state.level not in indicator.levels:
        raise ValueError(f"indicator {indicator.id!r} is not available at level {state.level!r}")
    values = indicator.compute(atlas, state.level)
    note = None
    if indicator.kind == BIVARIATE:
        klasse, color, entries, grid = _bivariate(values, state.level)
    elif indicator.kind == CATEGORICAL:
        klasse, color, entries, grid = _categorical(values)
    else:
        klasse, color, entries, note = _numeric(values, indicator, state)
        grid = None
    units = atlas.units[state.level]
    table = units[["label", "type"]].join(values.frame).assign(klasse=klasse, color=color)
    table = table.join(_population_columns(atlas, state.level))
    legend = Legend(
        title=indicator.label,
        entries=(*entries, *_status_entries(table)),
        bivariate=grid,
        note=note,
    )
    return MapView(
        state=state,
        indicator=indicator,
        table=table,
        legend=legend,
        notices=(*_notices(atlas, indicator, state.level, table), *informational_notice(table)),
        sources=values.sources,
        reason=values.reason,
        summary=summary_sentence(table, indicator, state.level),
        subset=atlas.ikz.subset if _uses_ikz(indicator) else None,
        fingerprint=atlas.fingerprint,
    )


def _uses_ikz(indicator: Indicator) -> bool:
    return indicator.id.startswith("ikz") or indicator.kind == BIVARIATE
