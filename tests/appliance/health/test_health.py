"""The appliance's health is computed once, from a real catalogue, and every screen gets the
same snapshot: the alerts and their order, the peers' state, the disk, the workers, the JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from appliance.catalogue import jobs
from appliance.catalogue.database import Database, open_database
from appliance.config import AppConfig, load_config
from appliance.health.probe import Sources, take_snapshot
from appliance.health.rules import alerts
from appliance.health.snapshot import HealthSnapshot
from appliance.health.views import status_json, storage_view, system_json
from appliance.layout import DataLayout
from appliance.monitoring.report import DRIFT, DriftReport, Statistic
from appliance.watchdog import Heartbeats

NOW = datetime(2026, 12, 5, 14, 0)


def _config(data_dir: Path, **overrides: object) -> AppConfig:
    return load_config(
        None, overrides={"storage": {"data_dir": str(data_dir)}, **overrides}, environ={}
    )


def _outbox(db: Database, destination: str, state: str, at: datetime, **row: object) -> None:
    db.execute(
        "INSERT INTO outbox (object_path, sop_class_uid, sop_instance_uid, study_uid, "
        "destination, state, attempts, next_attempt_at, last_error, created_at, updated_at, "
        "sent_at, channel) VALUES ('outbox/x', '1.2', ?, '1.2', ?, ?, 1, ?, ?, ?, ?, ?, ?)",
        [
            f"{destination}.{state}.{at.timestamp()}",
            destination,
            state,
            at,
            row.get("error"),
            at,
            at,
            at if state == "sent" else None,
            row.get("channel", "dicom"),
        ],
    )


def _received_series(db: Database) -> None:
    db.execute("INSERT INTO studies (study_uid, patient_id) VALUES ('1.2', 'P-1')")
    db.execute(
        "INSERT INTO series (series_uid, study_uid, modality, instance_count, first_received_at, "
        "last_received_at, state, calling_ae, peer_address) "
        "VALUES ('1.2.1', '1.2', 'CT', 2, ?, ?, 'complete', 'CT_ROOM1', '10.20.30.7')",
        [NOW - timedelta(minutes=2), NOW - timedelta(minutes=1)],
    )


def test_no_catalogue_yet_is_an_empty_snapshot_not_an_error(tmp_path: Path) -> None:
    config = _config(tmp_path / "not-yet")
    snapshot = take_snapshot(Sources(config, DataLayout.at(tmp_path / "not-yet"), None), NOW)

    assert snapshot.catalogue.instances == 0 and snapshot.queues.outbox is None
    assert snapshot.last_received.at is None and snapshot.modalities == ()
    assert snapshot.disk.path == str(tmp_path / "not-yet")  # its volume was asked
    assert set(status_json(snapshot)) == {"version", "catalogue", "storage", "drift", "components"}
    assert {a.code for a in snapshot.alerts} <= {"no_gpu"}


def test_a_failing_pacs_a_silent_ris_and_a_failed_analysis_are_alerts_in_order(
    tmp_path: Path,
) -> None:
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
        _outbox(db, "main-pacs", "pending", NOW - timedelta(minutes=1), error="rejected")
        _outbox(db, "ris", "pending", NOW, error="no MLLP listener", channel="hl7")
        jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="1.2", series_uid="1.2.1")
        job = jobs.claim_next(db)
        assert job is not None
        jobs.fail(db, job.job_id, "cannot assemble volume", max_attempts=1)

        snapshot = take_snapshot(Sources(config, DataLayout.at(tmp_path), db), NOW)

    (pacs,) = snapshot.pacs
    assert (pacs.contact.reachable, pacs.contact.pending, pacs.contact.sent) == (False, 1, 1)
    assert pacs.contact.last_contact_at == (NOW - timedelta(hours=2)).replace(tzinfo=UTC)
    ris, ehr = snapshot.message_destinations
    assert (ris.what, ris.address, ris.contact.reachable) == ("RIS", "127.0.0.1:2575", False)
    assert (ehr.what, ehr.contact.reachable, ehr.contact.pending) == ("EHR", None, 0)
    assert snapshot.modalities[0].calling_ae == "CT_ROOM1"
    assert snapshot.queues.jobs["failed"] == 1 and snapshot.queues.outbox == {
        "sent": 1,
        "pending": 2,
    }
    codes = [a.code for a in snapshot.alerts if a.code not in ("disk_low", "disk_full", "no_gpu")]
    assert codes == ["pacs_unreachable", "hl7_unreachable", "analysis_failed"]
    assert snapshot.alerts[[a.code for a in snapshot.alerts].index("pacs_unreachable")].message == (
        "PACS main-pacs unreachable: rejected"
    )


def test_the_disk_rules_refuse_below_the_minimum_and_warn_below_the_warning(
    tmp_path: Path,
) -> None:
    layout = DataLayout.at(tmp_path)
    low = take_snapshot(
        Sources(_config(tmp_path, storage={"warn_free_mb": 10**9}), layout, None), NOW
    )
    full = take_snapshot(
        Sources(
            _config(tmp_path, storage={"min_free_mb": 10**9, "warn_free_mb": 10**9}), layout, None
        ),
        NOW,
    )

    assert (low.disk.state, low.alerts[0].code, low.alerts[0].level) == (
        "low",
        "disk_low",
        "warning",
    )
    assert storage_view(low.disk).accepting and storage_view(low.disk).warning
    assert (full.disk.state, full.alerts[0].code) == ("full", "disk_full")
    assert storage_view(full.disk).accepting is False
    assert full.alerts[0].message.endswith("new images are refused")


def test_a_worker_that_stopped_beating_is_an_error(tmp_path: Path) -> None:
    heartbeats = Heartbeats()
    heartbeats.beat("analysis-1", within_s=-1.0)  # already overdue
    heartbeats.beat("dicom listener", within_s=60.0)
    sources = Sources(_config(tmp_path), DataLayout.at(tmp_path), None, heartbeats=heartbeats)

    snapshot = take_snapshot(sources, NOW)

    assert snapshot.overdue_workers == ("analysis-1",)
    assert system_json(snapshot)["workers"] == {"overdue": ["analysis-1"]}
    (alert,) = [a for a in snapshot.alerts if a.code == "worker_overdue"]
    assert alert.level == "error" and "analysis-1" in alert.message


def test_a_drifting_model_is_a_warning_naming_what_drifted(tmp_path: Path) -> None:
    snapshot = take_snapshot(Sources(_config(tmp_path), DataLayout.at(tmp_path), None), NOW)
    noise = Statistic("noise", 0.4, 0.25, True, "PSI of the input noise")
    drifting = DriftReport("lung_nodule", "0.2.3", DRIFT, 50, 30, 0.1, (noise,))

    found = alerts(dataclasses.replace(snapshot, drift=(drifting,)))

    assert any(
        a.code == "model_drift"
        and a.message == "Drift of model lung_nodule 0.2.3: noise (scanside status)"
        for a in found
    )


def test_the_snapshot_reads_back_from_its_json_unchanged(tmp_path: Path) -> None:
    """What the TUI gets over HTTP is the snapshot the service took."""
    config = _config(
        tmp_path,
        pacs={
            "destinations": [{"name": "main-pacs", "ae_title": "PACS", "host": "h", "port": 104}]
        },
    )
    with open_database(tmp_path / "catalogue.duckdb") as db:
        _received_series(db)
        _outbox(db, "main-pacs", "sent", NOW - timedelta(hours=2))
        snapshot = take_snapshot(Sources(config, DataLayout.at(tmp_path), db), NOW)
    wire = json.loads(json.dumps(system_json(snapshot), default=str))

    again = HealthSnapshot.from_json(wire)

    assert json.dumps(system_json(again), default=str) == json.dumps(wire)
    assert again.alerts == snapshot.alerts and again.pacs == snapshot.pacs
    assert again.disk.state == snapshot.disk.state
