"""Dimension tables: each distinct published spelling in a file mapped to a canonical code.

Mapping distinct values (a few hundred) instead of rows (up to millions) keeps loading fast,
and the published text stays in the file's table for provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from exclusions.sources.layouts import Layout
from exclusions.sources.report import Report
from exclusions.store.areas import AreaResolver
from exclusions.store.sql import bulk_insert, col_or_null, ident, lit
from exclusions.vocab.bands import canonical_band
from exclusions.vocab.characteristics import canonical_characteristic
from exclusions.vocab.levels import canonical_level
from exclusions.vocab.measures import MEASURES, slug
from exclusions.vocab.reasons import canonical_reason
from exclusions.vocab.school_types import canonical_school_type, is_known_school_type
from exclusions.years import EXPECTED, try_parse_year

_TERMS = {
    "autumn_term": "autumn",
    "spring_term": "spring",
    "summer_term": "summer",
    "autumn_and_spring_term": "autumn_spring",
    "autumn_and_spring_terms": "autumn_spring",
}


@dataclass
class Summary:
    """What a file covers."""

    years: list[int] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    areas: int = 0


def parse_time(time_period: str | None, time_identifier: str | None) -> tuple[int, str] | str:
    """(start year, term) for a time_period, or a message saying what was expected."""
    tp = (time_period or "").strip()
    ident_slug = slug(time_identifier) if time_identifier else "academic_year"
    if ident_slug in ("academic_year", "reporting_year") or ident_slug in _TERMS:
        if not re.fullmatch(r"\d{6}|\d{4}/\d{2}", tp):
            return f"an academic year written as six digits, e.g. 201617 ({EXPECTED})"
        year = try_parse_year(tp)
        if year is None:
            return "six digits whose two years follow each other, e.g. 201617"
        return year, _TERMS.get(ident_slug, "")
    if ident_slug in ("calendar_year", "financial_year", "tax_year"):
        if not re.fullmatch(r"\d{4}(\d{2})?", tp):
            return "a year written as four digits (or six for a financial year)"
        return int(tp[:4]), ""
    return "a time_identifier of the EES standard, such as 'Academic year'"


def _distinct(
    con: duckdb.DuckDBPyConnection, table: str, cols: list[str | None]
) -> list[tuple[object, ...]]:
    sel = ", ".join(col_or_null("o", c) for c in cols)
    return con.execute(
        f"SELECT {sel}, min(src_line) FROM {table} o GROUP BY ALL ORDER BY min(src_line)"
    ).fetchall()


def akey_sql(layout: Layout, alias: str = "o") -> str:
    """SQL for the key that identifies a row's area (level, year, codes and names)."""
    cols = [layout.level, layout.time, *layout.codes.values(), *layout.names.values()]
    parts = [f"coalesce({col_or_null(alias, c)}, '')" for c in cols if c]
    return "concat_ws('|', " + ", ".join(parts) + ")"


