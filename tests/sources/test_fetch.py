"""`exclusions fetch` against a fake EES API served on loopback."""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from exclusions.sources import ees_api
from exclusions.sources.ees_api import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    FetchError,
    ServiceUnreachable,
    resolve_base_url,
)
from exclusions.sources.fetch import INDEX_NAME, FetchResult, fetch, safe_name
from tests.sources.fake_ees import (
    ERROR,
    FLAKY,
    FLAKY_FAILURES,
    MISSING,
    RAW_GZIP,
    SLOW,
    TRUNCATED,
    FakeDataSet,
    FakeEes,
    FakePublication,
)

SLUG = "suspensions-and-permanent-exclusions-in-england"
HEADER = (
    "\ufefftime_identifier,time_period,geographic_level,country_code,country_name,"
    "school_type,headcount,perm_excl,suspension\r\n"
)


def csv_body(n: int) -> bytes:
    """A small CSV in the EES open-data layout, with the BOM and CRLF real files have."""
    row = f"Academic year,202223,National,E92000001,England,Total,{8_000_000 + n},{6_495 + n},"
    return (HEADER + row + f"{787_000 + n}\r\n").encode("utf-8")


def publication(count: int = 5) -> FakePublication:
    """The exclusions publication with ``count`` data sets (more than one page of 3)."""
    data_sets = [
        FakeDataSet(f"0000000{n}-aaaa-4bbb-8ccc-dddddddddddd", f"Exclusions table {n}", csv_body(n))
        for n in range(count)
    ]
    return FakePublication(
        "pub-exc", SLUG, "Suspensions and permanent exclusions in England", data_sets
    )


def other_publication() -> FakePublication:
    """A publication the search may also return, which must not be fetched."""
    absence = FakeDataSet("absence-1", "Absence", csv_body(99))
    return FakePublication(
        "pub-abs",
        "pupil-absence-in-schools-in-england",
        "Pupil absence in schools in England (suspensions noted)",
        [absence],
    )


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry at once, so the retry tests stay fast."""
    monkeypatch.setattr(ees_api, "BACKOFF_SECONDS", 0.0)


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    """The download folder, one level down so writes outside it can be seen."""
    return tmp_path / "data"


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """A caller's client, which fetch must leave open."""
    # No CA bundle to load (the fake is plain HTTP): saves ~30 ms a fetch.
    with httpx.Client(verify=False, timeout=5.0) as client:
        yield client
        assert not client.is_closed


