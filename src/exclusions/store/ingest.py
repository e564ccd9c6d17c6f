"""Read one file into the store: DuckDB parses it, SQL checks it, small dimension tables
map DfE's many spellings to canonical codes. Problems go to the file's report; the caller
rolls the whole load back when any report has an error."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from exclusions.sources import textfile
from exclusions.sources.layouts import Layout, decide, detect, missing_required
from exclusions.sources.meta import read_meta
from exclusions.sources.report import MAX_PER_CODE, Report
from exclusions.store import dims
from exclusions.store.areas import AreaResolver
from exclusions.store.sql import ident, list_sql, lit
from exclusions.vocab.symbols import SYMBOLS

_SYMBOL_SQL = "(" + ", ".join(lit(s) for s in SYMBOLS if s) + ")"
_NUM = "TRY_CAST(replace({v}, ',', '') AS DOUBLE)"
TEXT_SUFFIX = "__text"
_LINE_COLUMN = "src_line"  # every obs_<id> table's own column: a file may not have one
# Tables that dims.build and dims.record_precision fill with one file's rows.
_FILE_TABLES = (
    "dim_time", "dim_level", "dim_school_type", "dim_char", "dim_reason", "dim_band",
    "dim_filter", "dim_area", "precision",
)  # fmt: skip


@dataclass
class Ingested:
    """What one file added to the store."""

    file_id: int
    path: Path
    layout: Layout
    table: str
    rows: int
    sha256: str
    size: int
    encoding: str
    years: list[int]
    levels: list[str]
    areas: int


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_id: int,
    tmpdir: Path,
    report: Report,
    fingerprint: textfile.Fingerprint | None = None,
) -> tuple[textfile.TextFile, Layout, str] | None:
    """Parse a CSV file into table ``obs_<file_id>`` with every cell kept as published text."""
    tf = textfile.inspect(path, report, fingerprint)
    if tf is None:
        return None
    meta = read_meta(path, report)
    layout = detect(tf.header, meta)
    report.layout = layout.name
    for col in missing_required(layout, tf.header):
        report.add(
            "missing-column",
            "a required column is missing",
            line=1,
            column=col,
            expected=f"a column named {col} (header was: {', '.join(tf.header)})",
        )
    for col in tf.header:
        # Names of the columns the loader adds to obs_<id>: a file's own would clash.
        if col.lower() == _LINE_COLUMN or col.lower().endswith(TEXT_SUFFIX):
            report.add(
                "reserved-column",
                f"the column name {col} is reserved for the loader's own columns",
                line=1,
                column=col,
                expected=f"any column name but {_LINE_COLUMN} or one ending in {TEXT_SUFFIX}",
            )
    if not report.valid:
        return None
    table = f"obs_{file_id}"
    base = path
    if tf.mixed_endings:
        # DuckDB cannot read a file whose lines end in both \n and \r\n (a line added in
        # another editor): read a copy with one kind of line ending.
        report.add(
            "line-endings",
            "lines end in both \\n and \\r\\n (or a lone \\r); read them all as \\n",
            severity="warning",
            line=textfile.odd_line_ending(path),
            expected="the same line ending on every line",
        )
        base = textfile.unify_line_endings(path, tmpdir)
    source = base if tf.encoding == "utf-8" else textfile.transcode(base, tf.encoding, tmpdir)
    layout.split = [i.column for i in layout.indicators]
    if layout.value_column:
        layout.split.append(layout.value_column)
    read = _read_csv(con, table, source, tf.header, layout.split, file_id, report)
    if isinstance(read, int):
        # DuckDB reads only UTF-8: a file that is not UTF-8 past its first block is read
        # again as Windows-1252, the encoding Excel on Windows writes.
        con.execute(f"DROP TABLE {data_table(table)}")
        report.problems = [p for p in report.problems if p.code != "encoding"]
        report.add(
            "encoding",
            "the file is not UTF-8; read it as Windows-1252",
            severity="warning",
            line=read,
            expected="UTF-8 text (the EES standard)",
        )
        tf.encoding = "cp1252"
        source = textfile.transcode(base, "cp1252", tmpdir)
        read = _read_csv(con, table, source, tf.header, layout.split, file_id, report, retry=False)
    assert not isinstance(read, int)
    report.rows, rejected = read
    layout.skipped_lines = sorted(set(tf.blank_lines) | set(rejected))
    _number_lines(con, table, layout.skipped_lines, tf.blank_lines, report)
    if report.rows == 0 and report.valid:
        report.add("no-rows", "the file has a header but no data rows", line=2)
    return tf, layout, table


class Unreadable(Exception):
    """DuckDB failed to read a file as a whole; the load's transaction is now aborted."""


