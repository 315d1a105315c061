"""The detail panel of the static atlas, precomputed per unit (plain data, German text).

Built by the same function as the app's detail panel and the Steckbrief
(``ikzmap.details.unit_facts``), so all three show the same figures with the same
provenance.
"""

from __future__ import annotations

import pandas as pd

from geo import level_of
from ikzmap import details, panel_html
from ikzmap.atlas import AtlasData
from ikzmap.export.credits import source_line
from ikzmap.palettes import BUDGET_STATUS_COLORS
from ikzmap.published import Published

BUDGET_HEADING = f"{panel_html.BUDGET_HEADING} {panel_html.BUDGET_ORIGIN}"  # as in the app


def _table(frame: pd.DataFrame) -> dict[str, object]:
    """Columns and rows as text; the index (the key) first."""
    shown = frame.drop(columns=["Art"], errors="ignore")
    columns = [str(shown.index.name or "Schlüssel"), *map(str, shown.columns)]
    rows = [
        [str(key), *("–" if pd.isna(v) else str(v) for v in row)]
        for key, row in zip(shown.index, shown.itertuples(index=False), strict=True)
    ]
    return {"columns": columns, "rows": rows}


def _own_status(atlas: AtlasData, key: str) -> dict[str, object]:
    own, debt = details.own_budget(atlas, key)
    return {"heading": BUDGET_HEADING, "own": own, "debt": debt}


def budget_part(atlas: AtlasData, facts: details.UnitFacts) -> dict[str, object]:
    """Own status (a Gemeinde) or Gemeinden per status with the member table."""
    if facts.budget_counts is None or facts.members is None:
        return _own_status(atlas, facts.key)
    counts = facts.budget_counts
    bars = [
        [label, int(n), BUDGET_STATUS_COLORS[int(code) - 1]]
        for code, label, n in counts[["code", "Status", "Anzahl"]].itertuples(index=False)
    ]
    return {"heading": BUDGET_HEADING, "bars": bars, "table": _table(facts.members)}


def unit_record(atlas: AtlasData, published: Published, key: str) -> dict[str, object]:
    """Everything the atlas's detail panel shows for one unit, as JSON-ready data."""
    facts = details.unit_facts(atlas, published, key)
    record: dict[str, object] = {
        "label": facts.label,
        "context": list(facts.context),
        "ikz": [[line.label, line.text] for line in facts.lines],
        "statements": list(facts.statements),
        "budget": budget_part(atlas, facts),
        "examples": [[e.title, e.facts, e.text] for e in facts.examples],
        "sources": [source_line(s) for s in facts.sources],
    }
    if facts.survey_note:
        record["reason"] = facts.survey_note
    if level_of(key) == "gemeinde":
        kreis = str(atlas.hierarchy.units.at[key, "kreis"])
        record["kreis"] = {"key": kreis, "label": atlas.hierarchy.label(kreis)}
    return record


def level_records(atlas: AtlasData, published: Published, level: str) -> dict[str, object]:
    return {str(key): unit_record(atlas, published, str(key)) for key in atlas.units[level].index}