def sha(data: bytes) -> str:
    """The sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def test_fetch_downloads_every_data_set_over_two_pages(dest: Path) -> None:
    pub = publication()
    with FakeEes([pub, other_publication()]) as fake:
        result = fetch(dest, base_url=fake.base_url)
    assert result.errors == []
    assert len(result.downloaded) == 5
    assert result.files == result.downloaded
    assert sorted(p.read_bytes() for p in result.files) == sorted(d.csv for d in pub.data_sets)
    assert all(p.parent == dest / "2022-23" and p.suffix == ".csv" for p in result.files)
    assert (dest / "2022-23" / "exclusions-table-0.csv").read_bytes() == csv_body(0)
    listings = [r for r in fake.requests if r.startswith("/v1/publications/pub-exc/data-sets")]
    assert ["page=1" in listings[0], "page=2" in listings[1], len(listings)] == [True, True, 2]
    assert not any("absence" in r for r in fake.requests)
    assert len(result.meta_files) == 5 and all(
        p.name.endswith(".meta.json") for p in result.meta_files
    )
    index = json.loads((dest / INDEX_NAME).read_text(encoding="utf-8"))
    record = index["data_sets"][pub.data_sets[0].id]
    assert record["current"] == "1.0"
    assert record["versions"]["1.0"]["sha256"] == sha(csv_body(0))
    assert record["versions"]["1.0"]["path"] == "2022-23/exclusions-table-0.csv"


def test_second_fetch_downloads_nothing(dest: Path, http: httpx.Client) -> None:
    with FakeEes([publication()]) as fake:
        first = fetch(dest, base_url=fake.base_url, client=http)
        downloads = len(fake.csv_requests())
        second = fetch(dest, base_url=fake.base_url, client=http)
        assert len(fake.csv_requests()) == downloads
    assert second.downloaded == []
    assert sorted(second.cached) == sorted(first.files) == sorted(second.files)
    assert second.errors == []


def test_a_new_version_is_downloaded_again(dest: Path, http: httpx.Client) -> None:
    pub = publication()
    with FakeEes([pub]) as fake:
        first = fetch(dest, base_url=fake.base_url, client=http)
        changed = pub.data_sets[2]
        changed.version, changed.release, changed.csv = "2.0", "2023-24", csv_body(202)
        second = fetch(dest, base_url=fake.base_url, client=http)
        assert fake.csv_hits[changed.id] == 2
    new = dest / "2023-24" / "exclusions-table-2.csv"
    assert second.downloaded == [new]
    assert new.read_bytes() == csv_body(202)
    assert len(second.cached) == 4
    assert new in second.files and len(second.files) == 5
    old = dest / "2022-23" / "exclusions-table-2.csv"
    assert old in first.files and old not in second.files and old.exists()
    index = json.loads((dest / INDEX_NAME).read_text(encoding="utf-8"))
    assert index["data_sets"][changed.id]["current"] == "2.0"
    assert set(index["data_sets"][changed.id]["versions"]) == {"1.0", "2.0"}


@pytest.mark.parametrize("mode", ["ok", RAW_GZIP])
def test_gzip_bodies_are_saved_as_plain_csv(dest: Path, http: httpx.Client, mode: str) -> None:
    pub = publication(1)
    pub.data_sets[0].mode = mode
    with FakeEes([pub]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert result.errors == []
    assert result.files[0].read_bytes() == csv_body(0)  # BOM and CRLF kept, gzip undone


def test_a_missing_data_set_is_reported_and_the_rest_still_come(
    dest: Path, http: httpx.Client
) -> None:
    pub = publication()
    pub.data_sets[1].mode = MISSING
    with FakeEes([pub]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert len(result.downloaded) == 4
    [error] = result.errors
    url = f"{fake.base_url}/data-sets/{pub.data_sets[1].id}/csv?dataSetVersion=1.0"
    assert url in error
    assert "HTTP 404" in error and "expected 200 with the data set CSV" in error
    assert "Exclusions table 1" in error


def test_server_errors_are_retried_three_times_then_reported(
    dest: Path, http: httpx.Client
) -> None:
    pub = publication(3)
    pub.data_sets[0].mode = ERROR
    pub.data_sets[1].mode = FLAKY
    with FakeEes([pub]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert fake.csv_hits[pub.data_sets[0].id] == 1 + ees_api.MAX_RETRIES
    assert fake.csv_hits[pub.data_sets[1].id] == FLAKY_FAILURES + 1
    [error] = result.errors
    assert "HTTP 500" in error and "Exclusions table 0" in error
    assert len(result.downloaded) == 2


def test_a_timeout_is_reported_and_the_callers_client_stays_open(dest: Path) -> None:
    pub = publication(2)
    pub.data_sets[0].mode = SLOW
    with FakeEes([pub]) as fake, httpx.Client(verify=False, timeout=0.1) as client:
        result = fetch(dest, base_url=fake.base_url, client=client)
        assert not client.is_closed
    [error] = result.errors
    assert "no answer in time" in error and "4 tries" in error
    assert len(result.downloaded) == 1


def test_connection_refused_raises_a_helpful_fetch_error(dest: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(ServiceUnreachable) as caught:
        fetch(dest, base_url=url)
    assert isinstance(caught.value, FetchError)
    message = str(caught.value)
    assert "could not reach the statistics service" in message and url in message
    assert "exclusions load FOLDER" in message


def test_server_names_cannot_escape_the_folder(
    dest: Path, http: httpx.Client, tmp_path: Path
) -> None:
    pub = publication(3)
    pub.data_sets[0].title, pub.data_sets[0].release = "../../../../evil", "../../outside"
    pub.data_sets[1].title, pub.data_sets[1].release = "/etc/passwd", "C:\\Windows\\System32"
    pub.data_sets[2].id, pub.data_sets[2].title = "../../escape", ""
    with FakeEes([pub]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert result.errors == []
    written = {p.relative_to(dest).as_posix() for p in result.files}
    assert written == {
        "outside/evil.csv",
        "c-windows-system32/etc-passwd.csv",
        "2022-23/escape.csv",
    }
    outside = [p for p in tmp_path.rglob("*") if not p.is_relative_to(dest)]
    assert outside == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("..", "fallback"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute", "absolute"),
        ("C:\\Windows", "c-windows"),
        ("", "fallback"),
        ("...", "fallback"),
        ("NUL", "fallback"),
        ("con.csv", "fallback"),
        (
            "Suspensions and permanent exclusions - by characteristic",
            "suspensions-and-permanent-exclusions-by-characteristic",
        ),
        ("Exclusions – 2022/23 (Ça)", "exclusions-2022-23-ca"),
        ("x" * 300, "x" * 80),
    ],
)
def test_safe_name(text: str, expected: str) -> None:
    assert safe_name(text, "fallback") == expected


def test_a_tampered_index_path_is_not_followed(
    dest: Path, http: httpx.Client, tmp_path: Path
) -> None:
    pub = publication(1)
    with FakeEes([pub]) as fake:
        fetch(dest, base_url=fake.base_url, client=http)
        index_file = dest / INDEX_NAME
        index = json.loads(index_file.read_text(encoding="utf-8"))
        record = index["data_sets"][pub.data_sets[0].id]["versions"]["1.0"]
        (tmp_path / "victim.csv").write_bytes(csv_body(0))
        record["path"] = "../victim.csv"
        index_file.write_text(json.dumps(index), encoding="utf-8")
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert result.files == [dest / "2022-23" / "exclusions-table-0.csv"]
    assert result.errors == []


def test_an_interrupted_download_leaves_nothing_behind(dest: Path, http: httpx.Client) -> None:
    pub = publication(2)
    pub.data_sets[0].mode = TRUNCATED
    with FakeEes([pub]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    [error] = result.errors
    assert "broke off mid-download" in error
    assert [p.name for p in dest.rglob("*.csv")] == ["exclusions-table-1.csv"]
    assert list(dest.rglob(".part-*")) == []


def test_identical_content_is_written_once(dest: Path, http: httpx.Client) -> None:
    pub = publication(2)
    pub.data_sets[1].csv = pub.data_sets[0].csv
    with FakeEes([pub]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert len(list(dest.rglob("*.csv"))) == 1
    assert result.files == result.downloaded == [dest / "2022-23" / "exclusions-table-0.csv"]
    index = json.loads((dest / INDEX_NAME).read_text(encoding="utf-8"))
    paths = {e["versions"]["1.0"]["path"] for e in index["data_sets"].values()}
    assert paths == {"2022-23/exclusions-table-0.csv"}


def test_a_failed_update_keeps_the_previous_file(dest: Path, http: httpx.Client) -> None:
    pub = publication(2)
    with FakeEes([pub]) as fake:
        first = fetch(dest, base_url=fake.base_url, client=http)
        pub.data_sets[0].version, pub.data_sets[0].mode = "1.1", MISSING
        second = fetch(dest, base_url=fake.base_url, client=http)
    assert len(second.errors) == 1
    assert sorted(second.files) == sorted(first.files)
    assert any("kept the previous version" in n for n in second.notes)


def test_publications_not_on_the_api(dest: Path, http: httpx.Client) -> None:
    with FakeEes([other_publication()]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert result.files == []
    [error] = result.errors
    assert "none of" in error and "exclusions load FOLDER" in error
    assert len(result.notes) == 2  # one per default publication slug


def test_the_environment_variable_names_the_service(
    dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_BASE_URL, raising=False)
    assert resolve_base_url() == DEFAULT_BASE_URL
    with FakeEes([publication(1)]) as fake:
        monkeypatch.setenv(ENV_BASE_URL, fake.base_url + "/")
        assert resolve_base_url() == fake.base_url
        assert resolve_base_url("https://example.test/v1") == "https://example.test/v1"
        result = fetch(dest)
    assert len(result.downloaded) == 1
    monkeypatch.setenv(ENV_BASE_URL, "api.education.gov.uk")
    with pytest.raises(FetchError, match="expected an http"):
        resolve_base_url()


def test_progress_is_reported_in_bytes(dest: Path, http: httpx.Client) -> None:
    calls: list[tuple[str, int, int | None]] = []
    with FakeEes([publication(1)]) as fake:
        fetch(dest, base_url=fake.base_url, client=http, progress=lambda *a: calls.append(a))
    assert calls[0][:2] == (calls[-1][0], 0)  # announced before the first byte
    label, done, total = calls[-1]
    assert label.startswith("Exclusions table 0 v1.0")
    assert done == total and total is not None and total > 0


def test_an_unreadable_index_is_set_aside(dest: Path, http: httpx.Client) -> None:
    dest.mkdir()
    (dest / INDEX_NAME).write_text("{not json", encoding="utf-8")
    with FakeEes([publication(1)]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    assert len(result.downloaded) == 1
    assert any("starting afresh" in n for n in result.notes)
    assert isinstance(result, FetchResult)


def test_a_lost_index_adopts_the_files_already_there(dest: Path, http: httpx.Client) -> None:
    with FakeEes([publication(2)]) as fake:
        first = fetch(dest, base_url=fake.base_url, client=http)
        (dest / INDEX_NAME).unlink()
        second = fetch(dest, base_url=fake.base_url, client=http)
    assert second.downloaded == [] and sorted(second.cached) == sorted(first.files)
    assert len(list(dest.rglob("*.csv"))) == 2


def test_data_sets_with_the_same_title_get_distinct_files(dest: Path, http: httpx.Client) -> None:
    pub = publication(2)
    pub.data_sets[1].title = pub.data_sets[0].title
    with FakeEes([pub]) as fake:
        result = fetch(dest, base_url=fake.base_url, client=http)
    names = sorted(p.name for p in result.downloaded)
    assert names == ["exclusions-table-0-00000001.csv", "exclusions-table-0.csv"]
