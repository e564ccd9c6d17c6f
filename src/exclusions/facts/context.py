"""What every fact builder is given: the data, the area, the year and the phase."""

from __future__ import annotations

from dataclasses import dataclass, field

from exclusions.facts.data import FactData
from exclusions.facts.model import Caveat, Source, Subject, Value
from exclusions.store.queries import AreaInfo
from exclusions.vocab.measures import MEASURES

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

    def subject(self, measure: str, *, year: int | None = None) -> Subject:
        """The subject of a fact about this area."""
        return Subject(
            self.area.code,
            self.area.name,
            self.area.level,
            self.year if year is None else year,
            self.phase,
            measure,
        )

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
        a = area or self.area.code
        y = self.year if year is None else year
        p = phase or self.phase
        count = self.data.get(a, y, p, measure)
        denom = self.data.get(a, y, p, DENOMINATOR)
        if count is None or denom is None or count.value is None or denom.value is None:
            if note and a == self.area.code:
                bad = count if count is not None and count.value is None else denom
                self.withheld.append(
                    Withheld(a, y, p, measure, bad.symbol if bad else None,
                             bad.source if bad else None)
                )  # fmt: skip
            return None
        if denom.value <= 0:
            return None
        published = self.data.get(a, y, p, RATE_OF.get(measure, ""))
        rate = count.value / denom.value * 100
        sources = [count.source, denom.source]
        if published is not None and published.value is not None:
            sources.append(published.source)
        return (
            Value(
                count=count.value,
                denominator=denom.value,
                rate=rate,
                per_10000=rate * 100,
                published_rate=None if published is None else published.value,
            ),
            sources,
        )

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
