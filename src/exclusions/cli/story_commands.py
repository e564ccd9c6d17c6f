"""Commands that write local stories: story (one area) and stories (every area for a year)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import click

from exclusions.cli.main import cli, db_option, handle_errors, open_store

FORMATS = ("text", "md", "html", "json")
EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "json": "json"}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@cli.command()
@click.argument("area")
@click.option("--year", help="Academic year, e.g. 2022/23 [default: latest].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text (no charts), md (SVGs by --out), html (inline SVG), json.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@click.option("--no-charts", is_flag=True, help="Skip charts (faster).")
@db_option
@handle_errors
def story(
    area: str, year: str | None, fmt: str, out: Path | None, no_charts: bool, db: Path | None
) -> None:
    """Write the local story for an area: an LA, a region or England.

    Example:

    \b
        exclusions story Bury --year 2022/23
        exclusions story Bury --format html --out bury.html
    """
    from exclusions.story.compose import compose
    from exclusions.story.render import render

    charts = fmt in ("md", "html") and not no_charts and (fmt == "html" or out is not None)
    store = open_store(db)
    try:
        result = compose(store, area, year=year, charts=charts)
    finally:
        store.close()
    files: dict[str, str] = {}
    if out is not None and fmt == "md":
        for chart in result.charts:
            name = f"{out.stem}-{chart.name}.svg"
            (out.parent / name).write_text(chart.svg, encoding="utf-8")
            files[chart.name] = name
    text = render(result, fmt, files)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}", err=True)


@cli.command()
@click.option("--year", help="Academic year, e.g. 2022/23 [default: latest].")
@click.option("--format", "fmt", type=click.Choice(("md", "html", "text")), default="md",
              show_default=True, help="Format of each story; the index is md or html.")  # fmt: skip
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("stories"),
              show_default=True, help="Folder to write the stories and index to.")  # fmt: skip
@click.option("--charts/--no-charts", default=False, show_default=True,
              help="Render SVG charts (md: files beside each story; html: inline).")  # fmt: skip
@click.option("--limit", type=int, envvar="EXCLUSIONS_STORIES_LIMIT",
              help="Write only the first N areas (England first, then regions) [env "
                   "EXCLUSIONS_STORIES_LIMIT]; for tests and quick looks.")  # fmt: skip
@db_option
@handle_errors
def stories(
    year: str | None, fmt: str, out: Path, charts: bool, limit: int | None, db: Path | None
) -> None:
    """Write a story for England, each region and every LA for a year, and an index page.

    Example:

    \b
        exclusions stories --year 2022/23 --out stories/
        exclusions stories --year 2022/23 --format html --charts --out site/
    """
    from exclusions.facts.api import fact_data, resolve_year
    from exclusions.facts.profile import build_profile
    from exclusions.story.compose import compose_profile
    from exclusions.story.render import index, render
    from exclusions.years import format_year

    store = open_store(db)
    started = time.perf_counter()
    try:
        data = fact_data(store)
        y = resolve_year(data, year)
        areas = [a for a in store.areas() if y in data.years_by_area.get(a.code, ())]
        if limit is not None:
            areas = areas[:limit]
        out.mkdir(parents=True, exist_ok=True)
        ext = EXTENSIONS[fmt]
        entries: list[tuple[str, str, str]] = []
        with click.progressbar(areas, label=f"Writing {len(areas)} stories", file=None) as bar:
            for info in bar:
                p = build_profile(data, data.areas.get(info.code, info), y, "total")
                result = compose_profile(p, data, charts=charts, bounds=store if charts else None)
                slug = _slug(info.name)
                files: dict[str, str] = {}
                if fmt == "md":
                    for chart in result.charts:
                        files[chart.name] = f"{slug}-{chart.name}.svg"
                        (out / files[chart.name]).write_text(chart.svg, encoding="utf-8")
                (out / f"{slug}.{ext}").write_text(render(result, fmt, files), encoding="utf-8")
                entries.append((info.name, result.headline.text, f"{slug}.{ext}"))
    finally:
        store.close()
    index_fmt = "html" if fmt == "html" else "md"
    (out / f"index.{index_fmt}").write_text(
        index(entries, index_fmt, format_year(y)), encoding="utf-8"
    )
    took = time.perf_counter() - started
    click.echo(
        f"Wrote {len(entries)} stories and index.{index_fmt} to {out} in {took:.1f}s", err=True
    )
