"""The report charts as files: SVG and PNG (Vega-Lite rendered by vl-convert, offline) and
CSV (the chart's table with source and provenance per row, formula-safe)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import vl_convert as vlc

from ikzmap.csv_safe import safe_csv_bytes
from ikzmap.errors import InputError
from ikzmap.report.charts import ReportChart, report_charts
from ikzmap.report.source import default_kreis_names, default_published

REPORT_FORMATS: Final = ("svg", "png", "csv")
MIME: Final = {"svg": "image/svg+xml", "png": "image/png", "csv": "text/csv"}
PNG_SCALE: Final = 2  # 2x pixels: sharp on print and high-density screens
ATTRIBUTION: Final = "Quelle: gpaNRW, IKZ in NRW (Bericht 09/2025; Vortrag 24.02.2026)"


class ReportFormatError(InputError):
    """An unknown file format; the message is German."""


@dataclass(frozen=True)
class ReportFile:
    name: str
    mime: str
    data: bytes


def file_name(chart: ReportChart, fmt: str) -> str:
    return f"ikz-bericht_{chart.id}.{fmt}"


def _spec(chart: ReportChart) -> dict:
    spec = chart.spec()
    spec["title"]["subtitle"] = [spec["title"]["subtitle"], ATTRIBUTION]
    return spec


def render(chart: ReportChart, fmt: str) -> ReportFile:
    """One chart as a file in ``fmt`` ("svg", "png" or "csv")."""
    if fmt == "csv":
        data = safe_csv_bytes(chart.csv_frame())
    elif fmt == "svg":
        data = vlc.vegalite_to_svg(_spec(chart), format_locale="de-DE").encode("utf-8")
    elif fmt == "png":
        data = vlc.vegalite_to_png(_spec(chart), scale=PNG_SCALE, format_locale="de-DE")
    else:
        raise ReportFormatError(f"Unbekanntes Format „{fmt}“. Gültig: {', '.join(REPORT_FORMATS)}.")
    return ReportFile(file_name(chart, fmt), MIME[fmt], data)


@lru_cache(maxsize=128)
def default_file(chart_id: str, fmt: str) -> ReportFile:
    """A chart of the shipped data as a file (cached: the published figures do not change
    while the app runs)."""
    charts = {c.id: c for c in report_charts(default_published(), default_kreis_names())}
    return render(charts[chart_id], fmt)
