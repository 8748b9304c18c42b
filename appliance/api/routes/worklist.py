"""The triage worklist: which study to read first (technologist)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from litestar import get
from litestar.di import NamedDependency

from appliance.api import views
from appliance.api.auth import requires
from appliance.api.routes.params import Limit
from appliance.service import Service

__all__ = ["Worklist", "worklist"]


@dataclasses.dataclass(frozen=True)
class Worklist:
    items: list[views.WorklistItem]
    """Studies in reading order."""
    age_cap_h: float
    """Hours of waiting that raise a study's priority one level."""
    as_of: datetime
    """When the order was computed (the waits are up to this time)."""


@get(
    "/worklist",
    guards=[requires("technologist")],
    opt={"audit": "worklist.read"},
    sync_to_thread=True,
)
def worklist(service: NamedDependency[Service], limit: Limit = 100) -> Worklist:
    """Analysed studies in reading order: priority raised one level per ``triage.age_cap_h``
    waited, then the longest wait first."""
    now = service.clock()
    items = views.worklist(service.db, now, service.config.triage, limit)
    return Worklist(items=items, age_cap_h=service.config.triage.age_cap_h, as_of=now)
