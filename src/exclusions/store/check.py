"""``exclusions check``: validate a file against the EES open-data standard.

The check stages the file exactly as ``load`` does, in a throwaway in-memory database, then
adds the standard's stricter rules: required columns per level, symbols, column names, the
meta file, and code/name pairs against the LA lookup.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb

from exclusions.geography.names import normalise_name
from exclusions.sources.layouts import Layout
from exclusions.sources.meta import meta_path, read_meta_rows
from exclusions.sources.report import Report
from exclusions.store import dims
from exclusions.store.areas import AreaResolver
from exclusions.store.ingest import Unreadable, check_duplicates, check_values, stage, value_exprs
from exclusions.store.schema import ensure_schema
from exclusions.store.sql import ident, lit
from exclusions.vocab.symbols import is_symbol

EES_SYMBOLS = ("c", "low", "u", "x", "z")
REQUIRED = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name")
LEVEL_COLUMNS = {
    "Regional": ("region_code", "region_name"),
    "Local authority": ("region_code", "region_name", "old_la_code", "new_la_code", "la_name"),
    "School": ("school_urn", "school_laestab", "school_name"),
}
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
# Older DfE files write "no code" (authorities abolished before GSS codes) as a full stop.
_LEGACY_NO_CODE = (".", ":")


def check_file(path: Path, areas: AreaResolver | None = None) -> Report:
    """Every way a file departs from the EES open-data standard, as one report."""
    report = Report(path)
    con = duckdb.connect(":memory:")
    try:
        ensure_schema(con)
        with tempfile.TemporaryDirectory(prefix="exclusions-check-") as tmp:
            try:
                staged = stage(con, path, 1, Path(tmp), report)
            except Unreadable:
                return report  # the report says why
            if staged is None:
                return report
            tf, layout, table = staged
            _standard_columns(tf.header, layout, table, con, report)
            if report.rows:
                check_values(con, table, layout, report)
                check_duplicates(con, table, layout, report)
                # Staging learns areas from the file's own codes: give it a copy, so the
                # code/name check below sees the lookup alone (and the caller's is untouched).
                staging = AreaResolver(dict(areas.areas), list(areas.aliases)) if areas else None
                dims.build(con, table, 1, layout, report, staging or AreaResolver())
                _symbols(con, table, layout, report)
                if areas is not None and areas.areas:
                    _code_name_pairs(con, table, layout, report, areas)
            _meta(path, tf.header, report)
    finally:
        con.close()
    return report


def _standard_columns(
    header: list[str], layout: Layout, table: str, con: duckdb.DuckDBPyConnection, report: Report
) -> None:
    for col in REQUIRED:
        if col not in header:
            report.add(
                "ees-column",
                "a column the EES standard requires is missing",
                line=1,
                column=col,
                expected=f"a column named {col}",
            )
    for col in header:
        if not _SNAKE.match(col):
            report.add(
                "ees-column-name",
                "column names should be lower-case snake_case",
                line=1,
                column=col,
                severity="warning",
                expected=re.sub(r"[^a-z0-9]+", "_", col.lower()).strip("_"),
            )
    if not layout.level or layout.level not in header:
        return
    levels = con.execute(
        f"SELECT {ident(layout.level)}, min(src_line) FROM {table} GROUP BY 1"
    ).fetchall()
    for raw, line in levels:
        for col in LEVEL_COLUMNS.get(str(raw), ()):
            if col not in header:
                report.add(
                    "ees-column",
                    f"{raw} rows need this column",
                    line=int(line),
                    column=col,
                    expected=f"a column named {col}",
                )
        proper = {v.lower(): v for v in ("National", "Regional", "Local authority", "School")}
        if raw is not None and str(raw).lower() in proper and str(raw) != proper[str(raw).lower()]:
            report.add(
                "ees-level-case",
                "geographic_level is not written as the standard writes it",
                line=int(line),
                column=layout.level,
                value=str(raw),
                severity="warning",
                expected=proper[str(raw).lower()],
            )


def _symbols(con: duckdb.DuckDBPyConnection, table: str, layout: Layout, report: Report) -> None:
    allowed = "(" + ", ".join(lit(s) for s in EES_SYMBOLS) + ")"
    for ind in layout.indicators:
        # Staged indicator columns are numbers, with the published text beside them only
        # where it is not a plain number.
        _, c = value_exprs(layout, ind.column)
        rows = con.execute(
            f"""SELECT lower(trim({c})) AS s, count(*), min(src_line) FROM {table}
                WHERE TRY_CAST(replace({c}, ',', '') AS DOUBLE) IS NULL AND {c} IS NOT NULL
                  AND lower(trim({c})) NOT IN {allowed} GROUP BY 1 ORDER BY 3"""
        ).fetchall()
        for symbol, n, line in rows:
            if not is_symbol(str(symbol)):
                continue  # not a symbol at all: already an error (not-a-number)
            report.add(
                "ees-symbol",
                f"legacy symbol used in {n:,} cell(s)",
                line=int(line),
                column=ind.column,
                value=str(symbol),
                severity="warning",
                expected="one of the EES symbols " + ", ".join(EES_SYMBOLS),
            )


def _code_name_pairs(
    con: duckdb.DuckDBPyConnection,
    table: str,
    layout: Layout,
    report: Report,
    areas: AreaResolver,
) -> None:
    pairs = [("new_la", "la"), ("region", "region")]
    for code_role, name_role in pairs:
        code_col, name_col = layout.codes.get(code_role), layout.names.get(name_role)
        if not code_col or not name_col:
            continue
        rows = con.execute(
            f"""SELECT {ident(code_col)}, {ident(name_col)}, min(src_line) FROM {table}
                WHERE {ident(code_col)} IS NOT NULL GROUP BY 1, 2 ORDER BY 3"""
        ).fetchall()
        for code, name, line in rows:
            known = areas.areas.get(str(code))
            if known is None:
                marker = str(code).strip().lower()
                if marker in _LEGACY_NO_CODE:
                    report.add(
                        "ees-symbol",
                        "legacy marker for an area with no code",
                        line=int(line),
                        column=code_col,
                        value=str(code),
                        severity="warning",
                        expected="x, as EES files write a code that does not exist",
                    )
                elif marker not in ("x", "z", ""):
                    report.add(
                        "ees-code",
                        "code not found in the LA lookup",
                        line=int(line),
                        column=code_col,
                        value=str(code),
                        expected="a code listed in the lookup (lookups/las.csv)",
                    )
                continue
            names = {normalise_name(known.name)} | {
                normalise_name(a) for a, c in areas.aliases if c == known.area_code
            }
            if name is not None and normalise_name(str(name)) not in names:
                report.add(
                    "ees-code-name",
                    f"name does not match code {code}",
                    line=int(line),
                    column=name_col,
                    value=str(name),
                    expected=f"{known.name!r}",
                )


def _meta(path: Path, header: list[str], report: Report) -> None:
    rows = read_meta_rows(path, report)
    if rows is None:
        return
    name = meta_path(path).name
    described = {r.col_name for r in rows}
    for r in rows:
        if r.col_name not in header:
            report.add(
                "meta",
                f"{name} describes a column the data file does not have",
                line=r.line,
                column="col_name",
                value=r.col_name,
                expected="one of the data file's columns",
            )
        if r.col_type == "Indicator" and r.indicator_dp and not r.indicator_dp.isdigit():
            report.add(
                "meta",
                f"{name}: indicator_dp is not a whole number",
                line=r.line,
                column="indicator_dp",
                value=r.indicator_dp,
                expected="a whole number of decimal places",
            )
        if not r.label:
            report.add("meta", f"{name}: empty label", line=r.line, column="label",
                       expected="a label for the column")  # fmt: skip
    standard = set(REQUIRED) | {c for cols in LEVEL_COLUMNS.values() for c in cols}
    for col in header:
        if col not in standard and col not in described:
            report.add(
                "meta",
                f"{name} does not describe this column",
                line=1,
                column=col,
                expected=f"a row for {col} in {name}",
            )
