"""Read-only views of the catalogue that the API serves: the feed, a study's detail, the worklist.

Each function takes the catalogue and returns plain dicts ready for JSON. SQL is fixed here;
values come in as parameters. Three seams wait for other parts of ScanSide and are marked
``SEAM``: the triage worklist (``appliance.triage.worklist``), the outbox state
(``appliance.results``) and nothing else reads those tables before they exist.
"""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any

from appliance.catalogue.database import Database

__all__ = ["feed", "outbox_counts", "study_detail", "table_exists", "worklist"]

_STUDY_COLUMNS = (
    "s.study_uid, s.patient_id, p.patient_name, s.accession, s.study_date, s.modality, "
    "s.body_part, s.description, s.source, s.received_at, s.analysed_at, s.lung_rads, "
    "s.priority, s.priority_rank, s.priority_reason"
)


def table_exists(db: Database, name: str) -> bool:
    rows = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(rows[0][0])


def outbox_counts(db: Database) -> dict[str, int] | None:
    """SEAM (results branch): outbox items by state, or None while there is no outbox table."""
    if not table_exists(db, "outbox"):
        return None
    return {
        str(state): int(n)
        for state, n in db.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    }


def _sent_by_study(db: Database, study_uids: list[str]) -> dict[str, str]:
    """SEAM (results branch): per study, the outbox's least-advanced state ('sent' when all are)."""
    if not study_uids or not table_exists(db, "outbox"):
        return {}
    rows = db.execute(
        "SELECT study_uid, min(state) FILTER (WHERE state <> 'sent'), count(*) FROM outbox "
        "WHERE study_uid IN (SELECT unnest(?)) GROUP BY study_uid",
        [study_uids],
    )
    return {str(uid): str(pending) if pending else "sent" for uid, pending, _ in rows}


def feed(db: Database, limit: int) -> list[dict[str, Any]]:
    """The newest series first, with receiving, completion, analysis and sending state."""
    rows = db.query_dicts(
        "SELECT se.series_uid, se.study_uid, st.patient_id, se.modality, se.series_number, "
        "se.description, se.instance_count, se.expected_instances, se.state, se.calling_ae, "
        "se.first_received_at, se.last_received_at, se.completed_at, st.lung_rads, st.priority, "
        "j.state AS analysis_state, j.error AS analysis_error, j.attempts AS analysis_attempts "
        "FROM series se JOIN studies st USING (study_uid) "
        "LEFT JOIN (SELECT series_uid, state, error, attempts FROM jobs "
        "  WHERE kind = 'analyse_series' "
        "  QUALIFY row_number() OVER (PARTITION BY series_uid ORDER BY job_id DESC) = 1) j "
        "USING (series_uid) "
        "ORDER BY coalesce(se.last_received_at, se.first_received_at) DESC NULLS LAST LIMIT ?",
        [limit],
    )
    sent = _sent_by_study(db, sorted({str(r["study_uid"]) for r in rows}))
    for row in rows:
        row["sent_state"] = sent.get(str(row["study_uid"]))
    return rows


def study_detail(db: Database, study_uid: str) -> dict[str, Any] | None:
    """A study with its patient, series, findings, analysis jobs and report, or None."""
    found = db.query_dicts(
        f"SELECT {_STUDY_COLUMNS}, p.sex, p.birth_date, s.patient_age_years, s.station, "  # noqa: S608
        "s.institution FROM studies s LEFT JOIN patients p USING (patient_id) "
        "WHERE s.study_uid = ?",
        [study_uid],
    )
    if not found:
        return None
    study = found[0]
    study["series"] = db.query_dicts(
        "SELECT * FROM series WHERE study_uid = ? ORDER BY series_number NULLS LAST, series_uid",
        [study_uid],
    )
    study["findings"] = db.query_dicts(
        "SELECT * FROM findings WHERE study_uid = ? ORDER BY diameter_mm DESC NULLS LAST",
        [study_uid],
    )
    study["jobs"] = db.query_dicts(
        "SELECT job_id, kind, series_uid, state, attempts, error, created_at, finished_at "
        "FROM jobs WHERE study_uid = ? ORDER BY job_id",
        [study_uid],
    )
    report = db.query_dicts(
        "SELECT report_date, text, source, created_at FROM reports WHERE study_uid = ?", [study_uid]
    )
    study["report"] = report[0] if report else None
    study["sent_state"] = _sent_by_study(db, [study_uid]).get(study_uid)
    return study


def worklist(db: Database, now: datetime, age_cap_h: float, limit: int) -> list[dict[str, Any]]:
    """Studies to read, most urgent first, with the age cap applied.

    SEAM (analysis branch): when ``appliance.triage`` provides ``worklist(db, now, limit)``,
    its order is used; until then this query applies the same rule: a study waiting longer
    than ``age_cap_h`` is raised one level, and within a level the oldest comes first. A study
    not yet analysed has no priority and counts as routine.
    """
    triage = _triage_module()
    if triage is not None:
        return [_as_dict(item) for item in triage.worklist(db, now, limit)]
    return db.query_dicts(
        f"SELECT {_STUDY_COLUMNS}, "  # noqa: S608 - a constant column list
        "(SELECT count(*) FROM findings f WHERE f.study_uid = s.study_uid) AS findings, "
        "s.received_at < ? AS aged, "
        "greatest(coalesce(s.priority_rank, 2) - CASE WHEN s.received_at < ? THEN 1 ELSE 0 END, 0)"
        " AS effective_rank "
        "FROM studies s LEFT JOIN patients p USING (patient_id) WHERE s.source = 'dicom' "
        "ORDER BY effective_rank, s.received_at NULLS LAST, s.study_uid LIMIT ?",
        [now - timedelta(hours=age_cap_h), now - timedelta(hours=age_cap_h), limit],
    )


def _triage_module() -> Any:
    try:
        return importlib.import_module("appliance.triage")
    except ModuleNotFoundError as exc:
        if exc.name != "appliance.triage":
            raise
        return None


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, dict):
        return item
    to_json = getattr(item, "to_json", None)
    if callable(to_json):
        result: dict[str, Any] = to_json()
        return result
    return dict(vars(item))