def build(
    con: duckdb.DuckDBPyConnection,
    table: str,
    file_id: int,
    layout: Layout,
    report: Report,
    resolver: AreaResolver,
) -> Summary:
    """Fill every dim_* table for one file; problems go to the report."""
    summary = Summary()
    years = set()
    time_rows: list[tuple[object, ...]] = []
    for tp, ti, line in _distinct(con, table, [layout.time, layout.time_identifier]):
        parsed = parse_time(str(tp) if tp is not None else None, str(ti) if ti else None)
        if isinstance(parsed, str):
            report.add(
                "time-period",
                "time_period does not match time_identifier"
                if layout.time_identifier
                else "the year is not an academic year",
                line=int(str(line)),
                column=layout.time,
                value=f"{tp}" + (f" ({ti})" if ti else ""),
                expected=parsed,
            )
            continue
        years.add(parsed[0])
        time_rows.append((file_id, tp, ti, parsed[0], parsed[1] or None))
    bulk_insert(con, "dim_time", time_rows)
    summary.years = sorted(years)

    levels: dict[str | None, str] = {}
    if layout.level:
        for raw, line in _distinct(con, table, [layout.level]):
            level = canonical_level(str(raw or ""))
            if level is None:
                report.add(
                    "geographic-level",
                    "unknown geographic level",
                    line=int(str(line)),
                    column=layout.level,
                    value=str(raw),
                    expected="a level of the EES standard: National, Regional, "
                    "Local authority, School, ...",
                )
                continue
            levels[str(raw) if raw is not None else None] = level
            bulk_insert(con, "dim_level", [(file_id, raw, level)])
    else:
        levels[None] = layout.const_level
    summary.levels = sorted(set(levels.values()))

    _simple(con, table, file_id, layout.school_type, "dim_school_type", report,
            lambda raw: (canonical_school_type(raw), is_known_school_type(raw)))  # fmt: skip
    if layout.reason:
        _simple(con, table, file_id, layout.reason, "dim_reason", report,
                lambda raw: (r := canonical_reason(raw), (r.code, r.known))[1])  # fmt: skip
    if layout.band and layout.band_kind:
        kind = layout.band_kind
        _simple(con, table, file_id, layout.band, "dim_band", report,
                lambda raw: (b := canonical_band(kind, raw), (b.code, b.known))[1])  # fmt: skip
    _characteristics(con, table, file_id, layout, report)
    _filters(con, table, file_id, layout)
    summary.areas = _areas(con, table, file_id, layout, levels, report, resolver)
    return summary


def _simple(
    con: duckdb.DuckDBPyConnection,
    table: str,
    file_id: int,
    column: str | None,
    dim: str,
    report: Report,
    mapper: object,
) -> None:
    if not column:
        return
    assert callable(mapper)
    out: list[tuple[object, ...]] = []
    for raw, line in _distinct(con, table, [column]):
        text = "" if raw is None else str(raw)
        code, known = mapper(text)
        if not known:
            report.add(
                "unknown-value",
                f"unrecognised {column} value; kept as {code!r}",
                line=int(str(line)),
                column=column,
                value=text,
                severity="warning",
            )
        out.append((file_id, raw, code))
    bulk_insert(con, dim, out)


def _characteristics(
    con: duckdb.DuckDBPyConnection, table: str, file_id: int, layout: Layout, report: Report
) -> None:
    if not (layout.char_group or layout.char_value):
        return
    cols = [layout.char_group, layout.char_value, layout.char_value2]
    out: list[tuple[object, ...]] = []
    for g, v, v2, line in _distinct(con, table, cols):
        c = canonical_characteristic(str(g or ""), str(v or ""), None if v2 is None else str(v2))
        if not c.known:
            report.add(
                "unknown-value",
                f"unrecognised characteristic; kept as {c.group}/{c.value}",
                line=int(str(line)),
                column=layout.char_value,
                value=f"{g} / {v}" + (f" / {v2}" if v2 is not None else ""),
                severity="warning",
            )
        out.append((file_id, g, v, v2, c.group, c.value))
    bulk_insert(con, "dim_char", out)


def filter_key_sql(layout: Layout, alias: str = "o") -> str:
    """SQL joining a row's extra filter values into one text key."""
    parts = [f"coalesce({col_or_null(alias, c)}, '')" for c in layout.extra_filters]
    return "concat_ws(' + ', " + ", ".join(parts) + ")"


def _filters(con: duckdb.DuckDBPyConnection, table: str, file_id: int, layout: Layout) -> None:
    # Filters we do not recognise become a characteristic breakdown named after the column,
    # so a new breakdown in a future release is kept rather than dropped.
    if not layout.extra_filters:
        return
    key = filter_key_sql(layout)
    out = []
    for (raw,) in con.execute(f"SELECT DISTINCT {key} FROM {table} o").fetchall():
        value = " + ".join(slug(part) for part in str(raw).split(" + "))
        out.append((file_id, raw, value))
    bulk_insert(con, "dim_filter", out)


