"""Reading rows into frozen dataclasses whose fields name the columns.

A read that returns a whole table row (``SELECT *`` before issue 20) names its columns from the
row type instead: :func:`column_list` writes ``a, b, c`` (optionally ``t.a, t.b``) from the
dataclass's fields, fixed in code and never from input, so the statement and the type cannot
disagree about the order. The catalogue tests check each such type against its table's columns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from appliance.catalogue.database import Database

__all__ = ["column_list", "fetch", "field_names"]


RowT = TypeVar("RowT")


def field_names(row_type: type[Any]) -> list[str]:
    """The row type's fields, in order."""
    return [f.name for f in dataclasses.fields(row_type)]


def column_list(row_type: type[Any], prefix: str = "", *, skip: Sequence[str] = ()) -> str:
    """``prefix.a, prefix.b, ...`` for the row type's fields (less ``skip``)."""
    head = f"{prefix}." if prefix else ""
    return ", ".join(head + name for name in field_names(row_type) if name not in skip)


def fetch(
    db: Database, row_type: Callable[..., RowT], sql: str, params: Sequence[Any] | None = None
) -> list[RowT]:
    """Run ``sql`` (whose columns are ``row_type``'s fields, in order) into ``row_type`` rows."""
    return [row_type(*row) for row in db.execute(sql, params)]
