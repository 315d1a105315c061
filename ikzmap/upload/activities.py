"""Lists with one row per IKZ activity: counted per reporting Gebietskörperschaft.

Only activities with status "umgesetzt" count toward the implemented count (as in the
gpaNRW survey); planned and reversed ones are kept in the activity table and summary.
"""

from __future__ import annotations

from collections import Counter
from typing import Final

import pandas as pd

from ikzmap.upload.cells import cell_text, is_blank
from ikzmap.upload.matching import Matcher
from ikzmap.upload.names import normalize_name
from ikzmap.upload.outcome import Outcome, counted_outcome
from ikzmap.upload.report import NOT_COUNTED, NOTE
from ikzmap.upload.rowsteps import Rows, match_rows, split_totals

IMPLEMENTED: Final = "umgesetzt"
PLANNED: Final = "geplant"
REVERSED: Final = "rückabgewickelt"
STATUSES: Final = (IMPLEMENTED, PLANNED, REVERSED)
_STATUS_WORDS: Final = {
    IMPLEMENTED: (
        "umgesetzt",
        "realisiert",
        "bestehend",
        "besteht",
        "aktiv",
        "laufend",
        "in betrieb",
        "eingefuehrt",
        "implementiert",
    ),
    PLANNED: ("geplant", "in planung", "planung", "vorgesehen", "beabsichtigt", "kuenftig"),
    REVERSED: (
        "rueckabgewickelt",
        "rueckabwicklung",
        "abgewickelt",
        "beendet",
        "aufgeloest",
        "aufgegeben",
        "eingestellt",
    ),
}
_STATUS_BY_WORD: Final = {w: s for s, words in _STATUS_WORDS.items() for w in words}
# "Status (Angabe)" and "Partner" keep the file's text for ikzmap.activity_filter.
ACTIVITY_COLUMNS: Final = (
    "key",
    "Gebietskörperschaft",
    "Aufgabenfeld",
    "Rechtsform",
    "Status",
    "Status (Angabe)",
    "Partner",
)


def parse_status(value: object) -> str | None:
    """ "umgesetzt", "geplant", "rückabgewickelt" for common spellings; None if unknown."""
    return _STATUS_BY_WORD.get(normalize_name(value))


def _statuses(rows: Rows, keys: pd.Series) -> pd.Series:
    """Status per matched row; rows with a blank or unknown status are reported."""
    if "status" not in rows.frame.columns:
        return pd.Series(IMPLEMENTED, index=keys.index, dtype=object)
    found: dict[int, str | None] = {}
    for row in keys.index:
        cell = rows.cell(row, "status")
        found[row] = None if is_blank(cell) else parse_status(cell)
        if found[row] is None:
            problem = (
                "Status fehlt" if is_blank(cell) else "Status unbekannt"
            ) + " (erwartet: umgesetzt, geplant oder rückabgewickelt)"
            rows.log.add(row, rows.label("status"), cell, problem, NOT_COUNTED)
    return pd.Series(found, index=keys.index, dtype=object).dropna()


def _report_repeats(rows: Rows, full: pd.DataFrame, index: pd.Index) -> None:
    """Rows identical in every cell to an earlier row: counted, but pointed out.

    Only if the table describes activities beyond unit and status: in a bare list of
    keys each repetition is one more activity.
    """
    identifying = {rows.labels.get(role) for role in ("key", "name", "status")}
    if all(column in identifying for column in full.columns):
        return
    table = full.loc[index].map(cell_text)
    first: dict[tuple[str, ...], int] = {}
    for row, cells in zip(table.index, table.itertuples(index=False, name=None), strict=True):
        if cells in first:
            problem = f"gleiche Angaben wie Zeile {first[cells]} – doppelt erfasst?"
            rows.log.add(row, "", "", problem, NOTE)
        else:
            first[cells] = row


def _text_column(rows: Rows, role: str, index: pd.Index) -> pd.Series:
    if role not in rows.frame.columns:
        return pd.Series("", index=index, dtype=object)
    return rows.frame.loc[index, role].map(cell_text)


def _activity_table(
    rows: Rows, keys: pd.Series, statuses: pd.Series, matcher: Matcher
) -> pd.DataFrame:
    index = statuses.index
    return pd.DataFrame(
        {
            "key": keys.loc[index],
            "Gebietskörperschaft": keys.loc[index].map(matcher.labels),
            "Aufgabenfeld": _text_column(rows, "field", index),
            "Rechtsform": _text_column(rows, "legal_form", index),
            "Status": statuses,
            "Status (Angabe)": _text_column(rows, "status", index),
            "Partner": _text_column(rows, "partner", index),
        },
        index=index,
        columns=list(ACTIVITY_COLUMNS),
    )


def process_activities(
    rows: Rows, full: pd.DataFrame, matcher: Matcher, coverage: pd.DataFrame
) -> Outcome:
    """Counts of implemented activities per unit from a list with one row per activity."""
    index, totals = split_totals(rows, rows.frame.index, matcher)
    keys, via_name = match_rows(rows, index, matcher)
    matched = keys.dropna()
    statuses = _statuses(rows, matched)
    _report_repeats(rows, full, statuses.index)
    valid = matched.loc[statuses.index]
    implemented = valid[statuses == IMPLEMENTED]
    counts = pd.Series(0, index=sorted(set(valid)), dtype="int64")
    counts = counts.add(implemented.value_counts(), fill_value=0).astype("int64")
    notes = (
        ()
        if "status" in rows.frame.columns
        else ("Keine Status-Spalte: jede Zeile zählt als umgesetzte IKZ-Aktivität.",)
    )
    return counted_outcome(
        rows,
        counts,
        matched,
        via_name,
        valid,
        coverage,
        totals,
        status_counts=dict(Counter(statuses)),
        activities=_activity_table(rows, valid, statuses, matcher),
        notes=notes,
    )
