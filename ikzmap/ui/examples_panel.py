"""Map mode "Praxisbeispiele": choose one of the practice examples (filters: Aufgabenfeld,
Regierungsbezirk, Rechtsform); the map marks its participants and, as a layer of its own,
the territory of its Landschaftsverband; beside the map the example's text, its source
and every participant by name. Chosen example and filters are in the URL (``beispiel``,
``aufgabenfeld``, ``bezirk``, ``rechtsform``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd
import streamlit as st

from ikzmap import examples as ex
from ikzmap.published import PracticeExample
from ikzmap.ui import kept, lazy, loaders
from ikzmap.ui.light_table import light_table
from ikzmap.ui.markdown import md_escape

PANEL: Final = "ex_panel"  # the chooser's expander, drawn only while open (ui.lazy)
EXAMPLE: Final = "w_example"
URL_PARAM: Final = "beispiel"
# filter name -> (widget key, German label, URL parameter)
FILTERS: Final = {
    "aufgabenfeld": ("ex_feld", "Aufgabenfeld", "aufgabenfeld"),
    "rbz": ("ex_rbz", "Regierungsbezirk", "bezirk"),
    "rechtsform": ("ex_form", "Rechtsform", "rechtsform"),
}
MARK_LEGEND: Final = (
    "Auf der Karte: Beteiligte dunkelblau gestrichelt umrandet und leicht getönt; das Gebiet "
    "eines Landschaftsverbands als eigene Ebene violett umrandet."
)


def _examples() -> tuple[PracticeExample, ...]:
    return loaders.published().examples


def example_ids() -> set[str]:
    return {e.id for e in _examples()}


def _kept_widgets() -> tuple[str, ...]:
    return (EXAMPLE, *(key for key, _label, _param in FILTERS.values()))


def chosen() -> PracticeExample | None:
    example_id = kept.value(PANEL, EXAMPLE)
    if example_id not in example_ids():
        return None
    return loaders.published().example(example_id)


def init_from_url(query: Mapping[str, str]) -> list[str]:
    """Seed the chosen example and the filters from a link; a German note for each value
    the link names that does not exist (the value itself is not repeated: untrusted)."""
    notes = []
    options = ex.choices(_examples())
    for name, (key, label, param) in FILTERS.items():
        raw = query.get(param)
        if raw is None:
            continue
        if raw in options[name]:
            kept.set_value(PANEL, key, raw)
            lazy.open_panel(PANEL)  # a link about examples shows their chooser
        else:
            notes.append(
                f"Link-Parameter „{param}“ nennt keinen Wert des Filters „{label}“ und wurde "
                "ignoriert."
            )
    raw = query.get(URL_PARAM)
    if raw is None:
        return notes
    if raw in example_ids():
        kept.set_value(PANEL, EXAMPLE, raw)
        lazy.open_panel(PANEL)
    else:
        notes.append(f"Link-Parameter „{URL_PARAM}“ nennt kein Praxisbeispiel und wurde ignoriert.")
    return notes


def url_query() -> dict[str, str]:
    """The chosen example and the filters set (not "alle") as URL parameters."""
    query = {}
    options = ex.choices(_examples())
    for name, (key, _label, param) in FILTERS.items():
        value = kept.value(PANEL, key)
        if value in options[name]:
            query[param] = value
    example = chosen()
    if example is not None:
        query[URL_PARAM] = example.id
    return query


def highlight_keys(level: str) -> tuple[str, ...]:
    """Keys of the chosen example's participants on a map of ``level``."""
    example = chosen()
    if example is None:
        return ()
    return ex.highlight(example).at_level(level, loaders.hierarchy())


def territory_keys(level: str) -> tuple[str, ...]:
    """Keys of the chosen example's Landschaftsverband territory on a map of ``level``."""
    example = chosen()
    if example is None:
        return ()
    return ex.highlight(example).territory_at(level, loaders.hierarchy())


def _filters() -> dict[str, str]:
    options = ex.choices(_examples())
    columns = st.columns(3)
    values = {}
    for column, (name, (key, label, _param)) in zip(columns, FILTERS.items(), strict=True):
        if st.session_state.get(key) not in (ex.ALL, *options[name]):
            st.session_state[key] = ex.ALL
        values[name] = column.selectbox(label, [ex.ALL, *options[name]], key=key)
    return values


def _clear() -> None:
    kept.set_value(PANEL, EXAMPLE, None)


_LEVEL_NAMES: Final = {
    "rbz": ("Regierungsbezirk", "Regierungsbezirke"),
    "kreis": ("Kreis", "Kreise"),
    "gemeinde": ("Gemeinde", "Gemeinden"),
}


