"""The web explorer and JSON API as one ASGI app.

>>> from exclusions.web import create_app                 # doctest: +SKIP
>>> app = create_app("exclusions.duckdb")                 # doctest: +SKIP
>>> # uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

import exclusions
from exclusions.explore import Site
from exclusions.explore.live import LiveSite
from exclusions.web import api, errors, pages
from exclusions.web.middleware import PageCache, SecurityHeaders
from exclusions.web.params import SITE, site_of
from exclusions.web.templating import environment

__all__ = ["create_app"]

STATIC = Path(__file__).parent / "static"
DESCRIPTION = (
    "School exclusions in England, from every DfE release loaded: each page of the explorer "
    "has a JSON twin here. Errors share one envelope: "
    '`{"error": {"status", "code", "message", "parameter", "suggestions"}}`.'
)


def warm(site: Site) -> None:
    """Load the data, outlines and the home page's movers, so the first visitor waits less."""
    from exclusions.explore import home

    site.warm()
    for measure in ("perm_excl", "susp"):
        home(site, measure)


class Pinned:
    """Pins each HTTP request to the site being served when it arrives (``scope[SITE]``),
    so a page is rendered from one snapshot even if a new one is swapped in meanwhile; the
    old site is closed once its last request has finished.

    It sits inside the page cache, which keys a page by the site current just *before* the
    request is pinned: the site pinned is that one or a later one, so a page is never older
    than its key. (A request in flight at a swap may file a newer page under the old key,
    which no later request asks for.)
    """

    def __init__(self, app: ASGIApp, live: LiveSite) -> None:
        """Wrap ``app``."""
        self.app = app
        self.live = live

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with its site."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.live.lease() as site:
            await self.app({**scope, SITE: site}, receive, send)


def create_app(
    db: str | Path | Site | None = None, *, cache_bytes: int = 256 << 20, warm_up: bool = False
) -> ASGIApp:
    """The app over a snapshot of the store at ``db`` (default: the user's store), refreshed
    when the store changes. A ``Site`` is served as it is (and left open: it is the caller's).
    """
    live = LiveSite(db, warm=warm)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        live.start(warm_now=warm_up)
        yield
        live.close()

    app = FastAPI(
        title="exclusions",
        version=exclusions.__version__,
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's own docs pages load scripts from a CDN: ours render here
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.live = live
    app.state.templates = environment()
    app.include_router(pages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def render_error(request: Request, body: dict[str, Any]) -> str:
        template = app.state.templates.get_template("error.html")
        return str(template.render(request=request, site=site_of(request),
                                   path=request.url.path, error=body["error"]))  # fmt: skip

    errors.install(app, render_error)

    def version() -> str:
        with live.lease() as site:
            return site.cache_version

    cached = PageCache(Pinned(app, live), version, cache_bytes)
    app.state.cache = cached
    live.on_swap = lambda site: cached.clear()  # pages of the old version: never asked for again
    return SecurityHeaders(cached)
