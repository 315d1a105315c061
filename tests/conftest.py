"""Shared fixtures. Domain fixtures are small factories; the app server is started once."""

from __future__ import annotations

import pytest

from geo import Hierarchy


@pytest.fixture(scope="session")
def hierarchy() -> Hierarchy:
    return Hierarchy.load()
