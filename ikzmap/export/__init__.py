"""Exports of a map view: static snapshots, a self-contained HTML map and data files.

    from ikzmap.export import SnapshotOptions, export_file
    export_file(view, "pdf", SnapshotOptions(page="a3-quer")).data

Batch: ``python -m ikzmap.export --all --format pdf --out maps/``.
Kreis-Steckbriefe (one tagged A4 page per Kreis): ``ikzmap.export.steckbrief``,
``python -m ikzmap.export --steckbrief 05562`` or ``--steckbrief all``.
"""

from ikzmap.export.files import ExportFile, export_file, file_name
from ikzmap.export.formats import (
    FILE_FORMATS,
    PAGE_FORMATS,
    RESOLUTIONS,
    SNAPSHOT_FORMATS,
    FileFormat,
    PageFormat,
    Resolution,
    get_file_format,
    get_page,
    resolve_dpi,
)
from ikzmap.export.html import interactive_html
from ikzmap.export.static import Snapshot, SnapshotOptions, build_snapshot, render_snapshot

__all__ = [
    "FILE_FORMATS",
    "PAGE_FORMATS",
    "RESOLUTIONS",
    "SNAPSHOT_FORMATS",
    "ExportFile",
    "FileFormat",
    "PageFormat",
    "Resolution",
    "Snapshot",
    "SnapshotOptions",
    "build_snapshot",
    "export_file",
    "file_name",
    "get_file_format",
    "get_page",
    "interactive_html",
    "render_snapshot",
    "resolve_dpi",
]
