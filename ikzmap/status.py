"""The status of a unit's value: the three cases every table and map keeps apart.

Code compares :class:`Status` members; the German words are labels, shown only at the
edge (tables, panels, tooltips, exports) through :attr:`Status.label`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Status(StrEnum):
    VALUE = "value"  # a value, possibly 0
    NO_DATA = "no_data"  # surveyed, but the data have no value
    NOT_SURVEYED = "not_surveyed"  # the gpaNRW did not survey the unit

    @property
    def label(self) -> str:
        """The German word users read: "Wert", "keine Daten", "nicht erhoben"."""
        return STATUS_LABELS[self]


STATUS_LABELS: Final = {
    Status.VALUE: "Wert",
    Status.NO_DATA: "keine Daten",
    Status.NOT_SURVEYED: "nicht erhoben",
}


def status_label(value: object) -> str:
    """The German label of a status value (a :class:`Status` or its code), for ``map``."""
    return Status(value).label
