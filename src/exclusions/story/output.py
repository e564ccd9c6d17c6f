"""Write stories to files, with their charts beside them as SVG or PNG."""

from __future__ import annotations

from pathlib import Path

from exclusions.story.compose import Story
from exclusions.story.render import render

CHARTS = ("svg", "png", "none")
EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "json": "json"}


def wants_charts(fmt: str, charts: str, to_file: bool) -> bool:
    """Whether a story in ``fmt`` shows charts: html always can, md only beside a file."""
    return charts != "none" and (fmt == "html" or (fmt == "md" and to_file))


def write_charts(story: Story, folder: Path, stem: str, kind: str = "svg") -> dict[str, str]:
    """Each chart as ``{stem}-{name}.svg`` (or ``.png``) in ``folder``; chart name -> file name."""
    from exclusions.story.charts import svg_to_png

    files: dict[str, str] = {}
    for chart in story.charts:
        name = f"{stem}-{chart.name}.{kind}"
        if kind == "png":
            (folder / name).write_bytes(svg_to_png(chart.svg))
        else:
            (folder / name).write_text(chart.svg, encoding="utf-8")
        files[chart.name] = name
    return files


def save(story: Story, fmt: str, out: Path, charts: str = "svg") -> list[Path]:
    """Write the story to ``out`` and its charts beside it; the files written, story first.

    Markdown links its charts as files; HTML embeds SVG inline but links PNG files, so the
    page stays small and the images can be reused.
    """
    if charts not in CHARTS:
        raise ValueError(f"charts must be one of {', '.join(CHARTS)}, not {charts!r}")
    files: dict[str, str] = {}
    if story.charts and (fmt == "md" or (fmt == "html" and charts == "png")):
        files = write_charts(story, out.parent, out.stem, "png" if charts == "png" else "svg")
    out.write_text(render(story, fmt, files), encoding="utf-8")
    return [out, *(out.parent / name for name in files.values())]


def text(story: Story, fmt: str, charts: str = "svg") -> str:
    """The story as one string; HTML charts inline (PNG as data URIs), none in Markdown."""
    return render(story, fmt, png=charts == "png")
