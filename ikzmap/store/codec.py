"""A read upload as JSON and back: what a saved version keeps besides the original file.

The payload holds the parsed dataset (counts and provenance per key), the population
figures if the file had them, how the file was read (format, sheet, header, columns,
mapping, kind), the summary, the problem report and the consistency check at saving.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any, Final

import pandas as pd

from ikzmap.consistency import Finding, Severity
from ikzmap.dataset import IkzDataset
from ikzmap.errors import StoreError
from ikzmap.provenance import Provenance, Source
from ikzmap.upload import REPORT_COLUMNS, ColumnMapping, UploadResult, UploadSummary

FORMAT: Final = 1  # payload layout; a reader refuses others


class PayloadError(StoreError):
    """A stored payload that this version of the app cannot read."""


def _scalar(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _frame(frame: pd.DataFrame | None) -> dict[str, Any] | None:
    if frame is None:
        return None
    return {
        "columns": [str(c) for c in frame.columns],
        "rows": [[_scalar(v) for v in row] for row in frame.itertuples(index=False)],
    }


def _unframe(data: dict[str, Any] | None) -> pd.DataFrame | None:
    if data is None:
        return None
    return pd.DataFrame(data["rows"], columns=data["columns"])


def _source(source: Source) -> dict[str, Any]:
    return {**dataclasses.asdict(source), "provenance": source.provenance.value}


def _dataset(dataset: IkzDataset) -> dict[str, Any]:
    values = dataset.values
    return {
        "level": dataset.level,
        "title": dataset.title,
        "notes": list(dataset.notes),
        "source": _source(dataset.source),
        "keys": [str(k) for k in values.index],
        "counts": [_scalar(v) for v in values["count"]],
        "provenance": [str(p) for p in values["provenance"]],
    }


def encode(result: UploadResult, findings: list[Finding]) -> str:
    """The payload of a successfully read upload (``result.ok``)."""
    if not result.ok or result.dataset is None:
        raise ValueError("only a usable upload can be saved")
    population = result.population
    payload = {
        "format": FORMAT,
        "dataset": _dataset(result.dataset),
        "population": None
        if population is None
        else {
            "keys": [str(k) for k in population.index],
            "values": [_scalar(v) for v in population],
            "dtype": str(population.dtype),
            "name": population.name,
            "index_name": population.index.name,
        },
        "read": {
            "file_format": result.file_format,
            "encoding": result.encoding,
            "separator": result.separator,
            "sheet": result.sheet,
            "sheets": list(result.sheets),
            "header_row": result.header_row,
            "columns": list(result.columns),
            "mapping": result.mapping.roles() if result.mapping else None,
            "doubts": list(result.doubts),
            "kind": result.kind,
            "kind_detected": result.kind_detected,
        },
        "summary": dataclasses.asdict(result.summary),
        "issues": _frame(result.issues),
        "activities": _frame(result.activities),
        "consistency": [
            {
                "check": f.check,
                "severity": f.severity.value,
                "text": f.text,
                "expected": f.expected,
                "actual": f.actual,
            }
            for f in findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, allow_nan=False)


def _restore_dataset(data: dict[str, Any], source: Source) -> IkzDataset:
    values = pd.DataFrame(
        {
            "count": pd.array(data["counts"], dtype="Int64"),
            "provenance": [Provenance(p).value for p in data["provenance"]],
        },
        index=pd.Index(data["keys"], name="key"),
    )
    return IkzDataset(data["level"], values, source, data["title"], tuple(data["notes"]))


def _summary(data: dict[str, Any]) -> UploadSummary:
    data = dict(data)
    data["totals_rows"] = tuple(tuple(row) for row in data.get("totals_rows", ()))
    data["remarks"] = tuple(data.get("remarks", ()))
    return UploadSummary(**data)


def _issues(data: dict[str, Any] | None) -> pd.DataFrame:
    frame = _unframe(data)
    if frame is None or frame.empty:
        frame = pd.DataFrame({c: pd.array([], dtype=object) for c in REPORT_COLUMNS})
    frame = frame.reindex(columns=list(REPORT_COLUMNS))
    frame["Zeile"] = pd.array(frame["Zeile"], dtype="Int64")
    return frame


def decode(text: str, original: bytes, filename: str, source_title: str | None) -> UploadResult:
    """The upload as it was read when saved; ``source_title`` (e.g. with title, version and
    date) replaces the dataset's source title if given."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as err:
        raise PayloadError(f"Gespeicherte Daten sind kein gültiges JSON ({err}).") from None
    if payload.get("format") != FORMAT:
        raise PayloadError(f"Gespeicherte Daten im unbekannten Format {payload.get('format')!r}.")
    stored = payload["dataset"]
    src = dict(stored["source"])
    src["provenance"] = Provenance(src["provenance"])
    if source_title:
        src["title"] = source_title
    source = Source(**src)
    dataset = _restore_dataset(stored, source)
    if source_title:
        dataset = dataclasses.replace(dataset, title=source_title)
    pop = payload.get("population")
    population = None
    if pop is not None:
        population = pd.Series(
            pd.array(pop["values"], dtype=pop.get("dtype", "Float64")),
            index=pd.Index(pop["keys"], name=pop.get("index_name")),
            name=pop.get("name"),
        )
    read = payload["read"]
    mapping = ColumnMapping(**read["mapping"]) if read.get("mapping") is not None else None
    return UploadResult(
        original=original,
        filename=filename,
        dataset=dataset,
        issues=_issues(payload.get("issues")),
        summary=_summary(payload["summary"]),
        file_format=read.get("file_format"),
        encoding=read.get("encoding"),
        separator=read.get("separator"),
        sheet=read.get("sheet"),
        sheets=tuple(read.get("sheets") or ()),
        header_row=read.get("header_row"),
        columns=tuple(read.get("columns") or ()),
        mapping=mapping,
        doubts=tuple(read.get("doubts") or ()),
        kind=read.get("kind"),
        kind_detected=bool(read.get("kind_detected")),
        population=population,
        activities=_unframe(payload.get("activities")),
    )


def findings(text: str) -> list[Finding]:
    """The consistency check as it was when the version was saved."""
    payload = json.loads(text)
    return [
        Finding(f["check"], Severity(f["severity"]), f["text"], f["expected"], f["actual"])
        for f in payload.get("consistency", [])
    ]
