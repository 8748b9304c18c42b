"""The triage worklist: analysed studies in reading order, where waiting raises priority.

:func:`worklist` is what the API and the TUI show. It reads the studies the catalogue has
triaged (:mod:`appliance.catalogue.worklist`) and orders them by the rules of
:mod:`appliance.priority`, which also gives each study its priority when its findings are
written (:func:`appliance.catalogue.findings.record_analysis`). Those rules are pure, below the
catalogue; this module sits above it.

Age cap: while a study waits (from its first image), it is raised one level for every
``age_cap_h`` hours, up to urgent. Among studies of the same effective level the one waiting
longest comes first. So a routine study can be overtaken by newer urgent ones for at most
``2 * age_cap_h`` hours; after that it sorts with the urgent studies by its (longer) wait.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from appliance.catalogue.database import Database
from appliance.catalogue.worklist import TriagedStudy, triaged_studies
from appliance.config import PRIORITIES, TriageConfig
from appliance.priority import effective_rank

__all__ = ["WorklistEntry", "worklist"]


@dataclasses.dataclass(frozen=True)
class WorklistEntry:
    """One study in reading order."""

    study_uid: str
    patient_id: str
    priority: str
    """The triage priority (before the age cap)."""
    effective_priority: str
    """After the age cap; the worklist is ordered by this."""
    reason: str
    lung_rads: str | None
    waited_h: float
    received_at: datetime | None
    analysed_at: datetime | None


def _entry(study: TriagedStudy, now: datetime, triage: TriageConfig) -> WorklistEntry:
    since = study.received_at or study.analysed_at or now
    waited_h = (now - since).total_seconds() / 3600.0
    rank = PRIORITIES.index(study.priority) if study.priority in PRIORITIES else len(PRIORITIES) - 1
    effective = effective_rank(rank, waited_h, triage.age_cap_h)
    return WorklistEntry(
        study_uid=study.study_uid,
        patient_id=study.patient_id,
        priority=study.priority,
        effective_priority=PRIORITIES[effective],
        reason=study.priority_reason or "",
        lung_rads=study.lung_rads,
        waited_h=round(waited_h, 2),
        received_at=study.received_at,
        analysed_at=study.analysed_at,
    )


def worklist(
    db: Database, now: datetime, limit: int = 50, *, config: TriageConfig | None = None
) -> list[WorklistEntry]:
    """Analysed studies in reading order: effective priority, then longest wait first."""
    triage = config or TriageConfig()
    entries = [_entry(study, now, triage) for study in triaged_studies(db)]
    entries.sort(key=lambda e: (PRIORITIES.index(e.effective_priority), -e.waited_h, e.study_uid))
    return entries[:limit]
