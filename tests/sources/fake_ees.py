"""A stand-in for the EES public data API on 127.0.0.1, answering with the real service's shapes.

Shapes follow the service's OpenAPI document and view models (see ``ees_api``): paginated
``{"results", "paging": {"page", "pageSize", "totalResults", "totalPages"}}`` listings,
ProblemDetails errors, and CSV downloads sent gzipped with ``Content-Encoding: gzip``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

# Modes a fake data set's CSV endpoint can be put in.
OK = "ok"
MISSING = "missing"  # 404 ProblemDetails
ERROR = "error"  # 500 every time
FLAKY = "flaky"  # 500 for the first FLAKY_FAILURES requests, then the file
SLOW = "slow"  # holds the answer until the test ends, so the client times out
RAW_GZIP = "raw-gzip"  # gzip bytes without Content-Encoding, as a header-stripping proxy sends
TRUNCATED = "truncated"  # promises more bytes than it sends, then hangs up
FLAKY_FAILURES = 2


@dataclass
class FakeDataSet:
    """One data set with a single live version and its CSV body."""

    id: str
    title: str
    csv: bytes
    version: str = "1.0"
    release: str = "2022-23"
    mode: str = OK
    status: str = "Published"

    def summary(self) -> dict[str, Any]:
        """DataSetViewModel, as listed by ``/publications/{id}/data-sets``."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": f"{self.title}, national and local authority.",
            "status": self.status,
            "supersedingDataSetId": None,
            "latestVersion": {
                "version": self.version,
                "published": "2024-07-18T09:30:00+01:00",
                "totalResults": self.csv.count(b"\n") - 1,
                "file": {"id": f"file-{self.id}"},
                "timePeriods": {"start": "2006/07", "end": "2022/23"},
                "geographicLevels": ["National", "Local authority"],
                "filters": ["School type"],
                "indicators": ["Permanent exclusions", "Suspensions"],
            },
        }


@dataclass
class FakePublication:
    """A publication and its data sets."""

    id: str
    slug: str
    title: str
    data_sets: list[FakeDataSet] = field(default_factory=list)


class FakeEes:
    """Serves the API on a random loopback port in a thread; use it as a context manager."""

    # Fewer data sets per page than the client asks for, so listings run to a second page.
    page_cap = 3

    def __init__(self, publications: list[FakePublication]) -> None:
        self.publications = publications
        self.requests: list[str] = []
        self.csv_hits: Counter[str] = Counter()
        self.release = threading.Event()  # frees handlers held by SLOW data sets
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # A short poll makes shutdown prompt; the default half second would slow every test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeEes:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()  # joins handler threads, so none outlives the test
        self._thread.join()

    def data_set(self, ds_id: str) -> FakeDataSet | None:
        """The data set with this id, in any publication."""
        return next(
            (d for p in self.publications for d in p.data_sets if d.id == ds_id),
            None,
        )

    def csv_requests(self) -> list[str]:
        """The CSV download requests received so far."""
        return [r for r in self.requests if "/csv" in r]


def _paged(items: list[Any], page: int, page_size: int) -> dict[str, Any]:
    """A PaginatedListViewModel; totalPages as the service computes it."""
    total = len(items)
    start = (page - 1) * page_size
    return {
        "paging": {
            "page": page,
            "pageSize": page_size,
            "totalResults": total,
            "totalPages": max(total - 1, 0) // page_size + 1,
        },
        "results": items[start : start + page_size],
    }