def _areas(
    con: duckdb.DuckDBPyConnection,
    table: str,
    file_id: int,
    layout: Layout,
    levels: dict[str | None, str],
    report: Report,
    resolver: AreaResolver,
) -> int:
    non_school = [raw for raw, lvl in levels.items() if lvl != "school"]
    if not non_school:
        return 0
    where = ""
    if layout.level:
        listed = ", ".join(lit(r) for r in non_school if r is not None)
        where = f"WHERE {ident(layout.level)} IN ({listed})" if listed else "WHERE false"
    roles = list(layout.codes.items()) + [("name_" + r, c) for r, c in layout.names.items()]
    sel = ", ".join(ident(c) for _, c in roles) or "NULL"
    rows = con.execute(
        f"""SELECT {akey_sql(layout)} AS akey, {col_or_null("o", layout.level)},
                   {ident(layout.time)}, min(src_line), {sel}
            FROM {table} o {where} GROUP BY ALL"""
    ).fetchall()
    found = set()
    out: list[tuple[object, ...]] = []
    for akey, level_raw, tp, line, *values in rows:
        level = levels.get(level_raw if level_raw is None else str(level_raw), "national")
        year = try_parse_year(str(tp)) if tp is not None else None
        values = values[: len(roles)]
        fields = {
            role: (str(v).strip() if v is not None else "")
            for (role, _), v in zip(roles, values, strict=True)
        }
        hit = resolver.resolve(level, year, fields)
        if hit.problem:
            report.add(
                "area",
                hit.problem,
                line=int(str(line)),
                value=hit.shown,
                severity="warning",
                expected="a code or name in the LA lookup",
            )
        found.add(hit.area_code)
        out.append((file_id, akey, level, hit.area_code, hit.area_name, hit.old_la_code,
                    hit.la_code, hit.region_code))  # fmt: skip
    bulk_insert(con, "dim_area", out)
    return len(found)


def record_precision(
    con: duckdb.DuckDBPyConnection, table: str, file_id: int, layout: Layout
) -> None:
    """Note how precisely each measure was published, so revisions ignore mere rounding."""
    cols = [(i.column, i.measure) for i in layout.indicators]
    if not cols:
        return
    level = col_or_null("o", layout.level)
    aggs = []
    for col, _ in cols:
        if col in layout.split:
            num = f"o.{ident(col)}"
            # Fewest decimals that reproduce the number: "0.10" and "0.1" both count as 1.
            places = " ".join(f"WHEN {num} = round({num}, {d}) THEN {d}" for d in range(10))
            aggs.append(f"max(CASE {places} ELSE 10 END) FILTER (WHERE {num} IS NOT NULL)")
        else:
            c = f"o.{ident(col)}"
            num = f"TRY_CAST(replace({c}, ',', '') AS DOUBLE)"
            aggs.append(f"max(length(split_part({c}, '.', 2))) FILTER (WHERE {num} IS NOT NULL)")
        aggs.append(f"bool_and({num} % 5 = 0) FILTER (WHERE {num} IS NOT NULL)")
        aggs.append(f"count(*) FILTER (WHERE {num} >= 10)")
    # Revisions compare published area figures, so school rows (exact counts, millions of
    # them) are left out, and a very large file is judged on a fixed, repeatable sample.
    where = ""
    if layout.level:
        where = (
            f"WHERE {level} NOT IN (SELECT raw FROM dim_level "
            f"WHERE file_id = {int(file_id)} AND level = 'school' AND raw IS NOT NULL)"
        )
    source = f"(SELECT * FROM {table} o {where})"
    count = con.execute(f"SELECT count(*) FROM {source}").fetchone()
    if count and count[0] > 2_000_000:
        source += " USING SAMPLE reservoir(500000 ROWS) REPEATABLE (20240717)"
    rows = con.execute(f"SELECT {level}, {', '.join(aggs)} FROM {source} o GROUP BY 1").fetchall()
    out: list[tuple[object, ...]] = []
    for row in rows:
        raw, *stats = row
        lvl = canonical_level(str(raw)) if raw is not None else layout.const_level
        for k, (col, measure) in enumerate(cols):
            decimals, all_fives, big = stats[3 * k : 3 * k + 3]
            unit = MEASURES[measure].unit if measure in MEASURES else "other"
            rounded = 5 if unit == "count" and all_fives and (big or 0) >= 3 else None
            out.append((file_id, lvl or "unknown", col, measure, decimals, rounded))
    bulk_insert(con, "precision", out)
