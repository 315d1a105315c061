"""Population (Einwohner) of the 396 Gemeinden of NRW, Zensus 2022 (Stichtag 15.05.2022).

The official figure of every Gemeinde is the default; an uploaded population column
overrides it key by key and is then marked "hochgeladen". Kreis and Regierungsbezirk
figures are sums of their Gemeinden: for IKZ rates only the surveyed ones, because a
Kreis's IKZ count covers only those (StädteRegion Aachen without the city of Aachen).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import pandas as pd

from geo import Hierarchy, InvalidKeyError, is_level, normalize_key
from ikzmap.budget import read_text_csv
from ikzmap.errors import DataFileError
from ikzmap.provenance import Provenance, Source

POPULATION_DIR: Final = Path(__file__).resolve().parent.parent / "data" / "bevoelkerung"
POPULATION_FILE: Final = POPULATION_DIR / "bevoelkerung_nrw_zensus2022.csv"
STICHTAG: Final = "2022-05-15"
LICENCE: Final = "dl-de/by-2-0"
EXPECTED_ROWS: Final = 396
COLUMNS: Final = ("ags", "ars", "name", "einwohner")


class PopulationDataError(DataFileError):
    """The population file is missing or malformed; the German message names file and line."""


def population_source() -> Source:
    return Source(
        provenance=Provenance.OFFICIAL,
        title="Statistische Ämter des Bundes und der Länder: Zensus 2022, Bevölkerungszahl",
        reference="Tabelle 1000A-0000",
        stichtag=STICHTAG,
        licence=LICENCE,
    )


def _read(path: Path) -> pd.DataFrame:
    frame = read_text_csv(path, PopulationDataError)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise PopulationDataError(f"{path.name}, Zeile 1: Spalte(n) fehlen: {', '.join(missing)}.")
    return frame


def _row(raw: pd.Series, where: str, gemeinden: pd.Index | None) -> tuple[str, int]:
    try:
        key = normalize_key(raw["ags"])
    except InvalidKeyError as err:
        raise PopulationDataError(f"{where}: {err}") from err
    if not is_level(key, "gemeinde") or (gemeinden is not None and key not in gemeinden):
        raise PopulationDataError(f"{where}: „{raw['ags']}“ ist keine Gemeinde in NRW.")
    text = raw["einwohner"].strip()
    if not text.isdigit() or int(text) <= 0:
        raise PopulationDataError(
            f"{where}: Einwohnerzahl „{text}“ ist keine ganze Zahl größer als 0."
        )
    return key, int(text)


def load_population(path: Path = POPULATION_FILE, hierarchy: Hierarchy | None = None) -> pd.Series:
    """Einwohner per Gemeinde key (int64, index ``key``); German error naming the line."""
    raw = _read(path)
    gemeinden = hierarchy.level("gemeinde").index if hierarchy is not None else None
    values: dict[str, int] = {}
    for i, row in raw.iterrows():
        where = f"{path.name}, Zeile {int(i) + 2}"
        key, count = _row(row, where, gemeinden)
        if key in values:
            raise PopulationDataError(f"{where}: Schlüssel {key} doppelt.")
        values[key] = count
    if len(values) != EXPECTED_ROWS:
        raise PopulationDataError(f"{path.name}: {len(values)} Gemeinden statt {EXPECTED_ROWS}.")
    return pd.Series(values, name="einwohner", dtype="int64").rename_axis("key")


@lru_cache(maxsize=1)
def _default() -> pd.Series:
    return load_population()


def default_population() -> pd.Series:
    """The shipped file, validated (a cached copy)."""
    return _default().copy()


@dataclass(frozen=True)
class Population:
    """Einwohner per key with the provenance of each figure.

    ``values`` holds Gemeinde keys and, where an upload gives them, Kreis or RBz keys.
    """

    values: pd.Series  # float per key
    provenance: pd.Series  # Provenance per key

    @classmethod
    def combine(cls, official: pd.Series, uploaded: pd.Series | None = None) -> Population:
        """Official figures, overridden key by key by the uploaded ones (the user's win)."""
        values = official.astype(float)
        provenance = pd.Series(Provenance.OFFICIAL, index=official.index, dtype=object)
        if uploaded is not None:
            given = pd.to_numeric(uploaded, errors="coerce").dropna()
            given = given[given > 0]
            values = given.combine_first(values)
            provenance = pd.Series(Provenance.UPLOADED, index=given.index, dtype=object)
            provenance = provenance.combine_first(
                pd.Series(Provenance.OFFICIAL, index=official.index, dtype=object)
            )
        return cls(values.rename("einwohner"), provenance.reindex(values.index))

    @property
    def has_uploaded(self) -> bool:
        return bool((self.provenance == Provenance.UPLOADED).any())

    def at_level(self, units: pd.DataFrame, gemeinden: pd.DataFrame, level: str) -> pd.DataFrame:
        """Per unit of ``level``: ``einwohner`` (for IKZ rates: surveyed Gemeinden only, or
        the unit's own uploaded figure), ``einwohner_gesamt`` (all its Gemeinden) and the
        ``provenance`` of ``einwohner``.

        ``units`` and ``gemeinden`` are :func:`ikzmap.mapdata.unit_table` frames (columns
        ``kreis``, ``rbz``, ``surveyed``).
        """
        keys = units.index
        direct = self.values.reindex(keys)
        if level == "gemeinde":
            return pd.DataFrame(
                {
                    "einwohner": direct,
                    "einwohner_gesamt": direct,
                    "provenance": self.provenance.reindex(keys),
                },
                index=keys,
            )
        members = gemeinden.assign(
            einwohner=self.values.reindex(gemeinden.index),
            uploaded=self.provenance.reindex(gemeinden.index) == Provenance.UPLOADED,
        )
        surveyed = members[members["surveyed"].astype(bool)]
        summed = surveyed.groupby(level)["einwohner"].sum(min_count=1).reindex(keys)
        total = members.groupby(level)["einwohner"].sum(min_count=1).reindex(keys)
        any_uploaded = surveyed.groupby(level)["uploaded"].any().reindex(keys, fill_value=False)
        summed_prov = any_uploaded.map({True: Provenance.UPLOADED, False: Provenance.OFFICIAL})
        own = direct.notna()
        frame = pd.DataFrame(
            {
                "einwohner": direct.where(own, summed),
                "einwohner_gesamt": direct.where(own, total),
                "provenance": self.provenance.reindex(keys).where(own, summed_prov),
            },
            index=keys,
        )
        frame.loc[frame["einwohner"].isna(), "provenance"] = None
        return frame


def default() -> Population:
    return Population.combine(default_population())
