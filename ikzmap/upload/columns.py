"""The columns stage: which column holds what: recognise German column names, propose
and apply a mapping (with the guesses the user should confirm)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final

import pandas as pd

from geo import Hierarchy, InvalidKeyError
from ikzmap.upload.cells import is_blank, parse_number
from ikzmap.upload.errors import UploadError
from ikzmap.upload.names import NameIndex, is_total_name, normalize_name, parse_name

ROLES: Final = ("key", "name", "count", "population", "field", "legal_form", "status", "partner")
ROLE_LABELS: Final = {
    "key": "Schlüssel (AGS/RS)",
    "name": "Name der Gebietskörperschaft",
    "count": "Anzahl IKZ-Aktivitäten",
    "population": "Einwohner",
    "field": "Aufgabenfeld",
    "legal_form": "Rechtsform",
    "status": "Status",
    "partner": "Partner (Schlüssel oder Namen)",
}
# Ties between roles go to the earlier role: "Schlüssel Gemeinde" is a key column,
# "Anzahl Einwohner" a population column, "IKZ-Status" a status column.
_TIE_ORDER: Final = (
    "key",
    "status",
    "field",
    "legal_form",
    "partner",
    "population",
    "count",
    "name",
)
# Whole names (without spaces and punctuation), best first.
_EXACT: Final = {
    "key": (
        "ags",
        "rs",
        "ars",
        "gkz",
        "gemeindeschluessel",
        "amtlichergemeindeschluessel",
        "regionalschluessel",
        "amtlicherregionalschluessel",
        "kreisschluessel",
        "schluessel",
        "gemeindekennziffer",
        "kreiskennziffer",
        "kennziffer",
        "schluesselnummer",
        "agsnr",
        "kreisnr",
        "gemeindenr",
        "kreisnummer",
        "gemeindenummer",
    ),
    "name": (
        "gebietskoerperschaft",
        "kommune",
        "gemeinde",
        "stadtgemeinde",
        "name",
        "gemeindename",
        "kommunenname",
        "kreisname",
        "bezeichnung",
        "stadt",
        "kreis",
        "kreisstadt",
        "regierungsbezirk",
        "bezirk",
        "rbz",
        "gebiet",
    ),
    "count": (
        "anzahl",
        "anzahlikz",
        "ikzaktivitaeten",
        "ikzprojekte",
        "anzahlikzaktivitaeten",
        "anzahlikzprojekte",
        "umgesetzteikz",
        "ikz",
        "aktivitaeten",
        "projekte",
        "wert",
        "summe",
        "insgesamt",
        "gesamt",
    ),
    "population": ("einwohner", "einwohnerzahl", "ew", "bevoelkerung", "einwohnerinnen"),
    "field": ("aufgabenfeld", "aufgabenbereich", "handlungsfeld", "themenfeld", "bereich"),
    "legal_form": ("rechtsform", "organisationsform", "kooperationsform", "form"),
    "status": ("status", "stand", "umsetzungsstand", "umsetzungsstatus"),
    "partner": (
        "partner",
        "kooperationspartner",
        "partnerkommunen",
        "beteiligte",
        "beteiligtekommunen",
        "partnergebietskoerperschaften",
    ),
}
# Parts of longer names ("Anzahl IKZ-Aktivitäten 2024", "Bevölkerung 31.12.2023").
_PARTS: Final = {
    "key": ("schluessel", "kennziffer", "ags", "gkz"),
    "name": ("name", "gemeinde", "kommune", "koerperschaft", "kreis", "bezirk"),
    "count": ("anzahl", "aktivitaet", "projekt", "ikz"),
    "population": ("einwohner", "bevoelkerung"),
    "field": ("aufgabe", "handlungsfeld", "themenfeld"),
    "legal_form": ("rechtsform", "organisationsform"),
    "status": ("status", "umsetzung"),
    "partner": ("partner", "beteiligt"),
}
_MIN_NUMERIC_SHARE: Final = 0.5  # a count column holds mostly numbers
_MIN_CONTENT_SHARE: Final = 0.8  # an unnamed key (count) column holds mostly keys (numbers)
_MIN_NAME_SHARE: Final = 0.5  # a name column holds mostly names of Gebietskörperschaften
_UNUSED_NAME_SHARE: Final = 0.2  # below this, with a key column, it is not used as the name
_SAMPLE: Final = 200  # cells looked at to judge a column's content


@dataclass(frozen=True)
class ColumnMapping:
    """The column (as labelled in the table) for each role; None if absent."""

    key: str | None = None
    name: str | None = None
    count: str | None = None
    population: str | None = None
    field: str | None = None
    legal_form: str | None = None
    status: str | None = None
    partner: str | None = None

    def roles(self) -> dict[str, str]:
        """Role -> column for the roles that are mapped."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @property
    def identifies_units(self) -> bool:
        return self.key is not None or self.name is not None


