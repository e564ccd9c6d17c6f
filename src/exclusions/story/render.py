"""Render a story as plain text, Markdown, HTML or JSON; every number in md and html is
footnoted with the release, file, line and column of each cell it was computed from."""

from __future__ import annotations

import base64
import json
import textwrap
from collections.abc import Callable
from html import escape

from exclusions.story.cite import cite
from exclusions.story.compose import Sentence, Story, StoryChart
from exclusions.story.notes import Note

FORMATS = ("text", "md", "html", "json")
WIDTH = 88


class Footnotes:
    """Numbers source notes in order of first use: one per published cell, or per group of
    cells read together (a series, the pooled neighbours, a league table)."""

    def __init__(self) -> None:
        """No notes yet."""
        self.notes: list[Note] = []
        self._numbers: dict[tuple[object, ...], int] = {}
        self._linked: set[int] = set()

    def number(self, note: Note) -> int:
        """The note's number, assigned on first use; the same cell always has one number."""
        found = self._numbers.get(note.key)
        if found is None:
            self.notes.append(note)
            found = self._numbers[note.key] = len(self.notes)
        return found

    def link(
        self,
        sentence: Sentence,
        marker: Callable[[str, list[int]], str],
        esc: Callable[[str], str],
    ) -> str:
        """The sentence with ``marker(token, numbers)`` in place of each number, ``numbers``
        being its notes' numbers in ascending order."""
        out, pos = [], 0
        for start, end, _, notes in cite(sentence.text, sentence.facts):
            numbers = sorted({self.number(n) for n in notes})
            out += [esc(sentence.text[pos:start]), marker(sentence.text[start:end], numbers)]
            pos = end
        return "".join(out) + esc(sentence.text[pos:])

    def first_use(self, n: int) -> bool:
        """Whether this is the first link to note ``n`` (the one that carries its id)."""
        if n in self._linked:
            return False
        self._linked.add(n)
        return True


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
    """Markdown with footnotes on every number, one per source cell; charts linked from
    ``chart_files``."""
    notes = Footnotes()

    def md(s: Sentence) -> str:
        return notes.link(s, lambda tok, ns: tok + "".join(f"[^{n}]" for n in ns), lambda t: t)

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
    lines += [f"[^{i}]: {n.text}" for i, n in enumerate(notes.notes, 1)]
    return "\n".join(lines) + "\n"


def to_html(story: Story, chart_files: dict[str, str] | None = None, *, png: bool = False) -> str:
    """A standalone HTML page with charts and footnotes on every number, one per source cell.

    Charts are inline SVG, or images: files named in ``chart_files``, else (``png``) PNG
    data URIs.
    """
    notes = Footnotes()

    def ref(n: int) -> str:
        # The first reference to a note carries its id, so the id is unique.
        first = f' id="ref{n}"' if notes.first_use(n) else ""
        return f'<a href="#fn{n}"{first}>{n}</a>'

    def h(s: Sentence) -> str:
        mark = lambda tok, ns: f"{escape(tok)}<sup>{', '.join(map(ref, ns))}</sup>"  # noqa: E731
        return notes.link(s, mark, escape)

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
    body += [f'<li id="fn{i}">{escape(n.text)}</li>' for i, n in enumerate(notes.notes, 1)]
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