class _Handler(BaseHTTPRequestHandler):
    """Routes GET requests to the fake's data."""

    fake: ClassVar[FakeEes]

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean; requests are recorded on the fake instead."""

    def do_GET(self) -> None:
        """Answer one GET; a client that hung up early is not an error here."""
        self.fake.requests.append(self.path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()

    def _route(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        # Split before unquoting, as a router does: an escaped "/" stays inside its segment.
        parts = [unquote(p) for p in url.path.strip("/").split("/")]
        data_set = self.fake.data_set(parts[2]) if len(parts) >= 4 else None
        if parts == ["v1", "publications"]:
            self._publications(query)
        elif len(parts) == 4 and parts[1] == "publications" and parts[3] == "data-sets":
            self._data_sets(parts[2], query)
        elif parts[:2] != ["v1", "data-sets"] or data_set is None:
            self._problem(404, "Not Found")
        elif parts[3:] == ["csv"]:
            self._csv(data_set)
        elif parts[3:] == ["meta"]:
            meta: dict[str, list[Any]] = {
                "filters": [],
                "indicators": [],
                "geographicLevels": [],
                "locations": [],
            }
            self._json({**meta, "timePeriods": [{"code": "AY", "period": "2022/2023"}]})
        elif parts[3:] == ["versions", data_set.version]:
            release = {"title": f"Academic year {data_set.release}", "slug": data_set.release}
            extra = {"type": "Major", "status": "Published", "notes": "", "release": release}
            self._json({**data_set.summary()["latestVersion"], **extra})
        else:
            self._problem(404, "Not Found")

    def _publications(self, query: dict[str, str]) -> None:
        search = query.get("search", "")
        page_size = int(query.get("pageSize", "20"))
        if len(search) < 3 or not 1 <= page_size <= 40:
            self._invalid("search" if len(search) < 3 else "pageSize")
            return
        words = search.lower().split()
        hits = [
            {
                "id": p.id,
                "title": p.title,
                "slug": p.slug,
                "summary": p.title,
                "lastPublished": "2024-07-18T09:30:00+01:00",
            }
            for p in self.fake.publications
            if all(w in f"{p.title} {p.slug}".lower() for w in words)
        ]
        self._json(_paged(hits, int(query.get("page", "1")), page_size))

    def _data_sets(self, publication_id: str, query: dict[str, str]) -> None:
        page_size = int(query.get("pageSize", "10"))
        if not 1 <= page_size <= 20:
            self._invalid("pageSize")
            return
        data_sets = [
            d.summary()
            for p in self.fake.publications
            if p.id == publication_id
            for d in p.data_sets
            if d.status != "Withdrawn"
        ]
        page_size = min(page_size, self.fake.page_cap)
        self._json(_paged(data_sets, int(query.get("page", "1")), page_size))

    def _csv(self, data_set: FakeDataSet) -> None:
        self.fake.csv_hits[data_set.id] += 1
        hits = self.fake.csv_hits[data_set.id]
        if data_set.mode == MISSING:
            self._problem(404, "Not Found")
            return
        if data_set.mode == ERROR or (data_set.mode == FLAKY and hits <= FLAKY_FAILURES):
            self._problem(500, "Internal Server Error")
            return
        if data_set.mode == SLOW:
            self.fake.release.wait(5)
        body = gzip.compress(data_set.csv)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        if data_set.mode != RAW_GZIP:
            # As the real service does: the stored .csv.gz is sent as gzip transfer coding.
            self.send_header("Content-Encoding", "gzip")
        name = f"{data_set.id}_v{data_set.version}.csv"
        self.send_header("Content-Disposition", f"attachment; filename={name}")
        extra = 1000 if data_set.mode == TRUNCATED else 0
        self.send_header("Content-Length", str(len(body) + extra))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if extra else body)

    def _json(self, body: Any, status: int = 200, kind: str = "application/json") -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _problem(self, status: int, kind: str) -> None:
        title = {404: "The requested resource could not be found."}.get(
            status, "There was a problem processing the request."
        )
        self._json(
            {"title": title, "type": kind, "status": status}, status, "application/problem+json"
        )

    def _invalid(self, path: str) -> None:
        body = {
            "title": "There are validation errors with the request.",
            "type": "Bad Request",
            "status": 400,
            "errors": [{"message": "Invalid value.", "path": path}],
        }
        self._json(body, 400, "application/problem+json")
