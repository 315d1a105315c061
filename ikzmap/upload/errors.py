"""The one error type for unusable uploads; its message is German and meant for users."""

from __future__ import annotations

from ikzmap.errors import InputError


class UploadError(InputError):
    """The file cannot be used at all (too large, empty, broken, no table found).

    ``str(error)`` is a complete German sentence naming the problem and, where it
    helps, the row or column and what to do.
    """
