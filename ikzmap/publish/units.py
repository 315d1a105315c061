"""The detail panel of the static atlas, precomputed per unit (plain data, German text).

Built from the same functions as the app's detail panel (``ikzmap.details``), so both
show the same figures with the same provenance.
"""

from __future__ import annotations

import pandas as pd

from geo import level_of, load_layer
from ikzmap import details, fmt, mapdata
from ikzmap.atlas import AtlasData
from ikzmap.budget import UEBERSCHULDUNG_LABELS
from ikzmap.palettes import BUDGET_STATUS_COLORS
from ikzmap.published import Published

BUDGET_HEADING = "Haushaltsstatus (MHKBD, amtlich, Stichtag 31.12.2025)"


def _context(atlas: AtlasData, key: str) -> list[str]:
    h = atlas.hierarchy
    unit = h.units.loc[key]
    context = [str(unit["type"]), f"Schlüssel {key}"]
    if unit["level"] == "gemeinde":
        context.append(h.label(unit["kreis"]))
    if unit["level"] != "rbz":
        context.append(h.label(unit["rbz"]))
    return context


def ikz_lines(atlas: AtlasData, key: str) -> list[list[str]]:
    """[label, text] pairs: IKZ count with provenance and range, rank, share, population."""
    facts = details.ikz_facts(atlas, key)
    value = facts.display
    if facts.provenance:
        value += f" ({facts.provenance})"
    span = details.range_text(facts)
    if span is not None:
        value += f"; {span}"
    lines = [["IKZ-Aktivitäten", value]]
    rank = details.rank_text(facts, level_of(key))
    if rank is not None:
        lines.append(["Rang", f"{rank}; Herkunft: {facts.rank_origin}"])
    if facts.share_of_parent is not None:
        share = fmt.format_share(facts.share_of_parent)
        lines.append(
            [f"Anteil an {facts.parent_label}", f"{share}; Herkunft: {facts.share_origin}"]
        )
    population = details.population_text(details.population_facts(atlas, key))
    if population is not None:
        lines.append(["Einwohner", population])
    return lines


def _table(frame: pd.DataFrame) -> dict[str, object]:
    """Columns and rows as text; the index (the key) first."""
    shown = frame.drop(columns=["Art"], errors="ignore")
    columns = [str(shown.index.name or "Schlüssel"), *map(str, shown.columns)]
    rows = [
        [str(key), *("–" if pd.isna(v) else str(v) for v in row)]
        for key, row in zip(shown.index, shown.itertuples(index=False), strict=True)
    ]
    return {"columns": columns, "rows": rows}


def budget_part(atlas: AtlasData, key: str) -> dict[str, object]:
    """Own status (a Gemeinde) or Gemeinden per status with the member table."""
    level = level_of(key)
    if level == "gemeinde":
        row = atlas.budget_status.loc[key]
        code = row["ueberschuldung_code"]
        debt = "nicht angegeben" if pd.isna(code) else UEBERSCHULDUNG_LABELS[int(code)]
        return {
            "heading": BUDGET_HEADING,
            "own": f"{row['status_code']} – {row['status_label']}",
            "debt": debt,
        }
    counts = details.budget_counts(atlas, key)
    bars = [
        [label, int(n), BUDGET_STATUS_COLORS[int(code) - 1]]
        for code, label, n in counts[["code", "Status", "Anzahl"]].itertuples(index=False)
    ]
    members = (
        details.kreise_table(atlas, key) if level == "rbz" else details.kommunen_table(atlas, key)
    )
    return {"heading": BUDGET_HEADING, "bars": bars, "table": _table(members)}


def _examples(published: Published, atlas: AtlasData, key: str) -> list[list[str]]:
    found = []
    for example in details.examples_for(published, atlas, key):
        facts, text = details.example_line(example)
        found.append([example.title, facts, text])
    return found


def unit_record(atlas: AtlasData, published: Published, key: str) -> dict[str, object]:
    """Everything the atlas's detail panel shows for one unit, as JSON-ready data."""
    record: dict[str, object] = {
        "label": atlas.hierarchy.label(key),
        "context": _context(atlas, key),
        "ikz": ikz_lines(atlas, key),
        "statements": details.report_statements(published, key),
        "budget": budget_part(atlas, key),
        "examples": _examples(published, atlas, key),
    }
    reason = atlas.units[level_of(key)].at[key, "erhebung_grund"]
    if isinstance(reason, str):
        record["reason"] = reason
    if level_of(key) == "gemeinde":
        kreis = str(atlas.hierarchy.units.at[key, "kreis"])
        record["kreis"] = {"key": kreis, "label": atlas.hierarchy.label(kreis)}
    return record


def level_records(atlas: AtlasData, published: Published, level: str) -> dict[str, object]:
    return {str(key): unit_record(atlas, published, str(key)) for key in atlas.units[level].index}


def level_collection(atlas: AtlasData, level: str) -> dict:
    """The level's boundaries with the units' official names and types."""
    table = mapdata.unit_table(atlas.hierarchy, level)
    return mapdata.feature_collection(load_layer(level), table, ["label", "type"])
