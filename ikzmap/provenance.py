"""Where a figure comes from. Every value on screen and in an export carries one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ikzmap.fmt import printable


class Provenance(StrEnum):
    """The kind of a figure's origin. Code compares members; texts for users take
    :attr:`label`. The values are the codes saved data and CSV files hold (they happen to
    be the German labels, so files written before stay readable)."""

    PUBLISHED = "veröffentlicht"  # printed in the gpaNRW report
    OFFICIAL = "amtlich"  # official open data with a Stichtag (MHKBD, BKG)
    MODELLED = "modelliert"  # estimated by a documented method, not published
    COMPUTED = "berechnet"  # computed from published and derived figures (inputs named)
    UPLOADED = "hochgeladen"  # from the user's own file

    @property
    def label(self) -> str:
        """The German word users read: "veröffentlicht", "amtlich", ..."""
        return str(self.value)


def provenance_label(value: object) -> str | None:
    """The German label of a provenance (a member or its code); None for a missing one."""
    if value is None or value != value:  # None or NaN
        return None
    return Provenance(value).label


# What each provenance means, for legends and export notes (German).
PROVENANCE_LEGEND: dict[Provenance, str] = {
    Provenance.PUBLISHED: "im gpaNRW-Bericht (September 2025) oder im Vortrag vom 24.02.2026 "
    "veröffentlicht; mit Abschnitt bzw. Folie",
    Provenance.OFFICIAL: "amtliche offene Daten (MHKBD, Zensus 2022, BKG) mit Stichtag",
    Provenance.MODELLED: "nicht veröffentlicht, mit einem dokumentierten Verfahren geschätzt; "
    "mit dem Bereich, der mit den veröffentlichten Zahlen vereinbar ist",
    Provenance.COMPUTED: "von ikzmap aus veröffentlichten und abgeleiteten Zahlen berechnet "
    "(z. B. veröffentlichte IKZ-Zahl geteilt durch die Zahl der Gebietskörperschaften); "
    "die Eingangswerte sind in der Quelle genannt",
    Provenance.UPLOADED: "aus einer eigenen, hochgeladenen Datei",
}


def legend_line() -> str:
    """All provenance labels with their meaning, in one German line."""
    return "Herkunft der Werte – " + "; ".join(
        f"{p.label}: {text}" for p, text in PROVENANCE_LEGEND.items()
    )


@dataclass(frozen=True)
class Source:
    """A citable source for a set of figures."""

    provenance: Provenance
    title: str  # German, e.g. "gpaNRW: IKZ in NRW (Bericht, September 2025)"
    stichtag: str | None = None  # ISO date of the data, where one exists
    licence: str | None = None
    reference: str | None = None  # section / table in the source
    note: str | None = None  # e.g. how a modelled value was derived

    def citation(self) -> str:
        """One German line for tooltips, panels and export footers."""
        parts = [self.title]
        if self.reference:
            parts.append(self.reference)
        if self.stichtag:
            parts.append(f"Stichtag {_german_date(self.stichtag)}")
        if self.licence:
            parts.append(f"Lizenz {self.licence}")
        return printable(", ".join(parts))  # a title may hold an uploaded file's name


def _german_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"
