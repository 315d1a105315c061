"""One upload read at a time per server process, so uploads cannot starve other sessions.

Streamlit serves every session from threads of one process. Reading an upload is CPU work
under the GIL: two reads at once do not finish sooner, they only take twice the memory and
leave other sessions' clicks less of the interpreter. A session that finds the slot taken
waits (the caller shows :data:`WAITING`) and, after :data:`MAX_WAIT_SECONDS`, gets a
German message instead of a result. No Streamlit here; the UI passes what to show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Final

from ikzmap.upload.errors import UploadError
from ikzmap.upload.limits import MAX_PARALLEL_READS, MAX_WAIT_SECONDS
from ikzmap.upload.result import Detected, UploadResult, failed_result

WAITING: Final = "Gerade wird eine andere Datei gelesen – bitte kurz warten …"
BUSY: Final = (
    "Gerade werden viele Dateien gelesen; diese konnte nicht innerhalb von "
    f"{MAX_WAIT_SECONDS:.0f} Sekunden an die Reihe kommen. Bitte kurz warten und die Datei "
    "dann erneut hochladen."
)

_slots = threading.BoundedSemaphore(MAX_PARALLEL_READS)


class UploadBusy(UploadError):
    """No reading slot became free in time."""


@contextmanager
def reading_slot(
    waiting: Callable[[], AbstractContextManager[object]] = nullcontext,
    timeout: float = MAX_WAIT_SECONDS,
) -> Iterator[None]:
    """Hold one of the :data:`MAX_PARALLEL_READS` slots; ``waiting()`` is entered while
    the caller has to wait (e.g. a spinner). :class:`UploadBusy` after ``timeout`` seconds."""
    if not _slots.acquire(blocking=False):
        with waiting():
            if not _slots.acquire(timeout=timeout):
                raise UploadBusy(BUSY)
    try:
        yield
    finally:
        _slots.release()


def read_when_free(
    read: Callable[[], UploadResult],
    original: bytes,
    filename: str,
    waiting: Callable[[], AbstractContextManager[object]] = nullcontext,
    timeout: float = MAX_WAIT_SECONDS,
) -> UploadResult:
    """``read()`` in a reading slot; if none is free in time, a failed result with
    :data:`BUSY` (the file stays in it, unchanged, like in every result)."""
    try:
        with reading_slot(waiting, timeout):
            return read()
    except UploadBusy as busy:
        return failed_result(original, filename, Detected(), str(busy))
