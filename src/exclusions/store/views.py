"""Views that turn each file's published table into one long, canonical ``observation``.

Every file keeps its own table (``obs_<id>``) exactly as published. Its view joins the small
dimension tables and unnests the indicator columns, so one query sees every figure with its
year, area, phase, breakdown, measure, value, symbol and provenance (file, line, column).
"""

from __future__ import annotations

import duckdb

from exclusions.sources.layouts import Indicator, Layout
from exclusions.store.dims import akey_sql, filter_key_sql
from exclusions.store.ingest import value_exprs
from exclusions.store.revisions import REVISED_TABLE_SQL
from exclusions.store.sql import col_or_null, ident, list_sql, lit

FACT_MEASURES = (
    "perm_excl",
    "susp",
    "one_plus_susp",
    "perm_excl_rate",
    "susp_rate",
    "one_plus_susp_rate",
    "headcount",
)
COLUMNS = (
    "file_id, release_id, src_line, year, time_period, term, level, area_code, area_name, "
    "old_la_code, la_code, region_code, school_type, char_group, char_value, reason, "
    "band_kind, band, measure, source_column, value_text, value, symbol"
)
_SLUG = "trim(regexp_replace(lower(trim({v})), '[^0-9a-z]+', '_', 'g'), '_')"


def file_view_sql(file_id: int, release_id: int, table: str, layout: Layout) -> str:
    """The SELECT that presents one file's table in the canonical long shape."""
    f = lit(file_id)
    o = "o"
    level = "lv.level" if layout.level else lit(layout.const_level)
    joins = [
        f"JOIN dim_time t ON t.file_id = {f} AND t.time_period IS NOT DISTINCT FROM "
        f"{o}.{ident(layout.time)} AND t.time_identifier IS NOT DISTINCT FROM "
        f"{col_or_null(o, layout.time_identifier)}"
    ]
    if layout.level:
        joins.append(
            f"JOIN dim_level lv ON lv.file_id = {f} AND lv.raw IS NOT DISTINCT FROM "
            f"{o}.{ident(layout.level)}"
        )
    joins.append(f"LEFT JOIN dim_area a ON a.file_id = {f} AND a.akey = {akey_sql(layout, o)}")
    school_type = "'total'"
    if layout.school_type:
        joins.append(
            f"LEFT JOIN dim_school_type st ON st.file_id = {f} AND st.raw IS NOT DISTINCT FROM "
            f"{o}.{ident(layout.school_type)}"
        )
        school_type = "coalesce(st.school_type, 'total')"
    char_group, char_value = "'total'", "'total'"
    if layout.char_group or layout.char_value:
        joins.append(
            f"LEFT JOIN dim_char ch ON ch.file_id = {f} "
            f"AND ch.g IS NOT DISTINCT FROM {col_or_null(o, layout.char_group)} "
            f"AND ch.v IS NOT DISTINCT FROM {col_or_null(o, layout.char_value)} "
            f"AND ch.v2 IS NOT DISTINCT FROM {col_or_null(o, layout.char_value2)}"
        )
        char_group, char_value = "ch.char_group", "ch.char_value"
    elif layout.extra_filters:
        joins.append(
            f"LEFT JOIN dim_filter fl ON fl.file_id = {f} AND fl.raw = {filter_key_sql(layout, o)}"
        )
        group = " + ".join(c.lower() for c in layout.extra_filters)
        char_group, char_value = lit(group), "fl.value"
    reason = "'total'"
    if layout.reason:
        joins.append(
            f"LEFT JOIN dim_reason rs ON rs.file_id = {f} AND rs.raw IS NOT DISTINCT FROM "
            f"{o}.{ident(layout.reason)}"
        )
        reason = "coalesce(rs.reason, 'total')"
    band = "'total'"
    if layout.band:
        joins.append(
            f"LEFT JOIN dim_band bd ON bd.file_id = {f} AND bd.raw IS NOT DISTINCT FROM "
            f"{o}.{ident(layout.band)}"
        )
        band = "coalesce(bd.band, 'total')"
    school = layout.codes.get("school")
    is_school = f"{level} = 'school'"
    area_code = f"CASE WHEN {is_school} THEN {col_or_null(o, school)} ELSE a.area_code END"
    area_name = (
        f"CASE WHEN {is_school} THEN {col_or_null(o, layout.names.get('school'))} "
        "ELSE a.area_name END"
    )
    raw_old = col_or_null(o, layout.codes.get("old_la"))
    raw_la = col_or_null(o, layout.codes.get("new_la"))
    raw_region = col_or_null(o, layout.codes.get("region"))
    if layout.measure_column and layout.value_column:
        measure_sql = _SLUG.format(v=f"{o}.{ident(layout.measure_column)}")
        num, txt = value_exprs(layout, layout.value_column, o)
        unnest = (
            f"{measure_sql} AS measure, 'total' AS ireason, {lit(layout.value_column)} "
            f"AS source_column, {num} AS num, {txt} AS txt"
        )
    else:
        inds: list[Indicator] = layout.indicators
        pairs = [value_exprs(layout, i.column, o) for i in inds]
        unnest = (
            f"unnest({list_sql(lit(i.measure) for i in inds)}) AS measure, "
            f"unnest({list_sql(lit(i.reason) for i in inds)}) AS ireason, "
            f"unnest({list_sql(lit(i.column) for i in inds)}) AS source_column, "
            f"unnest({list_sql(f'{n}::DOUBLE' for n, _ in pairs)}) AS num, "
            f"unnest({list_sql(f'{t}::VARCHAR' for _, t in pairs)}) AS txt"
        )
    inner = f"""SELECT {f} AS file_id, {lit(release_id)} AS release_id, {o}.src_line,
        t.year, {o}.{ident(layout.time)} AS time_period, t.term, {level} AS level,
        {area_code} AS area_code, {area_name} AS area_name,
        CASE WHEN {is_school} THEN {raw_old} ELSE a.old_la_code END AS old_la_code,
        CASE WHEN {is_school} THEN {raw_la} ELSE a.la_code END AS la_code,
        CASE WHEN {is_school} THEN {raw_region} ELSE a.region_code END AS region_code,
        {school_type} AS school_type, {char_group} AS char_group, {char_value} AS char_value,
        {reason} AS lreason, {lit(layout.band_kind or "none")} AS band_kind, {band} AS band,
        {unnest}
        FROM {table} {o} {" ".join(joins)}"""
    return f"""SELECT file_id, release_id, src_line, year, time_period, term, level, area_code,
        area_name, old_la_code, la_code, region_code, school_type, char_group, char_value,
        CASE WHEN ireason <> 'total' THEN ireason ELSE lreason END AS reason, band_kind, band,
        measure, source_column,
        coalesce(txt, CASE WHEN num = trunc(num) AND abs(num) < 1e15
                           THEN CAST(CAST(num AS BIGINT) AS VARCHAR)
                           ELSE CAST(num AS VARCHAR) END) AS value_text,
        coalesce(num, TRY_CAST(replace(txt, ',', '') AS DOUBLE)) AS value,
        CASE WHEN num IS NULL AND TRY_CAST(replace(txt, ',', '') AS DOUBLE) IS NULL
             THEN lower(trim(coalesce(txt, ''))) END AS symbol
        FROM ({inner})"""


