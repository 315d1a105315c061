"""Panels whose content runs only while they are open: Streamlit's stateful expander and
popover (``on_change="rerun"``). A closed panel costs the page its label only, not its
widgets: the browser draws every widget of a closed plain expander, and those widgets were
most of the map page's load time after the map (measured with ``benchmarks.bench_browser``;
see the closing note of issue #13).

Streamlit drops the value of a widget that a run does not draw, so the values of the
widget keys named in ``keep`` are kept beside the panel (``ui.kept``, group: the panel's
key) and put back when it opens again."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from ikzmap.ui import kept


def open_panel(panel: str) -> None:
    """Open ``panel`` in this run (call before it is drawn)."""
    st.session_state[panel] = True


def is_open(panel: str) -> bool:
    """Whether ``panel`` is open in this run (so far)."""
    return bool(st.session_state.get(panel))


def expander(
    label: str, panel: str, render: Callable[[], None], *, keep: Iterable[str] = ()
) -> None:
    """An expander (key ``panel``) that runs ``render`` inside it only while it is open."""
    box = st.expander(label, key=panel, on_change="rerun")
    if not box.open:
        return
    keep = tuple(keep)
    kept.restore(panel, keep)
    with box:
        render()
    kept.remember(panel, keep)


def popover(label: str, panel: str, render: Callable[[], None]) -> None:
    """A popover (key ``panel``) that runs ``render`` inside it only while it is open."""
    box = st.popover(label, key=panel, on_change="rerun")
    if box.open:
        with box:
            render()
