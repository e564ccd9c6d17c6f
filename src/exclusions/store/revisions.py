"""Figures that changed between releases, told apart from mere changes of rounding.

Older releases rounded national and regional counts to the nearest 5 and rates to two
decimal places; later ones publish them unrounded. A figure counts as revised only when the
new value, rounded the way the old release rounded it, differs from the old value.
"""

from __future__ import annotations

import duckdb

from exclusions.store.queries import Figure, Revision

_KEY = (
    "year, term, level, area_code, school_type, char_group, char_value, reason, band_kind, "
    "band, measure"
)

_TEMPLATE = """
WITH best AS (
    SELECT o.*, r.name AS release, r.start_year, f.name AS file_name
    FROM observation o JOIN release r USING (release_id) JOIN source_file f USING (file_id)
    WHERE {where}
    QUALIFY row_number() OVER (PARTITION BY r.release_id, {key}
                               ORDER BY f.priority, o.file_id DESC) = 1
), paired AS (
    SELECT *,
        lag(value) OVER w AS old_value, lag(symbol) OVER w AS old_symbol,
        lag(value_text) OVER w AS old_text, lag(release) OVER w AS old_release,
        lag(file_name) OVER w AS old_file, lag(src_line) OVER w AS old_line,
        lag(source_column) OVER w AS old_column, lag(file_id) OVER w AS old_file_id
    FROM best
    WINDOW w AS (PARTITION BY {key} ORDER BY start_year)
)
SELECT p.area_code, p.year, p.school_type, p.measure, p.old_value, p.old_symbol, p.old_text,
       p.old_release, p.old_file, p.old_line, p.old_column,
       p.value, p.symbol, p.value_text, p.release, p.file_name, p.src_line, p.source_column,
       pr.decimals, pr.rounded_to
FROM paired p
LEFT JOIN precision pr ON pr.file_id = p.old_file_id AND pr.level = p.level
     AND pr.source_column = p.old_column
WHERE p.old_release IS NOT NULL
  AND (p.old_value IS DISTINCT FROM p.value)
  AND NOT (p.old_value IS NULL AND p.value IS NULL)
ORDER BY p.year, p.school_type, p.measure, p.release
"""
_SQL = _TEMPLATE.format(key=_KEY, where="o.area_code = ?")
# Every headline figure (all pupils, all reasons) of every area that changed between releases,
# beyond rounding: materialised at load time so facts can carry a "revised" caveat.
REVISED_TABLE_SQL = f"""CREATE OR REPLACE TABLE fact_revision AS
SELECT area_code, year, school_type, measure, old_release, release
FROM ({
    _TEMPLATE.format(
        key=_KEY,
        where="o.char_group = 'total' AND o.reason = 'total' AND o.band_kind = 'none' "
        "AND o.term IS NULL AND o.level IN ('national', 'regional', 'local_authority')",
    )
})
WHERE old_value IS NULL OR value IS NULL
   OR abs(value - old_value) > CASE WHEN rounded_to IS NOT NULL THEN rounded_to / 2
                                    ELSE 0.5 * pow(10, -coalesce(decimals, 0)) END + 1e-9"""


def consistent_with_rounding(
    old: float, new: float, decimals: int | None, rounded_to: int | None
) -> bool:
    """Whether ``old`` is ``new`` rounded the way the old release rounded.

    >>> consistent_with_rounding(8680, 8678, 0, 5), consistent_with_rounding(0.12, 0.11529, 2, None)
    (True, True)
    """
    if rounded_to:
        return abs(new - old) <= rounded_to / 2 + 1e-9
    step = 10.0 ** -(decimals or 0)
    return abs(new - old) <= step / 2 + 1e-9


def revisions(con: duckdb.DuckDBPyConnection, area_code: str) -> list[Revision]:
    """Every figure for an area that differs between consecutive releases holding it."""
    out = []
    for row in con.execute(_SQL, [area_code]).fetchall():
        (code, year, phase, measure, ov, osym, otext, orel, ofile, oline, ocol,
         nv, nsym, ntext, nrel, nfile, nline, ncol, decimals, rounded_to) = row  # fmt: skip
        if ov is not None and nv is not None:
            if consistent_with_rounding(ov, nv, decimals, rounded_to):
                continue
            kind = "revised"
        elif ov is None:
            kind = "suppression lifted" if osym in ("x", "c") else "now published"
        else:
            kind = "newly withheld"
        old = Figure(code, year, phase, measure, ov, osym, otext, orel, ofile, oline, ocol)
        new = Figure(code, year, phase, measure, nv, nsym, ntext, nrel, nfile, nline, ncol)
        out.append(Revision(code, year, phase, measure, old, new, kind))
    return out
