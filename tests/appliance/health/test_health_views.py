"""The API's typed answers of ``/system`` and ``/status`` are the snapshot's JSON, field for field:
every part of a full snapshot (PACS, RIS, EHR, a failed analysis, a drifting model, a model that
could not be listed, a GPU or none, a silent worker) serialises to exactly what ``to_json`` and
``status_json`` wrote before the answers were typed."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

from appliance.catalogue import jobs
from appliance.catalogue.database import open_database
from appliance.health.probe import Sources, take_snapshot
from appliance.health.snapshot import GpuDevice, GpuHealth, HealthSnapshot, ModelEntry
from appliance.health.views import status_view, system_view
from appliance.layout import DataLayout
from appliance.monitoring.report import DRIFT, DriftReport, Statistic
from tests.appliance.health.test_health import NOW, _config, _outbox, _received_series


def _wire(value: object) -> str:
    return json.dumps(value, default=str)


def _full_snapshot(tmp_path: Path) -> HealthSnapshot:
    config = _config(
        tmp_path,
        pacs={
            "destinations": [{"name": "main-pacs", "ae_title": "PACS", "host": "h", "port": 104}]
        },
        hl7={"destinations": [{"name": "ris", "host": "127.0.0.1", "port": 2575}]},
        fhir={"destinations": [{"name": "ehr", "base_url": "http://127.0.0.1:1/fhir"}]},
    )
    with open_database(tmp_path / "catalogue.duckdb") as db:
        _received_series(db)
        _outbox(db, "main-pacs", "sent", NOW - timedelta(hours=2))
        _outbox(db, "ris", "pending", NOW, error="no MLLP listener", channel="hl7")
        jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1.2", series_uid="1.2.1")
        job = jobs.claim_next(db)
        assert job is not None
        jobs.fail(db, job.job_id, "cannot assemble volume", max_attempts=1)
        snapshot = take_snapshot(Sources(config, DataLayout.at(tmp_path), db), NOW)
    noise = Statistic("noise", 0.4123, 0.25, True, "PSI of the input noise")
    return dataclasses.replace(
        snapshot,
        drift=(DriftReport("lung_nodule", "0.2.3", DRIFT, 50, 30, 0.12345, (noise,)),),
        models=(
            ModelEntry(
                "lung_nodule", "0.2.3", "seg", "CPUExecutionProvider", "fp32", True, ("0.3",)
            ),
            ModelEntry("broken", error="no manifest.json"),
        ),
        overdue_workers=("analysis-1",),
        components={"analysis": {"loaded": ["lung_nodule"], "queue": 0}},
    )


def test_the_system_answer_is_the_snapshots_json_field_for_field(tmp_path: Path) -> None:
    snapshot = _full_snapshot(tmp_path)

    assert _wire(dataclasses.asdict(system_view(snapshot))) == _wire(snapshot.to_json())


def test_a_machine_with_a_gpu_answers_with_its_devices(tmp_path: Path) -> None:
    device = GpuDevice(0, "NVIDIA H100", 80 * 2**30, 2**30, 40, 3)
    snapshot = dataclasses.replace(_full_snapshot(tmp_path), gpu=GpuHealth((device,)))

    view = system_view(snapshot)

    assert _wire(dataclasses.asdict(view)) == _wire(snapshot.to_json())
    assert dataclasses.asdict(view.gpu)["devices"][0]["name"] == "NVIDIA H100"


def test_the_status_answer_is_the_status_json_field_for_field(tmp_path: Path) -> None:
    snapshot = _full_snapshot(tmp_path)

    assert _wire(dataclasses.asdict(status_view(snapshot))) == _wire(snapshot.status_json())


def test_a_drift_report_keeps_its_json_shape() -> None:
    noise = Statistic("noise", 0.4, 0.25, True, "PSI of the input noise")
    report = DriftReport("lung_nodule", "0.2.3", DRIFT, 50, 30, 0.12345, (noise,))

    assert report.to_json() == {
        "model": {"name": "lung_nodule", "version": "0.2.3"},
        "state": "drift",
        "reference_series": 50,
        "window_series": 30,
        "outside_validation_share": 0.123,
        "flagged": ["noise"],
        "statistics": [
            {
                "name": "noise",
                "value": 0.4,
                "threshold": 0.25,
                "flagged": True,
                "detail": "PSI of the input noise",
            }
        ],
    }
