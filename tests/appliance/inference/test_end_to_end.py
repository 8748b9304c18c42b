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
        row = None
        while time.monotonic() - last_image < DEADLINE_S:
            rows = service.db.query_dicts(
                "SELECT priority, lung_rads, analysed_at FROM studies WHERE study_uid = ?",
                [uids.study],
            )
            if rows and rows[0]["priority"] is not None:
                row = rows[0]
                break
            time.sleep(0.25)
        elapsed = time.monotonic() - last_image
        job_states = jobs.counts_by_state(service.db)
        details = service.db.execute("SELECT detail FROM jobs")
    finally:
        service.close()
    assert row is not None, (
        f"no priority {DEADLINE_S:.0f} s after the last image; jobs: {job_states}"
    )
    assert row["lung_rads"] in ("1", "2", "3", "4A", "4B", "4X")
    assert job_states["done"] == 1, job_states
    print(f"analysed and triaged {elapsed:.1f} s after the last image; job: {details}")
