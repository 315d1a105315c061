"""Shared fixtures. Domain fixtures are small factories; the app server is started once."""

from __future__ import annotations

import pytest

from geo import Hierarchy


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
