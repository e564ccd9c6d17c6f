"""Compose a local story from a profile: headline, lead, body, context, about and footnotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from exclusions.facts.model import Fact, Profile
from exclusions.story import sections as x
from exclusions.story import sentences as s
from exclusions.story.angles import Angle, angles
from exclusions.story.phrasing import ensure_clean

if TYPE_CHECKING:
    from exclusions.facts.data import FactData
    from exclusions.store import Store
    from exclusions.story.charts import Boundaries

MEASURES = ("perm_excl", "susp", "one_plus_susp")
MAX_BODY_SENTENCES = 6


@dataclass
class Sentence:
    """One sentence and the facts every number in it came from."""

    text: str
    facts: list[Fact]

    def __post_init__(self) -> None:
        ensure_clean(self.text)
        if not self.facts:
            raise ValueError(f"a sentence needs at least one fact: {self.text!r}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the facts behind the sentence."""
        return {"text": self.text, "facts": [f.to_dict() for f in self.facts]}


@dataclass
class Paragraph:
    """Sentences that belong together, with an optional heading."""

    sentences: list[Sentence]
    heading: str | None = None

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return " ".join(x.text for x in self.sentences)


@dataclass(frozen=True)
class StoryChart:
    """A rendered chart: a short name for files, its SVG and its alt text."""

    name: str
    svg: str
    alt: str


@dataclass
class Story:
    """A local story, every sentence traceable to facts."""

    headline: Sentence
    paragraphs: list[Paragraph]
    about: list[Sentence]
    footnotes: list[str]
    charts: list[StoryChart] = field(default_factory=list)
    profile: Profile | None = None

    def sentences(self) -> list[Sentence]:
        """Every sentence, headline first."""
        return [self.headline] + [x for p in self.paragraphs for x in p.sentences] + self.about


def _pick(found: list[Sentence | None]) -> list[Sentence]:
    return [x for x in found if x is not None]


def compose_profile(
    profile: Profile,
    data: FactData | None = None,
    *,
    charts: bool = False,
    bounds: Boundaries | Store | None = None,
) -> Story:
    """A story from a profile; charts need the FactData (and boundaries for the map)."""
    area = s.Area.of(profile)
    ranked = [a for a in angles(profile) if s.describe(a.fact, area) is not None]
    used: set[int] = set()
    lead_angle = next((a for a in ranked if a.score > 0.5), None)
    lead_measure = lead_angle.fact.subject.measure if lead_angle else "perm_excl"
    levels = {f.subject.measure: f for f in profile.of_kind("level")}
    anchor = levels.get(lead_measure) or next(iter(levels.values()), None)
    headline = s.headline(lead_angle, anchor or (profile.facts[0] if profile.facts else None), area)

    paragraphs: list[Paragraph] = []
    first = _pick([s.describe(lead_angle.fact, area) if lead_angle else None])
    if lead_angle:
        used.add(id(lead_angle.fact))
    level = levels.get(lead_measure)
    if level is not None:
        first += _pick([s.level(level, area)])
        used.add(id(level))
    if first:
        paragraphs.append(Paragraph(first))

    order = _measure_order(ranked)
    for measure in order:
        body: list[Sentence] = []
        if measure in levels and id(levels[measure]) not in used:
            body += _pick([s.level(levels[measure], area)])
        for a in [a for a in ranked if a.fact.subject.measure == measure]:
            if len(body) >= MAX_BODY_SENTENCES or id(a.fact) in used:
                continue
            if a.score > 0.5 or (
                a.fact.kind in ("versus_england", "change") and _first_of(a, ranked)
            ):
                body += _pick([s.describe(a.fact, area)])
                used.add(id(a.fact))
        if body:
            paragraphs.append(Paragraph(body))

    split = _pick([x.phase_split(f, area) for f in profile.of_kind("phase_split")])
    split += x.withheld(profile, area)
    if split:
        paragraphs.append(Paragraph(split, "Primary, secondary and special schools"))
    context = _pick([x.national(f, area) for f in profile.of_kind("national_context")])
    context += x.characteristics(profile)
    if context:
        paragraphs.append(Paragraph(context, "The national picture"))
    reasons = _pick([x.reason(f, area) for f in profile.of_kind("reason")])
    if reasons:
        paragraphs.append(Paragraph(reasons, "Reasons"))

    story = Story(headline, paragraphs, x.about(profile), [], profile=profile)
    story.footnotes = _footnotes(story)
    if charts and data is not None:
        story.charts = _charts(profile, data, lead_measure, bounds)
    return story


def _first_of(angle: Angle, ranked: list[Angle]) -> bool:
    """Whether ``angle`` is always worth a sentence: the one-year change, the England one."""
    del ranked
    f = angle.fact
    return f.kind == "versus_england" or f.detail.get("versus") == "previous_year"


def _measure_order(ranked: list[Angle]) -> list[str]:
    order: list[str] = []
    for a in ranked:
        if a.fact.subject.measure in MEASURES and a.fact.subject.measure not in order:
            order.append(a.fact.subject.measure)
    return order + [m for m in MEASURES if m not in order]


def _footnotes(story: Story) -> list[str]:
    notes: list[str] = []
    for sentence in story.sentences():
        for f in sentence.facts:
            for c in f.caveats:
                text = c.text[0].upper() + c.text[1:]
                text = text if text.endswith(".") else text + "."
                if c.kind != "benchmark_includes_area" and text not in notes:
                    notes.append(ensure_clean(text))
    return notes


def _charts(
    profile: Profile, data: FactData, measure: str, bounds: Boundaries | Store | None
) -> list[StoryChart]:
    from exclusions.story.charts import alt_text, england_map, phase_split, rate_over_time, to_svg

    subject = profile.subject
    made = [
        ("rate-over-time", rate_over_time(data, subject.area_code, measure, year=subject.year)),
    ]
    if subject.level != "national":
        made.append(("phase-split", phase_split(data, subject.area_code, subject.year, measure)))
    if bounds is not None:
        chart = england_map(data, bounds, subject.year, measure, subject.area_code)
        made.append(("england-map", chart))
    return [StoryChart(name, to_svg(c), alt_text(c)) for name, c in made]


def compose(
    store: Store,
    area: str,
    *,
    year: str | int | None = None,
    phase: str | None = None,
    charts: bool = False,
) -> Story:
    """The story for an area (LA, region or England) and year (default latest)."""
    from exclusions.facts.api import fact_data, profile

    p = profile(store, area, year=year, phase=phase)
    return compose_profile(p, fact_data(store), charts=charts, bounds=store if charts else None)
