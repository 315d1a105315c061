"""AppTest: the export panel renders the data on screen – a file uploaded in the upload
panel, a saved dataset opened from its link – never the default data behind them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PIL import Image
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ikzmap.published import load_published
from ikzmap.store import Store, save_result
from ikzmap.store.config import sqlite_url
from ikzmap.ui import export_panel, saved_panel
from ikzmap.upload import read_upload
from tests.apptest import open_panel, run_app

UPLOADS = Path(__file__).resolve().parent / "data" / "uploads"
GEMEINDEN = UPLOADS / "gemeinden_cp1252_semikolon.csv"
COUNT = "IKZ-Aktivitäten (Anzahl)"
CSV_NAME = "ikz_gemeinde_ikz_count.csv"


@pytest.fixture
def offered(monkeypatch) -> dict[str, bytes]:
    """The files the app hands to its download buttons, by download name: exactly the
    bytes a user gets."""
    files: dict[str, bytes] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            files[filename] = path_or_data
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    export_panel._build.clear()
    return files


def _export(at: AppTest, file_format: str, offered: dict[str, bytes]) -> tuple[str, bytes]:
    """Choose the format, press "Datei erstellen"; the offered file's name and bytes."""
    offered.clear()
    open_panel(at, export_panel.PANEL)
    at.selectbox(key="exp_format").set_value(file_format).run()
    at.button(key="exp_build").click().run()
    assert not at.exception, at.exception
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith("exp_download")]
    (name,) = [n for n in offered if n in button.proto.label]
    return name, offered[name]


def _rows(data: bytes) -> dict[str, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    return {row["Schlüssel"]: row for row in reader}


def test_a_file_uploaded_in_the_panel_is_what_the_export_renders(offered):
    at = run_app({"ebene": "gemeinde"})
    (uploader,) = [u for u in at.file_uploader if u.label == "Datei hochladen"]
    uploader.set_value(("Recklinghausen <2025>.csv", GEMEINDEN.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    assert at.session_state["use_upload"] is True  # the map switched to the upload

    name, data = _export(at, "csv", offered)
    assert name == CSV_NAME
    rows = _rows(data)
    assert rows["05562004"][COUNT] == "25"  # the defaults have no Gemeinde counts at all
    assert rows["05562004"]["Herkunft"] == "hochgeladen"
    assert rows["05562004"]["Quelle"] == "Eigene Daten: Recklinghausen <2025>.csv – hochgeladen"

    name, data = _export(at, "png", offered)
    with Image.open(io.BytesIO(data)) as image:
        source = image.info["Source"]
    assert "Eigene Daten: Recklinghausen <2025>.csv – hochgeladen" in source
    assert "modelliert" not in source


def test_switching_back_to_the_defaults_exports_the_defaults(offered, hierarchy):
    result = read_upload(GEMEINDEN.read_bytes(), "gemeinden.csv", hierarchy)
    at = run_app({"ebene": "gemeinde"}, {"upload_result": result, "use_upload": True})
    _name, uploaded = _export(at, "csv", offered)
    assert _rows(uploaded)["05562004"][COUNT] == "25"
    at.toggle(key="w_use_upload").set_value(False).run()
    offers = [b for b in at.get("download_button") if b.proto.id.endswith("exp_download")]
    assert offers == []  # the upload's file is not offered for the defaults
    _name, default = _export(at, "csv", offered)
    row = _rows(default)["05562004"]
    assert row[COUNT] == "" and row["Herkunft"] != "hochgeladen"
    assert "gemeinden.csv" not in default.decode("utf-8-sig")


@pytest.fixture
def saved_gemeinden(tmp_path, monkeypatch, hierarchy) -> str:
    """A saved dataset in a fresh store, as the app saves it; its id."""
    folder = tmp_path / "ablage"
    monkeypatch.setenv("IKZMAP_DATA_DIR", str(folder))
    monkeypatch.delenv("IKZMAP_DATABASE_URL", raising=False)
    saved_panel.settings.clear()
    saved_panel.store.clear()
    result = read_upload(GEMEINDEN.read_bytes(), "gemeinden.csv", hierarchy)
    store = Store(sqlite_url(folder))
    info = save_result(store, result, "Gemeinden 2025", hierarchy, load_published())
    store.dispose()
    yield info.dataset_id
    saved_panel.settings.clear()
    saved_panel.store.clear()


def test_a_saved_dataset_opened_from_its_link_is_what_the_export_renders(offered, saved_gemeinden):
    at = run_app({"daten": saved_gemeinden, "version": "1", "ebene": "gemeinde"})
    name, data = _export(at, "csv", offered)
    assert name == CSV_NAME
    row = _rows(data)["05562004"]
    assert (row[COUNT], row["Herkunft"]) == ("25", "hochgeladen")
    assert "„Gemeinden 2025“, Version 1 vom" in row["Quelle"]
    assert row["Quelle"].endswith("(Datei gemeinden.csv) – hochgeladen")

    _name, png = _export(at, "png", offered)
    with Image.open(io.BytesIO(png)) as image:
        assert "„Gemeinden 2025“, Version 1 vom" in image.info["Source"]
