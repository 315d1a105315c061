"""The accessibility statement: conformity, limitations, the operator's contact, the
Ombudsstelle; linked from the map page; a bad contact setting is named, never used."""

import pytest
from streamlit.testing.v1 import AppTest

from ikzmap.ui import statement
from tests.apptest import run_app


def _statement() -> None:
    from ikzmap.ui.statement import render_statement

    render_statement()


def _open(monkeypatch, **env) -> AppTest:
    for name in (statement.EMAIL_ENV, statement.URL_ENV, statement.CONTACT_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_function(_statement, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def _text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_statement_names_state_limitations_and_ombudsstelle(monkeypatch):
    at = _open(
        monkeypatch,
        IKZMAP_FEEDBACK_EMAIL="barrierefreiheit@example.org",
        IKZMAP_FEEDBACK_CONTACT="Referat 12 <b>, Tel. 0211 123",
    )
    assert at.title[0].value == "Erklärung zur Barrierefreiheit"
    headings = [h.value for h in at.header]
    assert "Stand der Vereinbarkeit mit den Anforderungen" in headings
    assert "Nicht barrierefreie Inhalte" in headings and "Durchsetzungsverfahren" in headings
    text = _text(at)
    assert "teilweise barrierefrei" in text
    assert "mailto:barrierefreiheit@example.org" in text
    assert "Referat 12 \\<b\\>" in text  # the operator's text is shown as text
    assert "Ombudsstelle für barrierefreie Informationstechnik" in text
    assert statement.OMBUDS_EMAIL in text
    assert not at.warning


def test_missing_contact_is_said_on_the_page(monkeypatch):
    at = _open(monkeypatch)
    assert any("noch keinen Kontakt" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IKZMAP_FEEDBACK_EMAIL", "javascript:alert(1)"),
        ("IKZMAP_FEEDBACK_URL", "javascript:alert(1)"),
        ("IKZMAP_FEEDBACK_URL", "https://x.example/a)(b"),
    ],
)
def test_an_unusable_setting_is_named_not_linked(monkeypatch, name, value):
    at = _open(monkeypatch, **{name: value})
    assert any(name in w.value for w in at.warning)
    assert "javascript" not in _text(at) and "a)(b" not in _text(at)


def test_every_page_links_the_statement():
    at = run_app()
    links = [el for el in at.get("page_link") if "Barrierefreiheit" in el.proto.label]
    assert links and links[0].proto.page.endswith("barrierefreiheit")