def read_sql(source: Path, header: list[str], split: list[str], rejects: str) -> str:
    """The SELECT that reads a file for its ``obs_<id>`` table (the benchmark times it bare).

    Every column is read as text, strictly; bad rows go to ``rej_``/``rejscan_<rejects>``.
    Indicator columns (``split``) are stored as numbers plus a sparse text column holding
    the published text only where it is not a plain number (symbols, thousands separators,
    junk), which is both smaller and faster than text; every other column keeps its
    published text. Rows are numbered afterwards (``_number_lines``): numbering them in the
    read itself (``row_number() OVER ()``) would make DuckDB read the file on one thread.
    """
    picks = []
    for h in header:
        c = ident(h)
        if h in split:
            num = f"TRY_CAST({c} AS DOUBLE)"
            picks.append(f"{num} AS {c}, CASE WHEN {num} IS NULL THEN {c} END AS {text_column(h)}")
        else:
            picks.append(c)
    columns = "{" + ", ".join(f"{lit(h)}: 'VARCHAR'" for h in header) + "}"
    return f"""SELECT {", ".join(picks)}
        FROM read_csv({lit(str(source))}, columns = {columns}, header = true, delim = ',',
             quote = '"', escape = '"', auto_detect = false, strict_mode = true,
             store_rejects = true, rejects_table = 'rej_{rejects}',
             rejects_scan = 'rejscan_{rejects}')"""


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: Path,
    header: list[str],
    split: list[str],
    file_id: int,
    report: Report,
    *,
    retry: bool = True,
) -> int | tuple[int, list[int]]:
    """Materialise the file: (rows, rejected lines), or the first line with invalid UTF-8
    when ``retry`` (the caller then reads it again as Windows-1252)."""
    rej, scans = f"rej_{file_id}", f"rejscan_{file_id}"
    con.execute(f"DROP TABLE IF EXISTS {rej}; DROP TABLE IF EXISTS {scans}")
    # DuckDB's default, but _number_lines depends on it: the table keeps the file's order.
    con.execute("SET preserve_insertion_order = true")
    try:
        created = con.execute(
            f"CREATE TABLE {data_table(table)} AS {read_sql(source, header, split, str(file_id))}"
        ).fetchone()
    except duckdb.Error as exc:
        # Rare (bad rows are rejected one by one), but then the whole transaction is
        # aborted: the loader stops and rolls back, reporting this file.
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        report.add(
            "unreadable-csv",
            f"DuckDB cannot parse the file as CSV ({first})",
            expected="comma-separated rows, as in the header",
        )
        raise Unreadable(first) from exc
    errors = con.execute(
        f"SELECT line, column_name, error_type, csv_line, error_message FROM {rej} "
        "ORDER BY line, column_idx"
    ).fetchall()
    con.execute(f"DROP TABLE IF EXISTS {rej}; DROP TABLE IF EXISTS {scans}")
    encoding_lines = [int(line) for line, _, kind, _, _ in errors if kind == "INVALID ENCODING"]
    if encoding_lines and retry:
        # The caller reads the file again as Windows-1252; that read reports the bad rows.
        # (Read as Windows-1252, DuckDB can still call a row "invalid unicode", e.g. when
        # an unterminated quote runs into a control character: then it is a bad row.)
        return encoding_lines[0]
    seen: set[tuple[int, str]] = set()
    for line, column, kind, csv_line, message in errors:
        # A short row is rejected once per missing column: one problem per row is enough.
        if (int(line), kind) in seen:
            continue
        seen.add((int(line), kind))
        text = (csv_line or "").strip()
        report.add(
            "bad-row",
            _row_message(kind, message),
            line=int(line),
            column=column,
            value=text[:120],
            expected=f"{len(header)} comma-separated fields, as in the header",
        )
    rows = int(created[0]) if created else 0
    return rows, sorted({line for line, _ in seen})


