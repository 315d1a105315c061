"""Sign-in settings: the trusted proxy header is used only when the operator names it."""

from __future__ import annotations

import pytest

from ikzmap.ui import auth
from tests.apptest import new_app


@pytest.mark.parametrize(
    ("value", "user"),
    [
        ("erika.mustermann", "erika.mustermann"),
        ("  max@kreis-borken.de ", "max@kreis-borken.de"),
        ("", None),
        ("   ", None),
        ("a\x00b", None),
        ("a\nX-Admin: 1", None),
        ("x" * (auth.MAX_USER_CHARS + 1), None),
    ],
)
def test_user_from_headers(value, user):
    assert auth.user_from_headers({"X-Forwarded-User": value}, "X-Forwarded-User") == user


def test_missing_header_is_no_user():
    assert auth.user_from_headers({}, "X-Forwarded-User") is None


@pytest.mark.parametrize("name", ["X-Forwarded-User", "Remote-User", "X-Auth-Request-User"])
def test_header_names_the_operator_may_set(monkeypatch, name):
    monkeypatch.setenv(auth.AUTH_HEADER_ENV, f" {name} ")
    assert auth.proxy_header() == name
    assert auth.method() is auth.AuthMethod.PROXY_HEADER


@pytest.mark.parametrize("name", ["X User", "X-User: evil", "Ä", "x" * 65])
def test_an_unusable_header_setting_is_a_german_error(monkeypatch, name):
    monkeypatch.setenv(auth.AUTH_HEADER_ENV, name)
    with pytest.raises(auth.AuthConfigError, match="Header-Name"):
        auth.proxy_header()


def test_without_settings_the_app_is_open(monkeypatch):
    monkeypatch.delenv(auth.AUTH_HEADER_ENV, raising=False)
    assert auth.proxy_header() is None


def test_app_without_the_header_stops_at_the_notice(monkeypatch):
    monkeypatch.setenv(auth.AUTH_HEADER_ENV, "X-Forwarded-User")
    at = new_app().run()  # the whole page would have controls: the notice stops it
    assert not at.exception
    assert [i.value for i in at.info] == [auth.SIGN_IN_NEEDED]
    assert not at.radio and not at.selectbox  # no control, no data behind the notice


def test_app_with_a_bad_header_setting_says_so_in_german(monkeypatch):
    monkeypatch.setenv(auth.AUTH_HEADER_ENV, "X User")
    at = new_app().run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("ikzmap kann nicht starten:") and "Header-Name" in error.value
