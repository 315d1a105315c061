"""ikzmap's one error family, and how an error reaches a user outside the app.

Every exception class of ikzmap derives from :class:`IkzmapError`, through one of five
family classes (the classes themselves live beside the code that raises them)::

    IkzmapError
    ├── DataFileError       a shipped or official data file is missing or broken:
    │                       BudgetDataError, PopulationDataError, PublishedDataError,
    │                       ModelError, InfeasibleError (the published figures admit no
    │                       model), MissingAssetError, BoundaryFileError (below)
    ├── InputError          something a user gave cannot be used: UploadError (UploadBusy),
    │                       UsageError, InputFileError, BreaksError, ReportFormatError,
    │                       SteckbriefKeyError, AggregationError (a dataset whose keys or
    │                       counts do not fit its level)
    ├── ExportError         a requested file cannot be produced: SteckbriefLayoutError,
    │                       TaggingError
    ├── StoreError          saved datasets: StoreUnavailable, NotFound, PayloadError
    └── ConfigurationError  an operator setting is unusable: AuthConfigError, ConfigError

``str(error)`` is a complete German message for users (it may quote what the user gave,
so the UI escapes it). No class derives from a built-in error such as ``ValueError``: an
``except ValueError`` around a library call then never catches one of ours by accident.

How errors are handled:

- ``except`` only what a third-party call raises on bad input, right around that call,
  and restate it as one of ours (``raise BudgetDataError(...) from err``).
- Our own errors are caught where they can be shown: the app shows the German message;
  a command line program prints it and exits with :data:`EXIT_ERROR` (:func:`run_cli`).
- Anything else is a bug. It is never turned into a message about bad data: it is
  logged with its traceback, and the user sees one generic German notice
  (in the app :data:`UNEXPECTED` via ``ikzmap.ui.errors``; on the command line
  :data:`UNEXPECTED_CLI` via :func:`run_cli`, exit code :data:`EXIT_BUG`).

geo: ``geo/`` knows nothing of ikzmap, so its errors have their own base
(``geo.errors.GeoError``). ikzmap wraps them where they cross into a path that reports
to users, rather than treating every geo error as one of ours:

- ``BoundaryDataError`` (a boundary file is missing or broken) is the one geo error a
  user can meet that is not a bug; :func:`boundary_files` restates it as
  :class:`BoundaryFileError` at the two places that report start-up problems (the app's
  start check and :func:`run_cli`). The boundaries are read lazily in many modules, so
  wrapping each call would miss one; the reporting places see them all.
- ``InvalidKeyError`` (also a ``ValueError``: a bad key is a bad value) is caught where
  keys from files, uploads, links or arguments are parsed and restated as that input's
  error (BudgetDataError, UploadError, UsageError, ...). One escaping elsewhere means our
  code passed a bad key: a bug, with a traceback.
- ``BuildError`` belongs to the developer tool ``python -m geo.build`` only.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final

EXIT_OK: Final = 0
EXIT_BUG: Final = 1  # an unexpected error: traceback on stderr (Python's own code for it)
EXIT_ERROR: Final = 2  # one of ours: a German message on stderr

UNEXPECTED: Final = (
    "Ein unerwarteter Fehler ist aufgetreten. Die Angaben wurden nicht verändert; bitte "
    "melden Sie den Fehler mit Datum und Uhrzeit an den IT-Betrieb, damit er im Protokoll "
    "gefunden und behoben werden kann."
)
UNEXPECTED_CLI: Final = (
    "Ein unerwarteter Fehler ist aufgetreten (Einzelheiten oben). Bitte melden Sie ihn mit "
    "dieser Ausgabe an den IT-Betrieb."
)

logger = logging.getLogger(__name__)


class IkzmapError(Exception):
    """Base of every ikzmap error; ``str(error)`` is a German message for users."""


class DataFileError(IkzmapError):
    """A shipped or official data file is missing or broken; the message names the file
    (never its server path) and, where it helps, the line and what to do."""


class InputError(IkzmapError):
    """Something a user gave (a file, an argument, a link, a form field) cannot be used."""


class ExportError(IkzmapError):
    """A requested file (map, Steckbrief, chart) cannot be produced."""


class StoreError(IkzmapError):
    """Saved datasets cannot be saved, found or opened."""


class ConfigurationError(IkzmapError):
    """An operator setting (environment variable) is unusable; the message names it."""


class BoundaryFileError(DataFileError):
    """A boundary file (``data/boundaries``) is missing or broken, as ikzmap reports it."""


@contextmanager
def boundary_files() -> Iterator[None]:
    """Restate geo's :class:`~geo.layers.BoundaryDataError` as :class:`BoundaryFileError`."""
    from geo.layers import BoundaryDataError  # geo loads geopandas: only when used

    try:
        yield
    except BoundaryDataError as err:
        raise BoundaryFileError(str(err)) from err


def run_cli(command: Callable[[], int]) -> int:
    """Run a command line program and return its exit code.

    One of our errors prints ``Fehler: <German message>`` on stderr (exit
    :data:`EXIT_ERROR`); anything else is a bug: its traceback is logged (to stderr with
    :func:`configure_cli_logging`), then :data:`UNEXPECTED_CLI` (exit :data:`EXIT_BUG`).
    """
    try:
        with boundary_files():
            return command()
    except IkzmapError as err:
        print(f"Fehler: {err}", file=sys.stderr)
        return EXIT_ERROR
    except Exception:  # the one place a command's bug ends: logged, never swallowed
        logger.exception("unexpected error")
        print(f"Fehler: {UNEXPECTED_CLI}", file=sys.stderr)
        return EXIT_BUG


def configure_cli_logging() -> None:
    """Warnings and errors (with tracebacks) of a command line program go to stderr."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
