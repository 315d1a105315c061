"""Start the app in Streamlit's AppTest (shared by the AppTest modules)."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


def run_app(query: dict | None = None, state: dict | None = None) -> AppTest:
    """The app after its first run, opened with ``query`` as URL parameters and ``state``
    already in the session state (an upload, a selection)."""
    at = AppTest.from_file(APP, default_timeout=60)
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
