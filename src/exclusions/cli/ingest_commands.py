"""Commands that bring data in: load, check, fetch."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from exclusions.cli.main import cli, db_option, handle_errors, open_store
from exclusions.errors import LoadError
from exclusions.store.loader import LoadResult
from exclusions.years import format_year, parse_year


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--release", help="Release the files belong to (e.g. 2022/23) when their folder does not say."
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@db_option
@handle_errors
def load(paths: tuple[Path, ...], release: str | None, quiet: bool, db: Path | None) -> None:
    """Load DfE exclusions files (or folders of them) into the store.

    Atomic: if any file has an error nothing is loaded and the store is unchanged.
    Idempotent: loading the same file again changes nothing.

    Example:

        exclusions load ../shared/data
    """
    if release is not None:
        parse_year(release)  # a bad --release fails before the store file is created
    store = open_store(db, read_only=False)
    interactive = sys.stderr.isatty() and not quiet
    if interactive:
        # DuckDB draws its own progress bar for queries that run longer than two seconds.
        store.con.execute("SET enable_progress_bar = true")

    def on_file(path: Path, stage: str) -> None:
        if not quiet and stage == "reading":
            click.echo(f"  reading {path}", err=True)

    try:
        result = store.load(paths, release=release, on_file=on_file)
    except LoadError as exc:
        report = exc.report
        if isinstance(report, LoadResult):
            for r in report.reports:
                if r.problems:
                    click.echo(r.format(), err=True)
        raise
    finally:
        store.close()
    _print_load(result, quiet)


def _print_load(result: LoadResult, quiet: bool) -> None:
    if quiet:
        return
    for line in result.lookups:
        click.echo(f"lookup  {line}")
    for f in result.files:
        years = f"{format_year(min(f.years))} to {format_year(max(f.years))}" if f.years else ""
        if f.status == "unchanged":
            click.echo(f"same    {f.path.name}: already loaded (release {f.release})")
        else:
            click.echo(
                f"loaded  {f.path.name}: release {f.release}, {f.rows:,} rows, {years}, "
                f"levels {', '.join(f.levels)}, {f.areas} areas ({f.layout})"
            )
    warnings = sum(len(r.warnings) for r in result.reports)
    loaded = result.loaded
    click.echo(
        f"{len(loaded)} file(s) loaded, {len(result.files) - len(loaded)} unchanged; "
        f"{result.rows:,} rows; releases {', '.join(result.releases) or 'none new'}; "
        f"{warnings} warning(s)" + (" (see `exclusions check FILE`)" if warnings else "")
    )


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@db_option
@handle_errors
def check(files: tuple[Path, ...], as_json: bool, db: Path | None) -> None:
    """Validate files against the EES open-data standard; exit 1 if any is invalid.

    Code/name pairs are checked against the LA lookup in the store, when there is one.

    Example:

        exclusions check ../shared/data/dfe/2022-23/exc_nat_region_la.csv
    """
    from exclusions.store.areas import AreaResolver
    from exclusions.store.check import check_file

    resolver = None
    try:
        with open_store(db) as store:
            resolver = AreaResolver.from_store(store.con)
    except Exception:  # no store yet: the check still runs, without the lookup
        resolver = None
    reports = [check_file(f, resolver) for f in files]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        for r in reports:
            click.echo(r.format())
    sys.exit(0 if all(r.valid for r in reports) else 1)


@cli.command()
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for downloaded files [default: a cache beside the store].",
)
@click.option("--url", default=None, help="Base URL of the EES API [env EXCLUSIONS_EES_URL].")
@click.option("--no-load", is_flag=True, help="Download only; do not load.")
@db_option
@handle_errors
def fetch(dest: Path | None, url: str | None, no_load: bool, db: Path | None) -> None:
    """Download the exclusions data sets from Explore Education Statistics, then load them.

    Files are cached by content hash; an unchanged data set is not downloaded again.

    Example:

        exclusions fetch
    """
    from exclusions.config import default_db_path
    from exclusions.sources.fetch import fetch as do_fetch

    folder = dest or (db or default_db_path()).parent / "downloads"
    kwargs: dict[str, Any] = {"base_url": url} if url else {}

    def progress(name: str, done: int, total: int | None) -> None:
        if done == 0:
            click.echo(f"  downloading {name}", err=True)

    result = do_fetch(folder, progress=progress, **kwargs)
    for err in result.errors:
        click.echo(f"warning: {err}", err=True)
    click.echo(
        f"{len(result.downloaded)} downloaded, {len(result.cached)} unchanged, into {folder}"
    )
    if no_load or not result.files:
        return
    store = open_store(db, read_only=False)
    try:
        loaded = store.load(result.files)
    finally:
        store.close()
    _print_load(loaded, False)
