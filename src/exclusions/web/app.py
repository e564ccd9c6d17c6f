"""The web explorer and JSON API as one ASGI app.

>>> from exclusions.web import create_app                 # doctest: +SKIP
>>> app = create_app("exclusions.duckdb")                 # doctest: +SKIP
>>> # uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

import exclusions
from exclusions.explore import Site
from exclusions.web import api, errors, pages
from exclusions.web.middleware import PageCache, SecurityHeaders
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

    _ = site.data, site.boundaries, site.matcher  # cached properties: read to load them
    for measure in ("perm_excl", "susp"):
        home(site, measure)


def create_app(
    db: str | Path | Site | None = None, *, cache_bytes: int = 256 << 20, warm_up: bool = False
) -> ASGIApp:
    """The app over the store at ``db`` (default: the user's store), opened read-only."""
    owned = not isinstance(db, Site)  # a Site passed in belongs to the caller, who closes it
    site = db if isinstance(db, Site) else Site(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            threading.Thread(target=warm, args=(site,), daemon=True).start()
        yield
        if owned:
            site.close()

    app = FastAPI(
        title="exclusions",
        version=exclusions.__version__,
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's own docs pages load scripts from a CDN: ours render here
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.site = site
    app.state.templates = environment()
    app.include_router(pages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def render_error(request: Request, body: dict[str, Any]) -> str:
        template = app.state.templates.get_template("error.html")
        return str(template.render(request=request, site=site, path=request.url.path,
                                   error=body["error"]))  # fmt: skip

    errors.install(app, render_error)
    cached = PageCache(app, lambda: site.version, max_bytes=cache_bytes)
    app.state.cache = cached
    return SecurityHeaders(cached)
