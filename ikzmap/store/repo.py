"""Saving, listing, opening and deleting datasets: every change is one transaction."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from ikzmap.store.db import WRITE, make_engine, migrate
from ikzmap.store.errors import (
    ID_BYTES,
    NotFound,
    StoreUnavailable,
    clean_title,
    valid_id,
)
from ikzmap.store.models import Blob, Dataset, Version

logger = logging.getLogger(__name__)

MAX_FILENAME: Final = 300
_ATTEMPTS: Final = 5
RETRY_AFTER_S: Final = 20.0  # after a failure, the database is not asked again for so long


def normalized_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use the installed driver (psycopg 3)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def new_id() -> str:
    """A random dataset id that does not start with "-": a command line would read such an
    id as an option (``--daten -uKA…``), so one id in 64 would fail there."""
    while (token := secrets.token_urlsafe(ID_BYTES)).startswith("-"):
        pass
    return token


def owner_hash(token: str | None) -> str | None:
    """What is stored of a browser's id: its hash (the database never holds the id)."""
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SaveRequest:
    original: bytes
    filename: str
    title: str
    payload: str  # ikzmap.store.codec.encode
    kind: str
    sheet: str | None
    mapping: dict[str, str]
    rows_read: int
    rows_taken: int
    rows_reported: int
    owner: str | None = None  # this browser's id (stored hashed)
    saved_by: str | None = None  # the signed-in user, if any
    dataset_id: str | None = None  # add a version to this dataset (the one shown)


@dataclass(frozen=True)
class VersionInfo:
    dataset_id: str
    number: int
    title: str
    filename: str
    size: int
    sha256: str
    kind: str
    rows_read: int
    rows_taken: int
    rows_reported: int
    saved_by: str | None
    saved_at: datetime


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    title: str
    created_at: datetime
    versions: tuple[VersionInfo, ...]  # newest first

    @property
    def latest(self) -> VersionInfo:
        return self.versions[0]


@dataclass(frozen=True)
class SavedVersion:
    info: VersionInfo
    original: bytes = b""
    payload: str = ""


def _info(version: Version, dataset: Dataset) -> VersionInfo:
    return VersionInfo(
        dataset_id=dataset.id,
        number=version.number,
        title=dataset.title,
        filename=version.filename,
        size=version.size,
        sha256=version.blob_sha256,
        kind=version.kind,
        rows_read=version.rows_read,
        rows_taken=version.rows_taken,
        rows_reported=version.rows_reported,
        saved_by=version.saved_by,
        saved_at=_utc(version.saved_at),
    )


