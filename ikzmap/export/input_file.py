"""A CSV/XLSX file named on the command line, read like an upload in the app.

The same pipeline (:func:`ikzmap.upload.read_upload`), limits and German messages as the
app's upload. The file is read at most up to the size limit, so a huge file or a device
costs neither memory nor time. No Streamlit here.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Final

import pandas as pd

from geo import Hierarchy
from ikzmap.atlas import AtlasData
from ikzmap.budget import default_budget_status
from ikzmap.errors import InputError
from ikzmap.fmt import printable
from ikzmap.upload import MAX_BYTES, UploadResult, read_upload
from ikzmap.upload.read import too_large

MAX_LISTED_ISSUES: Final = 20  # problem rows printed; the rest is counted
_LINE_BREAKS: Final = str.maketrans({"\n": "\ufffd", "\r": "\ufffd", "\t": " "})


class InputFileError(InputError):
    """The file cannot be read at all; the message is German."""


def terminal_text(text: str) -> str:
    """Untrusted text (file name, cells) for one line of a terminal: no control characters
    (an escape sequence could rewrite the screen), no line breaks (no forged lines)."""
    return printable(text).translate(_LINE_BREAKS)


def file_name(path: Path) -> str:
    """The file's name as text; bytes that are no UTF-8 (possible in Linux file names)
    become U+FFFD, so every export format can encode it."""
    raw = os.fsencode(path.name)
    return raw.decode("utf-8", "replace")


def _reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "gibt es nicht"
    if isinstance(err, PermissionError):
        return "darf nicht gelesen werden (fehlende Berechtigung)"
    if isinstance(err, IsADirectoryError):
        return "ist ein Ordner, keine Datei"
    return f"lässt sich nicht lesen ({terminal_text(err.strerror or type(err).__name__)})"


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes; :class:`InputFileError` if it is missing, no regular file or
    larger than ``limit`` (checked before reading, and while reading for a growing file)."""
    name = terminal_text(file_name(path))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise InputFileError(f"Die Datei „{name}“ ist keine gewöhnliche Datei.")
        if info.st_size > limit:
            raise InputFileError(f"„{name}“: {too_large(info.st_size, limit)}")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise InputFileError(f"Die Datei „{name}“ {_reason(err)}.") from None
    if len(data) > limit:
        raise InputFileError(f"„{name}“: {too_large(len(data), limit)}")
    return data


def read_table(path: Path, hierarchy: Hierarchy, sheet: str | None = None) -> UploadResult:
    """The file read through the upload pipeline (problems are in the result, as in the
    app); :class:`InputFileError` only if the file itself cannot be read."""
    return read_upload(read_bytes(path), file_name(path), hierarchy, sheet=sheet)


def report_lines(result: UploadResult, limit: int = MAX_LISTED_ISSUES) -> list[str]:
    """The upload report for a terminal: what was read, guesses to check, problem rows."""
    name = terminal_text(result.filename)
    lines = [f"Datei „{name}“:"]
    lines.extend(f"  {terminal_text(line)}" for line in result.summary.lines() if result.ok)
    lines.extend(f"  Bitte prüfen: {terminal_text(doubt)}" for doubt in result.doubts)
    issues = result.issues
    if len(issues):
        lines.append(f"  Problemliste ({len(issues)} Zeilen):")
        for row in issues.head(limit).itertuples(index=False):
            lines.append(f"    {_issue_line(row)}")
        if len(issues) > limit:
            lines.append(f"    … und {len(issues) - limit} weitere (vollständig in der App)")
    return lines


def _issue_line(row) -> str:
    where = [] if pd.isna(row.Zeile) else [f"Zeile {row.Zeile}"]
    if row.Spalte:
        where.append(f"Spalte „{row.Spalte}“")
    if row.Wert:
        where.append(f"Wert „{row.Wert}“")
    head = ", ".join(where) or "Datei"
    return terminal_text(f"{head}: {row.Problem} – {row.Folge}")


def fingerprint(result: UploadResult) -> str:
    """Names the data in caches: content, name and what was read."""
    parts = [hashlib.sha256(result.original).hexdigest(), result.filename, str(result.sheet)]
    return "datei-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def file_atlas(result: UploadResult, hierarchy: Hierarchy) -> AtlasData:
    """The atlas of a usable upload, with the budget status and population as in the app."""
    if result.dataset is None:
        raise ValueError("the upload has no usable data")
    return AtlasData.build(
        hierarchy, result.dataset, default_budget_status(), result.population, fingerprint(result)
    )
