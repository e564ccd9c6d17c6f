"""Which area a row is about: codes when the file has them, names (matched forgivingly,
by year, so Dorset 2018/19 and Dorset 2019/20 are different councils) when it does not."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from exclusions.geography import ENGLAND, AreaMatcher
from exclusions.geography.names import Area, academic_year_span
from exclusions.vocab.measures import slug


@dataclass(frozen=True)
class AreaRecord:
    """A row of the store's ``area`` table."""

    area_code: str
    level: str
    name: str
    old_la_code: str | None = None
    region_code: str | None = None
    start: date | None = None
    end: date | None = None
    status: str | None = None
    source: str = "lookup"


@dataclass
class AreaHit:
    """The area a row resolved to, and any problem worth a warning."""

    area_code: str
    area_name: str
    old_la_code: str | None = None
    la_code: str | None = None
    region_code: str | None = None
    problem: str | None = None
    shown: str | None = None


@dataclass
class AreaResolver:
    """Resolve rows to areas from the store's areas, learning new ones from files with codes."""

    areas: dict[str, AreaRecord] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    learned: list[AreaRecord] = field(default_factory=list)
    _la: AreaMatcher | None = None
    _region: AreaMatcher | None = None

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> AreaResolver:
        """Build from the ``area`` and ``area_alias`` tables."""
        rows = con.execute(
            "SELECT area_code, level, name, old_la_code, region_code, start_date, end_date,"
            " status, source FROM area"
        ).fetchall()
        resolver = cls({r[0]: AreaRecord(*r) for r in rows})
        resolver.aliases = [
            (a, c) for a, c in con.execute("SELECT alias, area_code FROM area_alias").fetchall()
        ]
        return resolver

    def _matchers(self) -> tuple[AreaMatcher, AreaMatcher]:
        if self._la is None or self._region is None:
            # DfE reports only councils with a DfE number: the shire counties that ran from
            # January to March 2009 (Wiltshire E10000033, ...) never appear, and matching a
            # 2006/07 "Wiltshire" to them by date would be wrong.
            las = [
                a
                for a in self.areas.values()
                if a.level == "local_authority" and (a.old_la_code or a.source != "lookup")
            ]
            codes = {a.area_code for a in las}
            self._la = AreaMatcher(
                [Area(a.area_code, a.name, a.start, a.end) for a in las],
                [(alias, code) for alias, code in self.aliases if code in codes],
            )
            regions = [a for a in self.areas.values() if a.level in ("regional", "national")]
            self._region = AreaMatcher([Area(a.area_code, a.name) for a in regions])
        return self._la, self._region

    def _learn(self, record: AreaRecord) -> None:
        self.areas[record.area_code] = record
        self.learned.append(record)
        self._la = self._region = None

    def resolve(self, level: str, year: int | None, fields: dict[str, str]) -> AreaHit:
        """The area for one distinct combination of level, year, codes and names."""
        if level == "national":
            code = fields.get("country") or ENGLAND
            name = fields.get("name_country") or fields.get("name_la") or "England"
            if code not in self.areas:
                self._learn(AreaRecord(code, "national", name, source="data"))
            return AreaHit(code, self.areas[code].name)
        if level == "regional":
            return self._region_hit(year, fields)
        if level == "local_authority":
            return self._la_hit(year, fields)
        code = next((v for k, v in fields.items() if not k.startswith("name_") and v), "")
        name = next((v for k, v in fields.items() if k.startswith("name_") and v), code)
        return AreaHit(f"{level}:{code or slug(name)}", name or code)

    def _region_hit(self, year: int | None, fields: dict[str, str]) -> AreaHit:
        code = _code(fields.get("region"))
        name = fields.get("name_region") or fields.get("name_la") or ""
        if not code and name:
            code = self._matchers()[1].match(name, year) or ""
        if code and code not in self.areas and name:
            self._learn(AreaRecord(code, "regional", name, source="data"))
        if code in self.areas:
            return AreaHit(code, self.areas[code].name, region_code=code)
        shown = name or code
        return AreaHit(
            f"unknown:{slug(shown)}",
            shown,
            problem="region not recognised; its figures are kept under this name",
            shown=shown,
        )

    def _la_hit(self, year: int | None, fields: dict[str, str]) -> AreaHit:
        new, old = _code(fields.get("new_la")), _code(fields.get("old_la"))
        name = fields.get("name_la", "")
        la, _ = self._matchers()
        code = new if new else ""
        if not code and old:
            code = self._by_old_code(old, year) or ""
        if not code and name:
            code = la.match(name, year) or ""
        if code and code not in self.areas:
            region = fields.get("region") or None
            self._learn(
                AreaRecord(
                    code, "local_authority", name or code, old or None, region, source="data"
                )
            )
            la, _ = self._matchers()  # rebuilt: it now knows the area just learned
        if code:
            rec = self.areas[code]
            hit = AreaHit(code, rec.name, rec.old_la_code or old or None, code, rec.region_code)
            namesakes = {a.code for a in la.candidates(name)} if name else set()
            if namesakes and code not in namesakes:
                hit.problem = f"name and code disagree: {name!r} is not {code}"
                hit.shown = f"{name} / {code}"
            return hit
        shown = name or old
        return AreaHit(
            f"unknown:{slug(shown)}",
            shown,
            old_la_code=old or None,
            problem="local authority not recognised; its figures are kept under this name",
            shown=shown,
        )

    def _by_old_code(self, old: str, year: int | None) -> str | None:
        found = [
            a for a in self.areas.values() if a.level == "local_authority" and a.old_la_code == old
        ]
        if not found:
            return None
        if year is None or len(found) == 1:
            return found[-1].area_code
        first, last = academic_year_span(year)
        for a in found:
            if (a.start or date.min) <= last and (a.end or date.max) >= first:
                return a.area_code
        return found[-1].area_code

    def write_learned(self, con: duckdb.DuckDBPyConnection) -> None:
        """Add areas first seen in data files (codes not in the lookups) to the store."""
        for a in self.learned:
            con.execute(
                "INSERT INTO area VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [a.area_code, a.level, a.name, a.old_la_code, a.region_code, a.start, a.end,
                 a.status, a.source],
            )  # fmt: skip
        self.learned = []


# DfE writes "no code" as x, z or a full stop.
_NO_CODE = {"", "x", "z", ".", ":", "null"}


def _code(raw: str | None) -> str:
    """A code as published, or "" when the cell says there is none."""
    text = (raw or "").strip()
    return "" if text.lower() in _NO_CODE else text
