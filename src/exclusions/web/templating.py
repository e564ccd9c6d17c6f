"""Jinja2 templates (autoescaped) and the filters that format numbers the DfE way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from exclusions.story.compose import Sentence, Story
from exclusions.story.numbers import round_half_up, to_decimal
from exclusions.story.render import Footnotes
from exclusions.vocab.measures import MEASURES
from exclusions.vocab.school_types import school_type_label
from exclusions.vocab.symbols import symbol_meaning
from exclusions.years import format_year

__all__ = ["environment", "story_html"]

PHASE_LABELS = {"total": "All schools", "primary": "Primary", "secondary": "Secondary",
                "special": "Special"}  # fmt: skip
MEASURE_TITLES = {
    "perm_excl": "Permanent exclusions",
    "susp": "Suspensions",
    "one_plus_susp": "Pupils suspended",
    "headcount": "Pupils",
}


def count(value: Any) -> str:
    """A count with thousands separators: ``9,376``; nothing for a missing value."""
    if value is None:
        return ""
    d = to_decimal(value, "count")
    return f"{round_half_up(d):,}" if d == d.to_integral_value() else f"{d:,}"


def rate(value: Any, dp: int = 2) -> str:
    """A rate to ``dp`` decimal places, rounded half up as DfE rounds: ``0.28``."""
    if value is None:
        return ""
    return f"{round_half_up(to_decimal(value, 'rate'), dp):,.{dp}f}"


def ratio(value: Any) -> str:
    """A ratio to two decimal places: ``0.80``."""
    return rate(value, 2)


def signed(value: Any, dp: int = 2) -> str:
    """A change with its sign: ``+0.05``, ``−1.20`` (a true minus), ``0.00``."""
    if value is None:
        return ""
    d = round_half_up(to_decimal(value, "change"), dp)
    if d == 0:
        return f"{Decimal(0):.{dp}f}"
    return ("+" if d > 0 else "\u2212") + f"{abs(d):,.{dp}f}"


def phase_label(code: str) -> str:
    """``Secondary``, ``All schools``."""
    return PHASE_LABELS.get(code) or school_type_label(code).capitalize()


def measure_title(code: str) -> str:
    """``Permanent exclusions``."""
    if code in MEASURE_TITLES:
        return MEASURE_TITLES[code]
    label = MEASURES[code].label if code in MEASURES else code.replace("_", " ")
    return label[:1].upper() + label[1:]


def rate_label(code: str) -> str:
    """``permanent exclusion rate`` for ``perm_excl``."""
    m = MEASURES.get(f"{code}_rate")
    return m.label if m else f"{measure_title(code).lower()} rate"


def sentence_case(text: str) -> str:
    """First letter upper case: ``Physical assault against a pupil``."""
    return text[:1].upper() + text[1:]


def story_html(story: Story) -> Markup:
    """The story's body as HTML: every number is followed by links to the notes of the
    source cells it was computed from, as in the html story (``Footnotes.link``).

    A rate links to its count and headcount cells, a comparison to both sides: Bury's
    "0.09" is followed by links to its perm_excl and headcount notes. The first link to a
    note carries ``id="refN"``, which the note links back to; each link has the note as its
    tooltip and "Source N" as its name. Plain links and an ordered list: no script, no
    inline style.
    """
    notes = Footnotes()

    def ref(n: int) -> str:
        # The first reference to a note carries its id, so the id is unique.
        first = f' id="ref{n}"' if notes.first_use(n) else ""
        where = escape(notes.notes[n - 1].text)
        return f'<a href="#fn{n}"{first} title="{where}" aria-label="Source {n}">{n}</a>'

    def mark(token: str, numbers: list[int]) -> str:
        return f'{escape(token)}<sup class="src">{", ".join(map(ref, numbers))}</sup>'

    def h(s: Sentence) -> str:
        return notes.link(s, mark, lambda t: str(escape(t)))

    parts = [f'<p class="lead">{h(story.headline)}</p>']
    for p in story.paragraphs:
        if p.heading:
            parts.append(f"<h3>{escape(p.heading)}</h3>")
        parts.append("<p>" + " ".join(h(s) for s in p.sentences) + "</p>")
    parts += ["<h3>About the data</h3>", "<p>" + " ".join(h(s) for s in story.about) + "</p>"]
    if story.footnotes:
        parts += ["<h3>Notes</h3>", "<ul>"] + [f"<li>{escape(n)}</li>" for n in story.footnotes]
        parts.append("</ul>")
    parts += ['<section class="sources" aria-labelledby="sources-title">',
              '<h3 id="sources-title">Sources</h3>',
              "<p>Where every number comes from: each note names the cell it was read from.</p>",
              "<ol>"]  # fmt: skip
    parts += [
        f'<li id="fn{i}">{escape(note.text)} <a class="back" href="#ref{i}" '
        f'aria-label="Back to the first use of source {i}">\u2191</a></li>'
        for i, note in enumerate(notes.notes, 1)
    ]
    parts.append("</ol></section>")
    # Safe: every piece of text above went through escape(); the tags are our own.
    return Markup("\n".join(parts))


def environment() -> Environment:
    """The template environment: autoescaping on for every template."""
    env = Environment(
        loader=PackageLoader("exclusions.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        count=count,
        rate=rate,
        ratio=ratio,
        signed=signed,
        year=format_year,
        phase=phase_label,
        measure=measure_title,
        symbol=symbol_meaning,
        sentence=sentence_case,
        rate_label=rate_label,
        zip=lambda a, b: list(zip(a, b, strict=True)),
    )
    env.globals.update(story_html=story_html, PHASES=PHASE_LABELS, MEASURE_TITLES=MEASURE_TITLES)
    return env
