"""What the store says to users and checks without a database (no SQLAlchemy here: the
app's default view imports only this). ``StoreError``, the base of the store's errors,
is one of ikzmap's error families (``ikzmap.errors``)."""

from __future__ import annotations

import re
from typing import Final

from ikzmap.errors import StoreError

ID_BYTES: Final = 24  # 192 random bits; token_urlsafe gives 32 URL-safe characters
_ID: Final = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_TITLE: Final = 200

UNAVAILABLE: Final = (
    "Die Ablage für gespeicherte Datensätze ist gerade nicht erreichbar. Die Karte und "
    "ungespeicherte Uploads funktionieren weiter; Speichern und Öffnen gespeicherter "
    "Datensätze bitte später erneut versuchen oder den IT-Betrieb informieren."
)
NOT_FOUND: Final = (
    "Den Datensatz dieses Links gibt es nicht (mehr): Er wurde gelöscht, ist abgelaufen "
    "oder der Link ist unvollständig. Die Karte zeigt die Standarddaten."
)


class StoreUnavailable(StoreError):
    def __init__(self, message: str = UNAVAILABLE) -> None:
        super().__init__(message)


class NotFound(StoreError):
    def __init__(self, message: str = NOT_FOUND) -> None:
        super().__init__(message)


def valid_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def clean_title(title: str | None, filename: str) -> str:
    """A printable, bounded title; the file name if none is given."""
    chosen = " ".join((title or "").split()) or filename
    chosen = "".join(ch for ch in chosen if ch.isprintable())
    return chosen[:MAX_TITLE] or "Datensatz"
