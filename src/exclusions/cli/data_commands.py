"""Commands that read the store: releases, areas, show, revisions."""

from __future__ import annotations

from pathlib import Path

import click

from exclusions.cli.format import as_csv, as_json, number, symbol_notes, table
from exclusions.cli.main import cli, db_option, handle_errors, open_store
from exclusions.store.queries import SHOW_MEASURES
from exclusions.vocab.school_types import school_type_label
from exclusions.years import format_year

FORMATS = click.Choice(["table", "csv", "json"])
SHORT = {
    "headcount": "pupils",
    "perm_excl": "perm excl",
    "perm_excl_rate": "perm %",
    "susp": "suspensions",
    "susp_rate": "susp %",
    "one_plus_susp": "pupils 1+ susp",
    "one_plus_susp_rate": "1+ susp %",
}


@cli.command()
@db_option
@handle_errors
def releases(db: Path | None) -> None:
    """List the releases loaded, with their files and rows.

    Example:

        exclusions releases
    """
    with open_store(db) as store:
        rows = [
            (r["name"], r["publication"], r["published"], r["files"], f"{r['rows'] or 0:,}")
            for r in store.releases()
        ]
        files = store.files()
    click.echo(table(["release", "publication", "published", "files", "rows"], rows, {3, 4}))
    click.echo()
    click.echo(
        table(
            ["release", "file", "layout", "rows", "sha256"],
            [
                (f["release"], f["name"], f["layout"], f"{f['rows']:,}", f["sha256"][:12])
                for f in files
            ],
            {3},
        )
    )


@cli.command()
@click.option(
    "--level",
    type=click.Choice(["national", "regional", "local_authority"]),
    help="Only areas of this level.",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
@handle_errors
def areas(level: str | None, fmt: str, db: Path | None) -> None:
    """List the areas with data: England, regions and local authorities.

    Example:

        exclusions areas --level local_authority
    """
    with open_store(db) as store:
        found = store.areas(level)
    headers = ["code", "old code", "name", "level", "region", "status"]
    rows = [(a.code, a.old_la_code or "", a.name, a.level, a.region_code or "", a.status or "")
            for a in found]  # fmt: skip
    if fmt == "json":
        click.echo(as_json([dict(zip(headers, r, strict=True)) for r in rows]))
    elif fmt == "csv":
        click.echo(as_csv(headers, rows), nl=False)
    else:
        click.echo(table(headers, rows))
        click.echo(f"{len(rows)} areas")


@cli.command()
@click.argument("area")
@click.option("--year", help="Academic year, e.g. 2022/23, 2022-23 or 202223 [default: all].")
@click.option("--release", help="Take figures from this release (e.g. 2016/17) [default: latest].")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
@handle_errors
def show(area: str, year: str | None, release: str | None, fmt: str, db: Path | None) -> None:
    """Show an area's counts and rates by phase and year, with the release of each figure.

    AREA is a name in any usual spelling ("Bristol", "Kingston upon Hull") or a code
    (E08000002 or 351). Rates are per cent of pupils on roll (headcount).

    Example:

        exclusions show Bury --year 2022/23
    """
    with open_store(db) as store:  # closed on every path, unknown area or year included
        info = store.area(area)
        rows = store.show(area, year=year, release=release)
    if fmt == "json":
        click.echo(as_json({
            "area": info.__dict__,
            "rows": [{
                "year": format_year(r.year),
                "school_type": r.school_type,
                "figures": {m: {"value": f.value, "symbol": f.symbol, "published": f.text,
                                "release": f.release, "file": f.file, "line": f.line,
                                "column": f.column} for m, f in r.figures.items()},
            } for r in rows],
        }))  # fmt: skip
        return
    headers = ["year", "phase", *(SHORT[m] for m in SHOW_MEASURES), "release"]
    out, symbols = [], set()
    for r in rows:
        cells = []
        for m in SHOW_MEASURES:
            f = r.figures.get(m)
            cells.append(number(f.value, f.symbol, m) if f else "")
            if f and f.value is None and f.symbol is not None:
                symbols.add(f.symbol)
        out.append([format_year(r.year), r.school_type, *cells, r.release])
    if fmt == "csv":
        click.echo(as_csv(headers, out), nl=False)
        return
    click.echo(f"{info.name} ({info.code}{', ' + info.old_la_code if info.old_la_code else ''})")
    if not out:
        click.echo("no figures" + (f" for {year}" if year else ""))
        return
    click.echo(table(headers, out, set(range(2, 2 + len(SHOW_MEASURES)))))
    phases = sorted({r.school_type for r in rows})
    click.echo("phases: " + "; ".join(f"{p} = {school_type_label(p)}" for p in phases))
    click.echo("rates are per cent of pupils on roll, shown to 2 dp as DfE publishes them")
    if symbols:
        click.echo("symbols:\n" + symbol_notes(symbols))


@cli.command()
@click.argument("area")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
@handle_errors
def revisions(area: str, fmt: str, db: Path | None) -> None:
    """List an area's figures that changed between releases (changes of rounding aside).

    Example:

        exclusions revisions Newham
    """
    with open_store(db) as store:
        info = store.area(area)
        found = store.revisions(area)
    headers = ["year", "phase", "measure", "old", "old release", "new", "new release", "change"]
    rows = [
        (format_year(r.year), r.school_type, r.measure, r.old.text, r.old.release, r.new.text,
         r.new.release, r.kind)
        for r in found
    ]  # fmt: skip
    if fmt == "json":
        click.echo(as_json([{**dict(zip(headers, row, strict=True)),
                             "old_source": f"{r.old.file} line {r.old.line} column {r.old.column}",
                             "new_source": f"{r.new.file} line {r.new.line} column {r.new.column}"}
                            for row, r in zip(rows, found, strict=True)]))  # fmt: skip
    elif fmt == "csv":
        click.echo(as_csv(headers, rows), nl=False)
    else:
        click.echo(f"{info.name}: {len(rows)} figure(s) changed between releases")
        if rows:
            click.echo(table(headers, rows))
