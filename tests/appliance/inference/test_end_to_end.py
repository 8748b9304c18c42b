"""End to end: a simulated study sent by C-STORE to the running service is analysed and triaged.

The service is assembled as ``scanside serve`` assembles it (ingest components, then the
analysis dispatcher), in this process; the study goes over a real DICOM association. The
requirement: findings and a priority in the catalogue within 60 s of the last image.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tiny_models import write_repository

from appliance.catalogue import jobs
from appliance.config import load_config
from appliance.inference.dispatcher import AnalysisDispatcher
from appliance.ingest.assembly import add_ingest
from appliance.service import Service
from appliance.simulate import SeriesUids, send_datasets, simulate_study, study_datasets
from appliance.simulate.followup import simulate_follow_up
from tests.conftest import REPO, free_port

pytestmark = pytest.mark.slow

SHIPPED_MODELS = REPO / "models"
DEADLINE_S = 60.0


def _models_dir(tmp_path: Path) -> Path:
    """The shipped reference model when this checkout has it, else the test threshold model."""
    if (SHIPPED_MODELS / "lung_nodule" / "manifest.json").is_file():
        return SHIPPED_MODELS
    return write_repository(tmp_path / "models")


def test_a_study_sent_to_the_service_is_analysed_within_a_minute(tmp_path: Path) -> None:
    port = free_port()
    config = load_config(
        None,
        overrides={
            "storage": {"data_dir": str(tmp_path / "data"), "min_free_mb": 0, "warn_free_mb": 0},
            "dicom": {"port": port},
            "completion": {"quiet_s": {"CT": 2.0}, "check_interval_s": 0.2},
            "inference": {"models_dir": str(_models_dir(tmp_path))},
        },
        environ={},
    )
    # 100 slices of 2.5 mm at 512 x 512 cover the lungs, as a low-dose screening series would
    study = simulate_study(21, slices=100, slice_thickness_mm=2.5, diameters_mm=(12.0,))
    datasets = study_datasets(study)
    uids = SeriesUids(study.seed)
    service = Service(config)
    add_ingest(service)
    service.add(AnalysisDispatcher(service.db, config, poll_interval_s=0.2))
    service.start()
    try:
        assert send_datasets(datasets, "127.0.0.1", port) == len(datasets)
        last_image = time.monotonic()
        row, elapsed = None, None
        # the result is recorded and its job finished in one transaction: the study is triaged
        # when its priority appears, and by then its job is done
        while time.monotonic() - last_image < DEADLINE_S:
            if row is None:
                rows = service.db.query_dicts(
                    "SELECT priority, lung_rads, analysed_at FROM studies WHERE study_uid = ?",
                    [uids.study],
                )
                if rows and rows[0]["priority"] is not None:
                    row, elapsed = rows[0], time.monotonic() - last_image
            if row is not None and jobs.counts_by_state(service.db)["done"] >= 1:
                break
            time.sleep(0.25)
        job_states = jobs.counts_by_state(service.db)
        details = service.db.execute("SELECT detail FROM jobs")
    finally:
        service.close()
    assert row is not None and elapsed is not None, (
        f"no priority {DEADLINE_S:.0f} s after the last image; jobs: {job_states}"
    )
    assert row["lung_rads"] in ("1", "2", "3", "4A", "4B", "4X")
    assert job_states["done"] == 1, job_states
    print(f"analysed and triaged {elapsed:.1f} s after the last image; job: {details}")


def _wait_analysed(service: Service, study_uid: str, since: float) -> float | None:
    """Seconds from ``since`` until the study has a priority (None after 4 minutes: a loaded
    machine is given room; the test then holds the follow-up to the 60 s requirement)."""
    while time.monotonic() - since < 4 * DEADLINE_S:
        rows = service.db.execute("SELECT priority FROM studies WHERE study_uid = ?", [study_uid])
        if rows and rows[0][0] is not None:
            return time.monotonic() - since
        time.sleep(0.25)
    return None


def test_a_follow_up_is_compared_with_its_prior_within_a_minute(tmp_path: Path) -> None:
    """The same patient a year later: its findings keep their tracks, grow or stay, and get the
    follow-up category, in the catalogue within 60 s of the follow-up's last image."""
    port = free_port()
    config = load_config(
        None,
        overrides={
            "storage": {"data_dir": str(tmp_path / "data"), "min_free_mb": 0, "warn_free_mb": 0},
            "dicom": {"port": port},
            "completion": {"quiet_s": {"CT": 2.0}, "check_interval_s": 0.2},
            "inference": {"models_dir": str(_models_dir(tmp_path))},
        },
        environ={},
    )
    prior, follow, truth = simulate_follow_up(
        21, slices=100, slice_thickness_mm=2.5, diameters_mm=(12.0, 10.0), new_nodules=0,
        shift_mm=(2.0, -3.0, 8.0),
    )  # fmt: skip
    service = Service(config)
    add_ingest(service)
    service.add(AnalysisDispatcher(service.db, config, poll_interval_s=0.2))
    service.start()
    try:
        assert send_datasets(study_datasets(prior), "127.0.0.1", port) > 0
        assert _wait_analysed(service, SeriesUids(prior.seed).study, time.monotonic())
        sending = time.monotonic()
        assert send_datasets(study_datasets(follow), "127.0.0.1", port) > 0
        sent = time.monotonic()
        elapsed = _wait_analysed(service, SeriesUids(follow.seed, 1).study, sent)
        print(f"sent in {sent - sending:.1f} s")
        rows = service.db.query_dicts(
            "SELECT f.track_id, f.follow_up, f.growth_mm, f.prior_study_uid, st.study_uid "
            "FROM findings f JOIN studies st USING (study_uid) ORDER BY st.study_date"
        )
    finally:
        service.close()
    assert elapsed is not None and elapsed < DEADLINE_S, (
        f"the follow-up was analysed {elapsed} s after its last image, not within {DEADLINE_S:.0f}"
    )
    before = [r for r in rows if r["study_uid"] == SeriesUids(prior.seed).study]
    after = [r for r in rows if r["study_uid"] == SeriesUids(follow.seed, 1).study]
    assert before and all(r["follow_up"] == "baseline" for r in before)
    tracked = [r for r in after if r["prior_study_uid"] == SeriesUids(prior.seed).study]
    assert tracked, rows
    assert {r["track_id"] for r in tracked} <= {r["track_id"] for r in before}
    print(f"follow-up compared {elapsed:.1f} s after its last image; fates {truth.fates}; {after}")
