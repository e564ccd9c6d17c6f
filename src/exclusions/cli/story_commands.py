"""Commands that write local stories: story (one area) and stories (every area for a year)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import click

from exclusions.cli.main import cli, db_option, handle_errors, open_store

FORMATS = ("text", "md", "html", "json")
PHASES = ("total", "primary", "secondary", "special")
CHARTS = ("svg", "png", "none")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


phase_option = click.option(
    "--phase", type=click.Choice(PHASES), default="total", show_default=True,
    help="Tell the story of one phase of school (all schools by default).",
)  # fmt: skip


@cli.command()
@click.argument("area")
@click.option("--year", help="Academic year, e.g. 2022/23 [default: latest].")
@phase_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text (no charts), md (charts beside --out), html, json.")  # fmt: skip
@click.option("--charts", type=click.Choice(CHARTS), default="svg", show_default=True,
              help="Chart images for md and html: svg, png (files beside --out, or inline "
                   "in html on stdout) or none (faster).")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@db_option
@handle_errors
def story(
    area: str,
    year: str | None,
    phase: str,
    fmt: str,
    charts: str,
    out: Path | None,
    db: Path | None,
) -> None:
    """Write the local story for an area: an LA, a region or England.

    Example:

    \b
        exclusions story Bury --year 2022/23
        exclusions story Bury --phase secondary --format md --out bury.md
        exclusions story Bury --format html --charts png --out bury.html
    """
    from exclusions.story import output
    from exclusions.story.compose import compose

    draw = output.wants_charts(fmt, charts, out is not None)
    store = open_store(db)
    try:
        result = compose(store, area, year=year, phase=phase, charts=draw)
    finally:
        store.close()
    if out is None:
        click.echo(output.text(result, fmt, charts), nl=False)
    else:
        written = output.save(result, fmt, out, charts)
        click.echo(f"Wrote {', '.join(str(p) for p in written)}", err=True)


@cli.command()
@click.option("--year", help="Academic year, e.g. 2022/23 [default: latest].")
@phase_option
@click.option("--format", "fmt", type=click.Choice(("md", "html", "text")), default="md",
              show_default=True, help="Format of each story; the index is md or html.")  # fmt: skip
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("stories"),
              show_default=True, help="Folder to write the stories and index to.")  # fmt: skip
@click.option("--charts", type=click.Choice(CHARTS), default="none", show_default=True,
              is_flag=False, flag_value="svg",
              help="Render charts: svg (md: files beside each story; html: inline) or png "
                   "(files beside each story); --charts alone means svg.")  # fmt: skip
@click.option("--limit", type=int, envvar="EXCLUSIONS_STORIES_LIMIT",
              help="Write only the first N areas (England first, then regions) [env "
                   "EXCLUSIONS_STORIES_LIMIT]; for tests and quick looks.")  # fmt: skip
@db_option
@handle_errors
def stories(
    year: str | None,
    phase: str,
    fmt: str,
    out: Path,
    charts: str,
    limit: int | None,
    db: Path | None,
) -> None:
    """Write a story for England, each region and every LA for a year, and an index page.

    Example:

    \b
        exclusions stories --year 2022/23 --out stories/
        exclusions stories --year 2022/23 --phase secondary --out secondary/
        exclusions stories --year 2022/23 --format html --charts --out site/
    """
    from exclusions.facts.api import fact_data, resolve_year
    from exclusions.facts.profile import build_profile
    from exclusions.story import output
    from exclusions.story.charts import load_boundaries
    from exclusions.story.compose import compose_profile
    from exclusions.story.render import index
    from exclusions.years import format_year

    store = open_store(db)
    started = time.perf_counter()
    draw = charts != "none" and fmt != "text"
    try:
        data = fact_data(store)
        bounds = load_boundaries(store) if draw else None  # once, not once per map
        y = resolve_year(data, year)
        areas = [a for a in store.areas() if y in data.years_by_area.get(a.code, ())]
        if limit is not None:
            areas = areas[:limit]
        out.mkdir(parents=True, exist_ok=True)
        ext = output.EXTENSIONS[fmt]
        entries: list[tuple[str, str, str]] = []
        with click.progressbar(areas, label=f"Writing {len(areas)} stories", file=None) as bar:
            for info in bar:
                p = build_profile(data, data.areas.get(info.code, info), y, phase)
                result = compose_profile(p, data, charts=draw, bounds=bounds)
                name = f"{_slug(info.name)}.{ext}"
                output.save(result, fmt, out / name, charts)
                entries.append((info.name, result.headline.text, name))
    finally:
        store.close()
    index_fmt = "html" if fmt == "html" else "md"
    (out / f"index.{index_fmt}").write_text(
        index(entries, index_fmt, format_year(y), phase), encoding="utf-8"
    )
    took = time.perf_counter() - started
    click.echo(
        f"Wrote {len(entries)} stories and index.{index_fmt} to {out} in {took:.1f}s", err=True
    )
