"""Hostile link parameters: every parameter of a shared link gets every kind of hostile
string. The page opens with a German note per ignored value, shown as inert text of bounded
length, and the view falls back to valid values."""

from __future__ import annotations

import pytest

from ikzmap.viewstate import QUERY_KEYS
from tests import test_hostile_data as hostile
from tests.apptest import run_app
from tests.test_hostile_app import assert_inert, markdown_sources
from tests.test_template_injection import assert_not_evaluated

MAX_NOTE_CHARS = 400  # a note quotes the value, shortened: a 100 kB link makes no 100 kB toast
# 10,000 characters per parameter: Streamlit itself ignores query strings over 512 KiB.
LONG_VALUE = hostile.HUGE[:10_000]
SAMPLES = (*hostile.TEMPLATES, *hostile.MARKUP, hostile.CONTROL, LONG_VALUE, hostile.FORMULAS[0])


@pytest.mark.parametrize("payload", SAMPLES, ids=range(len(SAMPLES)))
def test_every_link_parameter_with_a_hostile_value(payload):
    at = run_app(query={name: payload for name in QUERY_KEYS})
    assert not at.exception
    toasts = [t.value for t in at.toast]
    assert toasts, "ignored link values are reported"
    for text in toasts:
        assert len(text) <= MAX_NOTE_CHARS, text[:80]
        assert text.replace("\\", "").startswith("Link-Parameter")
    texts = markdown_sources(at)
    assert_inert(texts)
    assert_not_evaluated(" ".join(texts))
    assert at.query_params["ebene"] == "kreis"  # the default view, rewritten into the URL
    assert len(" ".join(f"{k}={v}" for k, v in at.query_params.items())) < 1000
