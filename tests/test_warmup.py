"""The server warms the app's caches at start-up, so the first visitor does not wait."""

import logging

from ikzmap.ui import loaders, warmup
from ikzmap.viewstate import ViewState


def test_warm_fills_the_caches_of_the_first_page(caplog):
    with caplog.at_level(logging.ERROR):
        warmup.warm()
    assert not caplog.records
    atlas = loaders.default_atlas()
    assert loaders.default_atlas() is atlas  # from the cache
    view = loaders.view(atlas, ViewState())
    assert loaders.view(atlas, ViewState()) is view


def test_a_failure_is_logged_not_raised(monkeypatch, caplog):
    def broken():
        raise OSError("Datei fehlt")

    monkeypatch.setattr(loaders, "default_atlas", broken)
    with caplog.at_level(logging.ERROR):
        warmup.warm()
    assert "Vorwärmen der App fehlgeschlagen" in caplog.text
