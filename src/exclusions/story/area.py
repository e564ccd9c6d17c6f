"""How a story names its area, its measures and, in a one-phase story, the schools it covers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from exclusions.facts.model import Profile

ARTICLE = {"North East", "North West", "East Midlands", "West Midlands", "South East",
           "South West", "East of England", "City of London", "Isles of Scilly"}  # fmt: skip
# DfE's list names some LAs index-style ("Bristol, City of"); a reporter writes "Bristol".
INDEX_STYLE = re.compile(r", (?:City|County) of$")
# measure -> (count noun, rate name, plural subject for change sentences)
WORDS = {
    "perm_excl": ("permanent exclusion", "permanent exclusion rate", "Permanent exclusions"),
    "susp": ("suspension", "suspension rate", "Suspensions"),
    "one_plus_susp": (
        "pupil",
        "rate of pupils suspended at least once",
        "The number of pupils suspended at least once",
    ),
}
# Words that show a sentence has named the measure already.
MENTION = {"perm_excl": "permanent exclusion", "susp": "suspension",
           "one_plus_susp": "suspended at least once"}  # fmt: skip
PHASES = ("total", "primary", "secondary", "special")
SCHOOL = {"primary": "primary school", "secondary": "secondary school", "special": "special school"}


@dataclass(frozen=True)
class Area:
    """An area as the story names it, and the phase of school the story is about."""

    name: str
    level: str
    phase: str = "total"

    @classmethod
    def of(cls, profile: Profile) -> Area:
        """The area and phase of a profile."""
        s = profile.subject
        return cls(cls.display(s.area_name), s.level, s.phase)

    @staticmethod
    def display(name: str) -> str:
        """A DfE area name as a reporter writes it: "Bristol", "Yorkshire and the Humber"."""
        return INDEX_STYLE.sub("", name.replace("and The Humber", "and the Humber"))

    @cached_property
    def all_phases(self) -> Area:
        """The same area, for sentences that name phases themselves."""
        return Area(self.name, self.level)

    @cached_property
    def school(self) -> str:
        """ "secondary school" in a one-phase story, else ""."""
        return SCHOOL.get(self.phase, "")

    @cached_property
    def the(self) -> str:
        """The name as it reads mid-sentence ("the North West")."""
        return f"the {self.name}" if self.name in ARTICLE else self.name

    @cached_property
    def where(self) -> str:
        """ "in Bury", "in England", "in Bury's secondary schools"."""
        if self.level == "national":
            return f"in England's {self.school}s" if self.school else "in England"
        return f"in {self.poss} {self.school}s" if self.school else f"in {self.the}"

    @cached_property
    def schools(self) -> str:
        """ "Schools in Bury", "Secondary schools across England"."""
        kind = f"{self.school}s" if self.school else "schools"
        where = "across England" if self.level == "national" else f"in {self.the}"
        return f"{kind[0].upper()}{kind[1:]} {where}"

    @cached_property
    def poss(self) -> str:
        """ "Bury's"."""
        return f"{self.the}'" if self.the.endswith("s") else f"{self.the}'s"

    @cached_property
    def Poss(self) -> str:
        """ "Bury's" at the start of a sentence."""
        return self.poss[0].upper() + self.poss[1:]

    def noun(self, measure: str) -> str:
        """What is counted: "permanent exclusion", "suspension", "pupil"."""
        return WORDS[measure][0]

    def mentions(self, text: str, measure: str) -> bool:
        """Whether ``text`` names both this area and the measure."""
        return self.the in text and MENTION[measure] in text.lower()

    def rate_name(self, measure: str) -> str:
        """ "suspension rate", "secondary school suspension rate"."""
        name = WORDS[measure][1]
        if not self.school:
            return name
        if measure == "one_plus_susp":
            return name.replace("pupils", f"{self.school} pupils")
        return f"{self.school} {name}"

    def subject(self, measure: str) -> str:
        """The plural subject of a change: "Permanent exclusions"."""
        return WORDS[measure][2]

    def benchmark(self, kind: str, region: str | None = None) -> str:
        """What a rate is compared with: "the rate for England", "the rate for the North West"."""
        phase = f"{self.school}s" if self.school else ""
        if kind == "versus_england":
            return f"the rate for {phase} across England" if phase else "the rate for England"
        if kind == "versus_neighbours":
            school = f" {self.school}" if self.school else ""
            return f"the combined{school} rate of its statistical neighbours"
        the = Area(Area.display(region or ""), "regional").the
        return f"the rate for {phase} in {the}" if phase else f"the rate for {the}"
