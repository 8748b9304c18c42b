"""The analysis dispatcher with real worker processes, a real catalogue and a real ONNX model.

A worker that dies, hangs or fails is retried once and then the job is marked failed with the
reason, while the dispatcher goes on analysing other series.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pydicom
import pytest
from pydicom.uid import generate_uid
from tiny_models import write_repository

from appliance.catalogue import jobs
from appliance.catalogue.database import Database, open_database
from appliance.config import AppConfig, load_config
from appliance.findings import SeriesAnalysis
from appliance.inference.dispatcher import AnalysisDispatcher, series_attributes
from appliance.inference.repository import ModelRepository, SeriesAttributes
from appliance.simulate import simulate_study, write_series
from tests.appliance.ingest.conftest import Running, ct_slice, make_config

pytestmark = pytest.mark.slow


def _small_series(seed: int, folder: Path) -> Path:
    """A small simulated chest CT series (60 slices, 192 x 192) with one 9 mm nodule."""
    study = simulate_study(
        seed, slices=60, slice_thickness_mm=2.5, pixel_spacing_mm=1.5, rows=192, diameters_mm=(9.0,)
    )
    return write_series(study, folder)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _small_series(11, tmp_path_factory.mktemp("sim"))


@pytest.fixture(scope="module")
def simulated_other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _small_series(12, tmp_path_factory.mktemp("sim"))


def _config(data_dir: Path, **inference: object) -> AppConfig:
    models = write_repository(data_dir / "models")
    settings = {"models_dir": str(models), "workers": 1} | inference
    return load_config(
        None, overrides={"storage": {"data_dir": str(data_dir)}, "inference": settings}, environ={}
    )


def _register(
    db: Database, data_dir: Path, source: Path, label: str, *, modality: str = "CT"
) -> str:
    """Put a copy of the series in the store under ``label`` and catalogue it, as ingest would.

    Returns the series UID."""
    files = sorted(source.glob("*.dcm"))
    header = pydicom.dcmread(files[0], stop_before_pixels=True)
    series_uid, study_uid = str(header.SeriesInstanceUID), str(header.StudyInstanceUID)
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, received_at) VALUES (?, 'P1', now())",
        [study_uid],
    )
    db.execute(
        "INSERT INTO series (series_uid, study_uid, modality, body_part, instance_count, state) "
        "VALUES (?, ?, ?, 'CHEST', ?, 'complete')",
        [series_uid, study_uid, modality, len(files)],
    )
    store = data_dir / "store" / label
    store.mkdir(parents=True)
    for f in files:
        target = store / f.name
        target.write_bytes(f.read_bytes())
        sop = str(pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID)
        db.execute(
            "INSERT INTO instances (sop_instance_uid, series_uid, study_uid, sop_class_uid, path, "
            "sha256, size_bytes) VALUES (?, ?, ?, '1.2.840.10008.5.1.4.1.1.2', ?, 'x', 1)",
            [sop, series_uid, study_uid, str(target.relative_to(data_dir))],
        )
    jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid=study_uid, series_uid=series_uid)
    return series_uid


def _wait(condition: Callable[[], bool], timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the dispatcher")
        time.sleep(0.2)


def _job(db: Database, series_uid: str) -> dict[str, object]:
    return db.query_dicts("SELECT * FROM jobs WHERE series_uid = ?", [series_uid])[0]


def _settled(db: Database) -> bool:
    return not db.execute("SELECT 1 FROM jobs WHERE state IN ('queued', 'running')")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "catalogue.duckdb")


def _run_until_settled(db: Database, dispatcher: AnalysisDispatcher) -> None:
    """Run the dispatcher until no job is queued or running, then stop it."""
    dispatcher.start()
    try:
        _wait(lambda: _settled(db))
    finally:
        dispatcher.stop()


def test_a_crashing_worker_is_retried_once_then_failed_and_others_still_run(
    db: Database, tmp_path: Path, simulated: Path, simulated_other: Path
) -> None:
    config = _config(tmp_path)
    crashing = _register(db, tmp_path, simulated, "crash-me")
    healthy = _register(db, tmp_path, simulated_other, "healthy")
    published: list[SeriesAnalysis] = []
    dispatcher = AnalysisDispatcher(
        db, config, on_analysed=published.append,
        entry="dispatcher_entries:crash_on_marked_series", poll_interval_s=0.1,
    )  # fmt: skip
    dispatcher.start()
    try:
        _wait(lambda: _settled(db))
        status = dispatcher.status()
    finally:
        dispatcher.stop()
    crashed = _job(db, crashing)
    assert (crashed["state"], crashed["attempts"]) == ("failed", 2)
    assert "worker process died (exit code 3)" in str(crashed["error"])
    assert status["worker_restarts"] >= 2
    assert _job(db, healthy)["state"] == "done"
    assert [a.series_uid for a in published] == [healthy]
    study = db.query_dicts(
        "SELECT s.lung_rads, s.priority FROM studies s JOIN series USING (study_uid) "
        "WHERE series_uid = ?",
        [healthy],
    )
    assert study[0]["priority"] is not None and study[0]["lung_rads"] is not None
    findings = db.query_dicts("SELECT * FROM findings WHERE series_uid = ?", [healthy])
    assert findings and all(f["model_name"] == "lung_nodule" for f in findings)


def test_a_hung_worker_is_stopped_after_the_timeout(
    db: Database, tmp_path: Path, simulated: Path
) -> None:
    config = _config(tmp_path, job_timeout_s=1.5)
    series = _register(db, tmp_path, simulated, "stuck")
    dispatcher = AnalysisDispatcher(
        db, config, entry="dispatcher_entries:hang", poll_interval_s=0.1
    )
    _run_until_settled(db, dispatcher)
    job = _job(db, series)
    assert (job["state"], job["attempts"]) == ("failed", 2)
    assert "took longer than 1.5 s" in str(job["error"])


def test_a_damaged_model_file_fails_the_job_with_the_reason(
    db: Database, tmp_path: Path, simulated: Path
) -> None:
    config = _config(tmp_path)
    model_file = Path(config.inference.models_dir) / "lung_nodule" / "model.onnx"
    model_file.write_bytes(model_file.read_bytes() + b"tampered")
    series = _register(db, tmp_path, simulated, "victim")
    dispatcher = AnalysisDispatcher(db, config, poll_interval_s=0.1)
    _run_until_settled(db, dispatcher)
    job = _job(db, series)
    assert (job["state"], job["attempts"]) == ("failed", 2)
    assert "checksum mismatch" in str(job["error"])


def test_a_series_no_model_applies_to_is_skipped(
    db: Database, tmp_path: Path, simulated: Path
) -> None:
    config = _config(tmp_path)
    series = _register(db, tmp_path, simulated, "mr-series", modality="MR")
    dispatcher = AnalysisDispatcher(db, config, poll_interval_s=0.1)
    _run_until_settled(db, dispatcher)
    job = _job(db, series)
    assert job["state"] == "skipped"
    assert "modality 'MR'" in str(job["detail"])


def test_a_job_interrupted_by_shutdown_is_not_failed_and_runs_after_restart(
    db: Database, tmp_path: Path, simulated: Path
) -> None:
    config = _config(tmp_path)
    series = _register(db, tmp_path, simulated, "interrupted")
    stuck = AnalysisDispatcher(db, config, entry="dispatcher_entries:hang", poll_interval_s=0.1)
    stuck.start()
    try:
        _wait(lambda: _job(db, series)["state"] == "running")
    finally:
        started = time.monotonic()
        stuck.stop()
    assert time.monotonic() - started < 30
    job = _job(db, series)
    assert (job["state"], job["error"]) == ("running", None)
    dispatcher = AnalysisDispatcher(db, config, poll_interval_s=0.1)
    dispatcher.start()  # requeues the interrupted job, then analyses it
    try:
        _wait(lambda: _settled(db))
    finally:
        dispatcher.stop()
    assert _job(db, series)["state"] == "done"


def test_routing_reads_the_protocol_and_the_study_description_that_ingest_recorded(
    tmp_path: Path,
) -> None:
    """A series without BodyPartExamined, named only "5mm", is routed by what ingest stored of
    its protocol and study (as TCIA's Lung-PET-CT-Dx A0001 arrives)."""
    running = Running(make_config(tmp_path / "data"))
    try:
        study, series = generate_uid(), generate_uid()
        for i in range(3):
            ds = ct_slice(study, series, i)
            del ds.BodyPartExamined
            ds.SeriesDescription, ds.StudyDescription = "5mm", "Chest"
            ds.ProtocolName = "2 Chest C-/Thorax"
            assert running.receive(ds) == 0
        running.settle()
        attributes = series_attributes(running.service.db, series)
    finally:
        running.close()
    assert attributes == SeriesAttributes(
        "CT", "", "5mm", 3, 1.25, protocol_name="2 Chest C-/Thorax", study_description="Chest"
    )
    reasons = ModelRepository().get("lung_nodule").routing.reasons_to_skip(attributes)
    assert reasons == ["3 slices, fewer than 20"]  # the body part is no longer a reason
