"""Generate a synthetic EES-style school-level exclusions CSV for load benchmarks.

The file has the shape of an Explore Education Statistics open-data file at
``geographic_level = School``: one row per school and academic year, with counts, rates to
5 dp and DfE suppression symbols (``c``, ``z``, ``low``) in the rate columns.

Real local-authority names, codes and regions are read at generation time from
``../shared/data/lookups`` (never copied into the repository). Everything else is
pseudo-random but reproducible: school attributes and row values are pure functions of
``(seed, school, year)`` through DuckDB's ``hash()``, and rows are written in generation
order, so the same arguments (and DuckDB version) give the same bytes.

Usage::

    .venv/bin/python benchmarks/generate.py --rows 10000000
    # -> benchmarks/data/schools_10000000.csv (or --out PATH; --seed N)
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOOKUPS = ROOT.parent / "shared" / "data" / "lookups"
DEFAULT_ROWS = 10_000_000
DEFAULT_SEED = 20240101

#: Academic years 2006/07 .. 2022/23 in EES ``time_period`` form.
YEARS = [int(f"{y}{(y + 1) % 100:02d}") for y in range(2006, 2023)]
N_YEARS = len(YEARS)
#: A real school-level file covers about this many schools per year.
BASE_SCHOOLS = 24_000
#: URNs are 6-digit (100000..999999), so at most this many distinct schools.
MAX_SCHOOLS = 900_000
MAX_ROWS = MAX_SCHOOLS * N_YEARS
#: URN = 100000 + (s * stride + seed) mod 900000; coprime with 900000 so URNs are unique.
URN_STRIDE = 377_777

# Year multipliers (index = year), loosely after the national series: a fall to 2013/14,
# a rise to 2018/19, the COVID dip in 2019/20-2020/21 and a sharp rise to 2022/23.
SUSP_YEAR = [
    1.0,
    0.95,
    0.9,
    0.85,
    0.8,
    0.78,
    0.72,
    0.72,
    0.78,
    0.83,
    0.9,
    0.97,
    1.0,
    0.75,
    0.8,
    1.2,
    1.6,
]
PERM_YEAR = [
    1.3,
    1.2,
    1.05,
    0.95,
    0.85,
    0.85,
    0.72,
    0.7,
    0.8,
    0.9,
    0.95,
    0.95,
    0.92,
    0.6,
    0.45,
    0.75,
    1.0,
]

NAME_STEMS = [
    "Abbey", "Ashfield", "Beech Hill", "Brookside", "Castle", "Cedars", "Christ Church",
    "Church Hill", "Coppice", "Deanery", "Elmwood", "Fairfield", "Forest", "Greenfield",
    "Grange", "Hawthorn", "Highfield", "Hillside", "Holy Cross", "Holy Family",
    "Holy Trinity", "Kingsway", "Lakeside", "Larchwood", "Manor", "Meadowbank", "Mill Lane",
    "Moorside", "Northfield", "Oakfield", "Oaklands", "Orchard", "Park View", "Priory",
    "Queen's Park", "Ravenswood", "Redhill", "Riverside", "Rosewood", "St Andrew's",
    "St Anne's", "St Augustine's", "St Bede's", "St Chad's", "St George's", "St John's",
    "St Joseph's", "St Mary's", "St Michael's", "St Paul's", "St Peter's", "Southfield",
    "Springfield", "Station Road", "The Willows", "Valley", "Westfield", "Whitehall",
    "Willow Brook", "Woodlands",
]  # fmt: skip
NAME_MIDDLES = [
    "", "", "", "", "", "Church of England ", "Catholic ", "Community ", "Methodist ",
    "CofE ", "Roman Catholic ", "Free ",
]  # fmt: skip
#: (school_type, share of schools, mean pupils, perm rate, suspension rate, name suffixes)
SCHOOL_TYPES = [
    ("State-funded primary", 0.780, 250, 0.0002, 0.015,
     ["Primary School", "Primary School", "Primary Academy", "Junior School", "Infant School"]),
    ("State-funded secondary", 0.160, 1000, 0.0010, 0.100,
     ["Academy", "High School", "School", "Secondary School", "College"]),
    ("Special", 0.045, 120, 0.0006, 0.080, ["Special School", "School", "Academy"]),
    ("State-funded AP school", 0.015, 45, 0.0020, 0.400,
     ["Pupil Referral Unit", "AP Academy", "Short Stay School"]),
]  # fmt: skip

HEADER = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "old_la_code", "new_la_code", "la_name", "school_urn",
    "school_laestab", "school_name", "school_type", "headcount", "perm_excl", "perm_excl_rate",
    "suspension", "susp_rate", "one_plus_susp", "one_plus_susp_rate",
]  # fmt: skip

#: Below this mean a count is drawn by inverse CDF; above it by a normal approximation.
POISSON_EXACT_BELOW = 12.0
POISSON_MAX_K = 40


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_list(values: list[str] | list[float] | list[int]) -> str:
    return "[" + ", ".join(sql_str(v) if isinstance(v, str) else repr(v) for v in values) + "]"


def pick(values: list[str], seed: int, salt: int) -> str:
    """SQL picking one of ``values`` for school ``s``, pseudo-randomly by ``(seed, s, salt)``."""
    index = f"1 + (hash({seed}::BIGINT, s, {salt}::BIGINT) % {len(values)})::BIGINT"
    return f"{sql_list(values)}[{index}]"


def poisson_sql(lam: str, u: str, z: str) -> str:
    """SQL for a Poisson-ish draw with mean ``lam`` given a uniform ``u`` and a normal ``z``.

    Exact inverse CDF for small means (CASE evaluates only the rows still undecided, so the
    cost is about ``lam`` branches per row), normal approximation for larger ones.
    """
    branches = []
    for k in range(POISSON_MAX_K):
        # cdf(k) = exp(-lam) * sum_{j<=k} lam^j / j!, written in Horner form.
        poly = "1"
        for j in range(k, 0, -1):
            poly = f"(1 + {lam} / {j} * {poly})"
        branches.append(f"WHEN {u} < exp(-{lam}) * {poly} THEN {k}")
    exact = "CASE " + " ".join(branches) + f" ELSE {POISSON_MAX_K} END"
    normal = f"greatest(0, round({lam} + sqrt({lam}) * {z}))"
    return (
        f"(CASE WHEN {lam} <= 0 THEN 0 WHEN {lam} < {POISSON_EXACT_BELOW} "
        f"THEN {exact} ELSE {normal} END)::BIGINT"
    )


def rate_sql(count: str, u: str) -> str:
    """A DfE-style rate cell: 'z' with no pupils, ~3% 'c', ~0.3% 'low', else 5 dp."""
    value = f"rtrim(rtrim(printf('%.5f', {count} * 100.0 / headcount), '0'), '.')"
    return (
        f"CASE WHEN headcount = 0 THEN 'z' WHEN {u} < 0.03 THEN 'c' "
        f"WHEN {u} < 0.033 THEN 'low' WHEN {count} = 0 THEN '0' ELSE {value} END"
    )


def load_las(con: duckdb.DuckDBPyConnection, lookups: Path) -> list[tuple[str, ...]]:
    """Live English LAs with a 3-digit old code: (region_code, region_name, old, new, name)."""
    las = lookups / "las.csv"
    hierarchy = lookups / "region_la_hierarchy.csv"
    rows = con.execute(
        f"""
        WITH regions AS (
            SELECT DISTINCT region_code, region_name
            FROM read_csv({sql_str(str(hierarchy))}, all_varchar = true)
            WHERE region_code LIKE 'E12%'
        )
        SELECT r.region_code, r.region_name, l.old_la_code, l.new_la_code, l.la_name
        FROM read_csv({sql_str(str(las))}, all_varchar = true) AS l
        JOIN regions AS r ON r.region_code = l.parent_geography_code
        WHERE l.status = 'live' AND regexp_full_match(l.old_la_code, '[0-9]{{3}}')
        ORDER BY r.region_code, l.old_la_code
        """
    ).fetchall()
    if not rows:
        raise SystemExit(f"no local authorities found in {lookups}")
    return [tuple(str(v) for v in row) for row in rows]


def school_counts(n_las: int, n_schools: int, seed: int) -> list[int]:
    """Split ``n_schools`` over LAs with uneven, reproducible weights (each LA < 10,000)."""
    rng = random.Random(seed)
    weights = [0.35 + 1.3 * rng.random() for _ in range(n_las)]
    total = sum(weights)
    counts = [math.floor(n_schools * w / total) for w in weights]
    for i in range(n_schools - sum(counts)):
        counts[i % n_las] += 1
    if max(counts) > 9999:
        raise SystemExit("too many schools per LA for a 7-digit LAESTAB; use fewer rows")
    return counts


def generate(
    rows: int, out: Path, seed: int = DEFAULT_SEED, lookups: Path = DEFAULT_LOOKUPS
) -> None:
    if not 1 <= rows <= MAX_ROWS:
        raise SystemExit(f"--rows must be between 1 and {MAX_ROWS:,} (6-digit URNs x 17 years)")
    # Enough schools that (time_period, school_urn) is unique: about 24,000 for a real-size
    # file, more when N > 24,000 x 17. Rows are year-major, then region / LA / school.
    n_schools = max(BASE_SCHOOLS, math.ceil(rows / N_YEARS))
    out.parent.mkdir(parents=True, exist_ok=True)

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    las = load_las(con, lookups)
    counts = school_counts(len(las), n_schools, seed)
    con.execute(
        "CREATE TEMP TABLE las (la INTEGER, region_code VARCHAR, region_name VARCHAR, "
        "old_la_code VARCHAR, new_la_code VARCHAR, la_name VARCHAR, first_s BIGINT, n BIGINT)"
    )
    first = 0
    la_rows = []
    for la, (row, n) in enumerate(zip(las, counts, strict=True)):
        la_rows.append((la, *row, first, n))
        first += n
    con.executemany("INSERT INTO las VALUES (?, ?, ?, ?, ?, ?, ?, ?)", la_rows)

    con.execute(
        "CREATE TEMP MACRO unif(s, a, b, c) AS "
        "(hash(s::BIGINT, a::BIGINT, b::BIGINT, c::BIGINT) >> 11)::DOUBLE / 9007199254740992.0"
    )
    con.execute(
        "CREATE TEMP MACRO gauss(s, a, b, c) AS "
        "sqrt(-2 * ln(1 - unif(s, a, b, c))) * cos(2 * pi() * unif(s, a, b, c + 1000))"
    )

    cum = 0.0
    type_case, size_case, perm_case, susp_case, suffix_case = [], [], [], [], []
    for i, (name, share, size, perm, susp, suffixes) in enumerate(SCHOOL_TYPES):
        cum += share
        cond = f"u_type < {cum}" if i < len(SCHOOL_TYPES) - 1 else "true"
        type_case.append(f"WHEN {cond} THEN {sql_str(name)}")
        size_case.append(f"WHEN {sql_str(name)} THEN {size}")
        perm_case.append(f"WHEN {sql_str(name)} THEN {perm}")
        susp_case.append(f"WHEN {sql_str(name)} THEN {susp}")
        suffix_case.append(f"WHEN {sql_str(name)} THEN {pick(suffixes, seed, 5)}")

    # One row per school: URN, LAESTAB, name, type, typical size and a propensity factor.
    con.execute(
        f"""
        CREATE TEMP TABLE schools AS
        WITH base AS (
            SELECT l.la, l.old_la_code, l.la_name, l.n AS la_n, l.first_s + r.k AS s,
                   r.k AS k, unif({seed}, l.first_s + r.k, 1, 0) AS u_type
            FROM las AS l, range(l.n) AS r(k)
        ), typed AS (
            SELECT *, CASE {" ".join(type_case)} END AS school_type FROM base
        )
        SELECT s, la,
            100000 + (s * {URN_STRIDE} + {seed % 900000}) % 900000 AS school_urn,
            old_la_code::BIGINT * 10000 + least(2000, 9999 - la_n) + k AS school_laestab,
            {pick(NAME_STEMS, seed, 3)} || ' ' || {pick(NAME_MIDDLES, seed, 4)}
              || CASE school_type {" ".join(suffix_case)} END
              || CASE WHEN unif({seed}, s, 6, 0) < 0.06 THEN ', ' || la_name ELSE '' END
              AS school_name,
            school_type,
            greatest(8, round((CASE school_type {" ".join(size_case)} END)
                              * exp(0.45 * gauss({seed}, s, 7, 0) - 0.1)))::BIGINT AS size,
            exp(0.6 * gauss({seed}, s, 8, 0) - 0.18) AS propensity,
            CASE school_type {" ".join(perm_case)} END AS perm_base,
            CASE school_type {" ".join(susp_case)} END AS susp_base
        FROM typed
        """
    )

    rows_sql = f"""
        WITH r AS (
            SELECT i, i // {n_schools} AS y, i % {n_schools} AS s FROM range({rows}) AS t(i)
        ), h AS (
            SELECT r.i, r.y, r.s, sc.*,
                CASE WHEN unif({seed}, r.s, r.y, 10) < 0.004 THEN 0
                     ELSE round(sc.size * (0.92 + 0.16 * unif({seed}, r.s, r.y, 11)))::BIGINT
                END AS headcount
            FROM r JOIN schools AS sc ON sc.s = r.s
        ), lam AS (
            SELECT *,
                headcount * perm_base * propensity * {sql_list(PERM_YEAR)}[y + 1] AS lam_perm,
                headcount * susp_base * propensity * {sql_list(SUSP_YEAR)}[y + 1] AS lam_susp,
                unif({seed}, s, y, 12) AS u_perm, unif({seed}, s, y, 13) AS u_susp,
                gauss({seed}, s, y, 14) AS z_perm, gauss({seed}, s, y, 15) AS z_susp
            FROM h
        ), c AS (
            SELECT *,
                {poisson_sql("lam_perm", "u_perm", "z_perm")} AS perm_excl,
                {poisson_sql("lam_susp", "u_susp", "z_susp")} AS suspension
            FROM lam
        ), c2 AS (
            SELECT *,
                CASE WHEN suspension = 0 THEN 0
                     ELSE greatest(1, least(suspension, round(
                         suspension * (0.4 + 0.2 * unif({seed}, s, y, 16)))))::BIGINT
                END AS one_plus_susp
            FROM c
        )
        SELECT
            {sql_list(YEARS)}[y + 1] AS time_period,
            'Academic year' AS time_identifier,
            'School' AS geographic_level,
            'E92000001' AS country_code,
            'England' AS country_name,
            l.region_code, l.region_name, l.old_la_code, l.new_la_code, l.la_name,
            school_urn, school_laestab, school_name, school_type, headcount,
            perm_excl, {rate_sql("perm_excl", f"unif({seed}, s, y, 20)")} AS perm_excl_rate,
            suspension, {rate_sql("suspension", f"unif({seed}, s, y, 21)")} AS susp_rate,
            one_plus_susp,
            {rate_sql("one_plus_susp", f"unif({seed}, s, y, 22)")} AS one_plus_susp_rate
        FROM c2 JOIN las AS l ON l.la = c2.la
    """
    con.execute(
        f"COPY ({rows_sql}) TO {sql_str(str(out))} "
        "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"')"
    )
    con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="data rows (default 10M)")
    parser.add_argument("--out", type=Path, default=None, help="output CSV path")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--lookups", type=Path, default=DEFAULT_LOOKUPS, help="lookups folder")
    args = parser.parse_args(argv)
    out = args.out or default_path(args.rows)
    start = time.perf_counter()
    generate(args.rows, out, args.seed, args.lookups)
    elapsed = time.perf_counter() - start
    size = out.stat().st_size
    print(f"wrote {out}: {args.rows:,} rows, {size:,} bytes ({size / 2**20:,.1f} MiB) "
          f"in {elapsed:.1f} s")  # fmt: skip
    return 0


def default_path(rows: int) -> Path:
    return ROOT / "benchmarks" / "data" / f"schools_{rows}.csv"


if __name__ == "__main__":
    sys.exit(main())
