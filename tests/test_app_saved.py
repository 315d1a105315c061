"""AppTest of saved datasets: save an upload, open it from its link in a new session,
list, delete; unknown links and an unreachable database give German messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikzmap.published import load_published
from ikzmap.store import Store, save_result
from ikzmap.store.config import sqlite_url
from ikzmap.ui import saved_panel
from ikzmap.upload import read_upload
from tests.apptest import run_app

UPLOADS = Path(__file__).resolve().parent / "data" / "uploads"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh store for the test (the app's store is cached per process)."""
    folder = tmp_path / "ablage"
    monkeypatch.setenv("IKZMAP_DATA_DIR", str(folder))
    monkeypatch.delenv("IKZMAP_DATABASE_URL", raising=False)
    saved_panel.settings.clear()
    saved_panel.store.clear()
    yield folder
    saved_panel.settings.clear()
    saved_panel.store.clear()


@pytest.fixture
def gemeinden(hierarchy):
    data = (UPLOADS / "gemeinden_cp1252_semikolon.csv").read_bytes()
    return read_upload(data, "gemeinden.csv", hierarchy)


def _table(at):
    at.toggle(key="show_table").set_value(True).run()
    return next(d.value for d in at.dataframe if len(d.value) == 396)


def test_the_default_view_needs_no_database(data_dir):
    at = run_app()
    assert not data_dir.exists()
    assert any("Noch keine gespeichert" in c.value for c in at.caption)
    assert not at.warning or all("nicht erreichbar" not in w.value for w in at.warning)


def test_an_upload_saved_opens_from_its_link_in_a_new_session(data_dir, gemeinden):
    at = run_app(state={"upload_result": gemeinden, "use_upload": True})
    at.text_input(key=saved_panel.TITLE).set_value("Gemeinden <b>2025</b>")
    at.button(key="FormSubmitter:save_upload-Speichern").click().run()
    assert not at.exception
    assert any("Gespeichert:" in s.value for s in at.success)
    dataset_id = at.query_params["daten"]
    assert at.query_params["version"] == "1"
    assert (data_dir / "ikzmap.sqlite3").is_file()

    fresh = run_app(query={"daten": dataset_id, "version": "1", "ebene": "gemeinde"})
    notice = " ".join(i.value for i in fresh.info)
    assert "gespeicherter Datensatz" in notice and "Version 1 vom" in notice
    assert r"\<b\>2025\</b\>" in notice  # the title stays text
    frame = _table(fresh)
    assert frame.loc["05562004", "Herkunft"] == "hochgeladen"
    assert frame.loc["05562004", "IKZ-Aktivitäten (Anzahl)"] == 25
    captions = " ".join(c.value for c in fresh.caption)
    assert "Version 1 vom" in captions  # the sources line names title, version and date


def test_unknown_and_malformed_links_say_so_and_show_the_defaults(data_dir, gemeinden):
    for query in (
        {"daten": "A" * 32},
        {"daten": "../../etc"},
        {"daten": "A" * 32, "version": "zwei"},
    ):
        at = run_app(query=query)
        assert any("gibt es nicht" in i.value for i in at.info), query
        assert any("modelliert" in w.value for w in at.warning)
        assert "daten" not in at.query_params


def _save_button(at):
    return at.button(key="FormSubmitter:save_upload-Speichern")


def test_versions_the_list_and_delete_with_confirmation(data_dir, gemeinden, hierarchy):
    kreise = read_upload((UPLOADS / "kreise_utf8bom_komma.csv").read_bytes(), "k.csv", hierarchy)
    at = run_app(state={"upload_result": gemeinden, "use_upload": True})
    at.text_input(key=saved_panel.TITLE).set_value("Reihe")
    _save_button(at).click().run()
    dataset_id = at.query_params["daten"]
    assert any("Gespeichert als „Reihe“, Version 1" in c.value for c in at.caption)
    at.session_state["upload_result"] = kreise  # a corrected file, read like an upload
    at.run()
    _save_button(at).click().run()  # no title: the dataset shown gets a new version
    assert (at.query_params["daten"], at.query_params["version"]) == (dataset_id, "2")
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert "2 Version(en)" in sidebar and "übernommen" in sidebar
    assert any(m.value == "**Reihe**" for m in at.sidebar.markdown)

    at.button(key=f"saved_delete_{dataset_id}").click().run()
    assert any("endgültig löschen" in w.value for w in at.sidebar.warning)
    at.button(key=f"saved_cancel_{dataset_id}").click().run()
    assert not any("endgültig löschen" in w.value for w in at.sidebar.warning)
    at.button(key=f"saved_delete_{dataset_id}").click().run()
    at.button(key=f"saved_confirm_{dataset_id}").click().run()
    assert any(s.value == "Gelöscht." for s in at.success)
    assert "daten" not in at.query_params
    assert any("modelliert" in w.value for w in at.warning)  # back to the defaults
    store = Store(sqlite_url(data_dir))
    assert store.datasets(None, everyone=True) == []
    store.dispose()


