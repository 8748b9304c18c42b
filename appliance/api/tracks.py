"""A nodule's history: every finding of its track, one per exam, oldest first.

The TUI's nodule history screen (``appliance/tui/history.py``) shows how a nodule changed from
exam to exam and puts an earlier exam's slice beside the current one. It asks for
``GET /api/v1/findings/{finding_id}/history``, which :func:`nodule_history` answers from the
catalogue: the findings that share the finding's ``track_id`` (issue 19's tracks,
docs/analysis.md), limited to the same patient (an imported cohort's track ids need not be
unique across patients), each with its study date, size, change since its prior, volume
doubling time, follow-up status and whether its images are in the store (a prior read from a
PACS SR has none, so no slice of it can be drawn).
"""

from __future__ import annotations

from typing import Any

from appliance.api.preview import UnknownFindingError
from appliance.catalogue.database import Database

__all__ = ["nodule_history"]

_EXAM_COLUMNS = (
    "f.finding_id, f.study_uid, f.series_uid, s.study_date, s.source AS study_source, "
    "f.source, f.kind, f.lobe, f.attenuation, f.diameter_mm, f.volume_mm3, f.lung_rads, "
    "f.follow_up, f.prior_finding_id, f.prior_diameter_mm, f.interval_days, f.growth_mm, "
    "f.volume_change_pct, f.volume_doubling_days, "
    "EXISTS (SELECT 1 FROM instances i WHERE i.series_uid = f.series_uid) AS has_images"
)


def nodule_history(db: Database, finding_id: str) -> dict[str, Any]:
    """The finding's track: ``{"finding_id", "track_id", "patient_id", "exams": [...]}``, the
    exams oldest first (a finding without a track is its own one exam). Raises
    :class:`UnknownFindingError` for a finding not in the catalogue."""
    found = db.query_dicts(
        "SELECT f.track_id, s.patient_id FROM findings f JOIN studies s USING (study_uid) "
        "WHERE f.finding_id = ?",
        [finding_id],
    )
    if not found:
        raise UnknownFindingError(f"no finding {finding_id!r}")
    track_id, patient_id = found[0]["track_id"], found[0]["patient_id"]
    if track_id is None:
        condition, values = "f.finding_id = ?", [finding_id]
    else:
        condition, values = "f.track_id = ? AND s.patient_id = ?", [track_id, patient_id]
    exams = db.query_dicts(
        f"SELECT {_EXAM_COLUMNS} FROM findings f JOIN studies s USING (study_uid) "  # noqa: S608
        f"WHERE {condition} ORDER BY s.study_date NULLS LAST, f.finding_id",
        values,
    )
    return {
        "finding_id": finding_id,
        "track_id": track_id,
        "patient_id": patient_id,
        "exams": exams,
    }
