"""Shared fixtures. Domain fixtures are small factories; the app server is started once."""

from __future__ import annotations

import pytest
from hypothesis import settings

from geo import Hierarchy

# No time limit per example: the machines are shared and noisy (speed is benchmarked, not
# asserted), and a deadline made property tests fail at random.
settings.register_profile("ikzmap", deadline=None)
settings.load_profile("ikzmap")


@pytest.fixture(scope="session")
def hierarchy() -> Hierarchy:
    return Hierarchy.load()


@pytest.fixture(scope="session")
def atlas():
    """The embedded default data (modelled Kreis counts, budget status), read-only."""
    from ikzmap.atlas import AtlasData

    return AtlasData.default()


@pytest.fixture(scope="session")
def kreis_view(atlas):
    from ikzmap.view import build_view
    from ikzmap.viewstate import ViewState

    return build_view(atlas, ViewState(level="kreis"))
