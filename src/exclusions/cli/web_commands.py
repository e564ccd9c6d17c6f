"""``exclusions serve``: the web explorer and JSON API."""

from __future__ import annotations

from pathlib import Path

import click

from exclusions.cli.main import cli, db_option, handle_errors
from exclusions.config import default_db_path


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one)")  # fmt: skip
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each keeps its own page cache)")  # fmt: skip
@click.option("--cache-mb", default=256, show_default=True, type=click.IntRange(0, 65536),
              help="MiB of rendered pages kept per worker (0: render every request)")  # fmt: skip
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))  # fmt: skip
@db_option
@handle_errors
def serve(
    host: str, port: int, workers: int, cache_mb: int, log_level: str, db: Path | None
) -> None:
    """Serve the web explorer and JSON API, reading the store read-only.

    Pages: / (England and the map), /area/NAME, /rankings, /compare, /characteristics,
    /reasons, /methods; the JSON API is under /api, described at /docs and /openapi.json.
    It serves a private copy of the store: `exclusions load` may run meanwhile, and the
    explorer switches to the new data a few seconds after the load ends.

    Example:

    \b
        exclusions serve --port 8000
        # then open http://127.0.0.1:8000/area/bury
    """
    from exclusions.web.server import run

    def announce(url: str) -> None:
        click.echo(f"exclusions explorer running at {url} (Ctrl+C stops)")

    run(db or default_db_path(), host=host, port=port, workers=workers, log_level=log_level,
        cache_mb=cache_mb, announce=announce)  # fmt: skip
