"""Command group, shared options and the mapping from domain errors to exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from exclusions.config import default_db_path
from exclusions.errors import (
    ExclusionsError,
    LoadError,
    StoreNotFound,
    UnknownArea,
    UnknownChoice,
    UnknownRelease,
    UnknownYear,
)
from exclusions.store import Store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="exclusions")
def cli() -> None:
    """England's school exclusion statistics: load every DfE release, compare, explain.

    Example:

    \b
        exclusions load ../shared/data
        exclusions show Bury --year 2022/23
    """


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="EXCLUSIONS_DB",
    default=None,
    help="DuckDB store to use [env EXCLUSIONS_DB; default: exclusions.duckdb in the user data "
    "directory]",
)


def open_store(db: Path | None, *, read_only: bool = True) -> Store:
    """Open the store, read-only unless the command writes."""
    return Store(db or default_db_path(), read_only=read_only)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain errors into a one-line message and an exit code (2 for bad input)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (UnknownArea, UnknownYear, UnknownRelease, UnknownChoice) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except StoreNotFound as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except LoadError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except ExclusionsError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def main() -> None:
    """Console-script entry point."""

    cli()


# Importing the command modules registers them on ``cli``; tests import ``cli`` from here.
from exclusions.cli import (  # noqa: E402, F401
    data_commands,
    facts_commands,
    ingest_commands,
    story_commands,
    web_commands,
)
