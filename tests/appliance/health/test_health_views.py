"""The snapshot rendered as the API's typed answers of ``/system`` and ``/status``: every part of
a full snapshot (PACS, RIS, EHR, a failed analysis, a drifting model, a model that could not be
listed, a GPU or none, a silent worker) has the wire shape clients read (the shape the
hand-written ``to_json`` and ``status_json`` of the snapshot had before the views replaced them:
a disk's derived state, a destination's contact flattened into it, storage in MB)."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

from appliance.catalogue import jobs
from appliance.catalogue.database import open_database
from appliance.health.probe import Sources, take_snapshot
from appliance.health.snapshot import NO_GPU, GpuDevice, GpuHealth, HealthSnapshot, ModelEntry
from appliance.health.views import status_json, status_view, system_json, system_view
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


def test_the_system_answer_has_the_wire_shape(tmp_path: Path) -> None:
    snapshot = _full_snapshot(tmp_path)

    wire = system_json(snapshot)

    assert list(wire) == [
        "time", "disk", "memory", "cpu", "gpu", "queues", "last_received", "modalities", "pacs",
        "message_destinations", "models", "failed_analyses", "drift", "workers", "components",
        "alerts",
    ]  # fmt: skip
    assert wire["disk"] == {
        "path": snapshot.disk.path,
        "total_bytes": snapshot.disk.total_bytes,
        "free_bytes": snapshot.disk.free_bytes,
        "used_percent": snapshot.disk.used_percent,
        "state": snapshot.disk.state,
        "min_free_mb": snapshot.disk.min_free_mb,
        "warn_free_mb": snapshot.disk.warn_free_mb,
    }
    assert wire["gpu"] == {"present": False, "message": NO_GPU, "reason": snapshot.gpu.reason}
    contact = [
        "reachable", "last_contact_at", "last_error", "last_error_at", "last_sent_at", "pending",
        "sent", "failed",
    ]  # fmt: skip
    (pacs,) = wire["pacs"]
    assert list(pacs) == ["name", "ae_title", "host", "port", *contact]
    assert (pacs["name"], pacs["sent"], pacs["reachable"]) == ("main-pacs", 1, True)
    ris = next(d for d in wire["message_destinations"] if d["name"] == "ris")
    assert list(ris) == ["name", "kind", "address", *contact]
    assert (ris["kind"], ris["pending"], ris["last_error"]) == ("hl7", 1, "no MLLP listener")
    assert wire["models"] == [
        {
            "name": "lung_nodule",
            "version": "0.2.3",
            "task": "seg",
            "provider": "CPUExecutionProvider",
            "precision": "fp32",
            "loaded": True,
            "shadow_versions": ["0.3"],
        },
        {"name": "broken", "error": "no manifest.json"},
    ]
    assert [j["error"] for j in wire["failed_analyses"]] == ["cannot assemble volume"]
    assert wire["drift"] == [r.to_json() for r in snapshot.drift]
    assert wire["workers"] == {"overdue": ["analysis-1"]}
    assert wire["components"] == {"analysis": {"loaded": ["lung_nodule"], "queue": 0}}
    assert wire["alerts"] == [
        {"level": a.level, "code": a.code, "message": a.message} for a in snapshot.alerts
    ]


def test_a_machine_with_a_gpu_answers_with_its_devices(tmp_path: Path) -> None:
    device = GpuDevice(0, "NVIDIA H100", 80 * 2**30, 2**30, 40, 3)
    snapshot = dataclasses.replace(_full_snapshot(tmp_path), gpu=GpuHealth((device,)))

    assert system_json(snapshot)["gpu"] == {
        "present": True,
        "devices": [
            {
                "index": 0,
                "name": "NVIDIA H100",
                "memory_total_bytes": 80 * 2**30,
                "memory_used_bytes": 2**30,
                "temperature_c": 40,
                "utilization_percent": 3,
            }
        ],
    }


def test_the_status_answer_has_the_wire_shape(tmp_path: Path) -> None:
    snapshot = _full_snapshot(tmp_path)
    disk = snapshot.disk

    wire = status_json(snapshot)

    assert list(wire) == ["version", "catalogue", "storage", "drift", "components"]
    assert wire["catalogue"] == dataclasses.asdict(snapshot.catalogue)
    assert wire["storage"] == {
        "data_dir": disk.path,
        "free_mb": disk.free_bytes // 2**20,
        "total_mb": disk.total_bytes // 2**20,
        "min_free_mb": disk.min_free_mb,
        "accepting": disk.free_bytes // 2**20 >= disk.min_free_mb,
        "warning": disk.free_bytes // 2**20 < disk.warn_free_mb,
    }
    assert wire["drift"] == system_json(snapshot)["drift"]


def test_the_json_is_the_views_the_api_answers_with(tmp_path: Path) -> None:
    snapshot = _full_snapshot(tmp_path)

    assert _wire(system_json(snapshot)) == _wire(dataclasses.asdict(system_view(snapshot)))
    assert _wire(status_json(snapshot)) == _wire(dataclasses.asdict(status_view(snapshot)))


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
