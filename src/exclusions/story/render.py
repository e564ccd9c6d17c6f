"""Render a story as plain text, Markdown, HTML or JSON; every number in md and html is
footnoted with the release, file, line and column it came from."""

from __future__ import annotations

import base64
import json
import textwrap
from collections.abc import Callable
from html import escape

from exclusions.facts.model import Fact
from exclusions.story.compose import Sentence, Story, StoryChart
from exclusions.story.trace import numbers_in, source_of

FORMATS = ("text", "md", "html", "json")
MAX_ROWS = 6  # source rows listed in one footnote; the rest are counted
WIDTH = 88


class Footnotes:
    """Numbers footnotes by fact, in order of first use."""

    def __init__(self) -> None:
        """An empty list."""
        self.facts: list[Fact] = []
        self._numbers: dict[int, int] = {}

    def number(self, fact: Fact) -> int:
        """The fact's footnote number, assigned on first use."""
        found = self._numbers.get(id(fact))
        if found is None:
            self.facts.append(fact)
            found = self._numbers[id(fact)] = len(self.facts)
        return found

    def mark(
        self, sentence: Sentence, marker: Callable[[str, int], str], esc: Callable[[str], str]
    ) -> str:
        """The sentence with ``marker(token, n)`` in place of each number."""
        out, pos = [], 0
        facts = sentence.facts
        for start, end, token in numbers_in(sentence.text):
            # Most sentences rest on one fact; tracing a token costs a fact's every phrasing.
            fact = facts[0] if len(facts) == 1 else source_of(token, facts) or facts[0]
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


def wrap(text: str, width: int = WIDTH, first: str = "", rest: str = "") -> list[str]:
    """``textwrap.wrap`` without breaking on hyphens, for text whose words are one space apart.

    The story's prose always is (``ensure_clean`` refuses double spaces), and a greedy fill is
    ten times faster than ``textwrap``; anything else (tabs, newlines, a word wider than a
    line) goes to ``textwrap`` itself.
    """
    words = text.split(" ")
    room = width - max(len(first), len(rest))
    if not text.isprintable() or "" in words or max(map(len, words)) > room:
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                             break_on_hyphens=False)  # fmt: skip
    lines, line = [], first + words[0]
    for w in words[1:]:
        if len(line) + 1 + len(w) <= width:
            line += " " + w
        else:
            lines.append(line)
            line = rest + w
    return [*lines, line]


def to_text(story: Story) -> str:
    """Plain text: headline, paragraphs, about the data and notes; no charts."""
    lines = [story.headline.text, "=" * min(len(story.headline.text), WIDTH), ""]
    for p in story.paragraphs:
        if p.heading:
            lines += [p.heading, ""]
        lines += [*wrap(p.text), ""]
    lines += ["About the data", "", *wrap(" ".join(s.text for s in story.about)), ""]
    if story.footnotes:
        lines += ["Notes", ""]
        for i, note in enumerate(story.footnotes, 1):
            lines += wrap(note, WIDTH, f"{i}. ", " " * len(f"{i}. "))
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


def to_html(story: Story, chart_files: dict[str, str] | None = None, *, png: bool = False) -> str:
    """A standalone HTML page with charts and a footnote on every number.

    Charts are inline SVG, or images: files named in ``chart_files``, else (``png``) PNG
    data URIs.
    """
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
        body.append(_figure(chart, chart_files or {}, png))
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


def _figure(chart: StoryChart, files: dict[str, str], png: bool) -> str:
    alt = escape(chart.alt)
    caption = f"<figcaption>{alt}</figcaption></figure>"
    if chart.name in files:
        return f'<figure><img src="{escape(files[chart.name])}" alt="{alt}">{caption}'
    if png:
        from exclusions.story.charts import svg_to_png

        data = base64.b64encode(svg_to_png(chart.svg)).decode("ascii")
        return f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">{caption}'
    return f'<figure role="img" aria-label="{alt}">{chart.svg}{caption}'


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


def render(
    story: Story, fmt: str, chart_files: dict[str, str] | None = None, *, png: bool = False
) -> str:
    """The story in one of FORMATS; charts as files in ``chart_files`` (md, html) or inline."""
    if fmt == "md":
        return to_markdown(story, chart_files)
    if fmt == "html":
        return to_html(story, chart_files, png=png)
    return {"text": to_text, "json": to_json}[fmt](story)


def index(entries: list[tuple[str, str, str]], fmt: str, year: str, phase: str = "total") -> str:
    """An index page of (area, headline, file) entries in md or html."""
    schools = f", {phase} schools" if phase != "total" else ""
    title = f"School exclusions: local stories for {year}{schools}"
    if fmt == "html":
        items = [f'<li><a href="{escape(file)}">{escape(area)}</a>: {escape(head)}</li>'
                 for area, head, file in entries]  # fmt: skip
        return (f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{escape(title)}</title>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n<ul>\n"
                + "\n".join(items) + "\n</ul>\n</body>\n</html>\n")  # fmt: skip
    lines = [f"# {title}", ""] + [f"- [{area}]({file}): {head}" for area, head, file in entries]
    return "\n".join(lines) + "\n"