def value_exprs(layout: Layout, column: str, alias: str | None = None) -> tuple[str, str]:
    """SQL for an indicator's number and its published text (set only when not a number)."""
    prefix = f"{alias}." if alias else ""
    if column in layout.split:
        return f"{prefix}{ident(column)}", f"{prefix}{text_column(column)}"
    raw = f"{prefix}{ident(column)}"
    return (
        f"TRY_CAST({raw} AS DOUBLE)",
        f"CASE WHEN TRY_CAST({raw} AS DOUBLE) IS NULL THEN {raw} END",
    )


def _number_lines(
    con: duckdb.DuckDBPyConnection,
    table: str,
    skipped: list[int],
    blanks: list[int],
    report: Report,
) -> None:
    """Make ``table`` the file's rows with ``src_line``, their line in the file (header = 1).

    A view, not a stored column: filling a column after the read would make DuckDB write
    the whole table again, through its log, when the load commits.
    """
    con.execute(f"CREATE VIEW {table} AS {_lines_sql(table, skipped, None)}")
    if blanks:
        report.add(
            "blank-line",
            f"{len(blanks):,} blank line(s) skipped",
            line=blanks[0],
            severity="warning",
            expected="no blank lines between rows",
        )


def _lines_sql(table: str, skipped: list[int], first: int | None) -> str:
    # The read keeps the file's order, so a row's line follows from its rowid counted from
    # the table's first. Inside the load's transaction rowids do not start at 0 and change
    # when it commits, so until then the first is looked up in every query. Lines DuckDB
    # skips without a row (blank lines, rejected rows) push the rows after them down.
    data = data_table(table)
    base = str(first) if first is not None else "b.first"
    line = f"d.rowid - {base} + 2"
    if skipped:
        # The n-th skipped line (from 1) comes before every row from index line - n - 1 on.
        starts = list_sql(str(s - n - 1) for n, s in enumerate(skipped, start=1))
        line += f" + len(list_filter({starts}, lambda s: s <= d.rowid - {base}))"
    if first is not None:
        return f"SELECT {line} AS src_line, d.* FROM {data} d"
    return f"""SELECT {line} AS src_line, d.* FROM {data} d,
        (SELECT min(rowid) AS first FROM {data}) b"""


def settle_lines(con: duckdb.DuckDBPyConnection, table: str, layout: Layout) -> None:
    """Once a load has committed, number a file's rows from its table's fixed first rowid.

    The same lines as before, without looking up the first rowid in every query (that costs
    each query through the ``observation`` view about 10 ms).
    """
    row = con.execute(f"SELECT min(rowid) FROM {data_table(table)}").fetchone()
    if row is not None and row[0] is not None:
        sql = _lines_sql(table, layout.skipped_lines, int(row[0]))
        con.execute(f"CREATE OR REPLACE VIEW {table} AS {sql}")


def data_table(table: str) -> str:
    """The table holding a file's cells; ``table`` itself is a view adding ``src_line``."""
    return f"{table}_data"


def text_column(column: str) -> str:
    """The quoted name of the sparse text column beside a numeric indicator column."""
    return ident(column + TEXT_SUFFIX)


def _row_message(kind: str, message: str) -> str:
    text = {
        "MISSING COLUMNS": "the row has too few fields (columns shifted, or a truncated line?)",
        "TOO MANY COLUMNS": "the row has too many fields (columns shifted by an unquoted comma?)",
        "UNQUOTED VALUE": "a quoted value is never closed (is the last line truncated?)",
    }.get(kind)
    return text or f"the row cannot be read: {message}"


