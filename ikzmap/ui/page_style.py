"""The page's style, drawn once per run as one <style>: fixes for accessibility (WCAG 2.1
AA), the detail panel's blocks (``panel_html.PANEL_CSS``), the first paint's slots
(``first_paint.SLOT_CSS``) and the print stylesheet (``print_style.PRINT_CSS``); one
element, not four, for the browser to draw.

Streamlit fades captions to 60 % opacity (contrast 3.9:1 on white); here they keep a
dark grey of 7:1. Focus is always visible (keyboard users).
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from ikzmap.panel_html import PANEL_CSS
from ikzmap.ui.first_paint import SLOT_CSS
from ikzmap.ui.print_style import PRINT_CSS

PAGE_CSS: Final = """
[data-testid="stCaptionContainer"] {opacity: 1; color: #55534f;}
[data-testid="stSidebar"] [data-testid="stCaptionContainer"] {color: #4a4845;}
a:focus-visible, button:focus-visible, input:focus-visible, [tabindex]:focus-visible,
summary:focus-visible {outline: 2px solid #1c5d99; outline-offset: 2px;}
"""
_STYLE: Final = (
    f"<style>{PAGE_CSS}{PANEL_CSS}{SLOT_CSS}{PRINT_CSS}</style>"  # built once, not per run
)


def apply_page_style() -> None:
    st.html(_STYLE)
