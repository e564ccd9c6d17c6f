"""The page cache and security headers on a tiny ASGI app: eviction, versions, what is kept."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from exclusions.web.middleware import PageCache, SecurityHeaders

calls: list[str] = []


async def page(request: Request) -> Response:
    calls.append(request.url.path)
    status = 404 if request.url.path == "/missing" else 200
    return PlainTextResponse("x" * 600 + request.url.path, status_code=status)


def make(version: dict[str, str], max_bytes: int) -> tuple[TestClient, PageCache]:
    app = Starlette(routes=[Route("/{name}", page)])
    cache = PageCache(app, lambda: version["v"], max_bytes=max_bytes)
    return TestClient(SecurityHeaders(cache)), cache


def test_cache_keys_on_version_path_and_query() -> None:
    version = {"v": "one"}
    client, cache = make(version, 1 << 20)
    calls.clear()
    for url in ("/a", "/a", "/a?x=1", "/a?x=1", "/b"):
        assert client.get(url).status_code == 200
    assert calls == ["/a", "/a", "/b"] and cache.hits == 2
    version["v"] = "two"  # new data: nothing old is served
    client.get("/a")
    assert calls[-1] == "/a" and cache.misses == 4


def test_least_recently_used_pages_go_first() -> None:
    client, cache = make({"v": "v"}, 1500)  # room for two 600-byte pages
    calls.clear()
    for url in ("/a", "/b", "/a", "/c", "/a", "/b"):
        client.get(url)
    # /b was evicted by /c (least recently used), /a stayed.
    assert calls == ["/a", "/b", "/c", "/b"]
    assert cache.size <= 1500


def test_errors_and_private_requests_are_not_kept() -> None:
    client, cache = make({"v": "v"}, 1 << 20)
    calls.clear()
    client.get("/missing")
    client.get("/missing")
    client.get("/a", headers={"authorization": "Bearer t"})
    client.get("/a", headers={"authorization": "Bearer t"})
    assert calls == ["/missing", "/missing", "/a", "/a"] and cache.hits == 0


def test_zero_bytes_turns_the_cache_off() -> None:
    client, cache = make({"v": "v"}, 0)
    calls.clear()
    client.get("/a")
    client.get("/a")
    assert calls == ["/a", "/a"] and cache.size == 0


def test_security_headers_do_not_override_the_apps_own() -> None:
    async def own(request: Request) -> Response:
        return PlainTextResponse("x", headers={"x-frame-options": "SAMEORIGIN"})

    client = TestClient(SecurityHeaders(Starlette(routes=[Route("/", own)])))
    headers: Any = client.get("/").headers
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "default-src 'none'" in headers["content-security-policy"]
