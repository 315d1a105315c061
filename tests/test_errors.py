"""The one error family (``ikzmap.errors``): every exception class of ikzmap is an
IkzmapError under one of five families, geo's are GeoErrors; command line programs report
ours in German (exit 2) and log anything else with its traceback (exit 1); the app shows
one generic German notice for an unexpected error in a panel and logs the traceback."""

from __future__ import annotations

import importlib
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from geo import BoundaryDataError, GeoError, InvalidKeyError
from ikzmap.errors import (
    EXIT_BUG,
    EXIT_ERROR,
    UNEXPECTED,
    UNEXPECTED_CLI,
    BoundaryFileError,
    ConfigurationError,
    DataFileError,
    ExportError,
    IkzmapError,
    InputError,
    StoreError,
    boundary_files,
    run_cli,
)
from ikzmap.ui.markdown import md_escape
from tests.apptest import run_app

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = (DataFileError, InputError, ExportError, StoreError, ConfigurationError)
BUILTIN_BASES = (Exception, BaseException, object)


WALK = """
import importlib, inspect, json, pkgutil, sys

found = {}
for package in map(importlib.import_module, sys.argv[1:]):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                found[module.__name__ + "." + name] = [
                    base.__module__ + "." + base.__qualname__ for base in value.__mro__
                ]
print(json.dumps(found))
"""


