"""Run the app under uvicorn, each worker process serving its own snapshot of the store."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn

from exclusions.errors import StoreNotFound
from exclusions.explore.live import wait_until_readable

__all__ = ["app_from_env", "run"]

DB_ENV = "EXCLUSIONS_SERVE_DB"
CACHE_ENV = "EXCLUSIONS_SERVE_CACHE_BYTES"


def app_from_env() -> object:
    """The app for a uvicorn worker: the store path comes from the parent's environment."""
    from exclusions.web.app import create_app

    cache = int(os.environ.get(CACHE_ENV, str(256 << 20)))
    return create_app(os.environ[DB_ENV], warm_up=True, cache_bytes=cache)


def run(
    db: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    log_level: str = "warning",
    cache_mb: int = 256,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve until interrupted; ``announce`` is told the address once the socket is bound."""
    if not Path(db).exists():
        raise StoreNotFound(f"no store at {db}; load data first with `exclusions load PATH`")
    # Each worker serves its own snapshot; fail here, cleanly, if a load holds the store.
    wait_until_readable(Path(db))
    # Bind first, so that port 0 resolves to a real port we can announce, and so that a port
    # in use fails here with a clear message rather than inside uvicorn.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, a page sent as headers then body
    # waits on delayed ACKs (about 40 ms a request on Linux loopback).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    announce(f"http://{shown}:{bound}/")
    # Worker processes build their app from the environment (uvicorn imports it by name).
    os.environ[DB_ENV] = str(db)
    os.environ[CACHE_ENV] = str(cache_mb << 20)
    config = uvicorn.Config(
        "exclusions.web.server:app_from_env",
        factory=True,
        workers=workers,
        log_level=log_level,
        access_log=False,
        server_header=False,
    )
    server = uvicorn.Server(config)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        server.run(sockets=[sock])
