"""A plain HTML table for narrow columns: one element, however many cells.

``st.table`` renders every cell as Markdown of its own (69 React elements for the
examples-per-Kreis table, drawn on every page load even while its expander is closed);
this is one ``st.html`` element, so a page and the detail panel update fast.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

# Where the narrow column may break the long German words of these tables (soft hyphen).
_SOFT_HYPHENS = {
    "Haushaltsstatus": "Haushalts\u00adstatus",
    "Überschuldung": "Über\u00adschuldung",
    "(Finanzplanung)": "(Finanz\u00adplanung)",
    "ausgeglichen": "aus\u00adge\u00adglichen",
    "Verringerung": "Ver\u00adringerung",
    "Aktivitäten": "Aktivi\u00adtäten",
}
_TABLE_CSS = (
    ".ikz-table-frame{max-width:100%;overflow-x:auto}"
    ".ikz-table{width:100%;border-collapse:collapse;font:12px/1.35 sans-serif;color:#222}"
    ".ikz-table th,.ikz-table td{padding:3px 4px;text-align:left;vertical-align:top;"
    "border-bottom:1px solid #e3e3e3;overflow-wrap:break-word;hyphens:manual}"
    ".ikz-table thead th{color:#444;font-weight:600;border-bottom:1px solid #999}"
    ".ikz-table tbody th{font-weight:normal}"
    ".ikz-table .key{display:block;color:#666;font-size:11px;font-weight:normal}"
    ".ikz-table .num{text-align:right}"
)


def _cell_text(value: object) -> str:
    words = str(value).split(" ")
    return html.escape(" ".join(_SOFT_HYPHENS.get(word, word) for word in words))


def light_table(table: pd.DataFrame) -> None:
    """A plain HTML table, cheap to draw (the panel updates fast), made to fit the narrow
    column: small type, the key as a second line under the name instead of a column of
    its own, long words may break; wider content (names from an upload) scrolls in its
    frame rather than being cut off. Every text is escaped."""
    shown = table.drop(columns=["Art"], errors="ignore")
    first, *others = shown.columns
    align = {c: ' class="num"' if pd.api.types.is_numeric_dtype(shown[c]) else "" for c in others}
    key_name = html.escape(str(shown.index.name or "Schlüssel"))
    head = f'<th scope="col">{_cell_text(first)}<span class="key">{key_name}</span></th>'
    head += "".join(f'<th scope="col"{align[c]}>{_cell_text(c)}</th>' for c in others)
    rows = []
    for key, row in shown.iterrows():
        cells = "".join(f"<td{align[c]}>{_cell_text(row[c])}</td>" for c in others)
        rows.append(
            f'<tr><th scope="row">{_cell_text(row[first])}'
            f'<span class="key">{html.escape(str(key))}</span></th>{cells}</tr>'
        )
    st.html(
        f"<style>{_TABLE_CSS}</style><div class='ikz-table-frame'><table class='ikz-table'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
