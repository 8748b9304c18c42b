"""Comparing a new analysis with the patient's latest earlier analysed chest CT in the catalogue.

The analysis dispatcher calls :func:`compare_with_priors` between the worker's result and
:func:`appliance.catalogue.findings.record_analysis`. It finds the prior
(:mod:`appliance.catalogue.priors`), aligns and matches the findings
(:mod:`appliance.inference.tracking`), gives every finding a ``track_id`` (its prior's, or a new
one), its growth, volume change and volume doubling time, and its follow-up Lung-RADS category
(:mod:`appliance.inference.followup`). ``SeriesAnalysis.comparison`` says which prior was used,
how it was aligned and which prior findings were not seen again (resolved).

Only the latest prior series is matched; the track's history (first diameter, number of exams)
comes from the catalogue for the slow-growth rule.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, timedelta
from typing import Any

from appliance.catalogue import priors as catalogue
from appliance.catalogue.database import Database
from appliance.config import FollowUpConfig
from appliance.findings import Finding, SeriesAnalysis, highest_lung_rads
from appliance.inference.followup import Prior, categorise_follow_up
from appliance.inference.tracking import Match, match, volume_doubling_days

__all__ = ["compare_with_priors", "new_track_id"]


def new_track_id(series_uid: str, finding_id: str) -> str:
    """A track's id, derived from its first finding so re-analysis gives the same one."""
    return "T" + hashlib.sha256(f"{series_uid}/{finding_id}".encode()).hexdigest()[:20]


def _categorised(f: Finding, prior: Prior | None, had_prior_exam: bool) -> Finding:
    category, status, _ = categorise_follow_up(
        f.attenuation, f.diameter_mm, prior, had_prior_exam=had_prior_exam,
        solid_component_mm=f.solid_component_mm, calcified=f.calcified, margin=f.margin,
    )  # fmt: skip
    return dataclasses.replace(f, lung_rads=category, follow_up=status)


def _baseline(analysis: SeriesAnalysis, comparison: dict[str, Any]) -> SeriesAnalysis:
    findings = tuple(
        dataclasses.replace(
            f, track_id=new_track_id(analysis.series_uid, f.finding_id), follow_up="baseline"
        )
        for f in analysis.findings
    )
    return dataclasses.replace(analysis, findings=findings, comparison=comparison)


def _compared(
    f: Finding, old: catalogue.PriorFindingRow, series: catalogue.PriorSeries, days: int,
    history: tuple[float, int] | None,
) -> tuple[Finding, Prior]:  # fmt: skip
    prior = Prior(
        diameter_mm=old.diameter_mm, lung_rads=old.lung_rads, interval_days=days,
        solid_component_mm=old.solid_component_mm, attenuation=old.attenuation,
        first_diameter_mm=history[0] if history else None, exams=history[1] if history else 1,
    )  # fmt: skip
    change = round(100.0 * (f.volume_mm3 / old.volume_mm3 - 1.0), 1) if old.volume_mm3 > 0 else None
    updated = dataclasses.replace(
        f,
        track_id=old.track_id or new_track_id(series.series_uid, old.finding_id),
        prior_finding_id=old.finding_id, prior_study_uid=series.study_uid,
        prior_diameter_mm=old.diameter_mm, interval_days=days,
        growth_mm=round(f.diameter_mm - old.diameter_mm, 1), volume_change_pct=change,
        volume_doubling_days=volume_doubling_days(f.volume_mm3, old.volume_mm3, days),
    )  # fmt: skip
    return updated, prior


def _apply(
    db: Database, analysis: SeriesAnalysis, series: catalogue.PriorSeries, found: Match, *,
    olds: list[catalogue.PriorFindingRow], today: date,
) -> tuple[Finding, ...]:  # fmt: skip
    days = (today - series.study_date).days
    tracks = [o.track_id for o in olds if o.track_id]
    history = catalogue.track_history(db, tracks, today)
    by_current = dict(found.pairs)
    adopted: dict[str, str] = {}
    findings: list[Finding] = []
    for i, f in enumerate(analysis.findings):
        if i not in by_current:
            fresh = dataclasses.replace(f, track_id=new_track_id(analysis.series_uid, f.finding_id))
            findings.append(_categorised(fresh, None, had_prior_exam=True))
            continue
        old = olds[by_current[i]]
        updated, prior = _compared(f, old, series, days, history.get(old.track_id or ""))
        if old.track_id is None:
            adopted[old.finding_id] = str(updated.track_id)
        findings.append(_categorised(updated, prior, had_prior_exam=True))
    if adopted:
        catalogue.adopt_track_ids(db, adopted)
    return tuple(findings)


def _summary(
    series: catalogue.PriorSeries, found: Match, olds: list[catalogue.PriorFindingRow], today: date
) -> dict[str, Any]:
    a = found.alignment
    return {
        "prior_study_uid": series.study_uid,
        "prior_series_uid": series.series_uid,
        "prior_study_date": series.study_date.isoformat(),
        "interval_days": (today - series.study_date).days,
        "alignment": {"method": a.method, "scale": list(a.scale), "offset_mm": list(a.offset),
                      "agreeing_pairs": a.agreeing},
        "matched": len(found.pairs),
        "new": len(found.new),
        "resolved": [{"finding_id": olds[j].finding_id, "track_id": olds[j].track_id,
                      "diameter_mm": olds[j].diameter_mm} for j in found.resolved],
    }  # fmt: skip


def compare_with_priors(
    db: Database, analysis: SeriesAnalysis, config: FollowUpConfig
) -> SeriesAnalysis:
    """The analysis with tracks, growth and follow-up categories (see the module doc)."""
    known = catalogue.study_date(db, analysis.study_uid)
    if not config.enabled or known is None:
        reason = "follow-up disabled" if not config.enabled else "the study has no date"
        return _baseline(analysis, {"priors": [], "reason": reason})
    patient_id, today = known
    since = today - timedelta(days=config.look_back_days)
    found_priors = catalogue.prior_series(db, patient_id, analysis.study_uid, today, since)
    if not found_priors:
        return _baseline(analysis, {"priors": []})
    series = found_priors[0]
    olds = catalogue.prior_findings(db, series.series_uid)
    found = match(
        [f.center_mm for f in analysis.findings], [o.center_mm for o in olds],
        current_lungs=analysis.lung_box_mm, prior_lungs=series.lung_box_mm,
        max_distance_mm=config.max_distance_mm, consensus_mm=config.consensus_mm,
    )  # fmt: skip
    findings = _apply(db, analysis, series, found, olds=olds, today=today)
    comparison = {"priors": [series.study_uid], **_summary(series, found, olds, today)}
    return dataclasses.replace(
        analysis, findings=findings, comparison=comparison,
        lung_rads=highest_lung_rads([f.lung_rads for f in findings]),
    )  # fmt: skip
