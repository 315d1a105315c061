"""Warm the app's caches while the server starts, before the first visitor arrives.

The first page of a fresh server otherwise builds the default data (and imports what it
needs), the Kreis view and its map spec inside the visitor's request (several seconds,
and up to half a minute on a loaded machine). ``ikzmap.ui.server`` runs :func:`warm` in a
background thread; the caches are the app's own (``st.cache_resource``), so the first
session finds them filled. A failure is logged, never raised: the page then builds them
itself and shows its German message as before.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

LOG = logging.getLogger(__name__)
THREAD = "ikzmap-warmup"
DONE = "ikzmap: Caches vorgewärmt"  # printed when done (the tests' harness waits for it)
# Streamlit notes every cache call outside a session ("missing ScriptRunContext"): this
# thread has none by design.
CONTEXT_LOG = "streamlit.runtime.scriptrunner_utils.script_run_context"


class _NotThisThread(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return THREAD not in record.getMessage()


def warm() -> None:
    start = time.perf_counter()
    try:
        # The page's heavy pure modules (no Streamlit element is made at their import;
        # the page modules themselves make some and must be imported in a session).
        import ikzmap.report.files
        import ikzmap.store
        import ikzmap.upload  # noqa: F401
        from geo import LEVELS
        from ikzmap.ui import loaders
        from ikzmap.viewstate import ViewState

        atlas = loaders.default_atlas()
        for level in LEVELS:
            loaders.geometry_url(level)
        state = ViewState()
        view = loaders.view(atlas, state)
        loaders.map_spec(view, False)
        loaders.module_url()
    except Exception:  # the page builds what is missing and reports its own errors
        LOG.exception("Vorwärmen der App fehlgeschlagen")
    print(f"{DONE} ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)


def start() -> threading.Thread:
    logging.getLogger(CONTEXT_LOG).addFilter(_NotThisThread())
    thread = threading.Thread(target=warm, name=THREAD, daemon=True)
    thread.start()
    return thread