def check_values(
    con: duckdb.DuckDBPyConnection, table: str, layout: Layout, report: Report
) -> None:
    """Every indicator cell must be a number or a known symbol; undecided columns settle here."""
    if layout.undecided:
        parts = [
            f"bool_and({_NUM.format(v=ident(c))} IS NOT NULL OR {ident(c)} IS NULL "
            f"OR lower(trim({ident(c)})) IN {_SYMBOL_SQL})"
            for c in layout.undecided
        ]
        flags = con.execute(f"SELECT {', '.join(parts)} FROM {table}").fetchone() or ()
        decide(layout, {c: bool(f) for c, f in zip(layout.undecided, flags, strict=True)})
    cols = [i.column for i in layout.indicators]
    if layout.value_column:
        cols.append(layout.value_column)
    cols = list(dict.fromkeys(cols))
    if not cols:
        return
    # Only cells that are not plain numbers need a look, and they are few (symbols, the odd
    # blank): group them by text per column, then judge each distinct text once. Scanning
    # every cell with the tests below would cost seconds on a 10-million-row file.
    exprs = {col: value_exprs(layout, col) for col in cols}
    groups = " UNION ALL ".join(
        f"SELECT {k} AS k, {txt} AS txt, count(*) AS n, min(src_line) AS line "
        f"FROM {table} WHERE {num} IS NULL GROUP BY 2"
        for k, (num, txt) in enumerate(exprs.values())
    )
    parsed = _NUM.format(v="txt")
    bad = f"txt IS NOT NULL AND {parsed} IS NULL AND lower(trim(txt)) NOT IN {_SYMBOL_SQL}"
    found = con.execute(
        f"""SELECT k, sum(n) FILTER (WHERE {bad}),
                   sum(n) FILTER (WHERE txt IS NULL), min(line) FILTER (WHERE txt IS NULL),
                   sum(n) FILTER (WHERE txt IS NOT NULL AND {parsed} IS NOT NULL),
                   min(line) FILTER (WHERE txt IS NOT NULL AND {parsed} IS NOT NULL)
            FROM ({groups}) GROUP BY k ORDER BY k"""
    ).fetchall()
    columns = list(exprs.items())
    for k, n_bad, n_blank, blank_line, n_sep, sep_line in found:
        col, (num, txt) = columns[k]
        if n_bad:
            _report_bad_values(con, table, col, num, txt, int(n_bad), report)
        if n_blank:
            report.add(
                "blank-cell",
                f"{n_blank:,} blank indicator cell(s); kept as missing, never as 0",
                line=int(blank_line),
                column=col,
                severity="warning",
                expected="a number or a symbol such as z (the EES standard has no blanks)",
            )
        if n_sep:
            report.add(
                "thousands-separator",
                f"{n_sep:,} number(s) written with thousands separators; read as numbers",
                line=int(sep_line),
                column=col,
                severity="warning",
                expected="plain digits, e.g. 749750",
            )


def _report_bad_values(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    num: str,
    txt: str,
    count: int,
    report: Report,
) -> None:
    bad = (
        f"{num} IS NULL AND {txt} IS NOT NULL AND {_NUM.format(v=txt)} IS NULL "
        f"AND lower(trim({txt})) NOT IN {_SYMBOL_SQL}"
    )
    examples = con.execute(
        f"SELECT src_line, {txt} FROM {table} WHERE {bad} ORDER BY src_line LIMIT {MAX_PER_CODE}"
    ).fetchall()
    for line, value in examples:
        report.add(
            "not-a-number",
            _bad_value_message(value),
            line=int(line),
            column=column,
            value=value,
            expected="a number or one of the symbols " + ", ".join(s for s in SYMBOLS if s),
        )
    report.extend_omitted("not-a-number", count - len(examples))


def _bad_value_message(value: str) -> str:
    if re.fullmatch(r"[A-Za-z]{1,4}", value.strip()):
        return "unknown symbol in a numeric column"
    return "text in a numeric column"


