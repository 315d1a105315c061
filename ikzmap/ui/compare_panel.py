"""Compare units: the detail panel adds the shown unit, the panel under the map shows two
to four units side by side (units as columns), with a remove button per unit, "Vergleich
leeren" and a CSV download. The compared keys are in the URL (``vergleich``)."""

from __future__ import annotations

import html
from typing import Final

import streamlit as st

from ikzmap import compare
from ikzmap.atlas import AtlasData
from ikzmap.ui import loaders
from ikzmap.ui.markdown import md_escape

COMPARED: Final = "compared"  # session state: the compared keys, in order
_MESSAGE: Final = "compare_message"  # a German message for the next run (limit reached)
_CSS: Final = (
    ".ikz-compare-frame{max-width:100%;overflow-x:auto}"
    ".ikz-compare{border-collapse:collapse;font:13px/1.4 sans-serif;color:#222;width:100%;"
    "min-width:44em;table-layout:fixed}"  # equal unit columns; a phone scrolls the frame
    ".ikz-compare caption{text-align:left;color:#444;padding:0 0 4px;font-size:12px}"
    ".ikz-compare th,.ikz-compare td{padding:4px 6px;text-align:left;vertical-align:top;"
    "border-bottom:1px solid #e3e3e3;overflow-wrap:break-word}"
    ".ikz-compare thead th{font-weight:600;border-bottom:1px solid #999}"
    ".ikz-compare tbody th{font-weight:normal;color:#333}"
    ".ikz-compare thead th:first-child{width:11em}"
    ".ikz-compare .sub{display:block;color:#595959;font-size:12px;font-weight:normal}"
)


def keys() -> tuple[str, ...]:
    value = st.session_state.get(COMPARED)
    return tuple(value) if isinstance(value, tuple) else ()


def init_from_url(raw: object, units: set[str]) -> list[str]:
    """Seed the comparison from a link; German notes for what it leaves out."""
    found, notes = compare.from_param(raw, units)
    st.session_state[COMPARED] = found
    return notes


def url_query() -> dict[str, str]:
    """The comparison's part of the page's URL (nothing while it is empty)."""
    compared = keys()
    return {compare.URL_PARAM: compare.to_param(compared)} if compared else {}


def _add(*new: str, labels: dict[str, str]) -> None:
    updated, message = compare.add(keys(), *new, labels=labels)
    st.session_state[COMPARED] = updated
    st.session_state[_MESSAGE] = message


def _remove(key: str) -> None:
    st.session_state[COMPARED] = compare.remove(keys(), key)


def _clear() -> None:
    st.session_state[COMPARED] = ()


def render_add_buttons(atlas: AtlasData, key: str) -> None:
    """In the detail panel: add the shown unit, or it together with the unit it lies in."""
    h = atlas.hierarchy
    compared = keys()
    parent = compare.parent_of(atlas, key)
    labels = {k: h.label(k) for k in (key, parent) if k is not None}  # for the message
    st.button(
        "Zum Vergleich hinzufügen",
        key="compare_add",
        on_click=_add,
        args=(key,),
        kwargs={"labels": labels},
        disabled=key in compared,
        help=md_escape(
            f"{h.label(key)} im Vergleich unter der Karte zeigen (bis zu {compare.MAX_UNITS} "
            "Einheiten, auch verschiedener Ebenen)"
        ),
    )
    if parent is not None and not {key, parent} <= set(compared):
        st.button(
            md_escape(f"Mit {h.label(parent)} vergleichen"),
            key="compare_with_parent",
            on_click=_add,
            args=(key, parent),
            kwargs={"labels": labels},
        )
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        st.warning(md_escape(message))
    elif key in compared:
        st.caption(f"{md_escape(h.label(key))} ist im Vergleich (unter der Karte).")


def table_html(comparison: compare.Comparison) -> str:
    """The comparison as an accessible HTML table: a caption, the unit names as column
    headers (short, as a screen reader repeats them per cell), a row header per figure,
    each figure's provenance under it. Every text is escaped."""
    esc = html.escape
    names = ", ".join(u.label for u in comparison.units)
    head = '<th scope="col">Merkmal</th>' + "".join(
        f'<th scope="col">{esc(u.label)}</th>' for u in comparison.units
    )
    rows = [
        _row_html("Art, Schlüssel", [f"{esc(u.type)}, {esc(u.key)}" for u in comparison.units]),
        _row_html("Liegt in", [esc(u.context) for u in comparison.units]),
    ]
    for row in comparison.rows:
        rows.append(_row_html(esc(row.label), [_cell_html(c) for c in row.cells]))
    return (
        # The frame scrolls sideways on a phone: focusable, so a keyboard can scroll it.
        f"<style>{_CSS}</style><div class='ikz-compare-frame' tabindex='0' role='region' "
        f"aria-label='Vergleichstabelle'><table class='ikz-compare'>"
        f"<caption>Vergleich: {esc(names)} (Einheiten in Spalten, Merkmale in Zeilen)</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _cell_html(cell: compare.Cell) -> str:
    """A figure, and under it where it comes from."""
    if not cell.origin:
        return html.escape(cell.text)
    return f'{html.escape(cell.text)}<span class="sub">Herkunft: {html.escape(cell.origin)}</span>'


def _row_html(header: str, cells: list[str]) -> str:
    """A body row of escaped HTML parts."""
    return f'<tr><th scope="row">{header}</th>{"".join(f"<td>{c}</td>" for c in cells)}</tr>'


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=loaders.HASH_FUNCS)
def _built(atlas: AtlasData, compared: tuple[str, ...]) -> tuple[compare.Comparison, str, bytes]:
    """Table, its HTML and its CSV, once per dataset and units: a click on the map reruns
    the panel without redoing them."""
    comparison = compare.compare(atlas, loaders.published(), compared)
    return comparison, table_html(comparison), compare.csv_bytes(comparison)


def render(atlas: AtlasData) -> None:
    """The comparison under the map (nothing while no unit is added)."""
    compared = keys()
    if not compared:
        return
    comparison, table, csv = _built(atlas, compared)
    st.subheader(f"Vergleich ({len(compared)} von höchstens {compare.MAX_UNITS} Einheiten)")
    if len(compared) < 2:
        st.caption(
            "Wählen Sie eine weitere Einheit in der Karte oder über die Suche und fügen Sie "
            "sie im Detailpanel mit „Zum Vergleich hinzufügen“ hinzu."
        )
    st.html(table)
    with st.container(horizontal=True):  # wraps on narrow screens, never cuts a name
        for unit in comparison.units:
            st.button(
                md_escape(f"{unit.label} entfernen"),
                key=f"compare_remove_{unit.key}",
                on_click=_remove,
                args=(unit.key,),
            )
        st.button("Vergleich leeren", key="compare_clear", on_click=_clear)
        st.download_button(
            "Vergleich herunterladen (CSV, Semikolon)",
            csv,
            "ikz_vergleich.csv",
            "text/csv",
            key="compare_csv",
        )
    st.caption(md_escape("Quellen: " + " · ".join(comparison.sources)))
