"""HTTP client for the Explore Education Statistics (EES) public data API, version 1.

Implements these documented endpoints (reference: https://api.education.gov.uk/statistics/docs/,
OpenAPI document ``openapi-v1.json`` and the controllers and view models in
github.com/dfe-analytical-services/explore-education-statistics, Public.Data.Api):

- ``GET /v1/publications?search=&page=&pageSize=`` (ListPublications; ``search`` at least 3
  characters, ``pageSize`` 1-40): ``{"results": [{"id", "title", "slug", "summary",
  "lastPublished"}], "paging": {"page", "pageSize", "totalResults", "totalPages"}}``.
- ``GET /v1/publications/{publicationId}/data-sets?page=&pageSize=`` (ListPublicationDataSets;
  ``pageSize`` 1-20): ``results`` are DataSetViewModel ``{"id", "title", "summary", "status",
  "supersedingDataSetId", "latestVersion": {"version", "published", "totalResults", "file": {"id"},
  "timePeriods": {"start", "end"}, "geographicLevels", "filters", "indicators"}}``.
- ``GET /v1/data-sets/{dataSetId}/versions/{dataSetVersion}`` (GetDataSetVersion): adds
  ``"release": {"title", "slug"}`` to the version summary.
- ``GET /v1/data-sets/{dataSetId}/csv?dataSetVersion=`` (DownloadDataSetCsv): ``text/csv``; the
  service stores the file gzipped and sends it with ``Content-Encoding: gzip`` ("How to get CSV
  data"), named ``{dataSetId}_v{version}.csv`` in Content-Disposition.
- ``GET /v1/data-sets/{dataSetId}/meta?dataSetVersion=`` (GetDataSetMeta): JSON metadata.

Errors are ProblemDetails JSON ``{"title", "type", "status"}``; 429 means back off and 504 means
the service timed out (overview/error-handling). None of these endpoints sends an ETag or
Last-Modified, so the data set ``version`` is what tells a new download from an old one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from exclusions.config import SETTINGS, setting
from exclusions.errors import ExclusionsError

ENV_BASE_URL = "EXCLUSIONS_EES_URL"
DEFAULT_BASE_URL = SETTINGS[ENV_BASE_URL].default
WEBSITE = "https://explore-education-statistics.service.gov.uk/find-statistics"
TIMEOUT = httpx.Timeout(30.0)
MAX_RETRIES = 3
# Seconds before the first retry; doubled for each further one (1, 2, 4).
BACKOFF_SECONDS = 1.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A guard against a service whose paging never ends; no real listing comes near it.
MAX_PAGES = 200
GZIP_MAGIC = b"\x1f\x8b"

# progress(label, bytes received, total bytes or None): once with 0 as a download starts, then
# after each chunk. Bytes are as sent on the wire (gzipped), matching Content-Length.
Progress = Callable[[str, int, int | None], None]


class FetchError(ExclusionsError):
    """The statistics service could not be reached or answered badly."""


class ServiceUnreachable(FetchError):
    """No connection could be made to the statistics service."""

    def __init__(self, url: str, cause: Exception) -> None:
        self.url = url
        reason = str(cause) or type(cause).__name__
        super().__init__(
            f"could not reach the statistics service at {url} ({reason}). "
            "Check the internet connection or proxy, or point --url / "
            f"{ENV_BASE_URL} at a reachable copy of the service. Without the service, download "
            f"the CSV files by hand from {WEBSITE} and run `exclusions load FOLDER`."
        )


class ServiceTimeout(FetchError):
    """The statistics service did not answer in time, even after retries."""


class BadResponse(FetchError):
    """The service answered, but not with what was asked for."""

    def __init__(self, url: str, status: int, expected: str, detail: str = "") -> None:
        self.url = url
        self.status = status
        self.expected = expected
        super().__init__(f"GET {url} answered HTTP {status}{detail}; expected {expected}")


class NotFound(BadResponse):
    """The service has nothing at that address (HTTP 404)."""


@dataclass(frozen=True)
class Download:
    """A body saved to a temporary file beside its final place, with its hash."""

    path: Path
    sha256: str
    size: int


def resolve_base_url(base_url: str | None = None) -> str:
    """The service address: the argument, else $EXCLUSIONS_EES_URL, else the public API."""
    url = (base_url or setting(ENV_BASE_URL).strip()).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"service URL {url!r}: expected an http:// or https:// address")
    return url


class EesClient:
    """Calls the EES API with timeouts, retries for 5xx/429, paging and streamed downloads."""

    def __init__(
        self,
        base_url: str,
        client: httpx.Client | None = None,
        *,
        retries: int = MAX_RETRIES,
        backoff: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._owned = client is None
        self._http = client or httpx.Client(
            timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": "exclusions/0.1"}
        )
        self._retries = retries
        # Read at construction, not import, so tests can shorten the wait.
        self._backoff = BACKOFF_SECONDS if backoff is None else backoff
        self._sleep = sleep

    def __enter__(self) -> EesClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this object made it; a caller's client stays open."""
        if self._owned:
            self._http.close()

    def url(self, *parts: str) -> str:
        """An endpoint URL; each part is escaped, since ids come from the server."""
        return "/".join([self.base_url, *(quote(p, safe="") for p in parts)])

    def get_json(self, url: str, params: Mapping[str, str | int], expected: str) -> Any:
        """GET a JSON document, raising a FetchError that names the URL if it is not one."""
        response = self._send(url, params)
        full_url = str(response.request.url)
        try:
            if response.status_code != 200:
                raise _status_error(response, f"200 with {expected}")
            kind = response.headers.get("content-type", "")
            if "json" not in kind:
                raise BadResponse(full_url, 200, expected, f" with {kind!r}")
            response.read()
            return response.json()
        except ValueError as exc:
            raise BadResponse(full_url, 200, expected, f" with broken JSON ({exc})") from exc
        except httpx.TimeoutException as exc:
            raise ServiceTimeout(f"GET {full_url} stalled mid-answer ({exc!r})") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(f"GET {full_url} broke off mid-answer: {exc!r}") from exc
        finally:
            response.close()

    def paged(self, url: str, params: Mapping[str, str | int], expected: str) -> Iterator[Any]:
        """Every result of a paginated listing, following ``paging.totalPages``."""
        for page in range(1, MAX_PAGES + 1):
            body = self.get_json(url, {**params, "page": page}, f"a page of {expected}")
            results = body.get("results") if isinstance(body, dict) else None
            paging = body.get("paging") if isinstance(body, dict) else None
            if not isinstance(results, list) or not isinstance(paging, dict):
                raise BadResponse(
                    url, 200, f"{{'results': [...], 'paging': {{...}}}} of {expected}"
                )
            yield from results
            total_pages = paging.get("totalPages")
            if not results or not isinstance(total_pages, int) or page >= total_pages:
                return
        raise BadResponse(url, 200, f"{expected} in at most {MAX_PAGES} pages")

    def download(
        self,
        url: str,
        params: Mapping[str, str | int],
        folder: Path,
        *,
        label: str = "",
        progress: Progress | None = None,
    ) -> Download:
        """Stream a CSV into a temporary file in ``folder``, undoing any gzip on the way."""
        response = self._send(url, params)
        try:
            if response.status_code != 200:
                raise _status_error(response, "200 with the data set CSV")
            kind = response.headers.get("content-type", "")
            if kind.startswith(("application/json", "text/html")):
                raise BadResponse(url, 200, "a CSV file", f" with {kind!r}")
            length = response.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            if progress is not None:
                progress(label, 0, total)  # announce the download before the first byte
            return _save(response, folder, label, total, progress)
        finally:
            response.close()

    def _send(self, url: str, params: Mapping[str, str | int]) -> httpx.Response:
        """Send a GET, retrying 5xx, 429 and timeouts with backoff; the caller closes it."""
        request = self._http.build_request("GET", url, params=dict(params))
        for attempt in range(self._retries + 1):
            wait = self._backoff * 2**attempt
            try:
                response = self._http.send(request, stream=True)
            except httpx.ConnectError as exc:
                # Refused or no DNS: retrying would only delay the same answer.
                raise ServiceUnreachable(self.base_url, exc) from exc
            except httpx.TimeoutException as exc:
                if attempt == self._retries:
                    limit = self._http.timeout.read
                    raise ServiceTimeout(
                        f"GET {request.url} got no answer in time after {attempt + 1} tries "
                        f"({exc!r}); expected an answer within {limit} s"
                    ) from exc
            except httpx.TransportError as exc:
                if attempt == self._retries:
                    raise FetchError(
                        f"GET {request.url} failed after {attempt + 1} tries: {exc!r}"
                    ) from exc
            else:
                if response.status_code not in RETRY_STATUSES or attempt == self._retries:
                    return response
                wait = max(wait, _retry_after(response))
                response.close()
            self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _retry_after(response: httpx.Response) -> float:
    """The server's Retry-After in seconds (capped at a minute), or 0."""
    value = response.headers.get("retry-after", "")
    return min(float(value), 60.0) if value.isdigit() else 0.0


