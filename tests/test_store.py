"""The store of saved datasets, against SQLite and a real PostgreSQL server: migrations,
round trip, versions, files stored once, owners, delete, retention, concurrent saves, a
save killed mid-way, an unreachable database."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, inspect, select, text

from ikzmap.consistency import check_consistency
from ikzmap.published import load_published
from ikzmap.store import (
    NotFound,
    Store,
    StoreUnavailable,
    codec,
    opened_result,
    save_result,
    valid_id,
)
from ikzmap.store.config import sqlite_url
from ikzmap.store.models import Blob, Dataset, Version
from ikzmap.upload import read_upload

ROOT = Path(__file__).resolve().parent.parent
UPLOADS = ROOT / "tests" / "data" / "uploads"


@pytest.fixture(scope="module")
def published():
    return load_published()


@pytest.fixture(scope="module")
def gemeinden(hierarchy):
    data = (UPLOADS / "gemeinden_cp1252_semikolon.csv").read_bytes()
    return read_upload(data, "gemeinden.csv", hierarchy)


@pytest.fixture(scope="module")
def kreise(hierarchy):
    data = (UPLOADS / "kreise_utf8bom_komma.csv").read_bytes()
    return read_upload(data, "kreise.csv", hierarchy)


def _empty_postgres(url: str) -> str:
    """The server's database emptied (each test starts from an empty schema)."""
    store = Store(url)
    engine = store.engine()
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    store.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "ablage")
    return _empty_postgres(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    yield store
    store.dispose()


def _count(store: Store, model) -> int:
    with store.engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _save(store, result, hierarchy, published, title="Kreiszahlen 2025", **kw):
    return save_result(store, result, title, hierarchy, published, **kw)


def test_migrations_create_the_schema_from_empty_and_run_again_harmlessly(store_url):
    first = Store(store_url)
    engine = first.engine()
    tables = set(inspect(engine).get_table_names())
    assert {"ikz_blob", "ikz_dataset", "ikz_version", "alembic_version"} <= tables
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    first.dispose()
    again = Store(store_url)
    assert again.datasets(None, everyone=True) == []
    again.dispose()


def test_sqlite_file_is_created_on_first_use_in_wal_mode(tmp_path):
    folder = tmp_path / "neu" / "ablage"
    store = Store(sqlite_url(folder))
    assert not folder.exists()
    with store.engine().connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert (folder / "ikzmap.sqlite3").is_file()
    store.dispose()


def test_a_saved_upload_opens_exactly_as_it_was_read(store, gemeinden, hierarchy, published):
    info = _save(store, gemeinden, hierarchy, published, owner="browser-a", saved_by="m.muster")
    assert valid_id(info.dataset_id) and info.number == 1
    assert info.sha256 == hashlib.sha256(gemeinden.original).hexdigest()
    assert info.size == len(gemeinden.original)
    assert (info.rows_read, info.rows_taken) == (12, 7)
    assert info.rows_reported == len(gemeinden.issues) > 0
    assert info.saved_by == "m.muster"
    saved = store.load(info.dataset_id, 1)
    assert saved.original == gemeinden.original  # byte for byte
    opened = opened_result(saved)
    pd.testing.assert_frame_equal(opened.dataset.values, gemeinden.dataset.values)
    pd.testing.assert_frame_equal(opened.issues, gemeinden.issues)
    assert opened.summary == gemeinden.summary
    pd.testing.assert_series_equal(opened.population, gemeinden.population)
    assert opened.mapping == gemeinden.mapping and opened.kind == gemeinden.kind
    assert opened.dataset.level == gemeinden.dataset.level
    citation = opened.dataset.source.citation()
    assert "„Kreiszahlen 2025“, Version 1 vom" in citation and "gemeinden.csv" in citation
    stored_check = codec.findings(saved.payload)
    now_check = check_consistency(gemeinden.dataset, hierarchy, published)
    assert [f.text for f in stored_check] == [f.text for f in now_check]


def test_the_same_title_again_is_a_new_version_and_the_bytes_are_stored_once(
    store, gemeinden, kreise, hierarchy, published
):
    v1 = _save(store, gemeinden, hierarchy, published, owner="browser-a")
    v2 = _save(store, gemeinden, hierarchy, published, owner="browser-a")
    v3 = _save(store, kreise, hierarchy, published, owner="browser-a")
    assert v1.dataset_id == v2.dataset_id == v3.dataset_id
    assert [v1.number, v2.number, v3.number] == [1, 2, 3]
    assert _count(store, Blob) == 2 and _count(store, Version) == 3
    assert store.load(v1.dataset_id, 1).original == gemeinden.original  # older stays
    assert store.load(v1.dataset_id).info.number == 3  # no number: the newest
    assert store.load(v1.dataset_id).original == kreise.original
    (listed,) = store.datasets("browser-a")
    assert [v.number for v in listed.versions] == [3, 2, 1]


def test_owners_see_their_own_datasets_and_everyone_only_when_asked(
    store, gemeinden, hierarchy, published
):
    a = _save(store, gemeinden, hierarchy, published, owner="browser-a")
    b = _save(store, gemeinden, hierarchy, published, owner="browser-b")
    assert a.dataset_id != b.dataset_id  # same title, other browser: another dataset
    assert [d.id for d in store.datasets("browser-a")] == [a.dataset_id]
    assert store.datasets(None) == []
    assert {d.id for d in store.datasets(None, everyone=True)} == {a.dataset_id, b.dataset_id}
    with store.engine().connect() as conn:  # the browser's id itself is never stored
        owners = set(conn.execute(select(Dataset.owner)).scalars())
    assert "browser-a" not in owners and len(next(iter(owners))) == 64


def test_a_version_can_be_added_to_the_dataset_shown(
    store, gemeinden, kreise, hierarchy, published
):
    a = _save(store, gemeinden, hierarchy, published, owner="browser-a")
    b = _save(store, kreise, hierarchy, published, owner="browser-b", dataset_id=a.dataset_id)
    assert (b.dataset_id, b.number) == (a.dataset_id, 2)
    other = _save(
        store, kreise, hierarchy, published, title="Andere", owner="b", dataset_id=a.dataset_id
    )
    assert other.dataset_id != a.dataset_id  # another title: a dataset of its own
    with pytest.raises(NotFound):
        _save(store, kreise, hierarchy, published, dataset_id="x" * 32)


def test_delete_removes_versions_and_the_original_bytes(
    store, gemeinden, kreise, hierarchy, published
):
    keep = _save(store, gemeinden, hierarchy, published, title="Bleibt", owner="a")
    gone = _save(store, gemeinden, hierarchy, published, title="Weg", owner="a")
    _save(store, kreise, hierarchy, published, title="Weg", owner="a")
    assert _count(store, Blob) == 2
    assert store.delete(gone.dataset_id) is True
    with pytest.raises(NotFound):
        store.load(gone.dataset_id)
    assert _count(store, Blob) == 1  # the Kreis file went; the shared one stays for "Bleibt"
    assert store.load(keep.dataset_id).original == gemeinden.original
    assert store.delete(gone.dataset_id) is False
    assert store.delete(keep.dataset_id) is True
    assert _count(store, Blob) == 0 and _count(store, Version) == 0


@pytest.mark.parametrize(
    "bad", ["", "eigene", "x" * 31, "x" * 33, "../../etc/passwd", "a b" * 11, "ä" * 32]
)
def test_unknown_or_malformed_ids_are_not_found(store, bad):
    with pytest.raises(NotFound) as err:
        store.load(bad)
    assert "gibt es nicht" in str(err.value)
    with pytest.raises(NotFound):
        store.load("A" * 32)
    with pytest.raises(NotFound):
        store.load("A" * 32, 2)


def test_retention_deletes_old_versions_and_empty_datasets(
    store, gemeinden, kreise, hierarchy, published
):
    old = _save(store, gemeinden, hierarchy, published, title="Alt", owner="a")
    mixed = _save(store, gemeinden, hierarchy, published, title="Gemischt", owner="a")
    later = datetime.now(UTC) + timedelta(days=40)
    _save(store, kreise, hierarchy, published, title="Gemischt", owner="a")
    with store.engine().begin() as conn:  # the second "Gemischt" version is recent
        conn.execute(
            Version.__table__.update()
            .where(Version.number == 2)
            .values(saved_at=later - timedelta(days=1))
        )
    assert store.purge(30, now=later) == 2
    with pytest.raises(NotFound):
        store.load(old.dataset_id)
    assert store.load(mixed.dataset_id).info.number == 2
    with pytest.raises(NotFound):
        store.load(mixed.dataset_id, 1)
    assert _count(store, Blob) == 1  # only the Kreis file is still used


def test_concurrent_saves_never_overwrite_each_other(
    store, gemeinden, kreise, hierarchy, published
):
    results, errors = [], []

    def save(i: int) -> None:
        try:
            result = gemeinden if i % 2 else kreise
            results.append(_save(store, result, hierarchy, published, owner="same-browser"))
        except Exception as err:  # collected, asserted below
            errors.append(err)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.number for r in results) == list(range(1, 9))
    assert len({r.dataset_id for r in results}) == 1
    assert _count(store, Version) == 8 and _count(store, Blob) == 2


