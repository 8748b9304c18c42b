"""When a series counts as complete, and what late images do."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydicom.uid import generate_uid

from appliance.catalogue import jobs
from appliance.ingest.recorder import utcnow
from tests.appliance.ingest.conftest import Running, ct_slice, make_config


def _series(running: Running, uid: str) -> dict[str, object]:
    return running.rows("SELECT * FROM series WHERE series_uid = ?", [uid])[0]


def _jobs(running: Running, uid: str) -> list[dict[str, object]]:
    return running.rows("SELECT * FROM jobs WHERE series_uid = ? ORDER BY job_id", [uid])


def _quiet_running(tmp_path: Path) -> Running:
    # check_interval is long: the tests call check() themselves, with a chosen clock.
    config = make_config(tmp_path, completion={"quiet_s": {"CT": 20.0}, "check_interval_s": 3600.0})
    return Running(config)


def test_a_series_completes_after_the_quiet_period_of_its_modality(tmp_path: Path) -> None:
    running = _quiet_running(tmp_path)
    try:
        study, series = generate_uid(), generate_uid()
        for i in range(3):
            assert running.receive(ct_slice(study, series, i)) == 0
        running.settle()
        monitor = running.parts.completion
        assert monitor.check(utcnow() + timedelta(seconds=5)) == []
        assert monitor.check(utcnow() + timedelta(seconds=21)) == [series]
        row = _series(running, series)
        assert (row["state"], row["instance_count"], row["completion_reason"]) == (
            "complete",
            3,
            "quiet period",
        )
        assert [j["kind"] for j in _jobs(running, series)] == [jobs.ANALYSE_SERIES]
    finally:
        running.close()


def test_a_series_completes_at_once_when_the_expected_count_arrives(tmp_path: Path) -> None:
    running = _quiet_running(tmp_path)
    try:
        study, series = generate_uid(), generate_uid()
        for i in range(4):
            running.receive(ct_slice(study, series, i, expected=4))
        running.settle()
        assert running.parts.completion.check(utcnow()) == [series]
        assert _series(running, series)["completion_reason"] == "expected count"
    finally:
        running.close()


def test_late_images_reopen_the_series_and_queue_it_again(tmp_path: Path) -> None:
    running = _quiet_running(tmp_path)
    try:
        study, series = generate_uid(), generate_uid()
        monitor = running.parts.completion
        running.receive(ct_slice(study, series, 0))
        running.settle()
        monitor.check(utcnow() + timedelta(seconds=30))
        first_job = _jobs(running, series)[0]["job_id"]
        running.service.db.execute("UPDATE jobs SET state = 'done' WHERE job_id = ?", [first_job])

        running.receive(ct_slice(study, series, 1))
        running.settle()
        assert _series(running, series)["state"] == "receiving"
        assert monitor.check(utcnow() + timedelta(seconds=30)) == [series]
        row = _series(running, series)
        assert (row["state"], row["instance_count"], row["completions"]) == ("complete", 2, 2)
        assert [j["state"] for j in _jobs(running, series)] == ["done", "queued"]
    finally:
        running.close()


def test_an_identical_copy_does_not_reopen_a_complete_series(tmp_path: Path) -> None:
    running = _quiet_running(tmp_path)
    try:
        study, series = generate_uid(), generate_uid()
        ds = ct_slice(study, series, 0)
        running.receive(ds)
        running.settle()
        running.parts.completion.check(utcnow() + timedelta(seconds=30))
        assert running.receive(ds) == 0
        assert _series(running, series)["state"] == "complete"
        assert running.parts.receiver.counts["duplicates"] == 1
    finally:
        running.close()
