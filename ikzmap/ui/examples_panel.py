"""Map mode "Praxisbeispiele": choose one of the report's examples (filters: Aufgabenfeld,
Regierungsbezirk, Rechtsform); the map marks its participants, the panel names them and
shows its text. The chosen example is in the URL (``beispiel``)."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from ikzmap import examples as ex
from ikzmap.published import PracticeExample
from ikzmap.ui import loaders
from ikzmap.ui.markdown import md_escape

EXAMPLE: Final = "w_example"
URL_PARAM: Final = "beispiel"
_FILTERS: Final = {
    "aufgabenfeld": ("ex_feld", "Aufgabenfeld"),
    "rbz": ("ex_rbz", "Regierungsbezirk"),
    "rechtsform": ("ex_form", "Rechtsform"),
}


def example_ids() -> set[str]:
    return {e.id for e in loaders.published().examples}


def chosen() -> PracticeExample | None:
    example_id = st.session_state.get(EXAMPLE)
    if example_id not in example_ids():
        return None
    return loaders.published().example(example_id)


def init_from_url(raw: object) -> list[str]:
    """Seed the chosen example from a link; a German note for an unknown one."""
    if raw is None:
        return []
    if raw in example_ids():
        st.session_state[EXAMPLE] = raw
        return []
    return [f"Link-Parameter „{URL_PARAM}“ nennt kein Praxisbeispiel und wurde ignoriert."]


def highlight_keys(level: str) -> tuple[str, ...]:
    example = chosen()
    if example is None:
        return ()
    return ex.highlight(example).at_level(level, loaders.hierarchy())


def _filters() -> dict[str, str]:
    options = ex.choices(loaders.published().examples)
    columns = st.columns(3)
    values = {}
    for column, (name, (key, label)) in zip(columns, _FILTERS.items(), strict=True):
        values[name] = column.selectbox(label, [ex.ALL, *options[name]], key=key)
    return values


def _describe(example: PracticeExample, level: str) -> None:
    hierarchy = loaders.hierarchy()
    st.markdown(f"**{md_escape(example.title)}**")
    st.caption(
        md_escape(
            f"gpaNRW-Bericht, Abschnitt {example.section} · {example.status}"
            + (f" · {example.rechtsform}" if example.rechtsform else "")
            + (" · Aufgabenfeld zugeordnet" if example.aufgabenfeld_assigned else "")
            + f": {example.aufgabenfeld}"
        )
    )
    st.markdown(md_escape(example.summary))
    st.markdown("> " + md_escape(example.quote))
    for line in ex.participants_text(example, hierarchy):
        st.markdown("- " + md_escape(line))
    marked = len(ex.highlight(example).at_level(level, hierarchy))
    st.caption(f"Auf dieser Karte hervorgehoben: {marked} Einheit(en) der gewählten Ebene.")


def _counts(level: str) -> None:
    if level not in ("kreis", "gemeinde"):
        return
    hierarchy = loaders.hierarchy()
    counts = ex.counts(loaders.published().examples, hierarchy, level)
    shown = counts[counts > 0].sort_values(ascending=False)
    table = pd.DataFrame(
        {"Einheit": [hierarchy.label(k) for k in shown.index], "Praxisbeispiele": shown.values},
        index=shown.index.rename("Schlüssel"),
    )
    with st.expander(f"Praxisbeispiele je {'Kreis' if level == 'kreis' else 'Gemeinde'}"):
        st.caption(ex.COUNT_CAVEAT)
        st.table(table)


def render(level: str) -> None:
    """The panel under the map (the map marks the chosen example's participants)."""
    example = chosen()
    with st.expander("Praxisbeispiele des Berichts auf der Karte", expanded=example is not None):
        values = _filters()
        found = ex.filtered(loaders.published().examples, **values)
        if example is not None and example not in found:
            found.insert(0, example)
        titles = {e.id: f"{e.title} ({e.section})" for e in found}
        st.selectbox(
            f"Praxisbeispiel ({len(found)} von {len(loaders.published().examples)})",
            list(titles),
            index=None,
            format_func=titles.__getitem__,
            placeholder="Beispiel wählen …",
            key=EXAMPLE,
        )
        example = chosen()
        if example is not None:
            _describe(example, level)
        _counts(level)
