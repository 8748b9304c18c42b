"""Writing an analysis into the catalogue: its findings, and the study's category and priority.

The analysis dispatcher calls :func:`record_analysis` once per analysed series, after the
follow-up comparison (:mod:`appliance.inference.priors`) has set each finding's track, growth and
category. It also keeps the series' inputs and what the model said for drift monitoring
(:func:`appliance.catalogue.monitoring.record_monitoring`) and its detection candidates that
were not reported (:func:`appliance.catalogue.candidates.record_candidates`). Re-analysing a
series replaces that series' previous findings (those with ``source = 'analysis'``), in one
transaction with the study's update, so readers never see a half-written result. The study's
Lung-RADS category and triage priority are computed over all its findings (every series), so a
study with two analysed series gets the worse of both.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

import duckdb

from appliance.catalogue import jobs
from appliance.catalogue.candidates import record_candidates
from appliance.catalogue.database import Database
from appliance.catalogue.monitoring import record_monitoring
from appliance.config import TriageConfig
from appliance.findings import Finding, SeriesAnalysis, highest_lung_rads
from appliance.priority import Priority, prioritise

__all__ = ["finding_from_row", "record_analysis", "study_findings", "study_priority"]

_INSERT = (
    "INSERT INTO findings (finding_id, study_uid, series_uid, kind, lobe, side, long_axis_mm, "
    "short_axis_mm, diameter_mm, volume_mm3, mean_hu, attenuation, solid_component_mm, margin, "
    "calcified, lung_rads, track_id, confidence, center_mm, model_name, model_version, "
    "follow_up, prior_finding_id, prior_study_uid, prior_diameter_mm, interval_days, growth_mm, "
    "volume_change_pct, volume_doubling_days, source) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, 'analysis')"
)


def _row(analysis: SeriesAnalysis, f: Finding) -> list[object]:
    return [
        f.finding_id, analysis.study_uid, analysis.series_uid, f.kind, f.lobe, f.side,
        f.long_axis_mm, f.short_axis_mm, f.diameter_mm, f.volume_mm3, f.mean_hu, f.attenuation,
        f.solid_component_mm, f.margin, f.calcified, f.lung_rads, f.track_id, f.confidence,
        list(f.center_mm), analysis.model_name, analysis.model_version,
        f.follow_up, f.prior_finding_id, f.prior_study_uid, f.prior_diameter_mm, f.interval_days,
        f.growth_mm, f.volume_change_pct, f.volume_doubling_days,
    ]  # fmt: skip


def study_findings(db: Database, study_uid: str) -> list[Finding]:
    """The study's findings (all series, all sources) as Finding objects, for triage."""
    rows = db.query_dicts(
        "SELECT finding_id, kind, lobe, long_axis_mm, short_axis_mm, diameter_mm, volume_mm3, "
        "mean_hu, attenuation, solid_component_mm, margin, calcified, lung_rads, confidence, "
        "center_mm, side, track_id FROM findings WHERE study_uid = ? ORDER BY finding_id",
        [study_uid],
    )
    return [finding_from_row(row) for row in rows]


_FINDING_FIELDS = frozenset(f.name for f in dataclasses.fields(Finding)) - {"center_mm"}


def finding_from_row(row: dict[str, Any]) -> Finding:
    """A catalogue row (``findings`` or ``shadow_findings``) as a Finding; columns that are not
    Finding fields (``series_uid``...) are left out."""
    return Finding(
        **{k: v for k, v in row.items() if k in _FINDING_FIELDS},
        center_mm=tuple(row["center_mm"] or (0.0, 0.0, 0.0)),  # type: ignore[arg-type]
    )


@dataclasses.dataclass(frozen=True)
class FinishedJob:
    """The analysis job whose result :func:`record_analysis` stores: marked done in the same
    transaction, its detail with the study's new ``priority`` added."""

    job_id: int
    detail: dict[str, Any]


def record_analysis(
    db: Database,
    analysis: SeriesAnalysis,
    triage: TriageConfig,
    *,
    now: datetime | None = None,
    job: FinishedJob | None = None,
) -> Priority:
    """Store the series' findings (replacing older ones); update the study; mark ``job`` done;
    return the study's priority. All or nothing: a crash leaves either the old findings with
    the job to run again, or the new ones with the job done."""
    with db.transaction() as con:
        con.execute(
            "DELETE FROM findings WHERE series_uid = ? AND source = 'analysis'",
            [analysis.series_uid],
        )
        for finding in analysis.findings:
            con.execute(_INSERT, _row(analysis, finding))
        findings = study_findings(db, analysis.study_uid)  # same connection: sees the new rows
        priority = prioritise(findings, triage)
        lung_rads = highest_lung_rads([f.lung_rads for f in findings])
        con.execute(
            "UPDATE studies SET lung_rads = ?, priority = ?, priority_rank = ?, "
            "priority_reason = ?, "
            "analysed_at = coalesce(?, current_timestamp) WHERE study_uid = ?",
            [lung_rads, priority.priority, priority.rank, priority.reason, now, analysis.study_uid],
        )
        box = analysis.lung_box_mm
        con.execute(
            "UPDATE series SET analysis_mode = ?, analysis_limitations = ?, lung_box_mm = ?, "
            "comparison = ?, validation_warnings = ? WHERE series_uid = ?",
            [
                analysis.mode, list(analysis.limitations),
                [*box[0], *box[1]] if box else None,
                json.dumps(analysis.comparison) if analysis.comparison else None,
                list(analysis.validation_warnings), analysis.series_uid,
            ],
        )  # fmt: skip
        record_monitoring(con, analysis, now or _now(con))
        record_candidates(con, analysis)
        if job is not None:
            jobs.finish_in(con, job.job_id, {**job.detail, "priority": priority.priority})
    return priority


def _now(con: duckdb.DuckDBPyConnection) -> datetime:
    """The catalogue's clock (``current_timestamp``, as ``analysed_at`` uses)."""
    value = con.execute("SELECT current_timestamp::TIMESTAMP").fetchall()[0][0]
    assert isinstance(value, datetime)
    return value


def study_priority(db: Database, study_uid: str) -> str | None:
    """The study's current triage priority (None before it is analysed), e.g. for a results
    publisher called after :func:`record_analysis`."""
    rows = db.execute("SELECT priority FROM studies WHERE study_uid = ?", [study_uid])
    return str(rows[0][0]) if rows and rows[0][0] is not None else None
