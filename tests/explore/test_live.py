"""The explorer's live site: a private snapshot of the store, swapped when a load changes it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from exclusions import Store
from exclusions.errors import StoreBusy
from exclusions.explore import Site, methods
from exclusions.explore.live import LiveSite, signature, snapshot, wait_until_readable

NEW_RELEASE = "2022/23"


def older_store(folder: Path, shared_data: Path) -> Path:
    """A store with every shared file but the 2022/23 release loaded, closed again."""
    path = folder / "exclusions.duckdb"
    parts = ("dfe/2015-16", "dfe/2016-17", "lookups", "boundaries")
    with Store(path) as store:
        store.load([shared_data / p for p in parts])
    return path


@contextmanager
def writer(path: Path, *sql: str) -> Iterator[None]:
    """Another process holding the store for writing, as ``exclusions load`` does."""
    code = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "for q in sys.argv[2:]: con.execute(q)\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
        "con.close()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, str(path), *sql],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            assert proc.stdout.readline().strip() == "ready"
            yield
        finally:
            proc.stdin.close()
            proc.wait(30)


@pytest.fixture(scope="module")
def older(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    return older_store(tmp_path_factory.mktemp("older"), shared_data)


@pytest.fixture
def store_path(older: Path, tmp_path: Path) -> Path:
    """A private copy of the older store, for a test to write to."""
    target = tmp_path / "store" / older.name
    target.parent.mkdir()
    shutil.copyfile(older, target)
    return target


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where snapshots go in this test (so that we can see they are removed)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def releases(site: Site) -> list[str]:
    return [r["name"] for r in methods(site).releases]


def test_a_load_is_swapped_in_and_the_old_site_kept_for_its_requests(
    store_path: Path, temp: Path, shared_data: Path
) -> None:
    with LiveSite(store_path) as live:
        [root] = temp.iterdir()
        first = live.current
        assert first.store.path.parent.parent == root  # served from a snapshot, not the store
        assert NEW_RELEASE not in releases(first)
        first_version = first.cache_version
        assert live.check() is False  # nothing changed
        with live.lease() as old:
            # The store is not held open: a load can write it while the site is served.
            with Store(store_path) as store:
                store.load([shared_data / "dfe" / "2022-23"])
            assert live.check() is False  # changed: wait one more look for it to settle
            assert live.check() is True
            assert live.swaps == 1 and live.current is not old
            # A request in flight keeps its site, open, until it ends.
            assert NEW_RELEASE not in releases(old)
            assert old.store.path.exists()
        assert not old.store.path.parent.exists()  # released: closed and deleted
        new = live.current
        assert NEW_RELEASE in releases(new)
        assert new.cache_version != first_version
        assert "data" in new.__dict__  # warmed before it was swapped in
        assert set(live.timings) == {"copy", "open_and_warm"}
        assert live.check() is False  # the new snapshot is up to date
    assert list(temp.iterdir()) == []


def test_a_writer_is_waited_for(store_path: Path, temp: Path) -> None:
    with writer(store_path, "CREATE TABLE scratch AS SELECT 1 AS x"):
        with pytest.raises(StoreBusy, match="being written by process"):
            LiveSite(store_path, wait=0.3)
        assert list(temp.iterdir()) == []  # nothing left behind
        with pytest.raises(StoreBusy):
            wait_until_readable(store_path, 0)
    with LiveSite(store_path, warm=lambda site: None) as live:
        served = live.current
        with writer(store_path, "CREATE TABLE scratch2 AS SELECT 1 AS x"):
            # Changed, settled, but still held: keep serving, try again later.
            assert [live.check(), live.check(), live.check()] == [False, False, False]
            assert live.current is served
        assert [live.check(), live.check()] == [False, True]
        assert live.current.store.sql("SELECT count(*) FROM scratch2") == [(1,)]


def test_a_broken_refresh_keeps_the_old_site(store_path: Path, temp: Path) -> None:
    def fail(site: Site) -> None:
        raise RuntimeError("cannot warm")

    with LiveSite(store_path, warm=fail) as live:
        served = live.current
        with writer(store_path, "CREATE TABLE scratch AS SELECT 1 AS x"):
            pass
        assert [live.check(), live.check()] == [False, False]  # logged, not raised
        assert live.current is served
        assert live.check() is False  # not retried until the store changes again
        [root] = temp.iterdir()
        assert len(list(root.iterdir())) == 1  # the failed snapshot was deleted


def test_the_watcher_thread_warms_and_refreshes(store_path: Path, temp: Path) -> None:
    warmed: list[Site] = []
    with LiveSite(store_path, warm=warmed.append, interval=0.05) as live:
        first = live.current
        live.start(warm_now=True)
        with writer(store_path, "CREATE TABLE scratch AS SELECT 1 AS x"):
            pass
        deadline = time.monotonic() + 10
        while not live.swaps and time.monotonic() < deadline:
            time.sleep(0.05)
        assert live.swaps == 1 and warmed == [first, live.current]
    assert list(temp.iterdir()) == []


def test_a_snapshot_copies_the_wal(tmp_path: Path) -> None:
    """Committed changes still in the WAL (a writer that died) are in the snapshot too."""
    source = tmp_path / "s.duckdb"
    code = (
        "import duckdb, os, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute('CREATE TABLE t AS SELECT 1 AS x'); con.execute('CHECKPOINT')\n"
        "con.execute('INSERT INTO t VALUES (2)')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(source)], check=True)
    assert Path(f"{source}.wal").exists()
    (tmp_path / "copy").mkdir()
    found = snapshot(source, tmp_path / "copy")
    assert found == signature(source) and found[2] >= 0
    con = duckdb.connect(str(tmp_path / "copy" / source.name), read_only=True)
    try:
        assert con.execute("SELECT x FROM t ORDER BY x").fetchall() == [(1,), (2,)]
    finally:
        con.close()


def test_a_site_passed_in_is_served_as_it_is(site: Site) -> None:
    with LiveSite(site) as live:
        live.start()
        assert live.current is site and live.check() is False and live.refresh() is False
        with live.lease() as leased:
            assert leased is site
    assert site.store.sql("SELECT 1") == [(1,)]  # the caller's: still open