def header_role(header: object) -> tuple[str, int] | None:
    """The role a column name suggests, with a score (higher is surer), or None."""
    text = normalize_name(header)
    compact = text.replace(" ", "")
    if not compact:
        return None
    found = [(role, _score(role, text.split(), compact)) for role in _TIE_ORDER]
    best = max(found, key=lambda rs: rs[1])
    return best if best[1] > 0 else None


def _score(role: str, tokens: list[str], compact: str) -> int:
    if compact in _EXACT[role]:
        return 100 - _EXACT[role].index(compact)
    if any(part in tokens or (len(part) > 4 and part in compact) for part in _PARTS[role]):
        return 10
    return 0


def _sample(values: pd.Series) -> list[object]:
    return [v for v in values if not is_blank(v)][:_SAMPLE]


def _numeric_share(values: pd.Series) -> float:
    filled = _sample(values)
    return sum(parse_number(v) is not None for v in filled) / len(filled) if filled else 0.0


def _key_share(values: pd.Series, hierarchy: Hierarchy) -> float:
    filled = _sample(values)
    return sum(_resolves(v, hierarchy) for v in filled) / len(filled) if filled else 0.0


def _resolves(value: object, hierarchy: Hierarchy) -> bool:
    try:
        hierarchy.resolve(value)
    except InvalidKeyError:
        return False
    return True


def _ranked_headers(columns: pd.Index) -> list[tuple[int, str, str]]:
    """(score, role, column) for recognised columns, surest first."""
    ranked = []
    for col in columns:
        found = header_role(col)
        if found is not None:
            ranked.append((found[1], found[0], col))
    return sorted(ranked, key=lambda t: (-t[0], _TIE_ORDER.index(t[1])))


def _by_header(table: pd.DataFrame) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for _score_value, role, col in _ranked_headers(table.columns):
        if role in chosen or col in chosen.values():
            continue
        if role == "count" and _numeric_share(table[col]) < _MIN_NUMERIC_SHARE:
            continue  # e.g. an "IKZ-Projekt" column with project names
        chosen[role] = col
    return chosen


def _by_content(table: pd.DataFrame, chosen: dict[str, str], hierarchy: Hierarchy) -> None:
    free = [c for c in table.columns if c not in chosen.values()]
    if "key" not in chosen:
        keys = [c for c in free if _key_share(table[c], hierarchy) >= _MIN_CONTENT_SHARE]
        if keys:
            chosen["key"] = keys[0]
            free.remove(keys[0])
    if "count" not in chosen and "status" not in chosen:
        numeric = [c for c in free if _numeric_share(table[c]) >= _MIN_CONTENT_SHARE]
        if len(numeric) == 1:
            chosen["count"] = numeric[0]


@dataclass(frozen=True)
class Proposal:
    """A proposed mapping and the guesses in it the user should confirm (German)."""

    mapping: ColumnMapping
    doubts: tuple[str, ...] = ()


def _name_share(values: pd.Series, index: NameIndex) -> tuple[int, int]:
    """(names of Gebietskörperschaften, filled cells) in a sample; totals rows not counted."""
    filled = [v for v in _sample(values) if not is_total_name(v)]
    return sum(bool(index.candidates(parse_name(v))) for v in filled), len(filled)


