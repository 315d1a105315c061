"""Notices above the map that depend on the level shown (German text, pure).

A dataset's own notes describe the level it was given at (the default model: "Die Werte je
Kreis sind modelliert"). A coarser level shows sums; its notice names which of them are
published and which are sums of modelled values, so the Regierungsbezirk map never claims
"Werte je Kreis" for figures the report publishes.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from geo import LEVEL_NAMES
from ikzmap import fmt
from ikzmap.dataset import IkzDataset
from ikzmap.provenance import Provenance
from ikzmap.status import Status

MODELLED_VALUES: Final = {
    "gemeinde": "modellierter Gemeindewerte",
    "kreis": "modellierter Kreiswerte",
    "rbz": "modellierter Bezirkswerte",
}
LISTED: Final = 5  # units named in a notice before "und n weitere"
KREISFREIE_STADT: Final = "kreisfreie Stadt"


def names(labels: pd.Series) -> str:
    """ "A", "A und B", "A, B und C", "A, B, C, D, E und 3 weitere"."""
    items = [str(label) for label in labels.iloc[:LISTED]]
    rest = len(labels) - len(items)
    if rest > 0:
        return ", ".join(items) + f" und {rest} weitere"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def ikz_notices(dataset: IkzDataset, level: str, table: pd.DataFrame) -> tuple[str, ...]:
    """Notices for IKZ values at ``level`` (``table``: label, status, provenance per unit)."""
    if level == dataset.level:
        return (*dataset.notes, *range_notice(table))
    shown = table[table["status"] == Status.VALUE]
    modelled = shown.loc[shown["provenance"] == Provenance.MODELLED, "label"]
    if modelled.empty:
        return ()
    published = shown.loc[shown["provenance"] == Provenance.PUBLISHED, "label"]
    sums = MODELLED_VALUES.get(dataset.level, "modellierter Werte")
    text = f"Hinweis: {_values_of(modelled)} {_are(modelled)} Summen {sums}, nicht veröffentlicht."
    if not published.empty:
        text += f" Veröffentlicht {_are(published)} {_values_of(published, lower=True)}."
    computed = shown.loc[shown["provenance"] == Provenance.COMPUTED, "label"]
    if not computed.empty:
        text += (
            f" Aus veröffentlichten Zahlen berechnet {_are(computed)} "
            f"{_values_of(computed, lower=True)}."
        )
    text += (
        f" Wie die Werte je {_singular(dataset.level)} geschätzt sind, steht im Hinweis zur "
        f"Ebene {LEVEL_NAMES.get(dataset.level, dataset.level)}."
    )
    return (text,)


def range_notice(table: pd.DataFrame) -> tuple[str, ...]:
    """How far the modelled values may lie from the truth: the span of their feasible
    ranges, and where each unit's range is written (static maps cannot show them all)."""
    if "range_lo" not in table:
        return ()
    rows = table[(table["status"] == Status.VALUE) & table["range_lo"].notna()]
    if rows.empty:
        return ()
    widths = (rows["range_hi"] - rows["range_lo"]).astype(float)
    return (
        f"Spannen: Für jeden der {len(rows)} modellierten Werte ist ein breiter Bereich mit "
        f"allen veröffentlichten Zahlen vereinbar (Breite {_whole(widths.min())} bis "
        f"{_whole(widths.max())}); die Veröffentlichung legt einzelne Kreise also kaum fest. "
        "Den Bereich jedes Kreises nennen die App (Tooltip, Detailansicht) und die "
        "Tabellen-Downloads („Bereich von“, „Bereich bis“).",
    )


def _whole(value: float) -> str:
    return fmt.format_number(value, 0 if value >= 10 else 1)


def share_notices(level: str, table: pd.DataFrame) -> tuple[str, ...]:
    """Budget shares per Kreis: a kreisfreie Stadt is one Gemeinde, so 0 % or 100 %."""
    if level != "kreis":
        return ()
    shown = table[table["status"] == Status.VALUE]
    cities = int((shown["type"] == KREISFREIE_STADT).sum())
    if not cities:
        return ()
    kreise = len(shown) - cities
    return (
        f"Ebene Kreise: Die {cities} kreisfreien Städte sind je eine Gemeinde, ihr Anteil "
        f"ist daher 0 % oder 100 %. Bei den {kreise} Kreisen ist es der Anteil ihrer "
        "kreisangehörigen Gemeinden.",
    )


def _values_of(labels: pd.Series, lower: bool = False) -> str:
    head = "die Werte" if len(labels) > 1 else "der Wert"
    head = head if lower else head[0].upper() + head[1:]
    return f"{head} für {names(labels)}"


def _are(labels: pd.Series) -> str:
    return "sind" if len(labels) > 1 else "ist"


def _singular(level: str) -> str:
    return {"gemeinde": "Gemeinde", "kreis": "Kreis", "rbz": "Regierungsbezirk"}.get(level, level)
