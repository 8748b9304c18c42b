"""The receiver keeps a study's Issuer of Patient ID: priors in the catalogue are matched on it."""

from __future__ import annotations

from pydicom.uid import generate_uid

from tests.appliance.ingest.conftest import Running, ct_slice


def test_the_issuer_of_patient_id_is_catalogued_with_the_study(running: Running) -> None:
    stated, unstated = str(generate_uid()), str(generate_uid())
    first = ct_slice(stated, str(generate_uid()), 0)
    first.IssuerOfPatientID = "HOSP_A"
    assert running.receive(first) == 0
    running.settle()
    later = ct_slice(stated, str(generate_uid()), 1)  # a later series that does not say it
    assert running.receive(later) == 0
    assert running.receive(ct_slice(unstated, str(generate_uid()), 0)) == 0
    rows = running.rows("SELECT study_uid, issuer_of_patient_id FROM studies")
    assert {r["study_uid"]: r["issuer_of_patient_id"] for r in rows} == {
        stated: "HOSP_A",
        unstated: None,
    }
