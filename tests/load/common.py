"""What both session drivers (browser, protocol) report, and the checks on it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

FILE_PREFIX = "ikz_sitzung_"
# A session's file name as it may travel: plain, or Markdown-escaped (ikz\_sitzung\_07\.csv).
_FILE_NAME = re.compile(rb"ikz\\?_sitzung\\?_(\d+)")
# The detail panel's line, in Markdown source or as rendered text.
IKZ_LINE = re.compile(
    r"(?:\*\*)?IKZ-Aktivitäten:(?:\*\*)? ([\d.]+) \((hochgeladen|veröffentlicht|modelliert)\)"
)


@dataclass(frozen=True)
class Selection:
    """The detail panel after a click."""

    latency_s: float
    headings: list[str]  # subheadings (h3): the selected unit's name
    ikz: tuple[str, str] | None  # (count, provenance) of the "IKZ-Aktivitäten" line
    auswahl: str | None  # the selection in the URL query


def file_name(index: int) -> str:
    return f"{FILE_PREFIX}{index:02d}.csv"


def sessions_named(data: bytes) -> set[int]:
    """Indexes of the sessions whose upload file name occurs in ``data``."""
    return {int(m) for m in _FILE_NAME.findall(data)}


def ikz_line(text: str) -> tuple[str, str] | None:
    """(count, provenance) of the line as read (Markdown escapes removed)."""
    match = IKZ_LINE.search(text.replace("\\", ""))
    return (match.group(1), match.group(2)) if match else None


def run_in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to its end in a thread with its own event loop: the e2e tests' sync
    Playwright (session-scoped) keeps an event loop running in the main thread, where
    ``asyncio.run`` would refuse to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
