"""The store's tables. Published values are kept as the text DfE published, so nothing is
ever rounded or coerced on the way in; views cast them to numbers and symbols."""

from __future__ import annotations

import duckdb

SCHEMA_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS release (
    release_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,          -- e.g. '2022/23'
    start_year INTEGER NOT NULL,           -- 2022 for 2022/23
    publication VARCHAR NOT NULL,
    published INTEGER,                     -- calendar year of publication
    loaded_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS source_file (
    file_id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    layout VARCHAR NOT NULL,
    topic VARCHAR NOT NULL,
    priority INTEGER NOT NULL,
    rows BIGINT NOT NULL,
    encoding VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    layout_json VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS file_column (
    file_id INTEGER NOT NULL,
    source_column VARCHAR NOT NULL,
    role VARCHAR NOT NULL,                 -- indicator, filter, time, level, code, name
    measure VARCHAR,
    reason VARCHAR
);
CREATE TABLE IF NOT EXISTS precision (
    file_id INTEGER NOT NULL,
    level VARCHAR NOT NULL,
    source_column VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    decimals INTEGER,                      -- most decimal places published
    rounded_to INTEGER                     -- 5 when every count is a multiple of 5
);
CREATE TABLE IF NOT EXISTS dim_time (
    file_id INTEGER, time_period VARCHAR, time_identifier VARCHAR, year INTEGER, term VARCHAR
);
CREATE TABLE IF NOT EXISTS dim_level (file_id INTEGER, raw VARCHAR, level VARCHAR);
CREATE TABLE IF NOT EXISTS dim_school_type (file_id INTEGER, raw VARCHAR, school_type VARCHAR);
CREATE TABLE IF NOT EXISTS dim_char (
    file_id INTEGER, g VARCHAR, v VARCHAR, v2 VARCHAR, char_group VARCHAR, char_value VARCHAR
);
CREATE TABLE IF NOT EXISTS dim_reason (file_id INTEGER, raw VARCHAR, reason VARCHAR);
CREATE TABLE IF NOT EXISTS dim_band (file_id INTEGER, raw VARCHAR, band VARCHAR);
CREATE TABLE IF NOT EXISTS dim_filter (file_id INTEGER, raw VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS dim_area (
    file_id INTEGER, akey VARCHAR, level VARCHAR, area_code VARCHAR, area_name VARCHAR,
    old_la_code VARCHAR, la_code VARCHAR, region_code VARCHAR
);
CREATE TABLE IF NOT EXISTS area (
    area_code VARCHAR PRIMARY KEY,
    level VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    old_la_code VARCHAR,
    region_code VARCHAR,
    start_date DATE,
    end_date DATE,
    status VARCHAR,
    source VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS area_alias (alias VARCHAR NOT NULL, area_code VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS neighbour (
    old_la_code VARCHAR, neighbour_old_code VARCHAR, rank INTEGER, closeness VARCHAR,
    model VARCHAR
);
CREATE TABLE IF NOT EXISTS boundary (area_code VARCHAR, name VARCHAR, geometry VARCHAR);
CREATE TABLE IF NOT EXISTS lookup_file (name VARCHAR, sha256 VARCHAR, kind VARCHAR);
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create any missing tables; safe to call on every open."""
    con.execute(DDL)
    con.execute(
        "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
        [str(SCHEMA_VERSION)],
    )
