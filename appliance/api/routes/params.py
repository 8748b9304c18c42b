"""Query parameters shared by the list endpoints (paging), declared once.

Both are bounded here, in validation, so that a request past them is a 400 naming the
parameter and never reaches the catalogue (issue 18: a huge ``offset`` came back as a 503 with
DuckDB's own error text).
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from appliance.api.paging import MAX_LIMIT, MAX_OFFSET

__all__ = ["Limit", "Offset"]

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="rows per page")]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET, description="rows to skip")]
