"""From a read upload to a saved version and back (used by the app and the batch CLI)."""

from __future__ import annotations

from geo import Hierarchy
from ikzmap.consistency import check_consistency
from ikzmap.published import Published
from ikzmap.store import codec
from ikzmap.store.repo import SavedVersion, SaveRequest, Store, VersionInfo
from ikzmap.upload import UploadResult


def save_result(
    store: Store,
    result: UploadResult,
    title: str,
    hierarchy: Hierarchy,
    published: Published,
    *,
    owner: str | None = None,
    saved_by: str | None = None,
    dataset_id: str | None = None,
) -> VersionInfo:
    """Save a successfully read upload with its report and consistency check."""
    if not result.ok or result.dataset is None:
        raise ValueError("only a usable upload can be saved")
    found = check_consistency(result.dataset, hierarchy, published)
    request = SaveRequest(
        original=result.original,
        filename=result.filename,
        title=title,
        payload=codec.encode(result, found),
        kind=str(result.kind or result.dataset.level),
        sheet=result.sheet,
        mapping=result.mapping.roles() if result.mapping else {},
        rows_read=result.summary.rows_read,
        rows_taken=result.summary.counted,
        rows_reported=len(result.issues),
        owner=owner,
        saved_by=saved_by,
        dataset_id=dataset_id,
    )
    return store.save(request)


def german_date(info: VersionInfo) -> str:
    return info.saved_at.astimezone().strftime("%d.%m.%Y %H:%M")


def source_title(info: VersionInfo) -> str:
    """The source line of a saved version: title, version and date (and the file)."""
    return (
        f"Eigene Daten „{info.title}“, Version {info.number} vom {german_date(info)} "
        f"(Datei {info.filename})"
    )


def opened_result(saved: SavedVersion) -> UploadResult:
    """The saved version as the upload it was (dataset, report), its source naming it."""
    return codec.decode(
        saved.payload, saved.original, saved.info.filename, source_title(saved.info)
    )
