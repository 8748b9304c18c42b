"""Query parameters shared by the list endpoints (paging), declared once."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from appliance.api.paging import MAX_LIMIT

__all__ = ["Limit", "Offset"]

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="rows per page")]
Offset = Annotated[int, QueryParameter(ge=0, description="rows to skip")]
