"""The OpenAPI schema names the fields of what the catalogue-backed routes return (issue 20):
each answers with a named model instead of a free-form object, the model lists the fields the
TUI reads, and a real answer carries exactly the fields the schema names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.appliance.api.conftest import Api

# (method, path, status, the model it answers with (an array's items for a list))
TYPED_ROUTES = [
    ("get", "/api/v1/studies", "200", "StudyPage"),
    ("get", "/api/v1/studies/{study_uid}", "200", "StudyDetail"),
    ("get", "/api/v1/series", "200", "SeriesPage"),
    ("get", "/api/v1/findings", "200", "FindingPage"),
    ("get", "/api/v1/findings/{finding_id}/preview", "200", "Preview"),
    ("get", "/api/v1/findings/{finding_id}/history", "200", "NoduleHistory"),
    ("get", "/api/v1/feed", "200", "FeedSeries"),
    ("get", "/api/v1/worklist", "200", "Worklist"),
    ("post", "/api/v1/studies/{study_uid}/report", "201", "StoredReport"),
    ("get", "/api/v1/tokens", "200", "TokenInfo"),
    ("post", "/api/v1/tokens", "201", "CreatedToken"),
    ("delete", "/api/v1/tokens/{name}", "200", "RevokedTokens"),
    ("get", "/api/v1/audit", "200", "AuditPage"),
    ("get", "/api/v1/health", "200", "Liveness"),
    ("get", "/api/v1/ready", "200", "Readiness"),
    ("get", "/api/v1/status", "200", "StatusView"),
    ("get", "/api/v1/drift", "200", "DriftView"),
    ("get", "/api/v1/system", "200", "SystemView"),
    ("get", "/api/v1/config", "200", "AppConfig"),
    ("get", "/api/v1/models", "200", "ModelList"),
    ("get", "/api/v1/models/versions", "200", "ModelVersions"),
    ("post", "/api/v1/models/{name}/promote", "200", "SwitchedVersion"),
    ("post", "/api/v1/models/{name}/rollback", "200", "SwitchedVersion"),
    ("post", "/api/v1/query", "200", "QueryAnswer"),
    ("post", "/api/v1/exports", "201", "ExportResult"),
]
"""Every route that answers JSON, with the model it answers with (``/models/compare`` answers
a model or CSV text: below)."""

# Fields the TUI reads by name (appliance/tui/formatting.py, history.py, app.py, study.py).
TUI_READS = {
    "WorklistItem": {"study_uid", "effective_priority", "priority", "reason", "aged",
                     "lung_rads", "received_at", "waited_h", "patient_name", "patient_id",
                     "description", "findings"},
    "FeedSeries": {"series_uid", "study_uid", "analysis_state", "lung_rads", "state",
                   "instance_count", "expected_instances", "sent_state", "description",
                   "modality", "last_received_at", "patient_id"},
    "FindingRecord": {"finding_id", "lung_rads", "confidence", "diameter_mm", "margin",
                      "attenuation", "lobe", "kind", "track_id"},
    "Exam": {"finding_id", "study_date", "has_images", "diameter_mm"},
    "Preview": {"pixels", "outline"},
    "SystemView": {"time", "disk", "memory", "cpu", "gpu", "queues", "last_received",
                   "modalities", "pacs", "message_destinations", "models", "failed_analyses",
                   "drift", "workers", "components", "alerts"},
    "DriftView": {"model", "state", "flagged", "statistics"},
    "ModelVersion": {"name", "live", "shadow", "installed", "history"},
    "QueryAnswer": {"interpretation", "unit", "count", "rows", "warnings", "alternatives",
                    "value", "sql", "truncated"},
    "ShadowAgreement": {"series", "findings_live", "findings_shadow", "matched", "only_live",
                        "only_shadow", "diameter_difference_mm", "lung_rads_changed",
                        "priority_changed", "seconds_per_series", "per_series"},
}  # fmt: skip


@pytest.fixture(scope="module")
def schema(api: Api) -> dict[str, Any]:
    body: dict[str, Any] = api.client.get("/schema/openapi.json").json()
    return body


def _properties(schema: dict[str, Any], model: str) -> set[str]:
    return set(schema["components"]["schemas"][model]["properties"])


@pytest.mark.parametrize(("method", "path", "status", "model"), TYPED_ROUTES)
def test_each_catalogue_route_answers_with_a_named_model(
    schema: dict[str, Any], method: str, path: str, status: str, model: str
) -> None:
    answer = schema["paths"][path][method]["responses"][status]["content"]["application/json"]
    body = answer["schema"]
    ref = body["items"]["$ref"] if body.get("type") == "array" else body["$ref"]
    assert ref == f"#/components/schemas/{model}"
    assert _properties(schema, model), f"{model} names no fields"


@pytest.mark.parametrize("model", sorted(TUI_READS))
def test_the_models_name_every_field_the_tui_reads(schema: dict[str, Any], model: str) -> None:
    assert TUI_READS[model] <= _properties(schema, model)


def test_pages_list_their_rows_by_model(schema: dict[str, Any]) -> None:
    for page, row in [("StudyPage", "StudyRecord"), ("SeriesPage", "SeriesRecord"),
                      ("FindingPage", "FindingRecord"), ("AuditPage", "AuditRow")]:  # fmt: skip
        items = schema["components"]["schemas"][page]["properties"]["items"]
        assert items["items"]["$ref"] == f"#/components/schemas/{row}"
    detail = schema["components"]["schemas"]["StudyDetail"]["properties"]
    assert detail["series"]["items"]["$ref"] == "#/components/schemas/SeriesRecord"
    assert detail["findings"]["items"]["$ref"] == "#/components/schemas/FindingRecord"


def test_real_answers_carry_exactly_the_fields_the_schema_names(
    api: Api, schema: dict[str, Any]
) -> None:
    worklist = api.get("/api/v1/worklist", "technologist").json()
    assert set(worklist) == _properties(schema, "Worklist")
    assert worklist["items"]
    for item in worklist["items"]:
        assert set(item) == _properties(schema, "WorklistItem")
    feed = api.get("/api/v1/feed", "technologist").json()
    assert feed and all(set(row) == _properties(schema, "FeedSeries") for row in feed)
    study = api.get(f"/api/v1/studies/{api.seeded.urgent_study}", "technologist").json()
    assert set(study) == _properties(schema, "StudyDetail")
    assert all(set(f) == _properties(schema, "FindingRecord") for f in study["findings"])
    studies = api.get("/api/v1/studies", "clinician").json()
    assert all(set(s) == _properties(schema, "StudyRecord") for s in studies["items"])


def test_comparing_versions_answers_a_named_model_or_csv_text(schema: dict[str, Any]) -> None:
    answer = schema["paths"]["/api/v1/models/compare"]["get"]["responses"]["200"]["content"]
    options = answer["application/json"]["schema"]["oneOf"]
    assert {"$ref": "#/components/schemas/ShadowAgreement"} in options
    assert {"type": "string"} in options  # format=csv
    series = _properties(schema, "ShadowAgreement")
    assert {"per_series", "lung_rads_changed"} <= series


def test_the_health_parts_are_named_models_too(schema: dict[str, Any]) -> None:
    system = schema["components"]["schemas"]["SystemView"]["properties"]
    assert system["disk"]["$ref"] == "#/components/schemas/DiskView"
    gpu = {option["$ref"] for option in system["gpu"]["oneOf"]}
    assert gpu == {"#/components/schemas/GpuPresent", "#/components/schemas/GpuAbsent"}
    assert system["drift"]["items"]["$ref"] == "#/components/schemas/DriftView"
    assert system["pacs"]["items"]["$ref"] == "#/components/schemas/PacsView"
    models = schema["components"]["schemas"]["ModelList"]["properties"]["models"]["items"]
    assert {o["$ref"] for o in models["oneOf"]} == {
        "#/components/schemas/InstalledModel",
        "#/components/schemas/UnlistedModel",
    }


def test_free_form_fields_are_only_those_documented_as_free_form(schema: dict[str, Any]) -> None:
    """A cohort answer's rows (columns depend on the question) and the components' own status
    (each component's to say) are objects with no fixed fields; nothing else is."""
    rows = schema["components"]["schemas"]["QueryAnswer"]["properties"]["rows"]
    assert rows == {"items": {"additionalProperties": {}, "type": "object"}, "type": "array"}
    for model in ("SystemView", "StatusView"):
        components = schema["components"]["schemas"][model]["properties"]["components"]
        assert components == {"additionalProperties": {}, "type": "object"}


def test_real_health_answers_carry_exactly_the_fields_the_schema_names(
    api: Api, schema: dict[str, Any]
) -> None:
    for path, model in [("/api/v1/health", "Liveness"), ("/api/v1/ready", "Readiness"),
                        ("/api/v1/status", "StatusView"), ("/api/v1/system", "SystemView"),
                        ("/api/v1/models", "ModelList"),
                        ("/api/v1/models/versions", "ModelVersions")]:  # fmt: skip
        body = api.get(path, "technologist").json()
        assert set(body) == _properties(schema, model), path
    system = api.get("/api/v1/system", "technologist").json()
    assert set(system["disk"]) == _properties(schema, "DiskView")
    gpu = "GpuPresent" if system["gpu"]["present"] else "GpuAbsent"
    assert set(system["gpu"]) == _properties(schema, gpu)
    assert all(set(a) == _properties(schema, "Alert") for a in system["alerts"])
    (model,) = api.get("/api/v1/models/versions", "technologist").json()["models"]
    assert set(model) == _properties(schema, "ModelVersion")
    config = api.get("/api/v1/config", "admin").json()
    assert set(config) == _properties(schema, "AppConfig")
