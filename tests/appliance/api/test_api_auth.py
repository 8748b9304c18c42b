"""Who may call what: bearer tokens, roles, and the local admin token the API leaves for the CLI."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from litestar.testing import TestClient

from appliance.api import tokens
from appliance.api.app import create_app, local_admin_token_path
from tests.appliance.api.conftest import Api, make_service


def test_health_and_readiness_need_no_token(api: Api) -> None:
    assert api.client.get("/api/v1/health").json()["status"] == "ok"
    ready = api.client.get("/api/v1/ready")
    assert ready.status_code == 200 and ready.json()["ready"] is True


def test_a_request_without_a_token_is_refused_with_a_hint(api: Api) -> None:
    response = api.client.get("/api/v1/worklist")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_an_unknown_or_malformed_token_is_refused(api: Api, header: str) -> None:
    response = api.client.get("/api/v1/worklist", headers={"Authorization": header})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/worklist", {"technologist", "clinician", "admin"}),
        ("/api/v1/system", {"technologist", "clinician", "admin"}),
        ("/api/v1/feed", {"technologist", "clinician", "admin"}),
        ("/api/v1/models", {"technologist", "clinician", "admin"}),
        ("/metrics", {"technologist", "clinician", "admin"}),
        ("/api/v1/studies", {"clinician", "admin"}),
        ("/api/v1/series", {"clinician", "admin"}),
        ("/api/v1/findings", {"clinician", "admin"}),
        ("/api/v1/config", {"admin"}),
        ("/api/v1/tokens", {"admin"}),
        ("/api/v1/audit", {"admin"}),
    ],
)
def test_each_role_reaches_only_its_endpoints(api: Api, path: str, allowed: set[str]) -> None:
    for role in tokens.ROLES:
        response = api.get(path, role)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (role, path, response.text)
        if expected == 403:
            assert role in response.json()["detail"]


def test_a_technologist_may_open_one_study_and_its_previews_but_not_search(api: Api) -> None:
    """The technologist opens a study from the worklist; lists and searches stay clinical."""
    assert api.get("/api/v1/studies/1.2.3.4", "technologist").status_code == 404
    assert api.get("/api/v1/findings/1.2.3.4.1/preview", "technologist").status_code == 404
    assert api.get("/api/v1/studies", "technologist").status_code == 403


def test_tokens_are_stored_only_as_hashes(api: Api) -> None:
    stored = [row[0] for row in api.service.db.execute("SELECT token_sha256 FROM api_tokens")]
    for token in api.tokens.values():
        assert token not in stored
        assert tokens.hash_token(token) in stored


def test_an_admin_creates_a_token_that_works_at_once(api: Api) -> None:
    created = api.post("/api/v1/tokens", json={"role": "clinician", "name": "Dr Who"})
    assert created.status_code == 201
    token = created.json()["token"]
    response = api.client.get("/api/v1/studies", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    listed = api.get("/api/v1/tokens").json()
    assert any(t["name"] == "Dr Who" and t["role"] == "clinician" for t in listed)
    assert all("token_sha256" not in t for t in listed)


def test_an_unknown_role_is_a_bad_request(api: Api) -> None:
    response = api.post("/api/v1/tokens", json={"role": "root", "name": "x"})
    assert response.status_code == 400
    assert "technologist" in response.json()["detail"]


def test_a_revoked_token_is_refused(api: Api) -> None:
    token = tokens.create_token(api.service.db, "technologist", "leaver")
    header = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/api/v1/worklist", headers=header).status_code == 200
    tokens.revoke_named(api.service.db, "leaver")
    assert api.client.get("/api/v1/worklist", headers=header).status_code == 401


def test_the_local_admin_token_is_private_and_lives_as_long_as_the_api(tmp_path: Path) -> None:
    service = make_service(tmp_path)
    path = local_admin_token_path(service.layout)
    try:
        with TestClient(create_app(service)) as client:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            token = path.read_text().strip()
            response = client.get("/api/v1/config", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200
        assert not path.exists()
        assert tokens.lookup_token(service.db, token) is None
    finally:
        service.close()


def test_json_nested_thousands_deep_is_a_bad_request_not_a_server_error(api: Api) -> None:
    """Issue 18, break 8: such a body surfaced as a 500."""
    body = "[" * 5000 + "]" * 5000
    headers = {**api.headers("admin"), "Content-Type": "application/json"}
    response = api.client.post("/api/v1/tokens", content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["detail"] == "the request body is nested too deeply to read"
