"""Compose a local story from a profile: headline, lead, body, context, about and footnotes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from exclusions.facts.model import Fact, Profile
from exclusions.story import sections as x
from exclusions.story import sentences as s
from exclusions.story.angles import SIGNIFICANT, Angle, angles, reversal, verdict
from exclusions.story.area import Area
from exclusions.story.caveats import footnotes
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


# The order sentences take within a measure's paragraph, so it reads as an argument: the
# figure, how it moved, how it stands. Which sentences get in is still decided by news value.
NARRATIVE = {
    ("level", None): 0,
    ("history", "record"): 1,
    ("change", "previous_year"): 2,
    ("history", "runs"): 3,
    ("change", "five_years_before"): 4,
    ("history", "peak"): 5,
    ("rank", None): 6,
    ("versus_england", None): 7,
    ("versus_region", None): 8,
    ("versus_neighbours", None): 9,
    ("funnel", None): 10,
}


def _place(f: Fact) -> int:
    key = {"history": "statistic", "change": "versus"}.get(f.kind)
    return NARRATIVE.get((f.kind, f.detail.get(key) if key else None), len(NARRATIVE))


def compose_profile(
    profile: Profile,
    data: FactData | None = None,
    *,
    charts: bool = False,
    bounds: Boundaries | Store | None = None,
) -> Story:
    """A story from a profile; charts need the FactData (and boundaries for the map)."""
    area = Area.of(profile)
    said: dict[int, Sentence | None] = {}

    def say(f: Fact) -> Sentence | None:
        # Each fact is phrased once: ranking needs to know which facts can be said at all.
        if id(f) not in said:
            said[id(f)] = s.describe(f, area)
        return said[id(f)]

    ranked = [a for a in angles(profile) if say(a.fact) is not None]
    lead_angle = next((a for a in ranked if a.score > 0.5), None)
    lead_measure = lead_angle.fact.subject.measure if lead_angle else "perm_excl"
    levels = {f.subject.measure: f for f in profile.of_kind("level")}
    anchor = levels.get(lead_measure) or next(iter(levels.values()), None)
    if lead_angle is None and anchor is None and profile.facts:
        # No rate of the area's own: any other fact's rate (England's in the national
        # context, a reason's share) under the area's name would be a false headline.
        headline = s.no_rates(area, profile.subject.year, profile.facts[0])
    else:
        headline = s.headline(lead_angle, anchor, area)

    first = [lead_angle.fact] if lead_angle else []
    if lead_angle and lead_angle.fact.kind == "funnel":
        # An outlier lead says how far from England only after the comparison itself.
        first = [a.fact for a in ranked if a.fact.kind == "versus_england"
                 and a.fact.subject.measure == lead_measure][:1] + first  # fmt: skip
    first += [levels[lead_measure]] if lead_measure in levels else []
    used = {id(f) for f in first}
    blocks = [first] + [_body(m, ranked, levels, used) for m in _measure_order(ranked)]
    paragraphs = [
        Paragraph(_merge(_connect(_vary(_pick([say(f) for f in b]), area)))) for b in blocks
    ]
    paragraphs = [p for p in paragraphs if p.sentences]

    split = _pick([x.phase_split(f, area) for f in profile.of_kind("phase_split")])
    split += x.withheld(profile, area)
    if split:
        paragraphs.append(Paragraph(split, "Primary, secondary and special schools"))
    context = _pick([x.national(f, area) for f in profile.of_kind("national_context")])
    context += x.characteristics(profile, area)
    if context:
        paragraphs.append(Paragraph(context, "The national picture"))
    reasons = _pick([x.reason(f, area) for f in profile.of_kind("reason")])
    if reasons:
        paragraphs.append(Paragraph(reasons, "Reasons"))

    told = {f.kind for p in paragraphs for sentence in p.sentences for f in sentence.facts}
    about = x.about(profile, neighbours="versus_neighbours" in told)
    story = Story(headline, paragraphs, about, [], profile=profile)
    facts = [f for sentence in story.sentences() for f in sentence.facts]
    story.footnotes = footnotes(facts, area, profile.subject.area_name, _names(data))
    if charts and data is not None:
        story.charts = _charts(profile, data, lead_measure, bounds)
    return story


def _body(measure: str, ranked: list[Angle], levels: dict[str, Fact], used: set[int]) -> list[Fact]:
    """The facts for one measure's paragraph, chosen by news value, in narrative order."""
    chosen = [levels[measure]] if measure in levels and id(levels[measure]) not in used else []
    mine = [a for a in ranked if a.fact.subject.measure == measure and id(a.fact) not in used]
    # The comparison with England and the change on last year get a place whatever their
    # score; the funnel sentence reads only after the comparison it qualifies.
    chosen += [a.fact for a in mine if _always(a.fact)]
    for a in mine:
        if len(chosen) < MAX_BODY_SENTENCES and a.score > 0.5 and not _always(a.fact):
            chosen.append(a.fact)
    if not any(f.kind == "versus_england" for f in chosen):
        chosen = [f for f in chosen if f.kind != "funnel"]
    used.update(id(f) for f in chosen)
    return sorted(chosen, key=_place)


