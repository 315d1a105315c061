"""The shipped data the report page draws: published figures and Kreis names."""

from __future__ import annotations

from functools import lru_cache

from geo.hierarchy import Hierarchy
from ikzmap.published import Published, load_published


def default_published() -> Published:
    return load_published()


@lru_cache(maxsize=1)
def default_kreis_names() -> dict[str, str]:
    """Kreis key -> label ("Kreis Recklinghausen")."""
    kreise = Hierarchy.load().level("kreis")
    return {str(key): str(label) for key, label in kreise["label"].items()}