def test_another_browser_does_not_see_the_list_unless_the_operator_enables_it(
    data_dir, gemeinden, hierarchy, monkeypatch
):
    store = Store(sqlite_url(data_dir))
    save_result(store, gemeinden, "Fremd", hierarchy, load_published(), owner="b" * 32)
    store.dispose()
    at = run_app()
    assert not any(m.value == "**Fremd**" for m in at.sidebar.markdown)
    monkeypatch.setenv("IKZMAP_LIST_ALL_DATASETS", "1")
    saved_panel.settings.clear()
    saved_panel.store.clear()
    at = run_app()
    assert any(m.value == "**Fremd**" for m in at.sidebar.markdown)


def test_an_unreachable_database_keeps_the_app_working(monkeypatch, data_dir, gemeinden):
    monkeypatch.setenv("IKZMAP_DATABASE_URL", "postgresql://niemand@127.0.0.1:1/ikzmap")
    saved_panel.settings.clear()
    saved_panel.store.clear()
    at = run_app(query={"daten": "A" * 32}, state={"upload_result": gemeinden})
    assert any("nicht erreichbar" in w.value for w in at.warning)
    assert any("modelliert" in w.value for w in at.warning)  # the defaults are shown
    assert any("nicht erreichbar" in w.value for w in at.sidebar.warning)  # the list says so
    at = run_app(state={"upload_result": gemeinden, "use_upload": True})
    _save_button(at).click().run()  # saving fails in German; the unsaved upload stays
    assert not at.exception
    assert any("nicht erreichbar" in w.value for w in at.warning)
    assert not any("modelliert" in w.value for w in at.warning)
    assert at.query_params["daten"] == "eigene"


def test_retention_deletes_old_versions_at_start_up_and_logs_it(
    data_dir, gemeinden, hierarchy, monkeypatch, caplog
):
    import time
    from datetime import UTC, datetime, timedelta

    from ikzmap.store.models import Version

    store = Store(sqlite_url(data_dir))
    old = save_result(store, gemeinden, "Alt", hierarchy, load_published())
    new = save_result(store, gemeinden, "Neu", hierarchy, load_published())
    with store.engine().begin() as conn:
        conn.execute(
            Version.__table__.update()
            .where(Version.dataset_id == old.dataset_id)
            .values(saved_at=datetime.now(UTC) - timedelta(days=10))
        )
    monkeypatch.setenv("IKZMAP_RETENTION_DAYS", "5")
    saved_panel.settings.clear()
    saved_panel.store.clear()
    with caplog.at_level("WARNING"):
        saved_panel.store()  # the first use of the process's store (start-up)
        for _ in range(200):  # the purge runs in the background
            if "Aufbewahrungsfrist" in caplog.text:
                break
            time.sleep(0.1)
    assert "Aufbewahrungsfrist 5 Tage: 1 gespeicherte Version(en) gelöscht" in caplog.text
    left = store.datasets(None, everyone=True)
    assert [d.id for d in left] == [new.dataset_id]
    store.dispose()


def test_a_wrong_retention_setting_is_named_in_german(data_dir, monkeypatch):
    monkeypatch.setenv("IKZMAP_RETENTION_DAYS", "dreißig")
    saved_panel.settings.clear()
    saved_panel.store.clear()
    at = run_app()
    assert any("IKZMAP_RETENTION_DAYS muss eine ganze Zahl" in e.value for e in at.sidebar.error)
    assert any("modelliert" in w.value for w in at.warning)  # the app works on
