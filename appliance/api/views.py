"""Read-only views of the catalogue that the API serves: the feed, a study's detail, the worklist.

Each function takes the catalogue and returns plain dicts ready for JSON. SQL is fixed here;
values come in as parameters. The worklist's order is triage's (:mod:`appliance.triage`); the
sending state comes from the results outbox (migration 0004).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from appliance.catalogue.database import Database
from appliance.config import TriageConfig
from appliance.triage import worklist as triage_worklist

__all__ = [
    "feed",
    "outbox_counts",
    "pacs_contact",
    "study_detail",
    "table_exists",
    "worklist",
]

_STUDY_COLUMNS = (
    "s.study_uid, s.patient_id, p.patient_name, s.accession, s.study_date, s.modality, "
    "s.body_part, s.description, s.source, s.received_at, s.analysed_at, s.lung_rads, "
    "s.priority, s.priority_rank, s.priority_reason"
)


def table_exists(db: Database, name: str) -> bool:
    rows = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(rows[0][0])


def outbox_counts(db: Database) -> dict[str, int] | None:
    """Outbox items by state, or None in a catalogue without an outbox."""
    if not table_exists(db, "outbox"):
        return None
    return {
        str(state): int(n)
        for state, n in db.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    }


def _sent_by_study(db: Database, study_uids: list[str]) -> dict[str, str]:
    """Per study, the worst state of its DICOM results in the outbox (the PACS state): failed,
    else pending, else sent. HL7 and FHIR messages (other channels) do not count here."""
    if not study_uids or not table_exists(db, "outbox"):
        return {}
    rows = db.execute(
        "SELECT study_uid, CASE WHEN bool_or(state = 'failed') THEN 'failed' "
        "WHEN bool_or(state = 'pending') THEN 'pending' ELSE 'sent' END FROM outbox "
        "WHERE study_uid IN (SELECT unnest(?)) AND channel = 'dicom' GROUP BY study_uid",
        [study_uids],
    )
    return {str(uid): str(state) for uid, state in rows}


def feed(db: Database, limit: int, data_dir: Path | None = None) -> list[dict[str, Any]]:
    """The newest series first, with receiving, completion, analysis and sending state.

    An analysis error that names a file under ``data_dir`` names it relative to it, as the
    catalogue does: where the data lives on the box is not the API's to tell.
    """
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
        if data_dir is not None and isinstance(row["analysis_error"], str):
            row["analysis_error"] = _relative_paths(row["analysis_error"], data_dir)
    return rows


def _relative_paths(text: str, data_dir: Path) -> str:
    root = str(data_dir).rstrip("/")
    return text.replace(root + "/", "").replace(root, ".")


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
        "FROM jobs WHERE study_uid = ? AND kind <> 'shadow_analysis' ORDER BY job_id",
        [study_uid],
    )
    report = db.query_dicts(
        "SELECT report_date, text, source, created_at FROM reports WHERE study_uid = ?", [study_uid]
    )
    study["report"] = report[0] if report else None
    study["sent_state"] = _sent_by_study(db, [study_uid]).get(study_uid)
    return study


def worklist(db: Database, now: datetime, triage: TriageConfig, limit: int) -> list[dict[str, Any]]:
    """The triage worklist (:func:`appliance.triage.worklist`: analysed studies, priority with
    the age cap, longest wait first), with what the screens show beside each study."""
    entries = [entry.to_json() for entry in triage_worklist(db, now, limit, config=triage)]
    extra = {
        str(row["study_uid"]): row
        for row in db.query_dicts(
            "SELECT s.study_uid, p.patient_name, s.description, s.accession, s.study_date, "
            "(SELECT count(*) FROM findings f WHERE f.study_uid = s.study_uid) AS findings "
            "FROM studies s LEFT JOIN patients p USING (patient_id) "
            "WHERE s.study_uid IN (SELECT unnest(?))",
            [[e["study_uid"] for e in entries]],
        )
    }
    for entry in entries:
        entry.update(
            {k: v for k, v in extra.get(entry["study_uid"], {}).items() if k != "study_uid"}
        )
        entry["aged"] = entry["effective_priority"] != entry["priority"]
    return entries


def pacs_contact(db: Database) -> dict[str, dict[str, Any]]:
    """Per destination, from the outbox: counts, last successful send and the last error since.

    ``reachable`` is False when the newest attempt failed after the last success, True after a
    success, None when nothing was tried yet. Outbox times are UTC and returned as such.
    """
    if not table_exists(db, "outbox"):
        return {}
    rows = db.query_dicts(
        "SELECT destination, count(*) FILTER (WHERE state = 'pending') AS pending, "
        "count(*) FILTER (WHERE state = 'sent') AS sent, "
        "count(*) FILTER (WHERE state = 'failed') AS failed, max(sent_at) AS last_sent_at, "
        "max(updated_at) FILTER (WHERE last_error IS NOT NULL AND state <> 'sent') AS error_at, "
        "arg_max(last_error, updated_at) FILTER (WHERE last_error IS NOT NULL AND state <> 'sent')"
        " AS last_error FROM outbox GROUP BY destination"
    )
    result = {}
    for row in rows:
        sent, error_at = row["last_sent_at"], row["error_at"]
        failing = error_at is not None and (sent is None or error_at > sent)
        row["reachable"] = False if failing else (True if sent is not None else None)
        row["last_contact_at"] = _utc(sent)
        row["last_error_at"] = _utc(row.pop("error_at"))
        row["last_sent_at"] = _utc(sent)
        result[str(row["destination"])] = row
    return result


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None else None