def _exception_classes() -> dict[str, list[str]]:
    """Every exception class defined in a module of ikzmap or geo, with its ancestry
    (qualified names). The modules are imported in a separate process: the page modules
    of the app make Streamlit elements at import, which only works inside a session."""
    result = subprocess.run(
        [sys.executable, "-c", WALK, "ikzmap", "geo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,  # a guard against a hang, not a speed check
    )
    return json.loads(result.stdout)


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


CLASSES = _exception_classes()
IKZMAP_CLASSES = {k: v for k, v in CLASSES.items() if k.startswith("ikzmap.")}
GEO_CLASSES = {k: v for k, v in CLASSES.items() if k.startswith("geo.")}


def test_the_walk_reaches_every_subpackage():
    """A walk that missed a subpackage would let the table below pass on too little."""
    modules = {name.rsplit(".", 1)[0] for name in IKZMAP_CLASSES}
    assert {"ikzmap.upload.gate", "ikzmap.store.errors", "ikzmap.ui.auth"} <= modules
    assert {"ikzmap.export.cli", "ikzmap.report.files", "ikzmap.budget"} <= modules
    assert {"geo.keys", "geo.layers", "geo.build"} <= {n.rsplit(".", 1)[0] for n in GEO_CLASSES}


def _builtins(ancestry: list[str]) -> list[str]:
    """Built-in error classes in an ancestry besides Exception itself."""
    allowed = {_name(b) for b in BUILTIN_BASES}
    return [b for b in ancestry if b.startswith("builtins.") and b not in allowed]


@pytest.mark.parametrize("name", sorted(IKZMAP_CLASSES))
def test_every_ikzmap_exception_is_in_the_family(name):
    ancestry = IKZMAP_CLASSES[name]
    assert _name(IkzmapError) in ancestry, f"{name} is no IkzmapError"
    families = [f for f in FAMILIES if _name(f) in ancestry]
    if name != _name(IkzmapError):
        assert len(families) == 1, f"{name}: in {len(families)} family classes, not one"
    assert not _builtins(ancestry), f"{name}: an except around a library call catches it"


@pytest.mark.parametrize("name", sorted(GEO_CLASSES))
def test_every_geo_exception_is_a_geo_error(name):
    ancestry = GEO_CLASSES[name]
    assert _name(GeoError) in ancestry and _name(IkzmapError) not in ancestry
    # a bad key is a bad value: callers that check keys catch ValueError
    allowed = ["builtins.ValueError"] if name == "geo.keys.InvalidKeyError" else []
    assert _builtins(ancestry) == allowed, f"{name}: an except around a library catches it"


def _raises(error: BaseException):
    def call(*_args, **_kwargs) -> None:
        raise error

    return call


# --- command line programs -------------------------------------------------------------


def test_a_user_error_exits_2_with_a_german_message(tmp_path, capsys, caplog):
    from ikzmap.export.cli import main

    assert main(["--level", "land", "--out", str(tmp_path / "k")]) == EXIT_ERROR == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Unbekannte Ebene „land“.") and "Traceback" not in err
    assert not [r for r in caplog.records if r.name.startswith("ikzmap")]  # no incident


def test_a_broken_boundary_file_is_a_data_file_error_on_the_command_line(monkeypatch, capsys):
    from ikzmap.export import cli

    def missing() -> None:
        raise BoundaryDataError("Datei fehlt: nrw_kreise.geojson (erwartet in boundaries/).")

    monkeypatch.setattr(cli, "default_atlas", missing)
    assert cli.main(["--all", "--format", "csv", "--out", "k"]) == EXIT_ERROR
    assert capsys.readouterr().err == (
        "Fehler: Datei fehlt: nrw_kreise.geojson (erwartet in boundaries/).\n"
    )


@pytest.mark.parametrize("program", ["ikzmap.export.cli", "ikzmap.publish.__main__"])
def test_an_unexpected_error_is_logged_with_traceback_and_exits_1(
    program, tmp_path, monkeypatch, capsys, caplog
):
    module = importlib.import_module(program)

    def bug() -> None:
        raise RuntimeError("ein Programmfehler")

    monkeypatch.setattr(module, "default_atlas", bug)
    argv = ["--out", str(tmp_path / "k")]
    if program == "ikzmap.export.cli":
        argv += ["--all", "--format", "csv"]
    with caplog.at_level(logging.ERROR, logger="ikzmap.errors"):
        assert module.main(argv) == EXIT_BUG == 1
    (record,) = [r for r in caplog.records if r.name == "ikzmap.errors"]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert "ein Programmfehler" in caplog.text and "Traceback" in caplog.text
    err = capsys.readouterr().err
    assert err == f"Fehler: {UNEXPECTED_CLI}\n"  # never a message about bad data


def test_geo_boundary_errors_are_restated_other_geo_errors_are_bugs(caplog):
    with pytest.raises(BoundaryFileError) as caught, boundary_files():
        raise BoundaryDataError("x.geojson")
    assert isinstance(caught.value, DataFileError) and str(caught.value) == "x.geojson"
    assert isinstance(caught.value.__cause__, BoundaryDataError)
    assert run_cli(_raises(BoundaryDataError("x.geojson"))) == EXIT_ERROR
    # a bad key that reaches this far is our bug (keys from users are restated where parsed)
    assert run_cli(_raises(InvalidKeyError("„0“"))) == EXIT_BUG
    assert "InvalidKeyError" in caplog.text


def test_the_traceback_reaches_stderr_of_a_real_run():
    """``python -m …`` configures logging: the traceback is on stderr, then one notice."""
    code = (
        "import sys\n"
        "from ikzmap.errors import configure_cli_logging, run_cli\n"
        "configure_cli_logging()\n"
        "sys.exit(run_cli(lambda: 1 // 0))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a speed check
    )
    assert result.returncode == EXIT_BUG
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr
    assert result.stderr.rstrip().endswith(UNEXPECTED_CLI)


# --- the app ---------------------------------------------------------------------------


def test_an_unexpected_error_in_a_panel_shows_the_notice_and_logs_the_traceback(
    monkeypatch, caplog
):
    at = run_app()  # the page modules are imported in the session
    app = sys.modules["ikzmap.ui.app"]
    monkeypatch.setattr(app, "render_table", _raises(RuntimeError("Tabelle kaputt")))
    with caplog.at_level(logging.ERROR, logger="ikzmap.ui.errors"):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [UNEXPECTED]
    assert "Tabelle kaputt" not in " ".join(str(e.value) for e in at.error)
    (record,) = [r for r in caplog.records if r.name == "ikzmap.ui.errors"]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert "Tabelle" in record.getMessage()
    # the rest of the page is still there and works
    assert [x for x in at.expander if x.label == "Karte und Daten exportieren"]
    assert any("GeoBasis-DE / BKG" in c.value for c in at.caption)
    at.selectbox(key="w_indicator").set_value("budget_hsk").run()
    assert not at.exception and at.query_params["indikator"] == "budget_hsk"


def test_one_of_our_errors_in_a_panel_shows_its_german_message_escaped(monkeypatch):
    at = run_app()
    message = "Spalte „*Anzahl*“ passt nicht zur Ebene."
    compare_panel = sys.modules["ikzmap.ui.compare_panel"]
    monkeypatch.setattr(compare_panel, "render", _raises(InputError(message)))
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [md_escape(message)]
