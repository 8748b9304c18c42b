"""Every analysed series reaches the EHR as FHIR R4 resources, once, and lies in the results folder.

The EHR is a local FHIR server (:mod:`tests.appliance.results.fhir_server`: no real FHIR server
installs from the registries here) that processes transaction Bundles as the specification says
and validates every resource with fhir.resources. Results of a real CT series go through the
ResultsPublisher and the outbox; the FhirSender delivers them. Backoffs are tiny.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from appliance.catalogue.database import Database, open_database
from appliance.config import AppConfig, FhirConfig, FhirDestination, StorageConfig
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.fhir_sender import FhirSender
from appliance.results.publisher import ResultsPublisher
from tests.appliance.results.fhir_server import FhirServer
from tests.appliance.results.waiting import wait_until

SCT = "http://snomed.info/sct"
RADLEX = "http://www.radlex.org"
MRN = "urn:oid:1.2.3.4.5.6"


def make_config(data_dir: Path, server: FhirServer, *, max_attempts: int = 0) -> AppConfig:
    return AppConfig(
        storage=StorageConfig(data_dir=str(data_dir)),
        fhir=FhirConfig(
            destinations=(FhirDestination(name="ehr", base_url=server.base_url),),
            patient_identifier_system=MRN,
            timeout_s=5.0,
            retry_initial_s=0.05,
            retry_max_s=0.2,
            max_attempts=max_attempts,
        ),
    )


@pytest.fixture
def server() -> Iterator[FhirServer]:
    fhir = FhirServer()
    yield fhir
    fhir.stop()


def ehr_state(sender: FhirSender) -> dict[str, Any]:
    return sender.status()["destinations"]["ehr"]  # type: ignore[no-any-return]


def codings(concept: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in concept["coding"]}


def component(observation: dict[str, Any], system: str, code: str) -> dict[str, Any]:
    (found,) = [c for c in observation["component"] if (system, code) in codings(c["code"])]
    return found


def test_the_bundle_in_the_results_folder_is_valid_and_coded(
    layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    server = FhirServer()  # configured, never started: only the file is looked at
    published = ResultsPublisher(db, layout, make_config(layout.root, server)).publish(
        analysis_with_findings
    )

    (path,) = [p for p in published.files if p.name.endswith(".fhir.json")]
    bundle = json.loads(path.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry)
    assert {k: len(v) for k, v in by_type.items()} == {
        "Patient": 1,
        "ImagingStudy": 1,
        "Observation": 2,
        "DiagnosticReport": 1,
    }
    (report_entry,) = by_type["DiagnosticReport"]
    report = report_entry["resource"]
    assert codings(report["code"]) == {("http://loinc.org", "24627-2")}
    assert report["status"] == "preliminary"
    assert codings(report["conclusionCode"][0]) == {(RADLEX, "RID50140")}  # Lung-RADS 4B
    assert [r["reference"] for r in report["result"]] == [
        e["fullUrl"] for e in by_type["Observation"]
    ]
    assert report["imagingStudy"][0]["reference"] == by_type["ImagingStudy"][0]["fullUrl"]
    summary = next(p for p in published.files if p.suffix == ".txt").read_text()
    assert base64.b64decode(report["presentedForm"][0]["data"]).decode() == summary
    study = by_type["ImagingStudy"][0]["resource"]
    assert study["identifier"][0] == {
        "system": "urn:dicom:uid",
        "value": f"urn:oid:{analysis_with_findings.study_uid}",
    }
    assert study["series"][0]["uid"] == analysis_with_findings.series_uid
    mass = by_type["Observation"][1]["resource"]
    assert codings(mass["code"]) == {(SCT, "4147007")}
    assert codings(mass["bodySite"]) == {(SCT, "41224006")}
    volume = component(mass, SCT, "118565006")["valueQuantity"]
    assert (volume["value"], volume["system"], volume["code"]) == (
        24100.0,
        "http://unitsofmeasure.org",
        "mm3",
    )
    assert (
        component(mass, "http://dicom.nema.org/resources/ontology/DCM", "112031")["valueQuantity"][
            "code"
        ]
        == "[hnsf'U]"
    )
    assert codings(component(mass, RADLEX, "RID46010")["valueCodeableConcept"]) == {
        (RADLEX, "RID46011")
    }
    assert codings(component(mass, RADLEX, "RID50134")["valueCodeableConcept"]) == {
        (RADLEX, "RID50140")
    }
    patient = by_type["Patient"][0]
    assert patient["request"]["ifNoneExist"].startswith("identifier=urn")
    assert patient["resource"]["identifier"] == [
        {"system": MRN, "value": analysis_with_findings.patient_id}
    ]


def test_a_series_reaches_the_ehr_once_with_every_reference_resolved(
    server: FhirServer, layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    server.start()
    config = make_config(layout.root, server)
    sender = FhirSender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    assert sender.run_once() == 1
    assert sender.run_once() == 0

    (report,) = server.of_type("DiagnosticReport")
    observations = server.of_type("Observation")
    (study,) = server.of_type("ImagingStudy")
    (patient,) = server.of_type("Patient")
    assert sorted(r["reference"] for r in report["result"]) == sorted(
        f"Observation/{o['id']}" for o in observations
    )
    assert report["imagingStudy"] == [{"reference": f"ImagingStudy/{study['id']}"}]
    assert {o["subject"]["reference"] for o in observations} == {f"Patient/{patient['id']}"}
    state = ehr_state(sender)
    assert (state["pending"], state["sent"], state["failed"]) == (0, 1, 0)
    assert list(layout.outbox.glob("*.json")) == []


def test_the_patient_and_study_the_ehr_already_has_are_reused(
    server: FhirServer, layout: DataLayout, db: Database, analysis_without_findings: SeriesAnalysis
) -> None:
    patient_id = server.add(
        {
            "resourceType": "Patient",
            "identifier": [{"system": MRN, "value": analysis_without_findings.patient_id}],
        }
    )
    server.start()
    config = make_config(layout.root, server)
    sender = FhirSender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_without_findings)

    assert sender.run_once() == 1

    assert [p["id"] for p in server.of_type("Patient")] == [patient_id]
    (report,) = server.of_type("DiagnosticReport")
    assert report["subject"] == {"reference": f"Patient/{patient_id}"}
    assert "result" not in report
    assert codings(report["conclusionCode"][0]) == {(RADLEX, "RID50136")}  # Lung-RADS 1


def test_a_server_error_is_retried_and_its_diagnostics_kept(
    server: FhirServer, layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    server.start()
    server.failures = [503]
    config = make_config(layout.root, server)
    sender = FhirSender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    assert sender.run_once() == 0
    assert "answered HTTP 503: the test asked for HTTP 503" in str(ehr_state(sender)["last_error"])
    time.sleep(0.06)
    assert sender.run_once() == 1
    assert len(server.of_type("DiagnosticReport")) == 1


def test_a_server_that_keeps_refusing_ends_failed_after_max_attempts(
    server: FhirServer, layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    server.start()
    server.failures = [422, 422]
    config = make_config(layout.root, server, max_attempts=2)
    sender = FhirSender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    sender.run_once()
    time.sleep(0.06)
    sender.run_once()

    state = ehr_state(sender)
    assert (state["pending"], state["sent"], state["failed"]) == (0, 0, 1)
    assert state["failures"][0]["attempts"] == 2
    assert "HTTP 422" in state["failures"][0]["error"]
    assert server.resources == {}


def test_a_lost_answer_reposts_and_the_ehr_still_holds_one_of_each(
    server: FhirServer, layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    server.start()
    server.failures = ["drop"]
    config = make_config(layout.root, server)
    sender = FhirSender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    assert sender.run_once() == 0  # processed by the server, but the answer never came
    time.sleep(0.06)
    assert sender.run_once() == 1

    (item,) = sender.outbox.items()
    assert server.posts == [item.sop_instance_uid] * 2
    counts = {t: len(server.of_type(t)) for t in ("Patient", "ImagingStudy", "Observation")}
    assert counts == {"Patient": 1, "ImagingStudy": 1, "Observation": 2}
    (report,) = server.of_type("DiagnosticReport")
    assert report["meta"]["versionId"] == "2"  # updated in place, not duplicated


def test_an_ehr_down_then_up_across_a_restart_gets_every_series_once(
    server: FhirServer,
    layout: DataLayout,
    analysis_with_findings: SeriesAnalysis,
) -> None:
    config = make_config(layout.root, server)
    with open_database(layout.catalogue) as db:
        first = FhirSender(db, layout, config, poll_interval_s=0.1)
        publisher = ResultsPublisher(db, layout, config, notify=first.wake)
        first.start()
        try:
            publisher.publish(analysis_with_findings)
            wait_until(lambda: ehr_state(first)["last_error"] is not None)
            assert "cannot reach ehr" in str(ehr_state(first)["last_error"])
        finally:
            first.stop()
    server.start()
    with open_database(layout.catalogue) as db:  # the appliance restarted
        second = FhirSender(db, layout, config, poll_interval_s=0.1)
        second.start()
        try:
            wait_until(lambda: ehr_state(second)["sent"] == 1)
            time.sleep(0.3)  # more rounds: nothing is sent again
        finally:
            second.stop()
    assert len(server.posts) == 1
    assert len(server.of_type("DiagnosticReport")) == 1
    assert len(server.of_type("Observation")) == 2
