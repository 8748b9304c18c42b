"""Triage: a reading priority per study, and the worklist order that never starves a study.

:func:`prioritise` is called when a study's findings are written to the catalogue
(:mod:`appliance.catalogue.findings`); :func:`worklist` is what the API and the TUI show.

Priority: each rule of ``config.triage.rules`` that matches any of the study's findings proposes
its priority; the study gets the highest proposed (urgent > high > routine > low), or
``triage.default_priority`` when no rule matches. The reason is the matching rule's name.

Age cap: while a study waits (from its first image), it is raised one level for every
``age_cap_h`` hours, up to urgent. Among studies of the same effective level the one waiting
longest comes first. So a routine study can be overtaken by newer urgent ones for at most
``2 * age_cap_h`` hours; after that it sorts with the urgent studies by its (longer) wait.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from appliance.catalogue.database import Database
from appliance.config import PRIORITIES, TriageConfig, TriageRule
from appliance.findings import Finding

__all__ = ["Priority", "WorklistEntry", "effective_rank", "prioritise", "worklist"]


@dataclasses.dataclass(frozen=True)
class Priority:
    """A study's triage result."""

    priority: str
    rank: int
    """0 urgent, 1 high, 2 routine, 3 low: lower reads first."""
    reason: str


def _matches(rule: TriageRule, finding: Finding) -> bool:
    if finding.diameter_mm < rule.min_diameter_mm:
        return False
    if rule.lung_rads and finding.lung_rads not in rule.lung_rads:
        return False
    return not (rule.kinds and finding.kind not in rule.kinds)


def prioritise(findings: Iterable[Finding], config: TriageConfig) -> Priority:
    """The highest priority any rule gives these findings (see the module doc)."""
    best: Priority | None = None
    findings = list(findings)
    for rule in config.rules:
        if not (rule.lung_rads or rule.kinds or rule.min_diameter_mm):
            continue  # a rule with no condition would match nothing in particular
        if any(_matches(rule, f) for f in findings):
            rank = PRIORITIES.index(rule.priority)
            if best is None or rank < best.rank:
                best = Priority(rule.priority, rank, rule.name)
    if best is not None:
        return best
    default = config.default_priority
    return Priority(default, PRIORITIES.index(default), "no triage rule matched")


def effective_rank(rank: int, waited_h: float, age_cap_h: float) -> int:
    """The rank after the age cap: one level higher per ``age_cap_h`` waited, never above urgent."""
    raised = math.floor(max(waited_h, 0.0) / age_cap_h)
    return max(rank - raised, 0)


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

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("received_at", "analysed_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def worklist(
    db: Database, now: datetime, limit: int = 50, *, config: TriageConfig | None = None
) -> list[WorklistEntry]:
    """Analysed studies in reading order: effective priority, then longest wait first."""
    triage = config or TriageConfig()
    rows = db.query_dicts(
        "SELECT study_uid, patient_id, priority, priority_reason, lung_rads, received_at, "
        "analysed_at FROM studies WHERE priority IS NOT NULL"
    )
    entries = []
    for row in rows:
        since = row["received_at"] or row["analysed_at"] or now
        waited_h = (now - since).total_seconds() / 3600.0
        rank = (
            PRIORITIES.index(row["priority"])
            if row["priority"] in PRIORITIES
            else len(PRIORITIES) - 1
        )
        effective = effective_rank(rank, waited_h, triage.age_cap_h)
        entries.append(
            WorklistEntry(
                study_uid=row["study_uid"],
                patient_id=row["patient_id"],
                priority=row["priority"],
                effective_priority=PRIORITIES[effective],
                reason=row["priority_reason"] or "",
                lung_rads=row["lung_rads"],
                waited_h=round(waited_h, 2),
                received_at=row["received_at"],
                analysed_at=row["analysed_at"],
            )
        )
    entries.sort(key=lambda e: (PRIORITIES.index(e.effective_priority), -e.waited_h, e.study_uid))
    return entries[:limit]
