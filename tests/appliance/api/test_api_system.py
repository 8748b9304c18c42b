"""The appliance's health: machine, queues, alerts, models, metrics and the API description."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from litestar.testing import TestClient

from appliance.api import tokens, views
from appliance.api.app import create_app
from appliance.catalogue import outbox
from appliance.config import load_config
from appliance.service import Service
from tests.appliance.api.conftest import Api, make_service
from tests.appliance.api.seed_catalogue import FAILURE


def test_system_reports_machine_queues_arrivals_and_alerts(api: Api) -> None:
    system = api.get("/api/v1/system", "technologist").json()
    assert system["disk"]["free_bytes"] > 0 and system["disk"]["state"] in ("ok", "low", "full")
    assert system["memory"]["total_bytes"] > 0 and system["cpu"]["cores"] >= 1
    gpu = system["gpu"]
    assert gpu["present"] or gpu["message"] == "no GPU (running on CPU)"
    assert system["queues"]["jobs"]["failed"] == 1 and system["queues"]["jobs"]["done"] == 1
    assert system["last_received"]["instances"] == 5
    assert system["modalities"][0]["calling_ae"] == "CT_ROOM1"
    codes = {a["code"] for a in system["alerts"]}
    assert "analysis_failed" in codes
    assert any(FAILURE in a["message"] for a in system["alerts"])


def test_status_is_the_services_own_status(api: Api) -> None:
    status = api.get("/api/v1/status", "technologist").json()
    assert status["catalogue"]["studies"] == api.seeded.studies
    assert list(status) == [f.name for f in dataclasses.fields(api.service.status())]


def test_a_nearly_full_disk_is_an_alert(tmp_path: Path) -> None:
    service = make_service(tmp_path, warn_free_mb=10**9)
    try:
        token = tokens.create_token(service.db, "technologist", "t")
        with TestClient(create_app(service)) as client:
            body = client.get("/api/v1/system", headers={"Authorization": f"Bearer {token}"}).json()
        assert body["disk"]["state"] == "low"
        assert body["alerts"][0]["code"] == "disk_low"
    finally:
        service.close()


def test_a_pacs_failing_since_its_last_success_is_unreachable(tmp_path: Path) -> None:
    destination = {"name": "main-pacs", "ae_title": "PACS", "host": "127.0.0.1", "port": 104}
    config = load_config(
        None,
        overrides={"storage": {"data_dir": str(tmp_path)}, "pacs": {"destinations": [destination]}},
        environ={},
    )
    service = Service(config)
    try:
        now = datetime.now(UTC).replace(tzinfo=None)
        insert = (
            "INSERT INTO outbox (object_path, sop_class_uid, sop_instance_uid, study_uid, "
            "destination, state, attempts, next_attempt_at, last_error, created_at, updated_at, "
            "sent_at) VALUES (?, '1.2.840.10008.5.1.4.1.1.88.34', ?, '1.2', 'main-pacs', ?, 1, ?, "
            "?, ?, ?, ?)"
        )
        earlier, later = now - timedelta(hours=2), now - timedelta(minutes=1)
        service.db.execute(
            insert, ["outbox/a.dcm", "9.1", "sent", earlier, None, earlier, earlier, earlier]
        )
        service.db.execute(
            insert,
            ["outbox/b.dcm", "9.2", "pending", now, "association rejected", later, later, None],
        )
        token = tokens.create_token(service.db, "technologist", "t")
        with TestClient(create_app(service)) as client:
            body = client.get("/api/v1/system", headers={"Authorization": f"Bearer {token}"}).json()
        pacs = body["pacs"][0]
        assert pacs["reachable"] is False and pacs["pending"] == 1 and pacs["sent"] == 1
        assert pacs["last_error"] == "association rejected"
        assert {
            "level": "error",
            "code": "pacs_unreachable",
            "message": "PACS main-pacs unreachable: association rejected",
        } in body["alerts"]
    finally:
        service.close()


def test_a_ris_and_an_ehr_are_shown_beside_the_pacs_with_their_state(tmp_path: Path) -> None:
    config = load_config(
        None,
        overrides={
            "storage": {"data_dir": str(tmp_path)},
            "hl7": {"destinations": [{"name": "ris", "host": "127.0.0.1", "port": 2575}]},
            "fhir": {"destinations": [{"name": "ehr", "base_url": "http://127.0.0.1:1/fhir"}]},
        },
        environ={},
    )
    service = Service(config)
    try:
        now = datetime.now(UTC).replace(tzinfo=None)
        service.db.execute(
            "INSERT INTO outbox (object_path, sop_class_uid, sop_instance_uid, study_uid, "
            "destination, state, attempts, next_attempt_at, last_error, created_at, updated_at, "
            "channel) VALUES ('outbox/m.hl7', 'ORU^R01', 'c1', '1.2', 'ris', 'pending', 1, ?, "
            "'cannot reach the MLLP listener', ?, ?, 'hl7')",
            [now, now, now],
        )
        token = tokens.create_token(service.db, "technologist", "t")
        with TestClient(create_app(service)) as client:
            body = client.get("/api/v1/system", headers={"Authorization": f"Bearer {token}"}).json()
        ris, ehr = body["message_destinations"]
        assert (ris["kind"], ris["address"], ris["reachable"], ris["pending"]) == (
            "hl7",
            "127.0.0.1:2575",
            False,
            1,
        )
        assert (ehr["kind"], ehr["reachable"]) == ("fhir", None)
        assert {
            "level": "error",
            "code": "hl7_unreachable",
            "message": "RIS ris unreachable: cannot reach the MLLP listener",
        } in body["alerts"]
        # the study's PACS state counts its DICOM results only, not a message to the RIS
        assert outbox.pacs_state_by_study(service.db, ["1.2"]) == {}
    finally:
        service.close()


def test_models_names_provider_and_precision(api: Api) -> None:
    listed = api.get("/api/v1/models", "technologist").json()["models"]
    for model in listed:
        assert model["name"] and model["version"]
        assert model["provider"].endswith("ExecutionProvider")
        assert model["precision"] in ("fp32", "fp16", "int8")


def test_metrics_are_prometheus_text(api: Api) -> None:
    api.get("/api/v1/worklist", "technologist")
    response = api.get("/metrics", "technologist")
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert "scanside_studies 5\n" in text
    assert 'scanside_jobs{state="failed"} 1\n' in text
    assert 'scanside_findings{lung_rads="4B"} 1\n' in text
    assert 'scanside_http_requests_total{handler="worklist",method="GET",status="200"}' in text


def test_the_openapi_description_lists_the_endpoints(api: Api) -> None:
    schema = api.client.get("/schema/openapi.json").json()
    for path in ("/api/v1/worklist", "/api/v1/studies/{study_uid}", "/api/v1/query", "/metrics"):
        assert path in schema["paths"]
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def test_admins_read_the_configuration(api: Api) -> None:
    config = api.get("/api/v1/config").json()
    assert config["http"]["max_request_kb"] == 1024


def test_a_studys_pacs_state_is_its_worst_outbox_state(tmp_path: Path) -> None:
    service = make_service(tmp_path)
    try:
        now = datetime.now(UTC).replace(tzinfo=None)
        for number, (study, state) in enumerate(
            [
                ("A", "sent"),
                ("A", "sent"),
                ("B", "sent"),
                ("B", "pending"),
                ("C", "pending"),
                ("C", "failed"),
            ]
        ):
            service.db.execute(
                "INSERT INTO outbox (object_path, sop_class_uid, sop_instance_uid, study_uid, "
                "destination, state, next_attempt_at, created_at, updated_at) "
                "VALUES ('outbox/x.dcm', '1.2', ?, ?, 'main-pacs', ?, ?, ?, ?)",
                [f"9.{number}", study, state, now, now, now],
            )
            service.db.execute(
                "INSERT INTO studies (study_uid, patient_id) VALUES (?, 'P') "
                "ON CONFLICT DO NOTHING",
                [study],
            )
        details = {uid: views.study_detail(service.db, uid) for uid in "ABC"}
        states = {uid: d.sent_state for uid, d in details.items() if d is not None}
        assert states == {"A": "sent", "B": "pending", "C": "failed"}
    finally:
        service.close()
