"""The studies the triage worklist orders: analysed studies with their priority and times.

Read by :func:`appliance.triage.worklist`, which applies the age cap and sorts; the priority
itself is written by :func:`appliance.catalogue.findings.record_analysis`.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from appliance.catalogue.database import Database

__all__ = ["TriagedStudy", "triaged_studies"]


@dataclasses.dataclass(frozen=True)
class TriagedStudy:
    """A ``studies`` row that has a triage priority."""

    study_uid: str
    patient_id: str
    priority: str
    priority_reason: str | None
    lung_rads: str | None
    received_at: datetime | None
    analysed_at: datetime | None


def triaged_studies(db: Database) -> list[TriagedStudy]:
    """Every study with a priority (that is, analysed at least once), in no particular order."""
    rows = db.execute(
        "SELECT study_uid, patient_id, priority, priority_reason, lung_rads, received_at, "
        "analysed_at FROM studies WHERE priority IS NOT NULL"
    )
    return [TriagedStudy(*row) for row in rows]
