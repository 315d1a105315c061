"""The browser's print of the app page: map, legend, detail panel, notices and sources, not
the controls (a print stylesheet; nothing changes on screen)."""

from __future__ import annotations

from typing import Final

# Streamlit's own test ids of the parts a printout should leave out.
HIDDEN: Final = (
    '[data-testid="stSidebar"]',
    '[data-testid="stSidebarCollapsedControl"]',
    '[data-testid="stHeader"]',
    '[data-testid="stToolbar"]',
    '[data-testid="stDecoration"]',
    '[data-testid="stSelectbox"]',
    '[data-testid="stButton"]',
    '[data-testid="stDownloadButton"]',
    '[data-testid="stPopover"]',
    '[data-testid="stExpander"]',
    '[data-testid="stCheckbox"]',
    ".leaflet-control-zoom",
    ".ikz-panel details:not([open])",  # the detail panel's closed parts; an opened one prints
)
PRINT_CSS: Final = (
    "@media print{" + ",".join(HIDDEN) + "{display:none !important}"
    '[data-testid="stMain"],[data-testid="stMainBlockContainer"]'
    "{padding:0 !important;max-width:100% !important;margin:0 !important}"
    '[data-testid="stAppViewContainer"]{position:static !important;overflow:visible !important}'
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "}"
)