def _always(f: Fact) -> bool:
    """Whether a fact is worth a sentence whatever it says: against England, on last year."""
    return f.kind == "versus_england" or (
        f.kind == "change" and f.detail.get("versus") == "previous_year"
    )


def _connect(sentences: list[Sentence]) -> list[Sentence]:
    """A run of rises said straight after "little changed" this year starts "Even so,"."""
    out: list[Sentence] = []
    for sentence in sentences:
        f, prev = sentence.facts[0], out[-1].facts[0] if out else None
        streak = f.detail.get("statistic") == "runs" and reversal(f) is None
        calm = (
            prev is not None
            and prev.kind == "change"
            and prev.detail.get("versus") == "previous_year"
            and verdict(prev) not in SIGNIFICANT
        )
        if streak and calm:
            text = sentence.text
            text = text[0].lower() + text[1:] if text.startswith("The ") else text
            sentence = Sentence(f"Even so, {text}", sentence.facts)
        out.append(sentence)
    return out


def _merge(sentences: list[Sentence]) -> list[Sentence]:
    """Two comparisons in a row with the same subject become one: "was A, and B"."""
    out: list[Sentence] = []
    for sentence in sentences:
        prev = out[-1] if out else None
        subject = sentence.text.split(" was ", 1)[0]
        if prev is not None and len(prev.facts) == 1 and _same_subject(prev, subject):
            kinds = {f.kind for f in sentence.facts} | {prev.facts[0].kind}
            if kinds <= COMPARISONS:
                rest = sentence.text[len(subject) + len(" was ") :]
                out[-1] = Sentence(f"{prev.text[:-1]}, and {rest}", prev.facts + sentence.facts)
                continue
        out.append(sentence)
    return out


def _same_subject(prev: Sentence, subject: str) -> bool:
    """Whether ``prev`` opens with ``subject`` and "was" ("The rate" matches "Bury's rate")."""
    before = prev.text.split(" was ", 1)[0]
    if " was " not in prev.text or before == prev.text:
        return False
    return before == subject or (subject.startswith("The ") and before.endswith(subject[3:]))


COMPARISONS = frozenset({"versus_england", "versus_region", "versus_neighbours"})


def _vary(sentences: list[Sentence], area: Area) -> list[Sentence]:
    """After the area and measure are named, "Bury's suspension rate" becomes "The ..."."""
    out: list[Sentence] = []
    named: set[str] = set()
    for sentence in sentences:
        for m in named:
            full = f"{area.Poss} {area.rate_name(m)}"
            if sentence.text.startswith(full):
                text = f"The {area.rate_name(m)}{sentence.text[len(full) :]}"
                sentence = Sentence(text, sentence.facts)
                break
        named.update(m for m in MEASURES if area.mentions(sentence.text, m))
        out.append(sentence)
    return out


def _measure_order(ranked: list[Angle]) -> list[str]:
    order: list[str] = []
    for a in ranked:
        if a.fact.subject.measure in MEASURES and a.fact.subject.measure not in order:
            order.append(a.fact.subject.measure)
    return order + [m for m in MEASURES if m not in order]


def _names(data: FactData | None) -> Callable[[str], str | None]:
    """A lookup of area names by code, for codes in caveats."""

    def name(code: str) -> str | None:
        info = data.areas.get(code) if data is not None else None
        return info.name if info is not None else None

    return name


def _charts(
    profile: Profile, data: FactData, measure: str, bounds: Boundaries | Store | None
) -> list[StoryChart]:
    from exclusions.story.charts import alt_text, england_map, phase_split, rate_over_time, to_svgs

    subject = profile.subject
    code, year, phase = subject.area_code, subject.year, subject.phase
    made = [("rate-over-time", rate_over_time(data, code, measure, phase, year=year))]
    if subject.level != "national" and phase == "total":
        made.append(("phase-split", phase_split(data, code, year, measure)))
    if bounds is not None:
        chart = england_map(data, bounds, year, measure, code, phase=phase)
        made.append(("england-map", chart))
    svgs = to_svgs([c for _, c in made])
    return [StoryChart(name, svg, alt_text(c)) for (name, c), svg in zip(made, svgs, strict=True)]


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
