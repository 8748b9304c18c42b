"""Triage rules: a study's reading priority from its findings, and the age cap on waiting.

Pure rules over typed values (findings, the ``triage`` configuration, hours waited), with no
catalogue access, so that the catalogue can apply them when it writes an analysis
(:func:`appliance.catalogue.findings.record_analysis`) and the shadow comparison
(:mod:`appliance.monitoring.agreement`) and ``scanside analyze`` can apply them to findings it
holds. The worklist that orders the catalogue's studies by them is :mod:`appliance.triage`.

Priority: each rule of ``config.triage.rules`` that matches any of the study's findings proposes
its priority; the study gets the highest proposed (urgent > high > routine > low), or
``triage.default_priority`` when no rule matches. The reason is the matching rule's name.

Age cap: while a study waits (from its first image), it is raised one level for every
``age_cap_h`` hours, up to urgent (:func:`effective_rank`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable

from appliance.config import PRIORITIES, TriageConfig, TriageRule
from appliance.findings import Finding

__all__ = ["Priority", "effective_rank", "prioritise"]


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