def _status_error(response: httpx.Response, expected: str) -> BadResponse:
    """A BadResponse for a non-200 answer, quoting the ProblemDetails title when there is one."""
    url = str(response.request.url)
    detail = f" {response.reason_phrase}" if response.reason_phrase else ""
    try:
        response.read()
        problem = response.json()
        if isinstance(problem, dict) and problem.get("title"):
            detail += f" ({problem['title']})"
    except (ValueError, httpx.HTTPError):
        pass  # No usable ProblemDetails body: the status alone must do.
    kind = NotFound if response.status_code == 404 else BadResponse
    return kind(url, response.status_code, expected, detail)


def _save(
    response: httpx.Response, folder: Path, label: str, total: int | None, progress: Progress | None
) -> Download:
    """Write the body to ``folder/.part-*``; delete it again if anything goes wrong."""
    url = str(response.request.url)
    fd, name = tempfile.mkstemp(prefix=".part-", suffix=".csv", dir=folder)
    digest = hashlib.sha256()
    size = 0
    gunzip = _MaybeGunzip()
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                # httpx undoes Content-Encoding: gzip; _MaybeGunzip catches a body that is
                # still gzip because a proxy dropped the header or served the stored .gz as is.
                for chunk in response.iter_bytes():
                    data = gunzip.feed(chunk)
                    out.write(data)
                    digest.update(data)
                    size += len(data)
                    if progress is not None:
                        progress(label, response.num_bytes_downloaded, total)
                data = gunzip.finish()
            except httpx.TimeoutException as exc:
                raise ServiceTimeout(f"GET {url} stalled mid-download ({exc!r})") from exc
            except (httpx.TransportError, httpx.DecodingError, zlib.error) as exc:
                raise FetchError(f"GET {url} broke off mid-download: {exc!r}") from exc
            out.write(data)
            digest.update(data)
            size += len(data)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise BadResponse(url, response.status_code, "a CSV file", " with an empty body")
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Download(Path(name), digest.hexdigest(), size)


class _MaybeGunzip:
    """Passes bytes through, or gunzips them if the stream starts with the gzip magic."""

    def __init__(self) -> None:
        self._head = b""
        self._inflater: Any = None
        self._decided = False

    def feed(self, chunk: bytes) -> bytes:
        """Bytes ready to write for this chunk."""
        if not self._decided:
            self._head += chunk
            if len(self._head) < len(GZIP_MAGIC):
                return b""
            self._decided = True
            if self._head.startswith(GZIP_MAGIC):
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            chunk, self._head = self._head, b""
        return self._inflater.decompress(chunk) if self._inflater else chunk

    def finish(self) -> bytes:
        """The remaining bytes; raises zlib.error if a gzip stream was cut short."""
        if not self._decided:
            return self._head
        if self._inflater is None:
            return b""
        tail: bytes = self._inflater.flush()
        if not self._inflater.eof:
            raise zlib.error("gzip stream ends early")
        return tail
