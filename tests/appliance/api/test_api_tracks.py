"""``GET /api/v1/findings/{id}/history``: one nodule across the patient's exams (its track).

The seeded catalogue's F-1 (track T-API-1) gets a prior read from a PACS SR (a study with
``source = 'pacs'``, no images in the store); another patient's finding that happens to carry
the same track id (imported cohorts number their tracks per patient) must not appear.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.appliance.api.conftest import Api


@pytest.fixture(scope="module")
def with_prior(api: Api) -> Api:
    db = api.service.db
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, study_date, source) VALUES "
        "('9.1', 'Lung_Dx-A0001', DATE '2025-01-10', 'pacs'), "
        "('9.2', 'P-2', DATE '2024-01-10', 'import')"
    )
    db.execute(
        "INSERT INTO findings (finding_id, study_uid, series_uid, kind, diameter_mm, lung_rads, "
        "track_id, follow_up, source) VALUES "
        "('PRIOR-1', '9.1', '9.1.1', 'nodule', 12.1, '4A', 'T-API-1', 'baseline', 'pacs-sr'), "
        "('OTHER-1', '9.2', '9.2.1', 'nodule', 5.0, '2', 'T-API-1', 'baseline', 'import')"
    )
    return api


def test_the_history_lists_the_patients_exams_of_the_track_oldest_first(with_prior: Api) -> None:
    response = with_prior.get("/api/v1/findings/F-1/history", "technologist")
    assert response.status_code == 200
    history = response.json()
    assert history["track_id"] == "T-API-1" and history["patient_id"] == "Lung_Dx-A0001"
    exams = history["exams"]
    assert [e["finding_id"] for e in exams] == ["PRIOR-1", "F-1"]
    prior, current = exams
    assert prior["study_date"] == str(date(2025, 1, 10)) and prior["has_images"] is False
    assert prior["source"] == "pacs-sr" and prior["study_source"] == "pacs"
    assert current["has_images"] is True and current["follow_up"] == "growing"
    assert current["growth_mm"] == 2.1 and current["diameter_mm"] == 14.2


def test_a_finding_without_a_track_is_its_own_one_exam(with_prior: Api) -> None:
    history = with_prior.get("/api/v1/findings/F-2/history", "technologist").json()
    assert history["track_id"] is None
    assert [e["finding_id"] for e in history["exams"]] == ["F-2"]


def test_an_unknown_finding_is_404_and_the_history_needs_a_token(with_prior: Api) -> None:
    response = with_prior.get("/api/v1/findings/NOPE/history", "technologist")
    assert response.status_code == 404 and "NOPE" in response.json()["detail"]
    assert with_prior.client.get("/api/v1/findings/F-1/history").status_code == 401
