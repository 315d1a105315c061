"""Who the gpaNRW IKZ survey covered (report section 1.2.1, footnotes 2 and 3).

Surveyed: 371 kreisangehörige Kommunen and the 31 Kreise incl. StädteRegion Aachen.
Not surveyed: the 22 kreisfreie Städte and the city of Aachen (treated as kreisfrei),
and Harsewinkel and Jüchen (segment change during the survey period).
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from geo import KREISFREI, Hierarchy
from ikzmap.status import Status

SURVEYED: Final = "erhoben"
NOT_SURVEYED: Final = Status.NOT_SURVEYED.label
SEGMENT_CHANGE: Final = {"05754016": "Harsewinkel", "05162012": "Jüchen"}
REASON_KREISFREI: Final = "kreisfreie Stadt: von der gpaNRW nicht erhoben"
REASON_SEGMENT: Final = "Segmentwechsel im Erhebungszeitraum: nicht erhoben (Bericht, Fn. 2–3)"


def _reason(key: str, unit: pd.Series) -> str | None:
    if unit["level"] == "rbz":
        return None
    if unit["status"] == KREISFREI:
        return REASON_KREISFREI
    if key in SEGMENT_CHANGE:
        return REASON_SEGMENT
    return None


def coverage(hierarchy: Hierarchy) -> pd.DataFrame:
    """Per unit: ``surveyed`` (bool) and ``reason`` (German text if not surveyed).

    A Regierungsbezirk counts as surveyed: it aggregates its surveyed members.
    """
    reasons = [_reason(key, unit) for key, unit in hierarchy.units.iterrows()]
    frame = pd.DataFrame({"reason": reasons}, index=hierarchy.units.index)
    frame["surveyed"] = frame["reason"].isna()
    frame["label"] = frame["surveyed"].map({True: SURVEYED, False: NOT_SURVEYED})
    return frame[["surveyed", "label", "reason"]]


def surveyed_keys(hierarchy: Hierarchy, level: str | None = None) -> pd.Index:
    """Keys of surveyed Gebietskörperschaften (Kreise and Gemeinden; or one level)."""
    cov = coverage(hierarchy)
    units = hierarchy.units
    mask = cov["surveyed"] & (units["level"] != "rbz")
    if level is not None:
        mask &= units["level"] == level
    return units.index[mask]
