"""Commands over the facts engine: profile and rank."""

from __future__ import annotations

import json
from pathlib import Path

import click

from exclusions.cli.format import as_csv, table
from exclusions.cli.main import cli, db_option, handle_errors, open_store
from exclusions.facts.model import Fact, Profile
from exclusions.vocab.school_types import school_type_label
from exclusions.years import format_year

MEASURE_TITLES = {
    "perm_excl": "Permanent exclusions",
    "susp": "Suspensions",
    "one_plus_susp": "Pupils with one or more suspensions",
}


@cli.command()
@click.argument("area")
@click.option("--year", help="Academic year, e.g. 2016/17, 2016-17 or 201617 [default: latest].")
@click.option("--phase", help="total, primary, secondary or special [default: total].")
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON.")
@db_option
@handle_errors
def profile(area: str, year: str | None, phase: str | None, as_json: bool, db: Path | None) -> None:
    """Every fact for an area: level, rank, comparisons, change, history, pupils, reasons.

    AREA is a local authority, a region or England.

    Example:

        exclusions profile Bury --year 2022/23 --phase secondary
    """
    from exclusions.facts.api import profile as build

    store = open_store(db)
    try:
        result = build(store, area, year=year, phase=phase)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, allow_nan=False))
        return
    click.echo(_render(result))


def _render(p: Profile) -> str:
    s = p.subject
    lines = [f"{s.area_name} ({s.area_code}) — {format_year(s.year)}, {school_type_label(s.phase)}"]
    for measure, title in MEASURE_TITLES.items():
        facts = [f for f in p.facts if f.subject.measure == measure]
        if not facts:
            continue
        lines += ["", title]
        lines += [f"  {_line(f)}" for f in facts]
    other = [f for f in p.facts if f.subject.measure not in MEASURE_TITLES]
    if other:
        lines += ["", "Other"] + [f"  {_line(f)}" for f in other]
    if p.notes:
        lines += ["", "Withheld"] + [f"  {n}" for n in p.notes]
    return "\n".join(lines)


def _num(x: float | None, places: int = 2) -> str:
    if x is None:
        return "–"
    if float(x).is_integer() and abs(x) >= 1:
        return f"{int(x):,}"
    return f"{x:,.{places}f}"


# Detail worth a glance in the terminal; everything is in --json.
_DETAIL_KEYS = (
    "rank", "of_n", "quartile", "flag", "statistic", "direction", "peak_year", "label",
    "reason", "data_year", "versus", "of", "series_start",
)  # fmt: skip


def _short(v: str | int | float) -> str:
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


def _line(f: Fact) -> str:
    v = f.value
    parts = [f.kind.replace("_", " ") + ":"]
    if v.count is not None:
        parts.append(_num(v.count))
    if v.rate is not None:
        parts.append(f"rate {_num(v.rate, 3)}% of {_num(v.denominator)} {v.denominator_label}")
    if f.comparison is not None:
        c = f.comparison
        parts.append(f"vs {c.benchmark}")
        if c.benchmark_value.rate is not None:
            parts.append(f"{_num(c.benchmark_value.rate, 3)}%")
        if c.ratio is not None:
            parts.append(f"ratio {_num(c.ratio, 2)}")
        if c.percent_change is not None:
            parts.append(f"change {c.percent_change:+.1f}%")
    u = f.uncertainty
    if u is not None:
        if u.lower is not None and u.upper is not None:
            parts.append(f"[{_num(u.lower, 3)}, {_num(u.upper, 3)}]")
        if u.verdict:
            parts.append(f"→ {u.verdict}")
    shown = [
        f"{k}: {_short(v)}"
        for k, v in f.detail.items()
        if isinstance(v, str | int | float) and not isinstance(v, bool) and k in _DETAIL_KEYS
    ]
    if shown:
        parts.append("(" + ", ".join(shown) + ")")
    if f.caveats:
        parts.append("! " + "; ".join(c.text for c in f.caveats))
    return " ".join(parts)


@cli.command()
@click.argument("measure")
@click.option("--year", help="Academic year [default: latest].")
@click.option("--phase", help="total, primary, secondary or special [default: total].")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)  # fmt: skip
@db_option
@handle_errors
def rank(measure: str, year: str | None, phase: str | None, fmt: str, db: Path | None) -> None:
    """The league table of every local authority for a measure (1 = highest rate).

    MEASURE is perm_excl, susp (fixed_excl is accepted) or one_plus_susp. Each row gives the
    count, pupils on roll, rate (per cent), rank with its plausible range, 95% interval of
    the rate and where the LA lies on the funnel plot against England.

    Example:

        exclusions rank perm_excl --year 2022/23 --format csv
    """
    from exclusions.facts.api import rank as league

    store = open_store(db)
    try:
        rows = league(store, measure, year=year, phase=phase)
    finally:
        store.close()
    headers = ["rank", "of", "plausible ranks", "name", "code", "old code", "count", "pupils",
               "rate %", "95% interval", "funnel"]  # fmt: skip
    out = []
    for r in rows:
        plausible = f"{r.rank_lower}–{r.rank_upper}" if r.rank_lower is not None else ""
        interval = f"{_num(r.ci_lower, 3)}–{_num(r.ci_upper, 3)}" if r.ci_lower is not None else ""
        out.append([
            r.rank if r.rank is not None else "", r.of_n, plausible, r.name, r.code,
            r.old_code or "", _num(r.count) if r.count is not None else (r.withheld or ""),
            _num(r.denominator), _num(r.rate, 3), interval, r.funnel or "",
        ])  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in rows], indent=2, allow_nan=False, default=str))
    elif fmt == "csv":
        click.echo(as_csv(headers, out), nl=False)
    else:
        click.echo(table(headers, out, {0, 1, 6, 7, 8}))
