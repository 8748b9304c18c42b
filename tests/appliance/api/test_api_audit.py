"""Every access to patient data is recorded (who, what, when, from where) and cannot be changed."""

from __future__ import annotations

import ast
import re

from appliance.api import audit
from appliance.api.app import create_app
from tests.appliance.api.conftest import Api
from tests.conftest import REPO


def _last_audit(api: Api) -> dict[str, object]:
    rows = api.service.db.query_dicts("SELECT * FROM audit_log ORDER BY audit_id DESC LIMIT 1")
    return rows[0]


def test_reading_a_study_is_recorded_with_who_what_when_and_where(api: Api) -> None:
    uid = api.seeded.urgent_study
    assert api.get(f"/api/v1/studies/{uid}", "clinician").status_code == 200
    row = _last_audit(api)
    assert row["action"] == "study.read"
    assert row["token_name"] == "test-clinician" and row["role"] == "clinician"
    assert row["study_uid"] == uid
    assert row["client"] == "testclient"
    assert row["status_code"] == 200
    assert row["accessed_at"] is not None


def test_a_refused_attempt_is_recorded_too(api: Api) -> None:
    api.client.get("/api/v1/findings?lung_rads=4B")
    row = _last_audit(api)
    assert row["action"] == "findings.list" and row["status_code"] == 401
    assert row["token_id"] is None and row["query_string"] == "lung_rads=4B"
    api.get("/api/v1/findings", "technologist")
    row = _last_audit(api)
    assert row["status_code"] == 403 and row["role"] == "technologist"


def test_status_without_patient_data_is_not_audited(api: Api) -> None:
    before = api.service.db.execute("SELECT count(*) FROM audit_log")[0][0]
    api.get("/api/v1/system", "technologist")
    api.get("/api/v1/models", "technologist")
    assert api.service.db.execute("SELECT count(*) FROM audit_log")[0][0] == before


def test_admins_read_the_log_newest_first(api: Api) -> None:
    api.get("/api/v1/worklist", "technologist")
    page = api.get("/api/v1/audit?limit=1").json()
    assert page["total"] >= 1 and len(page["items"]) == 1
    assert page["items"][0]["action"] == "worklist.read"


def test_the_api_offers_no_way_to_change_the_log(api: Api) -> None:
    app = create_app(api.service)
    for route in app.routes:
        if "audit" in route.path:
            assert set(route.methods) <= {"GET", "HEAD", "OPTIONS"}, route.path
    assert api.client.delete("/api/v1/audit", headers=api.headers("admin")).status_code == 405
    public = {name for name in audit.__all__ if not name[0].isupper()}
    assert public == {"record", "recent"}


def test_no_code_updates_or_deletes_audit_rows() -> None:
    writes = re.compile(r"(UPDATE|DELETE\s+FROM|TRUNCATE)\s+audit_log", re.IGNORECASE)
    for path in (REPO / "appliance").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not writes.search(node.value), path


def test_creating_tokens_and_reading_the_log_are_recorded_too(api: Api) -> None:
    """Issue 18, break 8: token creation and audit reads left no trace."""
    created = api.client.post(
        "/api/v1/tokens",
        json={"role": "clinician", "name": "dr-audit"},
        headers=api.headers("admin"),
    )
    assert created.status_code == 201
    row = _last_audit(api)
    assert (row["action"], row["role"], row["status_code"]) == ("token.create", "admin", 201)
    api.get("/api/v1/audit?limit=1")
    assert _last_audit(api)["action"] == "audit.read"
    api.get("/api/v1/tokens")
    assert _last_audit(api)["action"] == "tokens.list"
