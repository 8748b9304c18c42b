"""The durable job queue in the catalogue.

Completion of a series enqueues an ``analyse_series`` job; the analysis dispatcher claims jobs,
runs them apart from the receiver and records the outcome. Because the queue is a table in the
catalogue, a crash loses nothing: :func:`requeue_interrupted` puts jobs that were ``running``
back to ``queued`` at start-up. A job that fails is retried until ``max_attempts`` tries have
been made, then stays ``failed`` with the reason a technologist can read.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

import duckdb

from appliance.catalogue.database import Database

__all__ = [
    "ANALYSE_SERIES",
    "SHADOW_ANALYSIS",
    "Job",
    "claim_next",
    "counts_by_state",
    "enqueue",
    "fail",
    "finish",
    "finish_in",
    "has_queued",
    "release",
    "requeue_interrupted",
    "skip",
]

ANALYSE_SERIES = "analyse_series"
SHADOW_ANALYSIS = "shadow_analysis"
"""A shadow version's analysis of a series (the job's ``model`` names it, NAME@VERSION)."""
STATES = ("queued", "running", "done", "failed", "skipped")


@dataclasses.dataclass(frozen=True)
class Job:
    job_id: int
    kind: str
    study_uid: str | None
    series_uid: str | None
    state: str
    attempts: int
    error: str | None
    created_at: datetime
    model: str | None = None
    """NAME@VERSION for a shadow analysis; None: the live model that routing picks."""


_COLUMNS = "job_id, kind, study_uid, series_uid, state, attempts, error, created_at, model"


def _job(row: tuple[Any, ...]) -> Job:
    return Job(*row)


def enqueue(
    db: Database,
    kind: str,
    *,
    study_uid: str | None,
    series_uid: str | None,
    model: str | None = None,
) -> int:
    """Queue a job unless the same one is already queued; return its id.

    A series that reopens (late images) while its job is still queued keeps that one job.
    """
    with db.transaction() as con:
        row = con.execute(
            "SELECT job_id FROM jobs WHERE kind = ? AND series_uid IS NOT DISTINCT FROM ? "
            "AND model IS NOT DISTINCT FROM ? AND state = 'queued'",
            [kind, series_uid, model],
        ).fetchone()
        if row:
            return int(row[0])
        new = con.execute(
            "INSERT INTO jobs (kind, study_uid, series_uid, model) VALUES (?, ?, ?, ?) "
            "RETURNING job_id",
            [kind, study_uid, series_uid, model],
        ).fetchone()
        assert new is not None
        return int(new[0])


def claim_next(db: Database, kind: str | None = None) -> Job | None:
    """Mark the oldest queued job ``running`` (one more attempt) and return it, or None."""
    with db.transaction() as con:
        sql = f"SELECT {_COLUMNS} FROM jobs WHERE state = 'queued'"  # noqa: S608 - constant columns
        params: list[Any] = []
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        row = con.execute(sql + " ORDER BY job_id LIMIT 1", params).fetchone()
        if row is None:
            return None
        job = _job(row)
        con.execute(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, "
            "started_at = current_timestamp, error = NULL WHERE job_id = ?",
            [job.job_id],
        )
    return dataclasses.replace(job, state="running", attempts=job.attempts + 1)


def finish(db: Database, job_id: int, detail: dict[str, Any] | None = None) -> None:
    with db.transaction() as con:
        finish_in(con, job_id, detail)


def finish_in(
    con: duckdb.DuckDBPyConnection, job_id: int, detail: dict[str, Any] | None = None
) -> None:
    """:func:`finish` inside the caller's transaction, so that a job is done exactly when what
    it wrote is (``findings.record_analysis``)."""
    con.execute(
        "UPDATE jobs SET state = 'done', finished_at = current_timestamp, detail = ? "
        "WHERE job_id = ?",
        [json.dumps(detail or {}), job_id],
    )


def skip(db: Database, job_id: int, reason: str) -> None:
    """The job does not apply (e.g. no model routes this series): done, with the reason."""
    db.execute(
        "UPDATE jobs SET state = 'skipped', finished_at = current_timestamp, detail = ? "
        "WHERE job_id = ?",
        [json.dumps({"reason": reason}), job_id],
    )


def fail(db: Database, job_id: int, error: str, *, max_attempts: int) -> str:
    """Record a failed try: ``queued`` again while tries remain, else ``failed``."""
    with db.transaction() as con:
        row = con.execute("SELECT attempts FROM jobs WHERE job_id = ?", [job_id]).fetchone()
        attempts = int(row[0]) if row else max_attempts
        state = "queued" if attempts < max_attempts else "failed"
        con.execute(
            "UPDATE jobs SET state = ?, error = ?, finished_at = "
            "CASE WHEN ? = 'failed' THEN current_timestamp ELSE NULL END WHERE job_id = ?",
            [state, error, state, job_id],
        )
    return state


def release(db: Database, job_id: int, reason: str) -> None:
    """Put a running job back in the queue without counting the try (it was stopped to make
    room for another, not failed)."""
    db.execute(
        "UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), error = ? "
        "WHERE job_id = ? AND state = 'running'",
        [reason, job_id],
    )


def has_queued(db: Database, kind: str) -> bool:
    """Whether a job of ``kind`` is waiting."""
    return bool(
        db.execute("SELECT 1 FROM jobs WHERE kind = ? AND state = 'queued' LIMIT 1", [kind])
    )


def requeue_interrupted(db: Database) -> int:
    """After a crash: jobs left ``running`` go back to ``queued``. Returns how many."""
    rows = db.execute(
        "UPDATE jobs SET state = 'queued', error = 'interrupted by a restart' "
        "WHERE state = 'running' RETURNING job_id"
    )
    return len(rows)


def counts_by_state(db: Database) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for state, n in db.execute("SELECT state, count(*) FROM jobs GROUP BY state"):
        counts[str(state)] = int(n)
    return counts
