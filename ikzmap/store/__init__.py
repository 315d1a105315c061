"""Saved datasets: uploads that last, with versions, in SQLite or PostgreSQL. No Streamlit.

``Store(url)`` saves a read upload (original bytes, parsed dataset, report, check) as a
version of a dataset, lists, opens and deletes them; ``codec`` turns a read upload into
the stored payload and back; ``config`` reads the operator's settings.
"""

from __future__ import annotations

from ikzmap.store.codec import PayloadError, decode, encode, findings
from ikzmap.store.config import ConfigError, StoreConfig, from_env
from ikzmap.store.repo import (
    NOT_FOUND,
    UNAVAILABLE,
    DatasetInfo,
    NotFound,
    SavedVersion,
    SaveRequest,
    Store,
    StoreError,
    StoreUnavailable,
    VersionInfo,
    clean_title,
    valid_id,
)
from ikzmap.store.saving import opened_result, save_result, source_title

__all__ = [
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
    "opened_result",
    "save_result",
    "source_title",
    "valid_id",
]
