"""Keeping a shadow version's answers apart from the live ones.

A shadow version (``inference.shadow_versions``) analyses the same series as the live model;
:func:`record_shadow_analysis` stores what it found in ``shadow_analyses`` and
``shadow_findings`` (migration 0016), tables that the worklist, triage and the results delivery
never read, so its answers cannot reach a reader, PACS or the RIS. They are kept, with their
version, for comparing versions (issue 21, item 2). Cohort questions read them only when the
question names the version ("nodules found by shadow model 0.3.0", :mod:`query.versions`).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from appliance.catalogue.database import Database
from appliance.findings import Finding, SeriesAnalysis

__all__ = ["record_shadow_analysis", "shadow_findings"]

_FINDING = (
    "INSERT INTO shadow_findings (finding_id, series_uid, study_uid, model_name, model_version, "
    "kind, lobe, side, long_axis_mm, short_axis_mm, diameter_mm, volume_mm3, mean_hu, "
    "attenuation, solid_component_mm, margin, calcified, lung_rads, confidence, center_mm) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ANALYSIS = (
    "INSERT INTO shadow_analyses (series_uid, study_uid, model_name, model_version, analysed_at, "
    "lung_rads, findings, mode, analysis_s, timings_s, validation_warnings) "
    "VALUES (?, ?, ?, ?, coalesce(?, current_timestamp), ?, ?, ?, ?, ?, ?)"
)
_KEY = "series_uid = ? AND model_name = ? AND model_version = ?"


def _finding_row(a: SeriesAnalysis, f: Finding) -> list[Any]:
    return [
        f.finding_id, a.series_uid, a.study_uid, a.model_name, a.model_version, f.kind, f.lobe,
        f.side, f.long_axis_mm, f.short_axis_mm, f.diameter_mm, f.volume_mm3, f.mean_hu,
        f.attenuation, f.solid_component_mm, f.margin, f.calcified, f.lung_rads, f.confidence,
        list(f.center_mm),
    ]  # fmt: skip


def record_shadow_analysis(
    db: Database, analysis: SeriesAnalysis, *, now: datetime | None = None
) -> None:
    """Store (or replace) one shadow version's analysis of one series, in one transaction."""
    key = [analysis.series_uid, analysis.model_name, analysis.model_version]
    with db.transaction() as con:
        con.execute(f"DELETE FROM shadow_findings WHERE {_KEY}", key)  # noqa: S608
        con.execute(f"DELETE FROM shadow_analyses WHERE {_KEY}", key)  # noqa: S608
        for finding in analysis.findings:
            con.execute(_FINDING, _finding_row(analysis, finding))
        con.execute(
            _ANALYSIS,
            [
                *key[:1], analysis.study_uid, *key[1:], now, analysis.lung_rads,
                len(analysis.findings), analysis.mode,
                round(sum(analysis.timings_s.values()), 3), json.dumps(analysis.timings_s),
                list(analysis.validation_warnings),
            ],
        )  # fmt: skip


def shadow_findings(db: Database, series_uid: str, model_version: str) -> list[dict[str, Any]]:
    """One shadow version's findings on one series, as rows."""
    return db.query_dicts(
        "SELECT * FROM shadow_findings WHERE series_uid = ? AND model_version = ? "
        "ORDER BY finding_id",
        [series_uid, model_version],
    )
