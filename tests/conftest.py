"""Shared fixtures. Domain fixtures are small factories; the app server is started once."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from geo import Hierarchy
from tests.pgserver import ServerUnavailable, running_postgres


@pytest.fixture(scope="session", autouse=True)
def _data_dir(tmp_path_factory) -> Iterator[None]:
    """Saved datasets of the tests (AppTest and app servers) go to a temporary folder."""
    old = os.environ.get("IKZMAP_DATA_DIR")
    os.environ["IKZMAP_DATA_DIR"] = str(tmp_path_factory.mktemp("ablage"))
    yield
    if old is None:
        os.environ.pop("IKZMAP_DATA_DIR", None)
    else:
        os.environ["IKZMAP_DATA_DIR"] = old


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (started once, stopped at the end)."""
    try:
        with running_postgres() as url:
            yield url
    except ServerUnavailable as err:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL startet nicht: {err}")
        pytest.skip(f"PostgreSQL startet hier nicht: {err}")


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


@pytest.fixture(scope="session")
def atlas_site(tmp_path_factory, atlas):
    """The static atlas of the default data, written once per session."""
    from ikzmap.publish import publish

    out = tmp_path_factory.mktemp("atlas") / "site"
    return publish(atlas, out)