CRASHING_SAVE = textwrap.dedent(
    """
    import sys, time
    from geo import Hierarchy
    from ikzmap.published import load_published
    from ikzmap.store import Store, save_result
    from ikzmap.store.repo import Store as S
    from ikzmap.upload import read_upload

    real = S._target
    def stuck(self, session, request, now):  # file and dataset written, not committed
        dataset = real(self, session, request, now)
        session.flush()
        print("mitten im Speichern", flush=True)
        time.sleep(120)
        return dataset
    S._target = stuck
    h = Hierarchy.load()
    result = read_upload(open(sys.argv[2], "rb").read(), "gemeinden.csv", h)
    save_result(Store(sys.argv[1]), result, "Abgebrochen", h, load_published(), owner="a")
    """
)


def test_a_save_killed_mid_way_leaves_nothing_half_written(store, gemeinden, hierarchy, published):
    store.engine()  # the schema exists before the child starts
    upload = str(UPLOADS / "gemeinden_cp1252_semikolon.csv")
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SAVE, store.url, upload],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "mitten im Speichern"
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode != 0
    assert _count(store, Blob) == 0 and _count(store, Dataset) == 0
    assert _count(store, Version) == 0
    info = _save(store, gemeinden, hierarchy, published, title="Abgebrochen", owner="a")
    assert info.number == 1  # the database is usable at once


