"""Fast parameterised bulk writes into DuckDB.

``executemany`` runs one statement per row (about a millisecond each, far too slow for a cohort);
here each column travels as one list parameter and ``unnest`` turns the lists back into rows,
so thousands of rows are one statement. Table and column names come from the callers' constants,
never from data. Used by :mod:`reports.cohort_import` and :mod:`reports.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

__all__ = ["insert_columns"]


def insert_columns(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[Any]],
    *,
    conflict_key: str | None = None,
    constants: dict[str, str] | None = None,
) -> None:
    """Insert ``rows`` into ``table``; ``columns`` are ``(name, duckdb type)`` in row order.

    With ``conflict_key`` an existing row with the same key is updated instead (an upsert).
    ``constants`` adds columns with a fixed SQL literal (e.g. ``{"source": "'import'"}``).
    """
    if not rows:
        return
    names = [name for name, _ in columns]
    selects = [f"unnest(?::{kind}[])" for _, kind in columns]
    for name, literal in (constants or {}).items():
        names.append(name)
        selects.append(literal)
    sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(selects)}"
    if conflict_key is not None:
        updates = ", ".join(f"{n} = excluded.{n}" for n, _ in columns if n != conflict_key)
        sql += f" ON CONFLICT ({conflict_key}) DO UPDATE SET {updates}"
    params = [[row[i] for row in rows] for i in range(len(columns))]
    con.execute(sql, params)