class Store:
    """The saved datasets in one database. Thread-safe; the schema is migrated on first use."""

    def __init__(self, url: str) -> None:
        self.url = normalized_url(url)
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._down_until = 0.0

    def _sqlite_file(self) -> Path | None:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        return Path(url.database)

    def exists(self) -> bool:
        """Whether there can be saved datasets: False for a SQLite file not yet created
        (reading never creates it: the default view needs no database)."""
        path = self._sqlite_file()
        return path is None or path.exists()

    def _failed(self, err: BaseException) -> StoreUnavailable:
        logger.warning("store not reachable: %s", _safe(err))
        self._down_until = time.monotonic() + RETRY_AFTER_S
        return StoreUnavailable()

    def engine(self) -> Engine:
        """The engine, with the schema current; raises :class:`StoreUnavailable`."""
        if time.monotonic() < self._down_until:
            raise StoreUnavailable()
        with self._lock:
            if self._engine is None:
                try:
                    engine = make_engine(self.url)
                    migrate(engine)
                except (SQLAlchemyError, OSError) as err:
                    raise self._failed(err) from None
                self._engine = engine
            return self._engine

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    # -- writing -------------------------------------------------------------------------

    def save(self, request: SaveRequest) -> VersionInfo:
        """Store the upload as a new version (a new dataset unless ``dataset_id`` or a
        dataset of the same owner with the same title exists); all or nothing."""
        sha = hashlib.sha256(request.original).hexdigest()
        for attempt in range(_ATTEMPTS):
            try:
                with self._write() as session:
                    return self._save(session, request, sha)
            except (IntegrityError, OperationalError) as err:  # a concurrent save: again
                if attempt == _ATTEMPTS - 1 or not _retryable(err):
                    raise self._failed(err) from None
            except SQLAlchemyError as err:
                raise self._failed(err) from None
        raise StoreUnavailable()  # pragma: no cover (the loop returns or raises)

    def _save(self, session: Session, request: SaveRequest, sha: str) -> VersionInfo:
        now = datetime.now(UTC)
        if session.get(Blob, sha) is None:
            blob = Blob(sha256=sha, size=len(request.original), data=request.original)
            blob.created_at = now
            session.add(blob)
            session.flush()
        dataset = self._target(session, request, now)
        last = session.scalar(
            select(func.max(Version.number)).where(Version.dataset_id == dataset.id)
        )
        version = Version(
            dataset_id=dataset.id,
            number=(last or 0) + 1,
            blob_sha256=sha,
            filename=request.filename[:MAX_FILENAME],
            size=len(request.original),
            kind=request.kind,
            sheet=request.sheet,
            mapping=request.mapping,
            rows_read=request.rows_read,
            rows_taken=request.rows_taken,
            rows_reported=request.rows_reported,
            payload=request.payload,
            saved_by=request.saved_by,
            saved_at=now,
        )
        session.add(version)
        session.flush()
        info = _info(version, dataset)
        session.commit()
        return info

    def _target(self, session: Session, request: SaveRequest, now: datetime) -> Dataset:
        title = clean_title(request.title, request.filename)
        if request.dataset_id is not None:
            dataset = self._locked_dataset(session, request.dataset_id)
            if dataset is None:
                raise NotFound()
            if dataset.title == title:
                return dataset
        owner = owner_hash(request.owner)
        if owner is not None:
            if session.bind.dialect.name == "postgresql":  # one title per owner at a time
                session.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": owner + title}
                )
            found = session.scalars(
                select(Dataset).where(Dataset.owner == owner, Dataset.title == title).limit(1)
            ).first()
            if found is not None:
                return self._locked_dataset(session, found.id) or found
        dataset = Dataset(id=new_id(), title=title, owner=owner, created_at=now)
        session.add(dataset)
        session.flush()
        return dataset

    @staticmethod
    def _locked_dataset(session: Session, dataset_id: str) -> Dataset | None:
        if not valid_id(dataset_id):
            return None
        query = select(Dataset).where(Dataset.id == dataset_id)
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update()
        return session.scalars(query).first()

    def delete(self, dataset_id: str) -> bool:
        """Delete the dataset, all its versions and the original files no other version
        uses; False if there was none."""
        if not valid_id(dataset_id) or not self.exists():
            return False
        try:
            with self._write() as session:
                dataset = self._locked_dataset(session, dataset_id)
                if dataset is None:
                    return False
                session.execute(delete(Version).where(Version.dataset_id == dataset_id))
                session.execute(delete(Dataset).where(Dataset.id == dataset_id))
                _drop_unused_blobs(session)
                session.commit()
                return True
        except SQLAlchemyError as err:
            raise self._failed(err) from None

    def purge(self, days: int, now: datetime | None = None) -> int:
        """Delete versions saved more than ``days`` ago (and datasets left without one, and
        unused files); returns the number of versions deleted."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        if not self.exists():
            return 0
        try:
            with self._write() as session:
                gone = session.execute(delete(Version).where(Version.saved_at < cutoff))
                session.execute(delete(Dataset).where(~Dataset.id.in_(select(Version.dataset_id))))
                _drop_unused_blobs(session)
                session.commit()
                return int(gone.rowcount or 0)
        except SQLAlchemyError as err:
            raise self._failed(err) from None

    # -- reading -------------------------------------------------------------------------

    def load(self, dataset_id: str, number: int | None = None) -> SavedVersion:
        """The version (the newest if ``number`` is None) with its file and payload."""
        if not valid_id(dataset_id) or not self.exists():
            raise NotFound()
        try:
            with Session(self.engine()) as session:
                query = select(Version, Dataset).join(Dataset).where(Dataset.id == dataset_id)
                if number is None:
                    query = query.order_by(Version.number.desc()).limit(1)
                else:
                    query = query.where(Version.number == number)
                row = session.execute(query).first()
                if row is None:
                    raise NotFound()
                version, dataset = row
                blob = session.get(Blob, version.blob_sha256)
                return SavedVersion(_info(version, dataset), bytes(blob.data), version.payload)
        except SQLAlchemyError as err:
            raise self._failed(err) from None

    def datasets(self, owner: str | None, everyone: bool = False) -> list[DatasetInfo]:
        """The datasets of this browser (``owner``), or all with ``everyone``; newest first."""
        hashed = owner_hash(owner)
        if (hashed is None and not everyone) or not self.exists():
            return []
        try:
            with Session(self.engine()) as session:
                query = select(Version, Dataset).join(Dataset)
                if not everyone:
                    query = query.where(Dataset.owner == hashed)
                query = query.order_by(Version.saved_at.desc(), Version.number.desc())
                grouped: dict[str, list[VersionInfo]] = {}
                found: dict[str, Dataset] = {}
                for version, dataset in session.execute(query):
                    grouped.setdefault(dataset.id, []).append(_info(version, dataset))
                    found[dataset.id] = dataset
                return [
                    DatasetInfo(i, found[i].title, _utc(found[i].created_at), tuple(v))
                    for i, v in grouped.items()
                ]
        except SQLAlchemyError as err:
            raise self._failed(err) from None

    def _write(self) -> Session:
        connection = self.engine().connect().execution_options(**WRITE)
        return _ClosingSession(connection)


class _ClosingSession(Session):
    """A session on its own connection, closed with it (rolled back if not committed)."""

    def __init__(self, connection) -> None:
        super().__init__(bind=connection)
        self._connection = connection

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._connection.close()

    def __exit__(self, *exc) -> None:
        self.close()


def _drop_unused_blobs(session: Session) -> None:
    session.execute(delete(Blob).where(~Blob.sha256.in_(select(Version.blob_sha256))))


def _retryable(err: SQLAlchemyError) -> bool:
    if isinstance(err, IntegrityError):
        return True
    message = str(err).lower()
    return "locked" in message or "busy" in message or "deadlock" in message


def _safe(err: BaseException) -> str:
    """An error for the log without a password of a database URL."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", str(err))[:500]
