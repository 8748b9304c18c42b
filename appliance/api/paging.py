"""Paging and filtering for the list endpoints, with parameters only, never pasted input.

Each list endpoint names its filters as ``(column expression, operator)`` pairs fixed in code;
:class:`Filters` adds a clause only for the filters the request gave, with the value as a
parameter. :func:`page` runs the count and the page in one locked block so they agree.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from appliance.catalogue.database import Database

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "Filters", "Page", "page"]

MAX_LIMIT = 500
"""Largest page a list endpoint returns."""
MAX_OFFSET = 1_000_000_000
"""Most rows a list endpoint skips. Far more than a catalogue holds, and far below the 64-bit
integer DuckDB takes for ``OFFSET``: a larger value is refused in validation (400), where it
once reached the catalogue and came back as a 503 carrying DuckDB's conversion error."""


@dataclasses.dataclass
class Page:
    """One page of a list: the rows, the total that matched, and where the page starts."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


@dataclasses.dataclass
class Filters:
    """``WHERE`` clauses built from code-defined SQL and request-supplied parameters."""

    clauses: list[str] = dataclasses.field(default_factory=list)
    params: list[Any] = dataclasses.field(default_factory=list)

    def add(self, sql: str, value: Any) -> Filters:
        """Add ``sql`` (with one ``?``) when ``value`` is given; ``sql`` is never from input."""
        if value is not None:
            self.clauses.append(sql)
            self.params.append(value)
        return self

    def where(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def page(
    db: Database, select: str, filters: Filters, *, order: str, limit: int, offset: int
) -> Page:
    """Run ``select`` (a ``SELECT ... FROM ...`` fixed in code) filtered, ordered and paged."""
    base = select + filters.where()
    with db.connection():
        total_rows = db.execute(f"SELECT count(*) FROM ({base})", filters.params)  # noqa: S608
        rows = db.query_dicts(
            f"{base} ORDER BY {order} LIMIT ? OFFSET ?",
            [*filters.params, limit, offset],
        )
    return Page(items=rows, total=int(total_rows[0][0]), limit=limit, offset=offset)
