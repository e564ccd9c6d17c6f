"""Rank facts and the league table: where an LA's rate stands among all LAs that year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from exclusions.facts.context import RATE_OF, Context
from exclusions.facts.data import FactData, Key
from exclusions.facts.funnel import position
from exclusions.facts.level import CONFIDENCE, MEASURES, caveats, estimate, keys
from exclusions.facts.model import Fact, Uncertainty
from exclusions.stats import Rank, rank_all, rank_intervals

METHOD = (
    "competition rank of the rate (1 = highest; ties share the best rank); plausible range "
    "of ranks: central 95% of ranks when every LA's rate is simulated from its Jeffreys "
    "posterior, Gamma(count + 0.5) / pupils"
)


@dataclass(frozen=True)
class LeagueRow:
    """One LA in a league table; a withheld LA has its symbol and no rank."""

    code: str
    old_code: str | None
    name: str
    region_code: str | None
    count: float | None
    denominator: float | None
    rate: float | None  # per cent
    rank: int | None
    of_n: int
    rank_lower: int | None
    rank_upper: int | None
    ci_lower: float | None
    ci_upper: float | None
    funnel: str | None
    withheld: str | None = None


@dataclass
class _Table:
    """Every LA's usable count and headcount for one measure, year and phase."""

    counts: dict[str, float]
    pupils: dict[str, float]
    rates: dict[str, float]
    withheld: dict[str, str]
    files: list[str]  # the files the ranked LAs' counts and headcounts come from
    revised: list[Key]  # the ranked inputs revised since first published
    # Rank ranges come from one simulation of every LA (~0.1 s): run once, when first asked.
    intervals: dict[str, tuple[int, int]] | None = None
    rows: list[LeagueRow] | None = None
    # Every LA's rank overall and within its region, also worked out once, when first asked.
    places: dict[str, Rank] | None = None
    regions: dict[str | None, dict[str, Rank]] = field(default_factory=dict)
    ties: Counter[float] = field(default_factory=Counter)


def _symbol(data: FactData, area: str, year: int, phase: str, measure: str) -> str:
    """The symbol that explains why an LA's figure is not usable."""
    for m in (measure, "headcount", RATE_OF.get(measure, measure)):
        cell = data.get(area, year, phase, m)
        if cell is not None and cell.symbol:
            return cell.symbol
    # Published, but with no pupils on roll (new LAs in their first year): not applicable.
    return "z" if data.value(area, year, phase, "headcount") == 0 else ":"


def _table(data: FactData, measure: str, year: int, phase: str) -> _Table:
    key = ("rank", measure, year, phase)
    found = data.cache.get(key)
    if isinstance(found, _Table):
        return found
    table = _Table({}, {}, {}, {}, [], [])
    files: set[str] = set()
    for code in data.local_authorities(year):
        count = data.value(code, year, phase, measure)
        pupils = data.value(code, year, phase, "headcount")
        if count is None or pupils is None or pupils <= 0:
            table.withheld[code] = _symbol(data, code, year, phase, measure)
            continue
        table.counts[code], table.pupils[code] = count, pupils
        table.rates[code] = count / pupils * 100
        inputs = keys(code, year, phase, measure)[:2]
        files.update(f"{row[3]} (release {row[2]})" for k in inputs if (row := data.cells.get(k)))
        table.revised += [k for k in inputs if k in data.revised]
    table.files = sorted(files)
    data.cache[key] = table
    return table


def _interval(table: _Table, code: str) -> tuple[int, int]:
    if table.intervals is None:
        table.intervals = rank_intervals(table.counts, table.pupils)
    return table.intervals[code]


def _place(table: _Table, code: str) -> Rank:
    if table.places is None:
        table.places = rank_all(table.rates)
        table.ties = Counter(table.rates.values())
    return table.places[code]


def _region_place(data: FactData, table: _Table, code: str, region: str) -> Rank:
    found = table.regions.get(region)
    if found is None:
        peers = {c: r for c, r in table.rates.items() if data.areas[c].region_code == region}
        found = table.regions[region] = rank_all(peers)
    return found[code]


def _row(
    data: FactData, table: _Table, code: str, measure: str, year: int, phase: str
) -> LeagueRow:
    info = data.areas[code]
    n = len(table.rates)
    if code in table.withheld:
        return LeagueRow(
            code, info.old_la_code, info.name, info.region_code,
            data.value(code, year, phase, measure), data.value(code, year, phase, "headcount"),
            rate=None, rank=None, of_n=n, rank_lower=None, rank_upper=None, ci_lower=None,
            ci_upper=None, funnel=None, withheld=table.withheld[code],
        )  # fmt: skip
    count, pupils = table.counts[code], table.pupils[code]
    lower, upper = _interval(table, code)
    try:
        est = estimate(measure, count, pupils)
        ci: tuple[float | None, float | None] = (est.lower, est.upper)
    except ValueError:
        ci = (None, None)  # more pupils suspended than on roll: no proportion to bound
    pos = position(data, code, year, phase, measure)
    return LeagueRow(
        code, info.old_la_code, info.name, info.region_code, count, pupils, table.rates[code],
        _place(table, code).rank, n, lower, upper, ci[0], ci[1],
        pos.flag if pos else None,
    )  # fmt: skip


def league_table(data: FactData, measure: str, year: int, phase: str) -> list[LeagueRow]:
    """Every LA's rate, rank (1 = highest), plausible ranks, interval and funnel flag.

    LAs whose figure was withheld come last, with their symbol and no rank.
    """
    table = _table(data, measure, year, phase)
    if table.rows is None:
        rows = [_row(data, table, c, measure, year, phase) for c in data.local_authorities(year)]
        ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: (r.rank, r.name))
        table.rows = ranked + sorted((r for r in rows if r.rank is None), key=lambda r: r.name)
    return list(table.rows)


def _rank(ctx: Context, measure: str) -> Fact | None:
    found = ctx.value(measure)
    if found is None:
        return None
    value, sources = found
    code = ctx.area.code
    table = _table(ctx.data, measure, ctx.year, ctx.phase)
    if code not in table.rates:
        return None
    place = _place(table, code)
    lower, upper = _interval(table, code)
    region = ctx.area.region_code
    detail: dict[str, object] = {
        "rank": place.rank,
        "of_n": place.of_n,
        "quartile": place.quartile,
        "tied_with": table.ties[place.value] - 1,
        "highest_first": True,
        # Every ranked LA's count and headcount is an input; listing ~300 sources per fact
        # would swamp the profile, so the files they come from are named instead.
        "ranked_from": list(table.files),
    }
    if region is not None:
        in_region = _region_place(ctx.data, table, code, region)
        info = ctx.data.areas.get(region)
        detail.update(
            region_code=region,
            region_name=info.name if info else region,
            region_rank=in_region.rank,
            region_of_n=in_region.of_n,
        )
    # A rank rests on every ranked LA's figures, so their revisions are caveated too.
    inputs = [*keys(code, ctx.year, ctx.phase, measure), *table.revised]
    return Fact(
        "rank",
        ctx.subject(measure),
        value,
        uncertainty=Uncertainty(lower, upper, CONFIDENCE, METHOD),
        detail=detail,
        caveats=caveats(ctx, value.count, inputs),
        provenance=sources,
    )


def build(ctx: Context) -> list[Fact]:
    """Rank facts for an LA, one per measure."""
    if ctx.area.level != "local_authority":
        return []
    return [f for m in MEASURES if (f := _rank(ctx, m)) is not None]
