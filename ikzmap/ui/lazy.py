"""Panels whose content runs only while they are open: Streamlit's stateful expander and
popover (``on_change="rerun"``). A closed panel costs the page its label only, not its
widgets: the browser draws every widget of a closed plain expander, and those widgets were
most of the map page's load time after the map (measured with ``benchmarks.bench_browser``;
see the closing note of issue #13).

Streamlit drops the value of a widget that a run does not draw, so the values of the
widget keys named in ``keep`` are kept beside the panel and put back when it opens again;
:func:`value` reads such a value whether or not its panel is open."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st


def _kept(panel: str) -> dict[str, Any]:
    return st.session_state.setdefault(f"_kept_{panel}", {})


def value(panel: str, key: str, default: Any = None) -> Any:
    """The value of widget ``key`` of ``panel``: the widget's while it is drawn, else the
    kept one."""
    if key in st.session_state:
        return st.session_state[key]
    return _kept(panel).get(key, default)


def set_value(panel: str, key: str, new: Any) -> None:
    """Set a kept widget's value from outside its panel (a link, a button elsewhere);
    call it before the widget is drawn in the run, as Streamlit requires."""
    st.session_state[key] = new
    _kept(panel)[key] = new


def open_panel(panel: str) -> None:
    """Open ``panel`` in this run (call before it is drawn)."""
    st.session_state[panel] = True


def _restore(panel: str, keep: Iterable[str]) -> None:
    kept = _kept(panel)
    for key in keep:
        if key not in st.session_state and key in kept:
            st.session_state[key] = kept[key]


def _remember(panel: str, keep: Iterable[str]) -> None:
    _kept(panel).update({k: st.session_state[k] for k in keep if k in st.session_state})


def expander(
    label: str, panel: str, render: Callable[[], None], *, keep: Iterable[str] = ()
) -> None:
    """An expander (key ``panel``) that runs ``render`` inside it only while it is open."""
    box = st.expander(label, key=panel, on_change="rerun")
    if not box.open:
        return
    keep = tuple(keep)
    _restore(panel, keep)
    with box:
        render()
    _remember(panel, keep)


def popover(label: str, panel: str, render: Callable[[], None]) -> None:
    """A popover (key ``panel``) that runs ``render`` inside it only while it is open."""
    box = st.popover(label, key=panel, on_change="rerun")
    if box.open:
        with box:
            render()
