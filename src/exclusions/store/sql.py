"""Small helpers for writing SQL safely: identifiers quoted, literals escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def ident(name: str) -> str:
    """Quote an identifier for DuckDB (column names come from files, so never trust them)."""
    return '"' + name.replace('"', '""') + '"'


def lit(value: str | int | float | None) -> str:
    """Render a literal; only for values produced by our own code, never for user input."""
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + value.replace("'", "''") + "'"


def col_or_null(table_alias: str, column: str | None) -> str:
    """``alias."column"``, or NULL when the layout has no such column."""
    return f"{table_alias}.{ident(column)}" if column else "NULL"


def list_sql(items: Iterable[str]) -> str:
    """A DuckDB list literal of already-rendered SQL expressions."""
    return "[" + ", ".join(items) + "]"


def bulk_insert(con: object, table: str, rows: Sequence[Sequence[object]]) -> None:
    """Insert many rows in one statement, passing each column as a list parameter.

    One statement per batch instead of one per row: DuckDB pays a fixed cost per statement.
    """
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    if not rows:
        return
    columns = [list(col) for col in zip(*rows, strict=True)]
    picks = ", ".join(f"unnest(${i + 1})" for i in range(len(columns)))
    con.execute(f"INSERT INTO {table} SELECT {picks}", columns)