def _units(n: int, level: str) -> str:
    singular, plural = _LEVEL_NAMES[level]
    return f"{n} {singular if n == 1 else plural}"


def marked_text(example: PracticeExample, level: str) -> str:
    """What the map of ``level`` marks for the example, in German (for screen readers the
    same as for the eye: the names are in the list of participants)."""
    hierarchy = loaders.hierarchy()
    mark = ex.highlight(example)
    marked = len(mark.at_level(level, hierarchy))
    territory = len(mark.territory_at(level, hierarchy))
    if marked:
        text = f"Auf dieser Karte markiert: {_units(marked, level)} als Beteiligte"
    elif mark.keys or mark.areas:
        text = (
            "Die Beteiligten sind auf dieser Ebene nicht einzeln zu sehen (Ebene Kreise oder "
            "Gemeinden wählen)"
        )
    else:
        text = "Die Quelle nennt keine Gemeinde und keinen Kreis als Beteiligte"
    if territory:
        text += f"; Gebiet des Landschaftsverbands als eigene Ebene: {_units(territory, level)}"
    return text + "."


def describe(level: str) -> None:
    """The chosen example beside the map: title, source, text, quote, participants, what
    the map marks (nothing when none is chosen)."""
    example = chosen()
    if example is None:
        return
    hierarchy = loaders.hierarchy()
    mark = ex.highlight(example)
    with st.container(border=True):
        st.markdown(f"**Praxisbeispiel: {md_escape(example.title)}**")
        facts = [example.status, example.rechtsform or "Rechtsform nicht genannt"]
        field = f"Aufgabenfeld: {example.aufgabenfeld}"
        if example.aufgabenfeld_assigned:
            field += " (von ikzmap zugeordnet, nicht in der Quelle genannt)"
        st.caption(md_escape(f"{ex.reference(example)} · {' · '.join(facts)} · {field}"))
        st.markdown(md_escape(example.summary))
        st.markdown("> " + md_escape(example.quote))
        st.markdown(
            "\n".join("- " + md_escape(line) for line in ex.participants_text(example, hierarchy))
        )
        if example.note:
            st.caption(md_escape(example.note))
        st.caption(marked_text(example, level))
        if mark.verband_areas:
            st.caption(ex.VERBAND_SOURCE + ".")
        st.caption(MARK_LEGEND)


@st.cache_resource(show_spinner=False)
def _count_table(level: str) -> pd.DataFrame:
    """Examples per unit of the level (the published examples: the same for every session;
    0.1 s per page run before it was cached)."""
    hierarchy = loaders.hierarchy()
    counts = ex.counts(_examples(), hierarchy, level)
    shown = counts[counts > 0].sort_values(ascending=False)
    return pd.DataFrame(
        {"Einheit": [hierarchy.label(k) for k in shown.index], "Praxisbeispiele": shown.values},
        index=shown.index.rename("Schlüssel"),
    )


def _counts(level: str) -> None:
    if level not in ("kreis", "gemeinde"):
        return
    table = _count_table(level)
    with st.expander(f"Praxisbeispiele je {'Kreis' if level == 'kreis' else 'Gemeinde'}"):
        st.caption(ex.COUNT_CAVEAT)
        light_table(table)


def render(level: str) -> None:
    """The chooser (above the map), its content drawn only while it is open; the choice
    and the filters are kept while it is closed (the map still marks the example)."""
    lazy.expander(
        "Praxisbeispiele auf der Karte", PANEL, lambda: _chooser(level), keep=_kept_widgets()
    )


def _chooser(level: str) -> None:
    """Filters, the filtered list, counts per unit."""
    example = chosen()
    total = len(_examples())
    values = _filters()
    found = ex.filtered(_examples(), **values)
    if example is not None and example not in found:
        found.insert(0, example)  # a chosen example stays choosable under new filters
    titles = {e.id: f"{e.title} ({ex.short_reference(e)})" for e in found}
    st.selectbox(
        f"Praxisbeispiel ({len(found)} von {total})",
        list(titles),
        index=None,
        format_func=titles.__getitem__,
        placeholder="Beispiel wählen …",
        key=EXAMPLE,
        help="Das gewählte Beispiel steht neben der Karte; die Karte markiert seine Beteiligten.",
    )
    if not found:
        st.caption("Kein Praxisbeispiel passt zu allen drei Filtern.")
    if example is not None:  # outside the map's fragment: the whole page follows
        st.button("Praxisbeispiel abwählen", key="ex_clear", on_click=_clear)
    _counts(level)
