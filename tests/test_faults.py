"""Faults: a missing or broken data file stops start-up with ONE German message naming it;
a failed export leaves the app usable; running the app never changes a file in ``data/``.

The loaders read a temporary copy of ``data/`` with one file damaged. Their paths are
default arguments bound at import, so the tests point those defaults (and the module
constants read at call time) at the copy, and empty every cache before and after.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import geo.hierarchy
import geo.layers
import ikzmap.assets
import ikzmap.budget
import ikzmap.model
import ikzmap.population
import ikzmap.published
from ikzmap.ui import export_panel
from ikzmap.upload import MAX_BYTES, read_upload
from tests import test_hostile_data as hostile
from tests.apptest import new_app, open_panel, panel_headings

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
DATA = ROOT / "data"
START_ERROR = "ikzmap kann nicht starten:"


def clear_caches() -> None:
    """Streamlit's caches and every functools cache of ikzmap and geo."""
    st.cache_resource.clear()
    st.cache_data.clear()
    for name, module in list(sys.modules.items()):
        if not name.startswith(("ikzmap", "geo")) or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "__wrapped__"):
                value.cache_clear()


def redirect_data(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    """Make every loader of the app read ``data`` instead of the shipped ``data/``."""
    boundaries = data / "boundaries"
    for function in (
        geo.layers.layer_path,
        geo.layers.load_layer,
        geo.layers.load_attributes,
        geo.layers.load_metadata.__wrapped__,
        geo.layers.attribution,
        geo.hierarchy.Hierarchy.load.__func__,
    ):
        defaults = tuple(
            boundaries if d == geo.layers.BOUNDARY_DIR else d for d in function.__defaults__
        )
        monkeypatch.setattr(function, "__defaults__", defaults)
    budget_file = data / "haushalt" / ikzmap.budget.BUDGET_FILE.name
    monkeypatch.setattr(ikzmap.budget.load_budget_status, "__defaults__", (budget_file, None))
    monkeypatch.setattr(ikzmap.published, "IKZ_DATA_DIR", data / "ikz")
    population_file = data / "bevoelkerung" / ikzmap.population.POPULATION_FILE.name
    monkeypatch.setattr(ikzmap.population.load_population, "__defaults__", (population_file, None))
    model_file = data / "ikz" / ikzmap.model.DEFAULT_CSV.name
    monkeypatch.setattr(ikzmap.model, "DEFAULT_CSV", model_file)
    monkeypatch.setattr(ikzmap.model.read_default_csv, "__defaults__", (model_file,))
    monkeypatch.setattr(ikzmap.model.check_committed, "__defaults__", (model_file,))


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    redirect_data(monkeypatch, copy)
    clear_caches()
    yield copy
    monkeypatch.undo()
    clear_caches()


def _start(query: dict | None = None) -> AppTest:
    at = new_app(120)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    return at


def _assert_one_start_error(at: AppTest, file_name: str) -> str:
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    (message,) = errors
    assert message.startswith(START_ERROR) and file_name in message, message
    assert not at.title  # start-up stopped: no page behind the message
    return message


def _write(text: str | bytes) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    return damage


def _edit_json(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        doc = json.loads(path.read_text(encoding="utf-8"))
        change(doc)
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    return damage


def _figure(figure_id: str, **changes) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        (entry,) = [f for f in doc["figures"] if f["id"] == figure_id]
        entry.update(changes)

    return change


def _drop_figure(figure_id: str) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        doc["figures"] = [f for f in doc["figures"] if f["id"] != figure_id]

    return change


def _delete(path: Path) -> None:
    path.unlink()


def _drop_budget_row(path: Path) -> None:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")


def _empty_layer(path: Path) -> None:
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")


FAULTS = {
    "kreise-fehlen": ("boundaries/nrw_kreise.geojson", _delete),
    "gemeinden-kaputt": ("boundaries/nrw_gemeinden.geojson", _write(b"\x00\xffkein GeoJSON")),
    "rbz-abgeschnitten": ("boundaries/nrw_regierungsbezirke.geojson", _write('{"type": "Feat')),
    "kreise-ohne-einheiten": ("boundaries/nrw_kreise.geojson", _empty_layer),
    "haushalt-fehlt": ("haushalt/haushaltsstatus_nrw_2025-12-31.csv", _delete),
    "haushalt-leer": ("haushalt/haushaltsstatus_nrw_2025-12-31.csv", _write("")),
    "haushalt-binaer": ("haushalt/haushaltsstatus_nrw_2025-12-31.csv", _write(bytes(range(256)))),
    "haushalt-zeile-fehlt": ("haushalt/haushaltsstatus_nrw_2025-12-31.csv", _drop_budget_row),
    "published-fehlt": ("ikz/published.json", _delete),
    "published-kaputt": ("ikz/published.json", _write('{"figures": [')),
    "published-liste": ("ikz/published.json", _write("[]")),
    "published-kennzahl-fehlt": ("ikz/published.json", _edit_json(_drop_figure("kreis_q1"))),
    "published-ohne-quellen": ("ikz/published.json", _edit_json(lambda d: d.pop("sources"))),
    "einwohner-fehlen": ("bevoelkerung/bevoelkerung_nrw_zensus2022.csv", _delete),
    "einwohner-leer": ("bevoelkerung/bevoelkerung_nrw_zensus2022.csv", _write("")),
    "einwohner-negativ": (
        "bevoelkerung/bevoelkerung_nrw_zensus2022.csv",
        _write("ags,ars,name,einwohner\n05111000,051110000000,Düsseldorf,-5\n"),
    ),
    "modell-fehlt": ("ikz/kreis_counts_default.csv", _delete),
    "modell-binaer": ("ikz/kreis_counts_default.csv", _write(bytes(range(256)))),
    "modell-spalte-fehlt": ("ikz/kreis_counts_default.csv", _write("key,name,count\n")),
    "beispiele-fehlen": ("ikz/practice_examples.json", _delete),
    "beispiele-kaputt": ("ikz/practice_examples.json", _write("\ufeff{kaputt")),
    "beispiele-falscher-aufbau": ("ikz/practice_examples.json", _write('{"examples": [1, 2]}')),
}


@pytest.mark.parametrize("case", list(FAULTS))
def test_broken_data_file_stops_with_one_german_message(data_copy, case):
    relative, damage = FAULTS[case]
    damage(data_copy / relative)
    _assert_one_start_error(_start(), Path(relative).name)


UNREADABLE = {
    "published": "ikz/published.json",
    "haushalt": "haushalt/haushaltsstatus_nrw_2025-12-31.csv",
    "kreise": "boundaries/nrw_kreise.geojson",
    "build-json": "boundaries/build.json",
    "einwohner": "bevoelkerung/bevoelkerung_nrw_zensus2022.csv",
    "modell": "ikz/kreis_counts_default.csv",
}


def _deny_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """``path`` cannot be opened, as for a service user without read permission. chmod alone
    does not stop root (CI runs as root), so opening it raises PermissionError here too."""
    path.chmod(0)
    denied = str(path)

    def guard(opener):
        def open_checked(file, *args, **kwargs):
            if str(file) == denied:
                raise PermissionError(13, "Permission denied", denied)
            return opener(file, *args, **kwargs)

        return open_checked

    monkeypatch.setattr("builtins.open", guard(open))
    monkeypatch.setattr("io.open", guard(io.open))


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_data_file_stops_with_one_german_message(data_copy, monkeypatch, case):
    path = data_copy / UNREADABLE[case]
    _deny_reading(monkeypatch, path)
    message = _assert_one_start_error(_start(), path.name)
    assert "nicht lesbar" in message and "Leserechte" in message
    assert str(data_copy) not in message and "/tmp" not in message  # no server path


def test_read_only_static_folder_stops_with_one_german_message(data_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "keine-ordner"
    blocker.write_text("eine Datei, wo static/ ein Ordner sein muss")
    monkeypatch.setattr(ikzmap.assets, "STATIC_DIR", blocker / "static")
    monkeypatch.setattr(ikzmap.assets, "VENDOR_DIR", ikzmap.assets.VENDOR_DIR)  # Leaflet is there
    message = _assert_one_start_error(_start(), "static/geo/")
    assert "Schreibrechte" in message and str(tmp_path) not in message


def test_broken_layer_message_names_no_server_path(data_copy):
    _write(b"\x00\xffkein GeoJSON")(data_copy / "boundaries" / "nrw_gemeinden.geojson")
    message = _assert_one_start_error(_start(), "nrw_gemeinden.geojson")
    assert str(data_copy) not in message


BUILD_JSON_DAMAGE = {"fehlt": _delete, "kaputt": _write("{kaputt"), "leer": _write("{}")}


@pytest.mark.parametrize("case", list(BUILD_JSON_DAMAGE))
def test_broken_build_json_raises_a_german_error_naming_it(tmp_path, case):
    shutil.copytree(DATA / "boundaries", tmp_path, dirs_exist_ok=True)
    BUILD_JSON_DAMAGE[case](tmp_path / "build.json")
    geo.layers.load_metadata.cache_clear()
    with pytest.raises(geo.layers.BoundaryDataError, match=r"build\.json"):
        geo.layers.attribution(tmp_path)
    geo.layers.load_metadata.cache_clear()


@pytest.mark.parametrize("case", list(BUILD_JSON_DAMAGE))
def test_broken_build_json_stops_with_one_german_message(data_copy, case):
    BUILD_JSON_DAMAGE[case](data_copy / "boundaries" / "build.json")
    _assert_one_start_error(_start(), "build.json")


@pytest.mark.parametrize(
    "change",
    [
        _figure("kreis_q1", value=300),  # above Q3: no fit possible
        _figure("kreis_max", key="05562032"),  # a Gemeinde, not a Kreis
        _figure("rbz_055_count", value=9000),  # more than the NRW total
    ],
    ids=["viertelwert", "schluessel-gemeinde", "rbz-ueber-summe"],
)
def test_contradicting_published_figures_stop_with_one_german_message(data_copy, change):
    _edit_json(change)(data_copy / "ikz" / "published.json")
    _assert_one_start_error(_start(), "published.json")


def test_missing_leaflet_stops_with_one_german_message(data_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(ikzmap.assets, "VENDOR_DIR", tmp_path / "vendor")
    message = _assert_one_start_error(_start(), "leaflet.js")
    assert "run-app.sh" in message  # says how to install it


def test_model_file_that_contradicts_the_report_names_both_files(data_copy):
    """The app reads the committed model (it never refits); edited counts that break a
    published figure stop start-up and say how to regenerate the file."""
    path = data_copy / "ikz" / "kreis_counts_default.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",453,", ",454,"), encoding="utf-8")
    message = _assert_one_start_error(_start(), "kreis_counts_default.csv")
    assert "published.json" in message and "python -m ikzmap.model" in message


def test_failed_export_leaves_the_app_usable(monkeypatch):
    clear_caches()

    def broken(*_args, **_kwargs):
        raise RuntimeError("Plattenplatz erschöpft")

    monkeypatch.setattr(export_panel, "export_file", broken)
    at = open_panel(_start(), export_panel.PANEL)
    at.selectbox(key="exp_format").set_value("pdf").run()
    at.button(key="exp_build").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [export_panel.ERROR_TEXT]
    at.session_state["selected"] = "05562"
    at.selectbox(key="w_indicator").set_value("budget_hsk").run()
    assert not at.exception
    assert panel_headings(at) == ["Kreis Recklinghausen"]
    assert at.query_params["indikator"] == "budget_hsk"
    clear_caches()


def test_rereading_a_usable_upload_keeps_the_app_running(hierarchy):
    clear_caches()
    result = read_upload(b"Kreis;Anzahl\nKreis Recklinghausen;707\n", "k.csv", hierarchy)
    at = new_app(120)
    at.session_state["upload_result"] = result
    at.session_state["use_upload"] = True
    at.run()
    next(b for b in at.button if b.label == "Neu einlesen").click().run()
    assert not at.exception
    assert at.session_state["use_upload"] is True


def _digests(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _session_with_uploads_and_exports(hierarchy) -> None:
    for data, name in (
        ((ROOT / "tests/data/uploads/gemeinden_cp1252_semikolon.csv").read_bytes(), "g.csv"),
        (hostile.xlsx_bytes(), "feindlich.xlsx"),
        (b"x" * (MAX_BYTES + 1), "gross.csv"),
    ):
        at = new_app(120)
        at.session_state["upload_result"] = read_upload(data, name, hierarchy)
        at.session_state["use_upload"] = True
        at.run()
        at.toggle(key="show_table").set_value(True).run()
        open_panel(at, export_panel.PANEL)
        for file_format in ("csv", "xlsx", "geojson", "gpkg", "html", "svg"):
            at.selectbox(key="exp_format").set_value(file_format).run()
            at.button(key="exp_build").click().run()
            assert not at.exception, at.exception
            assert at.get("download_button"), file_format


def test_running_the_app_never_changes_data_files(hierarchy):
    before = _digests(DATA)
    clear_caches()
    _session_with_uploads_and_exports(hierarchy)
    clear_caches()
    assert _digests(DATA) == before


def test_server_settings_stay_safe():
    """The settings docs/BETRIEB.md explains; a change here must be deliberate."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server, client = config["server"], config["client"]
    assert server["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["fileWatcherType"] == "none"
    assert client["showErrorDetails"] == "none"
    assert client["allowedOrigins"] == []
    assert config["browser"]["gatherUsageStats"] is False
