"""One facade for every export: ``export_file(view, "pdf", options)`` -> name, MIME type, bytes."""

from __future__ import annotations

from dataclasses import dataclass

from ikzmap.export import data, html, static
from ikzmap.export.formats import DATA, SNAPSHOT, FileFormat, get_file_format, get_page, resolve_dpi
from ikzmap.export.static import SnapshotOptions
from ikzmap.view import MapView

_DATA_WRITERS = {
    "csv": data.csv_bytes,
    "xlsx": data.xlsx_bytes,
    "geojson": data.geojson_bytes,
    "gpkg": data.gpkg_bytes,
}


@dataclass(frozen=True)
class ExportFile:
    name: str
    mime: str
    data: bytes


def file_name(view: MapView, fmt: FileFormat, options: SnapshotOptions) -> str:
    """E.g. ``ikz_kreis_ikz_count_a4-quer_300dpi.png``: level, indicator, area, page, dpi."""
    parts = ["ikz", view.state.level, view.indicator.id]
    if options.zoom and fmt.kind != DATA:
        parts.append(options.zoom)
    if fmt.kind == SNAPSHOT:
        parts.append(get_page(options.page).id)
        if fmt.id == "png":
            parts.append(f"{resolve_dpi(options.dpi)}dpi")
    return "_".join(parts) + "." + fmt.extension


def export_bytes(view: MapView, fmt: FileFormat, options: SnapshotOptions) -> bytes:
    if fmt.kind == SNAPSHOT:
        return static.render_snapshot(view, fmt.id, options)
    if fmt.id == "html":
        selected = (options.selected or view.state.selected) if options.highlight else None
        return html.interactive_html(view, options.title, options.zoom, selected)
    return _DATA_WRITERS[fmt.id](view)


def export_file(
    view: MapView, file_format: str, options: SnapshotOptions | None = None
) -> ExportFile:
    """Build one export. Unknown format, page or dpi raise ValueError naming the valid ones."""
    fmt = get_file_format(file_format)
    options = options or SnapshotOptions()
    name = file_name(view, fmt, options)
    return ExportFile(name, fmt.mime, export_bytes(view, fmt, options))