def _check_name(
    table: pd.DataFrame, chosen: dict[str, str], index: NameIndex, doubts: list[str]
) -> None:
    """A name column (found by its heading) that seldom holds names of Gebietskörperschaften
    is a doubt; if it hardly ever does (e.g. "Bezeichnung" with project titles) and a key
    column identifies the units, it is not used as the name, so that no row gets the
    hint "Name passt nicht zum Schlüssel"."""
    column = chosen.get("name")
    if column is None:
        return
    names, filled = _name_share(table[column], index)
    if not filled or names >= _MIN_NAME_SHARE * filled:
        return
    what = (
        "ist der Name einer Gebietskörperschaft"
        if names == 1
        else "sind Namen von Gebietskörperschaften"
    )
    found = f"Nur {names} von {filled} Einträgen darin {what} in NRW"
    if "key" in chosen and names < _UNUSED_NAME_SHARE * filled:
        del chosen["name"]
        doubts.append(
            f"Spalte „{column}“ nicht als Name der Gebietskörperschaft verwendet – stimmt das? "
            f"{found}; zugeordnet wird über den Schlüssel in Spalte „{chosen['key']}“. Falls "
            "die Spalte doch Namen enthält, bitte unten zuordnen."
        )
    else:
        doubts.append(
            f"Spalte „{column}“ als Name der Gebietskörperschaft erkannt – stimmt das? "
            f"{found}. Sonst bitte unten die richtige Spalte zuordnen."
        )


def propose(table: pd.DataFrame, hierarchy: Hierarchy, index: NameIndex | None = None) -> Proposal:
    """A mapping from the column names and the cell contents, with the doubts about it.

    Without a recognisable key column, a column of valid NRW keys is taken as the key;
    without a count column, the only numeric column is taken as the count (a doubt: its
    heading does not say so); a name column that holds few names is checked
    (:func:`_check_name`).
    """
    chosen = _by_header(table)
    by_header = dict(chosen)
    _by_content(table, chosen, hierarchy)
    doubts: list[str] = []
    _check_name(table, chosen, index or NameIndex.build(hierarchy), doubts)
    if "count" in chosen and "count" not in by_header:
        doubts.append(
            f"Spalte „{chosen['count']}“ als Anzahl der IKZ-Aktivitäten erkannt – stimmt das? "
            "Ihre Überschrift sagt das nicht; sie ist nur die einzige Spalte mit Zahlen. Sonst "
            "bitte unten die richtige Spalte zuordnen."
        )
    return Proposal(ColumnMapping(**chosen), tuple(doubts))


def propose_mapping(table: pd.DataFrame, hierarchy: Hierarchy | None = None) -> ColumnMapping:
    """A mapping from the column names; with ``hierarchy`` also from the cell contents
    (see :func:`propose`, which also says which guesses are unsure)."""
    if hierarchy is None:
        return ColumnMapping(**_by_header(table))
    return propose(table, hierarchy).mapping


def check_mapping(mapping: ColumnMapping, columns: pd.Index) -> None:
    """Raise :class:`UploadError` if ``mapping`` names a missing column or one twice."""
    roles = mapping.roles()
    for role, col in roles.items():
        if col not in columns:
            raise UploadError(
                f"Die Spalte „{col}“ (zugeordnet als {ROLE_LABELS[role]}) gibt es in der "
                "Tabelle nicht. Bitte die Spalten neu zuordnen."
            )
    seen: dict[str, str] = {}
    for role, col in roles.items():
        if col in seen:
            raise UploadError(
                f"Die Spalte „{col}“ ist zweimal zugeordnet ({ROLE_LABELS[seen[col]]} und "
                f"{ROLE_LABELS[role]}). Jede Spalte kann nur eine Bedeutung haben."
            )
        seen[col] = role
    if not mapping.identifies_units:
        raise UploadError(
            "Keine Spalte mit Schlüssel (AGS/RS) oder Namen der Gebietskörperschaft erkannt. "
            "Bitte die Spalten zuordnen."
        )


def apply_mapping(table: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """The mapped columns renamed to their roles; index and cells unchanged.

    Raises :class:`UploadError` (German) for a mapping that does not fit the table.
    """
    check_mapping(mapping, table.columns)
    roles = mapping.roles()
    return table[list(roles.values())].set_axis(list(roles), axis=1)
