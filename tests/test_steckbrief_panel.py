"""The "Steckbrief (PDF)" button of the detail panel (Streamlit AppTest): offered for the
surveyed Kreise only, nothing built before the click, built once per dataset and Kreis."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import level_of
from ikzmap.atlas import AtlasData
from ikzmap.ui import steckbrief_button
from tests.apptest import run_app


def _select(at: AppTest, key: str) -> AppTest:
    at.radio(key="w_level").set_value(level_of(key))
    at.session_state["selected"] = key
    at.run()
    assert not at.exception, at.exception
    return at


def _steckbrief_buttons(at: AppTest) -> list:
    return [b for b in at.get("download_button") if b.proto.label == steckbrief_button.LABEL]


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, str]]:
    """Builds of the PDF, recorded instead of drawn."""
    found: list[tuple[str, str]] = []

    def fake(atlas: AtlasData, key: str) -> bytes:
        found.append((atlas.fingerprint, key))
        return b"%PDF-1.4 " + key.encode()

    steckbrief_button.RECENT.clear()
    monkeypatch.setattr(steckbrief_button, "steckbrief_pdf", fake)
    return found


def test_a_kreis_offers_its_steckbrief_without_building_it(calls, monkeypatch):
    bound: list[tuple[str, str]] = []
    real = steckbrief_button.pdf_builder

    def recording(atlas: AtlasData, key: str):
        bound.append((atlas.fingerprint, key))
        return real(atlas, key)

    monkeypatch.setattr(steckbrief_button, "pdf_builder", recording)
    at = _select(run_app(), "05562")
    (button,) = _steckbrief_buttons(at)
    assert "Kreis Recklinghausen" in button.proto.help
    assert button.proto.ignore_rerun  # downloading does not rerun the page
    assert bound == [("standard", "05562")]  # the selected Kreis, the data on screen
    assert calls == []  # the panel stays fast: the PDF is made on the click


@pytest.mark.parametrize("key", ["05111", "055", "05562032"])
def test_no_steckbrief_for_kreisfreie_staedte_bezirke_and_gemeinden(calls, key):
    at = _select(run_app(), key)
    assert _steckbrief_buttons(at) == []


def test_the_click_builds_once_per_dataset_and_kreis(calls, atlas):
    build = steckbrief_button.pdf_builder(atlas, "05562")
    assert build() == b"%PDF-1.4 05562"
    assert build() == b"%PDF-1.4 05562"
    assert calls == [(atlas.fingerprint, "05562")]
    steckbrief_button.pdf_builder(atlas, "05566")()
    other = AtlasData.build(atlas.hierarchy, atlas.ikz, atlas.budget_status, None, "hochgeladen-1")
    steckbrief_button.pdf_builder(other, "05562")()
    assert calls[1:] == [(atlas.fingerprint, "05566"), ("hochgeladen-1", "05562")]
