"""``exclusions load`` while ``exclusions serve`` runs: the load succeeds, and the explorer
serves the new release soon after, without a restart and without failing a request."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.cli.test_serve import wait_for
from tests.explore.test_live import NEW_RELEASE, older_store

EXE = Path(sys.executable).parent / "exclusions"
PAGES = ("/api/methods", "/methods", "/api/home", "/", "/area/bury", "/api/rankings?measure=susp")


def releases(url: str) -> list[str]:
    r = httpx.get(url + "/api/methods", timeout=30)
    assert r.status_code == 200
    return [x["name"] for x in r.json()["releases"]]


def browse(url: str, stop: threading.Event, failures: list[str], count: list[int]) -> None:
    """Ask for pages over and over, as visitors do, noting any that fail."""
    with httpx.Client(base_url=url, timeout=30) as client:
        while not stop.is_set():
            for page in PAGES:
                try:
                    r = client.get(page)
                except httpx.HTTPError as exc:
                    failures.append(f"{page}: {exc!r}")
                    continue
                count[0] += 1
                if r.status_code != 200:
                    failures.append(f"{page}: {r.status_code}")
                time.sleep(0.01)  # leave the load and the refresh some of the machine


def test_a_load_while_serving_is_served_without_a_restart(
    tmp_path: Path, shared_data: Path
) -> None:
    db = older_store(tmp_path, shared_data)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    with subprocess.Popen(
        [EXE, "serve", "--db", db, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        failures: list[str] = []
        stop = threading.Event()
        visitors: list[threading.Thread] = []
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            url = line.split("running at ", 1)[1].split()[0].rstrip("/")
            wait_for(url + "/api/search?q=bury")
            assert NEW_RELEASE not in releases(url)
            assert NEW_RELEASE not in httpx.get(url + "/methods", timeout=30).text  # now cached
            count = [0]
            visitors = [
                threading.Thread(target=browse, args=(url, stop, failures, count)) for _ in range(2)
            ]
            for t in visitors:
                t.start()

            loaded = subprocess.run(
                [EXE, "load", shared_data / "dfe" / "2022-23", "--db", db],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
            assert loaded.returncode == 0, loaded.stderr
            done = time.monotonic()
            while NEW_RELEASE not in releases(url):
                assert time.monotonic() - done < 30, "the new release was not served in 30 s"
                time.sleep(0.2)
            # The cached page is not served again: it belonged to the old data.
            assert NEW_RELEASE in httpx.get(url + "/methods", timeout=30).text
            home = httpx.get(url + "/api/home", timeout=30).json()
            assert home["year"] == NEW_RELEASE
            time.sleep(0.5)  # visitors' requests span the swap and the old site's closing
        finally:
            stop.set()
            for t in visitors:
                t.join()
            proc.terminate()
            _, err = proc.communicate(timeout=30)
        assert failures == [] and count[0] > 20
        assert "Traceback" not in err and "ERROR" not in err, err
    assert list(temp.iterdir()) == []  # snapshots are removed on shutdown
