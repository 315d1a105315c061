"""Saved datasets: uploads that last, with versions, in SQLite or PostgreSQL. No Streamlit.

``Store(url)`` saves a read upload (original bytes, parsed dataset, report, check) as a
version of a dataset, lists, opens and deletes them; ``codec`` turns a read upload into
the stored payload and back; ``config`` reads the operator's settings. SQLAlchemy and
Alembic are imported only when a store is first used (the default view needs neither).
"""

from __future__ import annotations

import importlib
from typing import Any

from ikzmap.store.codec import PayloadError, decode, encode, findings
from ikzmap.store.config import ConfigError, StoreConfig, from_env
from ikzmap.store.errors import (
    MAX_TITLE,
    NOT_FOUND,
    UNAVAILABLE,
    NotFound,
    StoreError,
    StoreUnavailable,
    clean_title,
    valid_id,
)

_LAZY = {
    "DatasetInfo": "ikzmap.store.repo",
    "SaveRequest": "ikzmap.store.repo",
    "SavedVersion": "ikzmap.store.repo",
    "Store": "ikzmap.store.repo",
    "VersionInfo": "ikzmap.store.repo",
    "german_date": "ikzmap.store.saving",
    "opened_result": "ikzmap.store.saving",
    "save_result": "ikzmap.store.saving",
    "source_title": "ikzmap.store.saving",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MAX_TITLE",
    "NOT_FOUND",
    "UNAVAILABLE",
    "ConfigError",
    "DatasetInfo",
    "NotFound",
    "PayloadError",
    "SaveRequest",
    "SavedVersion",
    "Store",
    "StoreConfig",
    "StoreError",
    "StoreUnavailable",
    "VersionInfo",
    "clean_title",
    "decode",
    "encode",
    "findings",
    "from_env",
    "german_date",
    "opened_result",
    "save_result",
    "source_title",
    "valid_id",
]
