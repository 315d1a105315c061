"""Start the app in Streamlit's AppTest (shared by the AppTest modules)."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ikzmap.ui import first_paint
from tests.html_text import headings, visible_text

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


def new_app(timeout: float = 60) -> AppTest:
    """The app, not yet run, as after the browser has reported the map drawn: every run
    draws the whole page (``ikzmap.ui.first_paint``; AppTest has no browser to report)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state[first_paint.COMPLETE] = True
    return at


def run_app(
    query: dict | None = None, state: dict | None = None, *, first_run: bool = False
) -> AppTest:
    """The app after its first run, opened with ``query`` as URL parameters and ``state``
    already in the session state (an upload, a selection). ``first_run``: the session's
    very first run, before the browser has drawn the map (the first paint only)."""
    at = AppTest.from_file(APP, default_timeout=60) if first_run else new_app()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    for name, value in (state or {}).items():
        at.session_state[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def open_panel(at: AppTest, panel: str) -> AppTest:
    """Open a panel whose content is drawn only while it is open (``ikzmap.ui.lazy``), as
    a click on its label does, and run."""
    at.session_state[panel] = True
    return at.run()


def map_data(at: AppTest) -> dict:
    """The data the app sends to its map element."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "ikzmap.map"]
    assert element.proto.component_name == "ikzmap.map"
    return json.loads(element.proto.json)


def html_text(at: AppTest) -> str:
    """The text of the page's HTML elements (the detail panel's blocks, light tables), as
    shown: without tags, styles and soft hyphens."""
    return "\n".join(visible_text(element.proto.body) for element in at.get("html"))


def panel_headings(at: AppTest) -> list[str]:
    """The headings (h3) in the page's HTML elements: the detail panel's unit."""
    return [h for element in at.get("html") for h in headings(element.proto.body)]