def rebuild(con: duckdb.DuckDBPyConnection, layouts: dict[int, tuple[int, str, Layout]]) -> None:
    """(Re)create the per-file views and the ``observation`` view over all of them."""
    parts = []
    for file_id, (release_id, table, layout) in sorted(layouts.items()):
        view = f"v_{table}"
        con.execute(
            f"CREATE OR REPLACE VIEW {view} AS {file_view_sql(file_id, release_id, table, layout)}"
        )
        parts.append(f"SELECT {COLUMNS} FROM {view}")
    if not parts:
        parts.append(
            "SELECT NULL::INTEGER AS file_id, NULL::INTEGER AS release_id, NULL::BIGINT AS "
            "src_line, NULL::INTEGER AS year, NULL AS time_period, NULL AS term, NULL AS level, "
            "NULL AS area_code, NULL AS area_name, NULL AS old_la_code, NULL AS la_code, "
            "NULL AS region_code, NULL AS school_type, NULL AS char_group, NULL AS char_value, "
            "NULL AS reason, NULL AS band_kind, NULL AS band, NULL AS measure, "
            "NULL AS source_column, NULL AS value_text, NULL::DOUBLE AS value, "
            "NULL AS symbol WHERE false"
        )
    con.execute("CREATE OR REPLACE VIEW observation AS " + " UNION ALL ".join(parts))
    # Each figure from the latest release that publishes it; within a release, from the
    # file whose topic has the highest priority (the main tables over characteristics).
    con.execute(
        """CREATE OR REPLACE VIEW latest AS
        SELECT o.*, r.name AS release FROM observation o
        JOIN release r USING (release_id)
        JOIN source_file f USING (file_id)
        QUALIFY row_number() OVER (
            PARTITION BY o.year, o.term, o.level, o.area_code, o.school_type, o.char_group,
                         o.char_value, o.reason, o.band_kind, o.band, o.measure
            ORDER BY r.start_year DESC, f.priority, o.file_id DESC) = 1"""
    )
    # The facts engine reads every area-level figure at once; materialising them here, once
    # per load, makes that a plain scan instead of a window over every release.
    measures = ", ".join(lit(m) for m in FACT_MEASURES)
    con.execute(
        f"""CREATE OR REPLACE TABLE fact_cell AS
        SELECT l.area_code, l.year, l.school_type, l.char_group, l.char_value, l.reason,
               l.measure, l.value, l.symbol, l.release, f.name AS file, l.src_line,
               l.source_column, l.value_text
        FROM latest l JOIN source_file f USING (file_id)
        WHERE l.term IS NULL AND l.band = 'total' AND l.band_kind = 'none'
          AND l.level IN ('national', 'regional', 'local_authority')
          AND l.measure IN ({measures})
          AND (l.reason = 'total' OR l.char_group = 'total')"""
    )
    con.execute(REVISED_TABLE_SQL)
