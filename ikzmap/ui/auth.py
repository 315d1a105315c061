"""Sign-in for an intranet server: who may see the app is decided before anything is shown.

Two ways, chosen by the operator (docs/BETRIEB.md, "Anmeldung"):

- A trusted reverse proxy (oauth2-proxy, nginx ``auth_request``, a portal) signs users in
  and passes the user name in a header. The app trusts the header only when the operator
  names it in ``IKZMAP_AUTH_HEADER`` (e.g. ``X-Forwarded-User``), and only if the proxy is
  the sole way to the app (Streamlit bound to 127.0.0.1) and sets the header itself.
- Streamlit's own OpenID Connect sign-in (``st.login``), when ``.streamlit/secrets.toml``
  holds an ``[auth]`` section.

Neither configured: the app is open, as on a single workstation.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Final

import streamlit as st

from ikzmap.errors import ConfigurationError
from ikzmap.ui.markdown import md_escape

AUTH_HEADER_ENV: Final = "IKZMAP_AUTH_HEADER"
MAX_USER_CHARS: Final = 200
_HEADER_NAME: Final = re.compile(r"^[A-Za-z0-9-]{1,64}$")
SIGN_IN_NEEDED: Final = (
    "Anmeldung erforderlich. Der IKZ-Atlas ist nur für angemeldete Personen freigegeben. "
    "Bitte öffnen Sie ihn über die Adresse, die Ihre Verwaltung dafür nennt (mit "
    "Anmeldung). Wenn Sie angemeldet sind und diese Meldung trotzdem sehen, wenden Sie sich "
    "bitte an den IT-Betrieb."
)
OIDC_SIGN_IN: Final = "Bitte melden Sie sich an, um den IKZ-Atlas zu nutzen."


class AuthMethod(StrEnum):
    OPEN = "open"
    PROXY_HEADER = "proxy_header"
    OIDC = "oidc"


class AuthConfigError(ConfigurationError):
    """The operator's sign-in setting is unusable (German message)."""


def proxy_header() -> str | None:
    """The header the operator trusts for the user name, or None (not enabled)."""
    name = os.environ.get(AUTH_HEADER_ENV, "").strip()
    if not name:
        return None
    if not _HEADER_NAME.match(name):
        raise AuthConfigError(
            f"{AUTH_HEADER_ENV} muss ein Header-Name sein (Buchstaben, Ziffern, „-“), "
            "z. B. X-Forwarded-User."
        )
    return name


def user_from_headers(headers: Mapping[str, str], name: str) -> str | None:
    """The signed-in user the proxy names in header ``name``; None if it names none.
    A value with control, format or line-break characters or of absurd length is no user
    name."""
    value = (headers.get(name) or "").strip()
    if not value or len(value) > MAX_USER_CHARS or not value.isprintable():
        return None
    return value


def _oidc_configured() -> bool:
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def method() -> AuthMethod:
    if proxy_header():
        return AuthMethod.PROXY_HEADER
    if _oidc_configured():
        return AuthMethod.OIDC
    return AuthMethod.OPEN


def _stop_with(text: str) -> None:
    st.title("IKZ-Atlas NRW")
    st.info(text)
    st.stop()


def require_user() -> str | None:
    """The signed-in user's name (None on an open app); stops the page with a German
    sign-in notice when the configured method names nobody."""
    chosen = method()
    if chosen is AuthMethod.PROXY_HEADER:
        user = user_from_headers(st.context.headers, proxy_header() or "")
        if user is None:
            _stop_with(SIGN_IN_NEEDED)
        return user
    if chosen is AuthMethod.OIDC:
        if not st.user.is_logged_in:
            st.title("IKZ-Atlas NRW")
            st.info(OIDC_SIGN_IN)
            st.button("Anmelden", on_click=st.login, type="primary")
            st.stop()
        return str(st.user.get("name") or st.user.get("email") or "angemeldet")
    return None


def render_user(user: str | None) -> None:
    """Who is signed in (sidebar), and the sign-out for Streamlit's own sign-in."""
    if user is None:
        return
    st.sidebar.caption(f"Angemeldet: {md_escape(user)}")
    if method() is AuthMethod.OIDC:
        st.sidebar.button("Abmelden", on_click=st.logout)
