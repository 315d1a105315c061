"""The app's one answer to an unexpected error: log the traceback, show one German notice.

A panel that fails must not take the page with it, and users must never see exception
text (it can name server paths). ``with guarded("Tabelle"): render_table(...)`` runs a
panel; the rules are those of ``ikzmap.errors``. Streamlit's own control flow (``st.stop``,
``st.rerun``, a fragment's rerun) raises ``BaseException`` subclasses and passes through.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ikzmap.errors import UNEXPECTED, IkzmapError
from ikzmap.ui.markdown import md_escape

logger = logging.getLogger(__name__)


def show_unexpected(where: str, notice: str = UNEXPECTED) -> None:
    """Inside an ``except`` block: log the error with its traceback, show ``notice``."""
    logger.exception("unexpected error in %s", where)
    st.error(notice)


@contextmanager
def guarded(where: str, notice: str = UNEXPECTED) -> Iterator[None]:
    """Run one part of the page. One of our errors that its code did not handle shows its
    German message (escaped: it may quote a user's input); anything else is a bug:
    logged with its traceback, the user sees ``notice``. Either way the rest of the page
    is still drawn."""
    try:
        yield
    except IkzmapError as err:
        logger.warning("%s: %s", where, err, exc_info=True)
        st.error(md_escape(str(err)))
    except Exception:  # the page's last line: a bug is logged, never shown as a crash
        show_unexpected(where, notice)
