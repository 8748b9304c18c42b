"""The worklist's order, report upload with its limits, and the cohort query's edge."""

from __future__ import annotations

from tests.appliance.api.conftest import Api
from tests.appliance.api.seed_catalogue import (
    AGED_STUDY,
    FAILED_STUDY,
    IMPORTED_STUDY,
    RECEIVING_STUDY,
)


def test_the_worklist_is_triage_order_with_the_age_cap_and_what_the_screen_needs(api: Api) -> None:
    body = api.get("/api/v1/worklist", "technologist").json()
    order = [item["study_uid"] for item in body["items"]]
    assert order == [api.seeded.urgent_study, AGED_STUDY]  # analysed studies only
    assert not {IMPORTED_STUDY, FAILED_STUDY, RECEIVING_STUDY} & set(order)
    urgent, aged = body["items"]
    assert urgent["patient_name"] == "A0001^Anonymous" and urgent["findings"] == 2
    assert urgent["reason"] == "Lung-RADS 4B/4X" and urgent["aged"] is False
    # 30 hours past a 24-hour cap: the low study is raised one level
    assert aged["priority"] == "low" and aged["effective_priority"] == "routine"
    assert aged["aged"] is True
    assert body["age_cap_h"] == 24.0


def test_the_worklist_limit_is_checked(api: Api) -> None:
    assert len(api.get("/api/v1/worklist?limit=1").json()["items"]) == 1
    assert api.get("/api/v1/worklist?limit=0").status_code == 400


def test_a_clinician_uploads_a_report_for_a_known_study(api: Api) -> None:
    text = "Spiculated 14 mm nodule in the right lower lobe. Lung-RADS 4B."
    response = api.post(
        f"/api/v1/studies/{AGED_STUDY}/report",
        "clinician",
        json={"text": text, "report_date": "2026-11-20"},
    )
    assert response.status_code == 201, response.text
    study = api.get(f"/api/v1/studies/{AGED_STUDY}").json()
    assert study["report"]["text"] == text and study["report"]["source"] == "api"


def test_report_upload_refuses_bad_input(api: Api) -> None:
    assert api.post("/api/v1/studies/9.9.9/report", json={"text": "x"}).status_code == 404
    assert api.post(f"/api/v1/studies/{AGED_STUDY}/report", json={"text": "  "}).status_code == 400
    assert api.post(f"/api/v1/studies/{AGED_STUDY}/report", json={"txt": "x"}).status_code == 400
    assert api.post(f"/api/v1/studies/{AGED_STUDY}/report", content=b"{not json").status_code == 400
    assert (
        api.post(
            f"/api/v1/studies/{AGED_STUDY}/report", "technologist", json={"text": "x"}
        ).status_code
        == 403
    )


def test_a_body_over_the_size_limit_is_413(api: Api) -> None:
    limit = api.service.config.http.max_request_kb * 1024
    response = api.post(f"/api/v1/studies/{AGED_STUDY}/report", json={"text": "a" * (limit + 10)})
    assert response.status_code == 413


def test_a_clinician_asks_a_cohort_question_and_gets_its_reading_and_rows(api: Api) -> None:
    response = api.post(
        "/api/v1/query",
        "clinician",
        json={"question": "patients with a spiculated nodule larger than 10 mm"},
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "spiculated" in answer["interpretation"] and "10 mm" in answer["interpretation"]
    assert answer["count"] == 1 and answer["rows"][0]["patient_id"] == "Lung_Dx-A0001"
    assert answer["warnings"] == []  # every word was used


def test_a_question_with_a_word_it_cannot_use_is_answered_with_a_warning(api: Api) -> None:
    response = api.post(
        "/api/v1/query", "clinician", json={"question": "spiculated nodules on every scan"}
    )
    assert response.status_code == 200, response.text
    assert any("'every'" in sentence for sentence in response.json()["warnings"])


def test_an_uploaded_report_is_found_by_a_question_about_its_text(api: Api) -> None:
    text = "Large spiculated mass in the right lower lobe, suspicious for malignancy."
    assert (
        api.post(f"/api/v1/studies/{FAILED_STUDY}/report", json={"text": text}).status_code == 201
    )
    sentences = api.service.db.execute(
        "SELECT count(*) FROM report_sentences WHERE study_uid = ?", [FAILED_STUDY]
    )
    assert sentences[0][0] >= 1


def test_a_query_needs_a_question_and_the_clinician_role(api: Api) -> None:
    assert api.post("/api/v1/query", "clinician", json={"question": " "}).status_code == 400
    assert api.post("/api/v1/query", "clinician", json={}).status_code == 400
    assert api.post("/api/v1/query", "technologist", json={"question": "x"}).status_code == 403