def check_duplicates(
    con: duckdb.DuckDBPyConnection, table: str, layout: Layout, report: Report
) -> None:
    """Two rows with the same year, area and breakdown are an error: which one is right?"""
    keys = [ident(c) for c in layout.key_columns]
    extra = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall()
    names = {r[0] for r in extra}
    for geo in ("school_laestab", "laestab"):
        if geo in names and geo not in keys and not layout.codes.get("school"):
            keys.append(ident(geo))
    key_sql = ", ".join(keys)
    # One 64-bit hash per row is far cheaper to group than the key's text columns; equal
    # hashes of different keys are possible but rare, so the exact check below runs only
    # when two rows share a hash.
    clash = con.execute(
        f"SELECT count(*) FROM (SELECT hash({key_sql}) AS h FROM {table} "
        "GROUP BY h HAVING count(*) > 1)"
    ).fetchone()
    if not clash or not clash[0]:
        return
    # Group once keeping only the first line of each duplicated key (a list per group would
    # cost millions of small lists on a school-level file); list the lines of a few only.
    found = con.execute(
        f"""SELECT count(*) OVER () AS groups, min(src_line) AS first_line
            FROM {table} GROUP BY {key_sql} HAVING count(*) > 1
            ORDER BY first_line LIMIT {MAX_PER_CODE}"""
    ).fetchall()
    if not found:
        return
    total = int(found[0][0])
    firsts = [int(r[1]) for r in found]
    match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM d.{k}" for k in keys)
    dupes = []
    for first in firsts:
        row = con.execute(
            f"""SELECT list(t.src_line ORDER BY t.src_line) FROM {table} t,
                (SELECT * FROM {table} WHERE src_line = ?) d WHERE {match}""",
            [first],
        ).fetchone()
        dupes.append((row[0] if row and row[0] else [first],))
    for (lines,) in dupes:
        report.add(
            "duplicate-row",
            f"the same year, area and breakdown also appears on line(s) "
            f"{', '.join(str(n) for n in lines[:-1][:5])}",
            line=int(lines[-1]),
            expected="one row per year, area and breakdown",
        )
    report.extend_omitted("duplicate-row", total - len(dupes))


def discard(con: duckdb.DuckDBPyConnection, table: str, file_id: int) -> None:
    """Drop what a failed file staged, so the next file of the same load can take its id.

    The loader numbers files from ``source_file``, which a failed file never reaches: without
    this the next file would find ``obs_<id>`` taken (and the failed file's dimension rows).
    """
    con.execute(f"DROP VIEW IF EXISTS {table}")
    con.execute(f"DROP TABLE IF EXISTS {data_table(table)}")
    for dim in _FILE_TABLES:
        con.execute(f"DELETE FROM {dim} WHERE file_id = ?", [file_id])


def ingest(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    file_id: int,
    tmpdir: Path,
    report: Report,
    resolver: AreaResolver,
    on_progress: Callable[[str], None] | None = None,
    fingerprint: textfile.Fingerprint | None = None,
) -> Ingested | None:
    """Stage, check and map one file. Returns None when the file has errors."""
    staged = stage(con, path, file_id, tmpdir, report, fingerprint)
    if staged is None:
        return None
    tf, layout, table = staged
    if not report.valid:
        discard(con, table, file_id)
        return None
    if on_progress:
        on_progress("checking values")
    check_values(con, table, layout, report)
    check_duplicates(con, table, layout, report)
    if on_progress:
        on_progress("mapping years, areas and breakdowns")
    summary = dims.build(con, table, file_id, layout, report, resolver)
    if not report.valid:
        discard(con, table, file_id)
        return None
    dims.record_precision(con, table, file_id, layout)
    return Ingested(
        file_id=file_id,
        path=path,
        layout=layout,
        table=table,
        rows=report.rows,
        sha256=tf.sha256,
        size=tf.size,
        encoding=tf.encoding,
        years=summary.years,
        levels=summary.levels,
        areas=summary.areas,
    )
