"""Render a story as plain text, Markdown, HTML or JSON; every number in md and html is
footnoted with the release, file, line and column it came from."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from html import escape

from exclusions.facts.model import Fact
from exclusions.story.compose import Sentence, Story
from exclusions.story.trace import numbers_in, source_of

FORMATS = ("text", "md", "html", "json")
MAX_ROWS = 6  # source rows listed in one footnote; the rest are counted
WIDTH = 88


class Footnotes:
    """Numbers footnotes by fact, in order of first use."""

    def __init__(self) -> None:
        """An empty list."""
        self.facts: list[Fact] = []

    def number(self, fact: Fact) -> int:
        """The fact's footnote number, assigned on first use."""
        for i, f in enumerate(self.facts, 1):
            if f is fact:
                return i
        self.facts.append(fact)
        return len(self.facts)

    def mark(
        self, sentence: Sentence, marker: Callable[[str, int], str], esc: Callable[[str], str]
    ) -> str:
        """The sentence with ``marker(token, n)`` in place of each number."""
        out, pos = [], 0
        for start, end, token in numbers_in(sentence.text):
            fact = source_of(token, sentence.facts) or sentence.facts[0]
            out += [
                esc(sentence.text[pos:start]),
                marker(sentence.text[start:end], self.number(fact)),
            ]
            pos = end
        return "".join(out) + esc(sentence.text[pos:])


def source_text(fact: Fact) -> str:
    """Where a fact's figures were published: release, file, line and columns."""
    rows: dict[tuple[str, str, int], list[str]] = {}
    for s in fact.provenance:
        cols = rows.setdefault((s.release, s.file, s.line), [])
        if s.column not in cols:
            cols.append(s.column)
    parts = [
        f"{file} (release {release}), line {line:,}, column{'s' if len(cols) > 1 else ''} "
        + ", ".join(cols)
        for (release, file, line), cols in list(rows.items())[:MAX_ROWS]
    ]
    more = len(rows) - MAX_ROWS
    if more > 0:
        parts.append(f"and {more} more row{'s' if more > 1 else ''} (see --format json)")
    return "; ".join(parts) if parts else "derived figure with no published source row"


def to_text(story: Story) -> str:
    """Plain text: headline, paragraphs, about the data and notes; no charts."""
    wrap = textwrap.TextWrapper(width=WIDTH, break_on_hyphens=False)
    lines = [story.headline.text, "=" * min(len(story.headline.text), WIDTH), ""]
    for p in story.paragraphs:
        if p.heading:
            lines += [p.heading, ""]
        lines += [*wrap.wrap(p.text), ""]
    lines += ["About the data", "", *wrap.wrap(" ".join(s.text for s in story.about)), ""]
    if story.footnotes:
        lines += ["Notes", ""]
        for i, note in enumerate(story.footnotes, 1):
            lines += textwrap.wrap(note, WIDTH, initial_indent=f"{i}. ", subsequent_indent="   ")
        lines.append("")
    return "\n".join(lines)


def to_markdown(story: Story, chart_files: dict[str, str] | None = None) -> str:
    """Markdown with a footnote on every number; charts linked from ``chart_files``."""
    notes = Footnotes()

    def md(s: Sentence) -> str:
        return notes.mark(s, lambda tok, n: f"{tok}[^{n}]", lambda t: t)

    lines = [f"# {md(story.headline)}", ""]
    for p in story.paragraphs:
        if p.heading:
            lines += [f"## {p.heading}", ""]
        lines += [" ".join(md(s) for s in p.sentences), ""]
    for chart in story.charts:
        if chart_files and chart.name in chart_files:
            lines += [f"![{chart.alt}]({chart_files[chart.name]})", ""]
    lines += ["## About the data", "", " ".join(md(s) for s in story.about), ""]
    if story.footnotes:
        lines += ["## Notes", ""] + [f"- {n}" for n in story.footnotes] + [""]
    lines += [f"[^{i}]: {source_text(f)}" for i, f in enumerate(notes.facts, 1)]
    return "\n".join(lines) + "\n"


def to_html(story: Story) -> str:
    """A standalone HTML page with inline SVG charts and a footnote on every number."""
    notes = Footnotes()

    def h(s: Sentence) -> str:
        mark = lambda tok, n: f'{escape(tok)}<sup><a href="#fn{n}" id="ref{n}">{n}</a></sup>'  # noqa: E731
        return notes.mark(s, mark, escape)

    body = [f"<h1>{h(story.headline)}</h1>"]
    for p in story.paragraphs:
        if p.heading:
            body.append(f"<h2>{escape(p.heading)}</h2>")
        body.append("<p>" + " ".join(h(s) for s in p.sentences) + "</p>")
    for chart in story.charts:
        body.append(f'<figure role="img" aria-label="{escape(chart.alt)}">{chart.svg}'
                    f"<figcaption>{escape(chart.alt)}</figcaption></figure>")  # fmt: skip
    body += ["<h2>About the data</h2>", "<p>" + " ".join(h(s) for s in story.about) + "</p>"]
    if story.footnotes:
        body += ["<h2>Notes</h2>", "<ul>"] + [f"<li>{escape(n)}</li>" for n in story.footnotes]
        body.append("</ul>")
    body += ["<h2>Sources</h2>", "<ol>"]
    body += [f'<li id="fn{i}">{escape(source_text(f))}</li>' for i, f in enumerate(notes.facts, 1)]
    body.append("</ol>")
    title = escape(story.headline.text)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def to_json(story: Story) -> str:
    """Paragraphs with their sentences and the facts behind each, as JSON."""
    doc = {
        "headline": story.headline.to_dict(),
        "paragraphs": [
            {"heading": p.heading, "sentences": [s.to_dict() for s in p.sentences]}
            for p in story.paragraphs
        ],
        "about": [s.to_dict() for s in story.about],
        "footnotes": story.footnotes,
        "charts": [{"name": c.name, "alt": c.alt} for c in story.charts],
    }
    return json.dumps(doc, indent=2, allow_nan=False)


def render(story: Story, fmt: str, chart_files: dict[str, str] | None = None) -> str:
    """The story in one of FORMATS."""
    if fmt == "md":
        return to_markdown(story, chart_files)
    return {"text": to_text, "html": to_html, "json": to_json}[fmt](story)


def index(entries: list[tuple[str, str, str]], fmt: str, year: str) -> str:
    """An index page of (area, headline, file) entries in md or html."""
    title = f"School exclusions: local stories for {year}"
    if fmt == "html":
        items = [f'<li><a href="{escape(file)}">{escape(area)}</a>: {escape(head)}</li>'
                 for area, head, file in entries]  # fmt: skip
        return (f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{escape(title)}</title>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n<ul>\n"
                + "\n".join(items) + "\n</ul>\n</body>\n</html>\n")  # fmt: skip
    lines = [f"# {title}", ""] + [f"- [{area}]({file}): {head}" for area, head, file in entries]
    return "\n".join(lines) + "\n"
