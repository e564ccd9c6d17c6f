"""What every fact builder is given: the data, the area, the year and the phase."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from exclusions.facts.data import FactData, Key, number, source_of
from exclusions.facts.model import Caveat, Source, Subject, Value
from exclusions.store.queries import AreaInfo
from exclusions.vocab.measures import MEASURES

if TYPE_CHECKING:
    from exclusions.facts.change import Point

# The count each headline measure is about, the published rate beside it, and whether the
# count is of events (an exclusion) or of pupils (a pupil with one or more suspensions).
RATE_OF = {
    "perm_excl": "perm_excl_rate",
    "susp": "susp_rate",
    "one_plus_susp": "one_plus_susp_rate",
}
EVENTS = {"perm_excl": True, "susp": True, "one_plus_susp": False}
DENOMINATOR = "headcount"
# Academic years disrupted by COVID-19: schools closed to most pupils for part of each.
COVID_YEARS = (2019, 2020)
SMALL = 10  # counts below this are "small numbers": intervals wide, rates unstable


def measure_label(measure: str) -> str:
    """Plain-English name of a measure."""
    return MEASURES[measure].label if measure in MEASURES else measure.replace("_", " ")


@dataclass
class Withheld:
    """A figure that was not published (suppressed or missing), so no fact uses it."""

    area_code: str
    year: int
    phase: str
    measure: str
    symbol: str | None
    source: Source | None


@dataclass
class Context:
    """The area, year and phase a profile is for, over the shared data."""

    data: FactData
    area: AreaInfo
    year: int
    phase: str
    withheld: list[Withheld] = field(default_factory=list)
    # Series points this profile has read (see change.point): several builders ask for the
    # same years, but other profiles rarely do, so they go with the profile.
    points: dict[Key, Point | None] = field(default_factory=dict, repr=False)
    subjects: dict[tuple[str, int], Subject] = field(default_factory=dict, repr=False)
    # Each headcount's source, which the three measures' figures for a year share.
    headcounts: dict[Key, Source] = field(default_factory=dict, repr=False)

    def subject(self, measure: str, *, year: int | None = None) -> Subject:
        """The subject of a fact about this area."""
        # One per measure and year, shared by the facts (it is frozen): a profile has ~70.
        key = (measure, self.year if year is None else year)
        found = self.subjects.get(key)
        if found is None:
            a = self.area
            found = self.subjects[key] = Subject(
                a.code, a.name, a.level, key[1], self.phase, measure
            )
        return found

    def value(
        self,
        measure: str,
        *,
        area: str | None = None,
        year: int | None = None,
        phase: str | None = None,
        note: bool = True,
    ) -> tuple[Value, list[Source]] | None:
        """Count, headcount and rate of a measure, with their sources; None if not usable.

        A figure whose count or headcount was withheld is never used: it is recorded in
        ``withheld`` (for the area itself) so the story can say why it is not stated.
        """
        key = (area or self.area.code, self.year if year is None else year,
               phase or self.phase, measure)  # fmt: skip
        found = self.figure(key)
        if found.value is None:
            if found.withheld and note and key[0] == self.area.code:
                self.withheld.append(Withheld(*key, found.symbol, found.source))
            return None
        return found.value, list(found.sources)

    def figure(self, key: Key, *, keep: bool = True) -> Figure:
        """A measure's figure, remembered on the data when ``keep``, else read afresh."""
        # Kept: the year's figures, which profiles of other areas compare with (England, the
        # regions, neighbours). A whole series is read without keeping it: holding every
        # year's objects would make each garbage collection longer than the reads it saves.
        found = self.data.figures.get(key)
        if found is None:
            found = _figure(self.data, key, self.headcounts)
            if keep:
                self.data.figures[key] = found
        return found

    def small_number_caveat(self, count: float | None) -> list[Caveat]:
        """A caveat when a count is small enough that its rate is unstable."""
        if count is not None and count < SMALL:
            return [
                Caveat(
                    "small_numbers",
                    f"based on {count:g} case(s): small numbers make rates unstable",
                )
            ]
        return []


class Figure(NamedTuple):
    """What one measure's cells give: a usable value, or why there is none."""

    # A named tuple, not a dataclass: a profile reads some 400 of these, and a tuple is
    # several times quicker to build.
    value: Value | None
    sources: tuple[Source, ...] = ()
    withheld: bool = False  # the count or headcount was withheld or not published
    symbol: str | None = None
    source: Source | None = None


def _figure(data: FactData, key: Key, headcounts: dict[Key, Source]) -> Figure:
    """Read a measure's count, headcount and published rate (see ``Context.value``)."""
    # From the stored rows, as FactData.get's cells would give them, without keeping cells.
    a, y, p, measure = key
    count = data.cells.get(key)
    head = (a, y, p, DENOMINATOR)
    denom = data.cells.get(head)
    if count is None or denom is None or count[0] is None or denom[0] is None:
        bad = count if count is not None and count[0] is None else denom
        if bad is None:
            return Figure(None, (), True)
        return Figure(None, (), True, None if bad[1] is None else str(bad[1]), source_of(bad))
    n, d = number(count[0]), number(denom[0])
    if d <= 0:
        return Figure(None)
    published = data.cells.get((a, y, p, RATE_OF.get(measure, "")))
    shown = None if published is None or published[0] is None else number(published[0])
    rate = n / d * 100
    pupils = headcounts.get(head)
    if pupils is None:
        pupils = headcounts[head] = source_of(denom)
    sources: tuple[Source, ...] = (source_of(count), pupils)
    if published is not None and shown is not None:
        sources += (source_of(published),)
    value = Value(count=n, denominator=d, rate=rate, per_10000=rate * 100, published_rate=shown)
    return Figure(value, sources)
