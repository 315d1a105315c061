"""The administrative hierarchy of NRW: Gemeinde -> Kreis -> Regierungsbezirk.

Built from the attribute tables of the boundary layers (no geometry needed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

import pandas as pd

from geo.keys import InvalidKeyError, is_level, level_of, normalize_key, parent_key
from geo.layers import BOUNDARY_DIR, LEVELS, check_level, load_attributes

KREISFREI: Final = "kreisfrei"
KREISANGEHOERIG: Final = "kreisangehörig"
# The city of Aachen belongs to the StädteRegion Aachen but has the legal status of a
# kreisfreie Stadt (Aachen-Gesetz, § 1 Abs. 2 StädteRegion Aachen Gesetz).
TREATED_AS_KREISFREI: Final = frozenset({"05334002"})
HIERARCHY_COLUMNS: Final = ["level", "name", "label", "type", "kreis", "rbz", "status"]


@dataclass(frozen=True)
class Hierarchy:
    """All 454 NRW units (5 + 53 + 396), indexed by canonical key."""

    units: pd.DataFrame

    @classmethod
    def from_frames(
        cls, rbz: pd.DataFrame, kreis: pd.DataFrame, gemeinde: pd.DataFrame
    ) -> Hierarchy:
        rbz = rbz.assign(level="rbz", kreis=None, rbz=rbz["ags"], status=None)
        kreis_status = kreis["type"].map(
            lambda t: KREISFREI if t == "kreisfreie Stadt" else KREISANGEHOERIG
        )
        kreis = kreis.assign(level="kreis", kreis=kreis["ags"], status=None)
        kreisfreie = set(kreis.loc[kreis_status == KREISFREI, "ags"])
        gem_status = [
            KREISFREI if (k in kreisfreie or a in TREATED_AS_KREISFREI) else KREISANGEHOERIG
            for a, k in zip(gemeinde["ags"], gemeinde["kreis"], strict=True)
        ]
        kreis = kreis.assign(status=kreis_status)
        gemeinde = gemeinde.assign(level="gemeinde", status=gem_status)
        units = pd.concat(
            [f[["ags", *HIERARCHY_COLUMNS]] for f in (rbz, kreis, gemeinde)], ignore_index=True
        )
        units = units.set_index("ags")
        if not units.index.is_unique:
            raise ValueError(f"duplicate keys: {sorted(units.index[units.index.duplicated()])}")
        return cls(units)

    @classmethod
    def load(cls, directory: Path = BOUNDARY_DIR) -> Hierarchy:
        return cls.from_frames(*(load_attributes(level, directory) for level in LEVELS))

    @cached_property
    def _levels(self) -> dict[str, pd.DataFrame]:
        # Selected once: a page run asks for a level some twenty times (2-3 ms each).
        return {level: frame for level, frame in self.units.groupby("level", sort=False)}

    def level(self, level: str) -> pd.DataFrame:
        """Units of one level ("rbz", "kreis", "gemeinde"), sorted by key."""
        check_level(level)
        # A shallow copy (copy-on-write): a caller that changes it leaves the cache alone.
        return self._levels[level].copy(deep=False)

    def __contains__(self, key: object) -> bool:
        return key in self.units.index

    def label(self, key: str) -> str:
        return str(self.units.at[key, "label"])

    def names(self, level: str) -> pd.Series:
        """Short names ("Düsseldorf", "Borken") of the units of ``level``, by key."""
        return self.level(level)["name"].astype(str)

    def children(self, key: str) -> pd.DataFrame:
        """The units directly below ``key`` (Kreise of a RBz, Gemeinden of a Kreis)."""
        level = level_of(key)
        if level == "rbz":
            return self.level("kreis")[lambda f: f["rbz"] == key]
        if level == "kreis":
            return self.level("gemeinde")[lambda f: f["kreis"] == key]
        return self.units.iloc[0:0]

    def gemeinden_in(self, key: str) -> pd.DataFrame:
        """All Gemeinden inside a unit (itself, for a Gemeinde)."""
        gem = self.level("gemeinde")
        column = {"rbz": "rbz", "kreis": "kreis", "gemeinde": None}[level_of(key)]
        return gem.loc[[key]] if column is None else gem[gem[column] == key]

    def kreisfreie_staedte(self) -> pd.DataFrame:
        """The 22 kreisfreie Städte (Kreis level)."""
        kreise = self.level("kreis")
        return kreise[kreise["status"] == KREISFREI]

    def kreise(self) -> pd.DataFrame:
        """The 31 Kreise including the StädteRegion Aachen."""
        kreise = self.level("kreis")
        return kreise[kreise["status"] == KREISANGEHOERIG]

    def kreisangehoerige_gemeinden(self) -> pd.DataFrame:
        """The 373 kreisangehörige Kommunen (city of Aachen excluded)."""
        gem = self.level("gemeinde")
        return gem[gem["status"] == KREISANGEHOERIG]

    def resolve(self, raw: object) -> str:
        """Canonical key of an existing unit for a raw key, or :class:`InvalidKeyError`.

        Accepts Kreis and RBz keys in 8-digit form ("05562000", "05900000").
        """
        key = normalize_key(raw)
        if key in self.units.index:
            return key
        if is_level(key, "gemeinde"):
            for level in ("kreis", "rbz"):  # "05562000" is Kreis 05562, "05900000" RBz 059
                short = parent_key(key, level)
                if key == short.ljust(len(key), "0") and short in self.units.index:
                    return short
        raise InvalidKeyError(f"Schlüssel „{key}“ gibt es in Nordrhein-Westfalen nicht.")


@lru_cache(maxsize=1)
def rbz_names(directory: Path = BOUNDARY_DIR) -> Mapping[str, str]:
    """Key -> name of the five Regierungsbezirke ("051": "Düsseldorf", ...), by key."""
    frame = load_attributes("rbz", directory)
    return MappingProxyType(dict(zip(frame["ags"], frame["name"], strict=True)))
