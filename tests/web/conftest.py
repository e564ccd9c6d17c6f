"""The web app over the real data: an in-process client, and a real server on loopback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from exclusions.explore import Site
from exclusions.web import create_app
from tests.cli.test_serve import wait_for


@pytest.fixture(scope="session")
def site(explorer_db: Path) -> Iterator[Site]:
    """The shared data, served read-only."""
    s = Site(explorer_db)
    yield s
    s.close()


@pytest.fixture(scope="session")
def client(site: Site) -> Iterator[TestClient]:
    """An ASGI test client for the app; unexpected errors come back as 500s, not raised."""
    with TestClient(create_app(site), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def server(explorer_db: Path) -> Iterator[str]:
    """``exclusions serve`` on a free loopback port, as a user starts it; yields its URL."""
    exe = Path(sys.executable).parent / "exclusions"
    with subprocess.Popen(
        [exe, "serve", "--db", explorer_db, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert "running at http://" in line, line
            url = line.split("running at ", 1)[1].split()[0].rstrip("/")
            wait_for(url + "/api/search?q=bury")
            yield url
        finally:
            proc.terminate()
