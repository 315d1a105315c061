"""Engine and schema: SQLite (WAL, one writer at a time) or PostgreSQL; Alembic migrations
bring an empty or older database to the current schema."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_MS = 15_000
CONNECT_TIMEOUT_S = 5  # PostgreSQL: a server that does not answer is unreachable
WRITE = {"ikz_write": True}  # execution option: a transaction that will write


def _sqlite_events(engine: Engine) -> None:
    """WAL (readers never wait for the writer), foreign keys on, and ``BEGIN IMMEDIATE``
    for writing transactions so that two writers queue instead of failing mid-way."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event starts it
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        writing = connection.get_execution_options().get("ikz_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        _sqlite_events(engine)
        return engine
    connect_args = (
        {"connect_timeout": CONNECT_TIMEOUT_S} if parsed.drivername.endswith("psycopg") else {}
    )
    return create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args
    )


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision (nothing to do if it is current)."""
    from alembic import command  # imported when the database is first used
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect().execution_options(**WRITE) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
