"""Budget status (Haushaltsstatus) of the 396 Gemeinden of NRW, MHKBD, Stichtag 31.12.2025.

The status exists per Gemeinde only: the Kreise themselves (Gemeindeverbände) have none
in this file. Aggregates per Kreis, RBz and NRW summarise the Gemeinden inside a unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import pandas as pd
import pandera.pandas as pa

from geo import NRW_KEY, Hierarchy, InvalidKeyError, at_level, normalize_key
from ikzmap.aggregate import NRW_NAME
from ikzmap.errors import DataFileError
from ikzmap.provenance import Provenance, Source

HAUSHALT_DIR: Final = Path(__file__).resolve().parent.parent / "data" / "haushalt"
BUDGET_FILE: Final = HAUSHALT_DIR / "haushaltsstatus_nrw_2025-12-31.csv"
STICHTAG: Final = "2025-12-31"
LICENCE: Final = "dl-de/by-2-0"
EXPECTED_ROWS: Final = 396
COLUMNS: Final = ("ags", "gemeinde", "status_code", "ueberschuldung_code")
CODES: Final = tuple(range(1, 8))
UEBERSCHULDUNG_CODES: Final = tuple(range(4))
HSK_CODES: Final = (5, 6, 7)
AUSGEGLICHEN_CODES: Final = (1,)
AUSGEGLICHEN_INKL_FIKTIV_CODES: Final = (1, 2)
NOTE_KREISE: Final = (
    "Der Haushaltsstatus liegt nur je Gemeinde vor; die Kreise selbst "
    "(Gemeindeverbände) sind nicht enthalten."
)
_STATUS_CODE: Final = r"^[1-7]$"
_UEBERSCHULDUNG_CODE: Final = r"^[0-3]?$"


@dataclass(frozen=True)
class StatusCode:
    code: int
    label: str  # official MHKBD category
    short: str  # for legends
    legal_basis: str | None


STATUS_CODES: Final = (
    StatusCode(
        1, "strukturell ausgeglichener Haushalt", "ausgeglichen", "§ 75 Abs. 2 S. 1-2 GO NRW"
    ),
    StatusCode(
        2,
        "fiktiv ausgeglichen (Inanspruchnahme der Ausgleichsrücklage)",
        "fiktiv ausgeglichen",
        "§ 75 Abs. 2 S. 3 GO NRW",
    ),
    StatusCode(
        3,
        "genehmigte Verringerung der allgemeinen Rücklage",
        "Verringerung allg. Rücklage",
        "§ 75 Abs. 4 GO NRW",
    ),
    StatusCode(4, "genehmigter Vortrag eines Jahresfehlbetrags", "Vortrag Fehlbetrag", None),
    StatusCode(5, "Haushaltssicherungskonzept (HSK) genehmigt", "HSK genehmigt", "§ 76 GO NRW"),
    StatusCode(
        6,
        "HSK nicht genehmigt (vorläufige Haushaltsführung)",
        "HSK nicht genehmigt",
        "§ 76, § 82 GO NRW",
    ),
    StatusCode(
        7,
        "dauerhaft vorläufige Haushaltsführung (Nothaushalt)",
        "Nothaushalt",
        "§ 82 GO NRW",
    ),
)
STATUS_LABELS: Final = {s.code: s.label for s in STATUS_CODES}
UEBERSCHULDUNG_LABELS: Final = {
    0: "keine Überschuldung",
    1: "Überschuldung eingetreten (negatives Eigenkapital)",
    2: "Überschuldung droht im Finanzplanungszeitraum",
    3: "Überschuldung droht nach dem Finanzplanungszeitraum",
}


class BudgetDataError(DataFileError):
    """The budget file is missing or malformed; the German message names file and row."""


def budget_source() -> Source:
    return Source(
        provenance=Provenance.OFFICIAL,
        title="MHKBD NRW: Haushaltsstatus der Kommunen in NRW (Open.NRW)",
        stichtag=STICHTAG,
        licence=LICENCE,
        note=NOTE_KREISE,
    )


def read_text_csv(path: Path, error: type[DataFileError]) -> pd.DataFrame:
    """A shipped CSV as text columns; a missing, unreadable, empty or broken file raises
    ``error`` with a German message naming the file (never its server path)."""
    if not path.is_file():
        raise error(f"Datei fehlt: {path.name}.")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except OSError as err:  # e.g. no read permission for the service user
        raise error(
            f"{path.name}: Datei ist nicht lesbar (Der Dienstbenutzer der App braucht "
            "Leserechte auf data/.)"
        ) from err
    except pd.errors.EmptyDataError as err:
        raise error(f"{path.name}: Datei ist leer.") from err
    except ValueError as err:  # ParserError, UnicodeDecodeError and other unreadable input
        raise error(f"{path.name}: Datei ist keine lesbare CSV-Datei ({err}).") from err


def _read(path: Path) -> pd.DataFrame:
    frame = read_text_csv(path, BudgetDataError)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise BudgetDataError(f"{path.name}, Zeile 1: Spalte(n) fehlen: {', '.join(missing)}.")
    if not isinstance(frame.index, pd.RangeIndex):  # pandas took surplus fields as an index
        raise BudgetDataError(f"{path.name}, Zeile 2: mehr Felder als in der Kopfzeile.")
    return frame[list(COLUMNS)].apply(lambda col: col.str.strip())


def _key_or_none(raw: str) -> str | None:
    try:
        return normalize_key(raw)
    except InvalidKeyError:
        return None


def _no_repeat(keys: pd.Series) -> pd.Series:
    return ~keys.duplicated(keep="first")


# The checks of one row, in the order a row's first problem is reported.
_KEY, _GEMEINDE_KEY, _REPEATED = "key", "gemeinde_key", "repeated"
_NAME, _STATUS, _UEBERSCHULDUNG = "gemeinde", "status_code", "ueberschuldung_code"
ROW_SCHEMA: Final = pa.DataFrameSchema(
    {
        "key": pa.Column(
            nullable=True,
            checks=[
                pa.Check(lambda s: s.notna(), name=_KEY, ignore_na=False),
                pa.Check(lambda s: at_level(s, "gemeinde"), name=_GEMEINDE_KEY),
                pa.Check(_no_repeat, name=_REPEATED),
            ],
        ),
        "gemeinde": pa.Column(checks=pa.Check.str_length(min_value=1)),
        "status_code": pa.Column(checks=pa.Check.str_matches(_STATUS_CODE)),
        "ueberschuldung_code": pa.Column(checks=pa.Check.str_matches(_UEBERSCHULDUNG_CODE)),
    }
)
# A row's problem: the named check of the key column, or the one check of another column.
_CHECK_ORDER: Final = (_KEY, _GEMEINDE_KEY, _REPEATED, _NAME, _STATUS, _UEBERSCHULDUNG)


def _which(column: str, check: object) -> int:
    return _CHECK_ORDER.index(str(check) if column == "key" else column)


def _problem(frame: pd.DataFrame, row: int, check: str) -> str:
    """The German message of one failed check in one row (as the report names it)."""
    raw = frame.at[row, "ags"]
    if check == _KEY:
        try:
            normalize_key(raw)
        except InvalidKeyError as err:
            return str(err)
    key = frame.at[row, "key"]
    return {
        _GEMEINDE_KEY: f"„{raw}“ ist kein 8-stelliger Gemeindeschlüssel.",
        _REPEATED: f"Schlüssel {key} doppelt "
        f"(schon in Zeile {_line(frame.index[frame['key'] == key][0])}).",
        _NAME: "Name der Gemeinde fehlt.",
        _STATUS: f"status_code „{frame.at[row, 'status_code']}“ ist ungültig (erlaubt: 1 bis 7).",
        _UEBERSCHULDUNG: f"ueberschuldung_code „{frame.at[row, 'ueberschuldung_code']}“ ist "
        "ungültig (erlaubt: 0 bis 3 oder leer).",
    }[check]


def _line(row: int) -> int:
    return int(row) + 2  # the header is line 1


def _validated_keys(frame: pd.DataFrame, name: str) -> list[str]:
    """The canonical keys of the rows; the first bad row raises, naming line and field."""
    frame = frame.assign(key=frame["ags"].map(_key_or_none))
    try:
        ROW_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        order = [_which(c, k) for c, k in zip(cases["column"], cases["check"], strict=True)]
        first = cases.assign(order=order).sort_values(["index", "order"]).iloc[0]
        row, check = int(first["index"]), _CHECK_ORDER[int(first["order"])]
        raise BudgetDataError(
            f"{name}, Zeile {_line(row)}: {_problem(frame, row, check)}"
        ) from None
    return list(frame["key"])


def _check_coverage(keys: pd.Index, hierarchy: Hierarchy, name: str) -> None:
    """Every key must be a Gemeinde of the hierarchy (with 396 unique keys: all of them)."""
    unknown = keys.difference(hierarchy.level("gemeinde").index)
    if len(unknown):
        line = keys.get_loc(unknown[0]) + 2
        raise BudgetDataError(
            f"{name}, Zeile {line}: Gemeinde {unknown[0]} gibt es im Gebietsstand nicht."
        )


def load_budget_status(
    path: Path = BUDGET_FILE, hierarchy: Hierarchy | None = None
) -> pd.DataFrame:
    """Validated status per AGS: name, status_code, ueberschuldung_code (nullable), label.

    Raises :class:`BudgetDataError` (German, with file and row) for a bad file; with a
    ``hierarchy`` the keys must be exactly its Gemeinden.
    """
    raw = _read(path)
    keys = pd.Index(_validated_keys(raw, path.name), name="ags")
    if len(keys) != EXPECTED_ROWS:
        raise BudgetDataError(f"{path.name}: {len(keys)} Gemeinden statt {EXPECTED_ROWS}.")
    if hierarchy is not None:
        _check_coverage(keys, hierarchy, path.name)
    ueber = raw["ueberschuldung_code"]
    frame = pd.DataFrame(
        {
            "name": raw["gemeinde"],
            "status_code": pd.to_numeric(raw["status_code"]).astype("Int64"),
            "ueberschuldung_code": pd.to_numeric(ueber.where(ueber != "")).astype("Int64"),
        }
    ).set_axis(keys)
    frame["status_label"] = frame["status_code"].map(STATUS_LABELS)
    return frame


@lru_cache(maxsize=1)
def _default_status() -> pd.DataFrame:
    return load_budget_status()


def default_budget_status() -> pd.DataFrame:
    """The shipped file, validated (a cached copy)."""
    return _default_status().copy()


def summarize(status: pd.DataFrame) -> dict[str, object]:
    """Counts and shares of one group of Gemeinden (rows of :func:`load_budget_status`)."""
    codes = status["status_code"].dropna().astype(int)
    n = len(status)
    counts = {code: int((codes == code).sum()) for code in CODES}
    summary: dict[str, object] = {"n": n}
    summary.update({f"n_status_{code}": count for code, count in counts.items()})
    summary.update({f"share_status_{code}": _share(c, n) for code, c in counts.items()})
    groups = {
        "hsk": HSK_CODES,
        "ausgeglichen": AUSGEGLICHEN_CODES,
        "ausgeglichen_inkl_fiktiv": AUSGEGLICHEN_INKL_FIKTIV_CODES,
    }
    for name, members in groups.items():
        count = sum(counts[code] for code in members)
        summary[f"n_{name}"] = count
        summary[f"share_{name}"] = _share(count, n)
    worst = int(codes.max()) if len(codes) else None
    summary["worst_status"] = worst
    summary["worst_label"] = STATUS_LABELS.get(worst) if worst else None
    ueber = status["ueberschuldung_code"]
    for code in UEBERSCHULDUNG_CODES:
        summary[f"n_ueberschuldung_{code}"] = int((ueber == code).sum())
    summary["n_ueberschuldung_unbekannt"] = int(ueber.isna().sum())
    return summary


def _share(count: int, n: int) -> float:
    return count / n if n else float("nan")


def _unit_members(hierarchy: Hierarchy, level: str) -> dict[str, pd.Index]:
    """Gemeinde keys per unit of ``level`` ("kreis", "rbz" or "nrw")."""
    if level == "nrw":
        return {NRW_KEY: hierarchy.level("gemeinde").index}
    return {key: hierarchy.gemeinden_in(key).index for key in hierarchy.level(level).index}


def aggregate_budget(
    status: pd.DataFrame,
    hierarchy: Hierarchy,
    level: str,
    only: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per unit of ``level`` ("kreis": 31 Kreise + 22 kreisfreie Städte, "rbz",
    "nrw") summarising its Gemeinden; ``only`` restricts to these Gemeinde keys
    (e.g. the surveyed ones). Kreise themselves have no status and do not count.
    """
    keep = status.index if only is None else status.index.intersection(pd.Index(list(only)))
    rows = {}
    for key, members in _unit_members(hierarchy, level).items():
        rows[key] = summarize(status.loc[members.intersection(keep)])
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.insert(0, "name", [_unit_name(hierarchy, key) for key in frame.index])
    frame["worst_status"] = frame["worst_status"].astype("Int64")
    frame.index.name = "key"
    return frame


def _unit_name(hierarchy: Hierarchy, key: str) -> str:
    return NRW_NAME if key == NRW_KEY else hierarchy.label(key)
