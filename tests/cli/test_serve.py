"""``exclusions serve``: starts on loopback, announces its address, serves the store."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from exclusions.explore import live
from tests.cli.conftest import LoadedDb, run

EXE = Path(sys.executable).parent / "exclusions"


def test_serve_needs_a_store(tmp_path: Path) -> None:
    result = run("serve", "--db", tmp_path / "missing.duckdb", "--port", "0")
    assert result.exit_code == 2
    assert "load data first" in result.stderr


def test_serve_rejects_a_bad_port() -> None:
    result = run("serve", "--port", "70000")
    assert result.exit_code == 2 and "port" in result.stderr.lower()


def test_serve_announces_its_address_and_answers(loaded_db: LoadedDb) -> None:
    with subprocess.Popen(
        [EXE, "serve", "--db", loaded_db.path, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("exclusions explorer running at http://127.0.0.1:")
            url = line.split(" at ", 1)[1].split()[0]
            r = wait_for(url + "api/search?q=Burry")
            assert r.status_code == 200 and r.json()["results"][0]["name"] == "Bury"
            page = httpx.get(url + "area/bury", timeout=30)
            assert page.status_code == 200 and "<h1>Bury</h1>" in page.text
        finally:
            proc.terminate()


def wait_for(url: str, seconds: float = 60) -> httpx.Response:
    """GET ``url`` once the server accepts connections (it binds before it serves)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert time.monotonic() < deadline, f"nothing answered at {url}"
            time.sleep(0.2)


def test_serve_waits_for_a_load_then_says_the_store_is_busy(
    loaded_db: LoadedDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.explore.test_live import writer

    db = loaded_db.copy_to(tmp_path)
    monkeypatch.setattr(live, "BUSY_WAIT", 0.5)
    with writer(db):
        started = time.monotonic()
        result = run("serve", "--db", db, "--port", "0")
    assert result.exit_code == 1 and time.monotonic() - started >= 0.5
    assert "is being written by process" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
