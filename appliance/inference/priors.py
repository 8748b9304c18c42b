"""Comparing a new analysis with the patient's latest earlier analysed chest CT in the catalogue.

The analysis dispatcher calls :func:`compare_with_priors` between the worker's result and
:func:`appliance.catalogue.findings.record_analysis`. It finds the prior
(:mod:`appliance.catalogue.priors`), aligns and matches the findings
(:mod:`appliance.inference.tracking`), gives every finding a ``track_id`` (its prior's, or a new
one), its growth, volume change and volume doubling time, and its follow-up Lung-RADS category
(:mod:`appliance.inference.followup`). ``SeriesAnalysis.comparison`` says which prior was used,
how it was aligned and which prior findings were not seen again (resolved).

With ``followup.pacs_priors`` set, the patient's earlier ScanSide SRs on those PACS are first
fetched (:mod:`appliance.inference.pacs_priors`) and stored in the catalogue as priors.

The latest prior series is matched first; current findings it leaves unmatched are then matched
with the older priors in the look-back, latest first (a nodule the latest exam missed is not
new: it continues its older track). The track's history (first diameter, number of exams)
comes from the catalogue for the slow-growth rule.

A finding still unmatched after that is *new* unless the latest prior's detector saw it: when one
of that prior's recorded unreported candidates (:mod:`appliance.catalogue.candidates`) lies
within :class:`~appliance.inference.unreported.SeenOnPrior`'s radius of it after the comparison's
alignment, it is ``seen-on-prior`` (present on the prior, not reported) with the baseline
category by size (``docs/analysis.md``, "Present on the prior, not reported").
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from appliance.catalogue import priors as catalogue
from appliance.catalogue.candidates import series_candidates
from appliance.catalogue.database import Database
from appliance.config import FollowUpConfig
from appliance.findings import Finding, SeriesAnalysis, highest_lung_rads
from appliance.inference.followup import Prior, categorise_follow_up
from appliance.inference.pacs_priors import PriorReport
from appliance.inference.tracking import Match, match, volume_doubling_days
from appliance.inference.unreported import SeenOnPrior
from appliance.results.reader import ReportedFinding

__all__ = ["Remote", "compare_with_priors", "new_track_id"]


def new_track_id(series_uid: str, finding_id: str) -> str:
    """A track's id, derived from its first finding so re-analysis gives the same one."""
    return "T" + hashlib.sha256(f"{series_uid}/{finding_id}".encode()).hexdigest()[:20]


