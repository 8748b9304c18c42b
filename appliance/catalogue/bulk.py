"""Fast parameterised bulk writes of typed rows into DuckDB.

``executemany`` runs one statement per row (about a millisecond each, far too slow for a cohort);
here each column travels as one list parameter and ``unnest`` turns the lists back into rows,
so thousands of rows are one statement. The columns are the row type's fields and their DuckDB
types follow from the fields' annotations (:func:`columns_of`); table and column names come from
the catalogue's own row types, never from data. Used by :mod:`appliance.catalogue.reports` and
:mod:`appliance.catalogue.cohort`.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from appliance.errors import CatalogueError

__all__ = ["columns_of", "insert_rows"]

# A field's annotation (a string, under ``from __future__ import annotations``) without
# ``| None``, and the DuckDB type of its column.
_DUCKDB_TYPES = {
    "str": "VARCHAR",
    "int": "INTEGER",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
}


def columns_of(row_type: type[Any]) -> list[tuple[str, str]]:
    """``(column, DuckDB type)`` for each field of the dataclass ``row_type``, in order."""
    columns = []
    for field in dataclasses.fields(row_type):
        annotation = str(field.type).removesuffix(" | None")
        if annotation not in _DUCKDB_TYPES:
            raise CatalogueError(
                f"{row_type.__name__}.{field.name}: no DuckDB column type for {field.type!r}; "
                f"bulk rows use {', '.join(sorted(_DUCKDB_TYPES))} (or None)"
            )
        columns.append((field.name, _DUCKDB_TYPES[annotation]))
    return columns


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    row_type: type[Any],
    rows: Sequence[Any],
    *,
    conflict_key: str | None = None,
    constants: Mapping[str, str] | None = None,
) -> None:
    """Insert ``rows`` (instances of the dataclass ``row_type``) into ``table`` in one statement.

    With ``conflict_key`` an existing row with the same key is updated instead (an upsert).
    ``constants`` adds columns with a fixed SQL literal (e.g. ``{"source": "'import'"}``).
    """
    if not rows:
        return
    columns = columns_of(row_type)
    names = [name for name, _ in columns]
    selects = [f"unnest(?::{kind}[])" for _, kind in columns]
    for name, literal in (constants or {}).items():
        names.append(name)
        selects.append(literal)
    sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(selects)}"
    if conflict_key is not None:
        updates = ", ".join(f"{n} = excluded.{n}" for n, _ in columns if n != conflict_key)
        sql += f" ON CONFLICT ({conflict_key}) DO UPDATE SET {updates}"
    params = [list(map(operator.attrgetter(name), rows)) for name, _ in columns]
    con.execute(sql, params)
