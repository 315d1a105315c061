"""Alembic environment: runs on the connection the store hands over (``ikzmap.store.db``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from ikzmap.store.models import Base

# Any constant: app instances that start together on one PostgreSQL migrate one at a time.
_PG_MIGRATION_LOCK = 0x696B7A6D6170


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        context.run_migrations()


run_migrations_online()
