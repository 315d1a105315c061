"""Where saved datasets live, read from the environment (docs/BETRIEB.md, "Gespeicherte
Datensätze").

- ``IKZMAP_DATABASE_URL``: a SQLAlchemy URL, e.g. ``postgresql+psycopg://ikz@db/ikzmap``
  (several app instances share one server); if unset, a SQLite file
  ``ikzmap.sqlite3`` in ``IKZMAP_DATA_DIR`` (default: the git-ignored folder ``ablage``
  beside the app), created on first use.
- ``IKZMAP_RETENTION_DAYS``: versions older than this many days are deleted at start-up.
- ``IKZMAP_LIST_ALL_DATASETS``: ``1`` lists every saved dataset in the datasets panel,
  not only those saved in the same browser.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ikzmap.errors import ConfigurationError

DATABASE_URL_ENV: Final = "IKZMAP_DATABASE_URL"
DATA_DIR_ENV: Final = "IKZMAP_DATA_DIR"
RETENTION_ENV: Final = "IKZMAP_RETENTION_DAYS"
LIST_ALL_ENV: Final = "IKZMAP_LIST_ALL_DATASETS"
DEFAULT_DATA_DIR: Final = Path(__file__).resolve().parents[2] / "ablage"
SQLITE_FILE: Final = "ikzmap.sqlite3"
_YES: Final = {"1", "true", "ja", "yes", "on"}


class ConfigError(ConfigurationError):
    """An unusable setting (German message)."""


@dataclass(frozen=True)
class StoreConfig:
    url: str
    retention_days: int | None = None
    list_all: bool = False

    def has_data(self) -> bool:
        """Whether anything can have been saved: False while the SQLite file does not
        exist (checked without opening or creating it)."""
        prefix = "sqlite:///"
        if not self.url.startswith(prefix) or self.url.endswith(":memory:"):
            return True
        return Path(self.url[len(prefix) :].split("?", 1)[0]).exists()


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / SQLITE_FILE}"


def _retention(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(
            f"{RETENTION_ENV} muss eine ganze Zahl von Tagen (mindestens 1) sein, "
            f"nicht „{raw[:40]}“."
        )
    return int(raw)


def from_env(environ: dict[str, str] | None = None) -> StoreConfig:
    env = os.environ if environ is None else environ
    url = env.get(DATABASE_URL_ENV, "").strip()
    if not url:
        data_dir = Path(env.get(DATA_DIR_ENV, "").strip() or DEFAULT_DATA_DIR)
        url = sqlite_url(data_dir)
    return StoreConfig(
        url=url,
        retention_days=_retention(env.get(RETENTION_ENV, "")),
        list_all=env.get(LIST_ALL_ENV, "").strip().lower() in _YES,
    )
