"""A plain HTML table for narrow columns: one element, however many cells.

``st.table`` renders every cell as Markdown of its own (69 React elements for the
examples-per-Kreis table, drawn on every page load even while its expander is closed);
this is one ``st.html`` element, so a page and the detail panel update fast. The table is
built by ``ikzmap.panel_html.table``; its style is in the page's one <style>.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ikzmap import panel_html


def light_table(table: pd.DataFrame) -> None:
    st.html(panel_html.table(table))
