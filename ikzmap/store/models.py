"""The tables: one row per original file (by content), per dataset and per version.

A dataset is a title with versions; a version points at its original file by sha256, so
identical bytes are stored once. Migrations (``migrations/``) create exactly these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Blob(Base):
    """An uploaded file, byte for byte, stored once per content."""

    __tablename__ = "ikz_blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Dataset(Base):
    """A saved dataset: its unguessable id (the link's ``daten``), title and owner."""

    __tablename__ = "ikz_dataset"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(64), index=True)  # sha256 of a browser id
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Version(Base):
    """One saved upload: the file, how it was read and what reading it gave."""

    __tablename__ = "ikz_version"
    __table_args__ = (UniqueConstraint("dataset_id", "number", name="uq_version_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dataset_id: Mapped[str] = mapped_column(
        ForeignKey("ikz_dataset.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("ikz_blob.sha256"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    sheet: Mapped[str | None] = mapped_column(String(300))
    mapping: Mapped[dict] = mapped_column(JSON)
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_taken: Mapped[int] = mapped_column(Integer)
    rows_reported: Mapped[int] = mapped_column(Integer)  # rows in the problem report
    payload: Mapped[str] = mapped_column(Text)  # JSON: dataset, summary, report, check
    saved_by: Mapped[str | None] = mapped_column(String(200))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