def test_an_unreachable_server_gives_a_german_message_and_is_not_asked_at_once_again(
    gemeinden, hierarchy, published
):
    store = Store("postgresql://niemand@127.0.0.1:1/ikzmap")
    for call in (lambda: store.datasets("a"), lambda: store.load("A" * 32)):
        with pytest.raises(StoreUnavailable) as err:
            call()
        assert "nicht erreichbar" in str(err.value)
    with pytest.raises(StoreUnavailable):
        _save(store, gemeinden, hierarchy, published)


def test_a_data_folder_that_cannot_be_created_fails_the_save_not_the_reading(
    gemeinden, hierarchy, published
):
    store = Store("sqlite:////proc/kein-ordner/ikzmap.sqlite3")
    assert store.datasets("a") == []  # nothing saved: reading creates nothing
    with pytest.raises(NotFound):
        store.load("A" * 32)
    with pytest.raises(StoreUnavailable) as err:
        _save(store, gemeinden, hierarchy, published)
    assert "nicht erreichbar" in str(err.value)


def test_new_ids_never_start_with_a_dash(monkeypatch):
    """A command line would read ``--daten -x…`` as an option."""
    from ikzmap.store import repo

    tokens = iter(["-" + "A" * 31, "-" + "B" * 31, "C" * 32])
    monkeypatch.setattr(repo.secrets, "token_urlsafe", lambda _n: next(tokens))
    assert repo.new_id() == "C" * 32
