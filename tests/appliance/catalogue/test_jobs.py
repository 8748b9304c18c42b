"""The job queue survives restarts and retries a failed job once before giving up."""

from __future__ import annotations

from pathlib import Path

from appliance.catalogue import jobs
from appliance.catalogue.database import open_database


def test_a_queued_series_is_queued_once(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        first = jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1.2", series_uid="1.2.3")
        again = jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1.2", series_uid="1.2.3")
        assert first == again
        assert jobs.counts_by_state(db)["queued"] == 1


def test_claim_runs_the_oldest_and_counts_attempts(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        a = jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1", series_uid="1.1")
        jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1", series_uid="1.2")
        job = jobs.claim_next(db)
        assert job is not None and job.job_id == a and job.attempts == 1 and job.state == "running"


def test_a_failed_job_is_retried_once_then_fails_with_its_reason(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1", series_uid="1.1")
        job = jobs.claim_next(db)
        assert job is not None
        assert jobs.fail(db, job.job_id, "worker crashed", max_attempts=2) == "queued"
        job = jobs.claim_next(db)
        assert job is not None and job.attempts == 2
        assert jobs.fail(db, job.job_id, "worker crashed again", max_attempts=2) == "failed"
        assert jobs.claim_next(db) is None
        assert db.execute("SELECT error FROM jobs")[0][0] == "worker crashed again"


def test_running_jobs_are_requeued_after_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with open_database(path) as db:
        jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1", series_uid="1.1")
        assert jobs.claim_next(db) is not None
    with open_database(path) as db:  # the "restart"
        assert jobs.requeue_interrupted(db) == 1
        assert jobs.counts_by_state(db)["queued"] == 1