def _categorised(
    f: Finding, prior: Prior | None, had_prior_exam: bool, *, seen_on_prior: bool = False
) -> Finding:
    category, status, _ = categorise_follow_up(
        f.attenuation, f.diameter_mm, prior, had_prior_exam=had_prior_exam,
        solid_component_mm=f.solid_component_mm, calcified=f.calcified, margin=f.margin,
        seen_on_prior=seen_on_prior,
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


@dataclasses.dataclass(frozen=True)
class _Older:
    """What the latest prior left for the older ones."""

    unmatched: tuple[int, ...]
    """Indices of the current findings the latest prior did not match."""
    series: list[catalogue.PriorSeries]
    """The older priors, latest first."""
    latest: list[catalogue.PriorFindingRow]
    """The latest prior's findings: their tracks were seen there, matched or resolved."""


def _match_older(
    db: Database, analysis: SeriesAnalysis, findings: tuple[Finding, ...], older: _Older, *,
    today: date, config: FollowUpConfig,
) -> tuple[tuple[Finding, ...], list[dict[str, Any]]]:  # fmt: skip
    """Match what the latest prior left unmatched with the older priors, latest first.

    A nodule the latest exam missed (or did not cover) is then not called new: it continues
    its track from the older exam and is compared with it (growth over the longer interval).
    Only older findings whose track the latest prior did not hold are candidates."""
    remaining = list(older.unmatched)
    seen = {o.track_id for o in older.latest if o.track_id}
    updated = list(findings)
    used: list[dict[str, Any]] = []
    for series in older.series:
        olds = [
            o for o in catalogue.prior_findings(db, series.series_uid) if o.track_id not in seen
        ]
        if not remaining or not olds:
            continue
        found = match(
            [analysis.findings[i].center_mm for i in remaining], [o.center_mm for o in olds],
            current_lungs=analysis.lung_box_mm, prior_lungs=series.lung_box_mm,
            max_distance_mm=config.max_distance_mm, consensus_mm=config.consensus_mm,
        )  # fmt: skip
        if not found.pairs:
            continue
        days = (today - series.study_date).days
        history = catalogue.track_history(db, [o.track_id for o in olds if o.track_id], today)
        adopted: dict[str, str] = {}
        for r, c in found.pairs:
            old = olds[c]
            f, prior = _compared(
                analysis.findings[remaining[r]], old, series, days, history.get(old.track_id or "")
            )
            if old.track_id is None:
                adopted[old.finding_id] = str(f.track_id)
            seen.add(str(f.track_id))
            updated[remaining[r]] = _categorised(f, prior, had_prior_exam=True)
        if adopted:
            catalogue.adopt_track_ids(db, adopted)
        used.append({
            "prior_study_uid": series.study_uid, "prior_series_uid": series.series_uid,
            "prior_study_date": series.study_date.isoformat(), "interval_days": days,
            "matched": [analysis.findings[remaining[r]].finding_id for r, _ in found.pairs],
        })  # fmt: skip
        remaining = [remaining[r] for r in found.new]
    return tuple(updated), used


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


def _seen_on_prior(
    db: Database,
    findings: tuple[Finding, ...],
    series: catalogue.PriorSeries,
    found: Match,
    radius_mm: float,
) -> tuple[Finding, ...]:
    """The findings still ``new`` that the latest prior's unreported candidates within
    ``radius_mm`` show were present on it (module doc), recategorised as ``seen-on-prior``."""
    new = [i for i, f in enumerate(findings) if f.follow_up == "new"]
    if not new or radius_mm <= 0:
        return findings
    candidates = series_candidates(db, series.series_uid)
    rule = SeenOnPrior(radius_mm=radius_mm)
    seen = rule.present([findings[i].center_mm for i in new], candidates, found.alignment)
    updated = list(findings)
    for i, present in zip(new, seen, strict=True):
        if present:
            updated[i] = _categorised(findings[i], None, had_prior_exam=True, seen_on_prior=True)
    return tuple(updated)


Remote = Callable[[str, date, date], tuple[list[PriorReport], list[str]]]
"""``(patient_id, since, before) -> (reports, errors)``: :func:`pacs_priors.remote_priors`."""


def _remote_finding(prior: PriorReport, f: ReportedFinding) -> catalogue.RemoteFinding:
    series = prior.report.source_series_uid or prior.report.sop_instance_uid
    track = f.finding_id if f.finding_id.startswith("T") and len(f.finding_id) == 21 else None
    return catalogue.RemoteFinding(
        finding_id=f"{series}/{f.finding_id}"[-64:], track_id=track, kind=f.kind, lobe=f.lobe,
        long_axis_mm=f.long_axis_mm, short_axis_mm=f.short_axis_mm, diameter_mm=f.diameter_mm,
        volume_mm3=f.volume_mm3, mean_hu=f.mean_hu, attenuation=f.attenuation, margin=f.margin,
        calcified=f.calcified, lung_rads=f.lung_rads, center_mm=prior.centre_of(f),
    )  # fmt: skip


def _fetch_remote(
    db: Database, remote: Remote, patient_id: str, since: date, before: date
) -> dict[str, Any]:
    """Store the PACS's priors in the catalogue; what was fetched and which PACS failed."""
    reports, errors = remote(patient_id, since, before)
    stored = []
    for prior in reports:
        report = prior.report
        if catalogue.record_remote_prior(
            db, patient_id=patient_id, study_uid=report.study_uid,
            series_uid=report.source_series_uid or report.sop_instance_uid,
            study_date=prior.study_date, lung_rads=report.lung_rads,
            findings=[_remote_finding(prior, f) for f in report.findings],
        ):  # fmt: skip
            stored.append(f"{prior.pacs}: {report.study_uid}")
    return {"pacs_fetched": stored, "pacs_errors": errors}


def _same_issuer(
    priors: list[catalogue.PriorSeries], issuer: str | None
) -> tuple[list[catalogue.PriorSeries], list[str]]:
    """The priors whose Issuer of Patient ID is the current study's (or unstated on either
    side), and a sentence for each refused: the same patient ID from another issuer is
    another patient."""
    if issuer is None:
        return priors, []
    kept = [p for p in priors if p.issuer is None or p.issuer == issuer]
    refused = [
        f"study {p.study_uid} refused: its Issuer of Patient ID {p.issuer!r} is not {issuer!r}"
        for p in priors
        if p not in kept
    ]
    return kept, refused


def compare_with_priors(
    db: Database, analysis: SeriesAnalysis, config: FollowUpConfig, *, remote: Remote | None = None
) -> SeriesAnalysis:
    """The analysis with tracks, growth and follow-up categories (see the module doc).

    ``remote`` (from :func:`appliance.inference.pacs_priors.remote_priors`) first brings the
    patient's earlier ScanSide SRs from the PACS named in ``followup.pacs_priors`` into the
    catalogue; a PACS that fails is named in the comparison and the catalogue is used alone.
    """
    known = catalogue.study_date(db, analysis.study_uid)
    if not config.enabled or known is None:
        reason = "follow-up disabled" if not config.enabled else "the study has no date"
        return _baseline(analysis, {"priors": [], "reason": reason})
    patient_id, today = known
    since = today - timedelta(days=config.look_back_days)
    fetched = _fetch_remote(db, remote, patient_id, since, today) if remote else {}
    found_priors, refused = _same_issuer(
        catalogue.prior_series(db, patient_id, analysis.study_uid, today, since),
        catalogue.study_issuer(db, analysis.study_uid),
    )
    if refused:
        fetched = {**fetched, "refused": refused}
    if not found_priors:
        return _baseline(analysis, {"priors": [], **fetched})
    series = found_priors[0]
    olds = catalogue.prior_findings(db, series.series_uid)
    found = match(
        [f.center_mm for f in analysis.findings], [o.center_mm for o in olds],
        current_lungs=analysis.lung_box_mm, prior_lungs=series.lung_box_mm,
        max_distance_mm=config.max_distance_mm, consensus_mm=config.consensus_mm,
    )  # fmt: skip
    findings = _apply(db, analysis, series, found, olds=olds, today=today)
    findings, older = _match_older(
        db, analysis, findings, _Older(found.new, found_priors[1:], olds), today=today,
        config=config,
    )  # fmt: skip
    findings = _seen_on_prior(db, findings, series, found, config.seen_on_prior_mm)
    comparison = {
        "priors": [series.study_uid, *(o["prior_study_uid"] for o in older)],
        **_summary(series, found, olds, today),
        "new": sum(f.follow_up == "new" for f in findings),
        "seen_on_prior": [f.finding_id for f in findings if f.follow_up == "seen-on-prior"],
        "older": older,
        **fetched,
    }
    return dataclasses.replace(
        analysis, findings=findings, comparison=comparison,
        lung_rads=highest_lung_rads([f.lung_rads for f in findings]),
    )  # fmt: skip
