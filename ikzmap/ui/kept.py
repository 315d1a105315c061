"""Widget values kept beside their widgets. Streamlit drops the value of a widget that a run
does not draw (a closed panel: ``ui.lazy``; another page's run: ``ui.state``), so a group
of widget keys is remembered once the widgets have their values and put back before they
are drawn again; :func:`value` reads a value whether or not its widget was drawn."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st


def _store(group: str) -> dict[str, Any]:
    return st.session_state.setdefault(f"_kept_{group}", {})


def remember(group: str, keys: Iterable[str]) -> None:
    """Keep the current values of ``keys`` (those in the session state)."""
    _store(group).update({k: st.session_state[k] for k in keys if k in st.session_state})


def restore(group: str, keys: Iterable[str]) -> None:
    """Put back the kept values of those ``keys`` that Streamlit has dropped."""
    store = _store(group)
    for key in keys:
        if key not in st.session_state and key in store:
            st.session_state[key] = store[key]


def value(group: str, key: str, default: Any = None) -> Any:
    """The widget's value while Streamlit holds it, else the kept one."""
    if key in st.session_state:
        return st.session_state[key]
    return _store(group).get(key, default)


def set_value(group: str, key: str, new: Any) -> None:
    """Set a kept widget's value from outside (a link, a button elsewhere); call it before
    the widget is drawn in the run, as Streamlit requires."""
    st.session_state[key] = new
    _store(group)[key] = new
