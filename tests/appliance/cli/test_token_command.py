"""``scanside token``: tokens made on the command line, with the appliance stopped or running."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from appliance import runinfo
from appliance.api import tokens
from appliance.api.app import create_app
from appliance.catalogue.database import open_database
from appliance.config import load_config
from appliance.layout import DataLayout
from appliance.service import Service
from tests.conftest import REPO, free_port


def scanside(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "appliance", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_token_made_while_stopped_is_stored_hashed_with_its_role(tmp_path: Path) -> None:
    made = scanside(
        "token", "create", "--role", "clinician", "--name", "Dr A", "--data-dir", str(tmp_path)
    )
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    with open_database(DataLayout.at(tmp_path).catalogue) as db:
        found = tokens.lookup_token(db, token)
        assert found is not None and found.role == "clinician" and found.name == "Dr A"
    listed = scanside("token", "list", "--data-dir", str(tmp_path))
    assert "Dr A" in listed.stdout and token not in listed.stdout


def test_an_unknown_role_is_refused(tmp_path: Path) -> None:
    made = scanside("token", "create", "--role", "root", "--data-dir", str(tmp_path))
    assert made.returncode == 2 and "invalid choice" in made.stderr


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Service, str]]:
    port = free_port()
    config = load_config(
        None, overrides={"storage": {"data_dir": str(tmp_path)}, "http": {"port": port}}, environ={}
    )
    service = Service(config)
    server = uvicorn.Server(uvicorn.Config(create_app(service), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.05)
    info = runinfo.RunInfo(pid=os.getpid(), ae_title="SCANSIDE", dicom_port=0, http_port=port)
    runinfo.write(service.layout, info)  # as 'scanside serve' does
    try:
        yield service, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        service.close()


def test_while_the_appliance_runs_the_token_is_made_through_its_api(
    running: tuple[Service, str],
) -> None:
    service, url = running
    made = scanside(
        "token",
        "create",
        "--role",
        "technologist",
        "--name",
        "CT room 1",
        "--data-dir",
        str(service.layout.root),
    )
    assert made.returncode == 0, made.stderr
    response = httpx.get(
        f"{url}/api/v1/worklist", headers={"Authorization": f"Bearer {made.stdout.strip()}"}
    )
    assert response.status_code == 200
    assert tokens.lookup_token(service.db, made.stdout.strip()).role == "technologist"  # type: ignore[union-attr]


def test_while_the_appliance_runs_tokens_are_listed_and_revoked_through_its_api(
    running: tuple[Service, str],
) -> None:
    """Revoking a leaked token does not mean stopping the appliance (DuckDB's lock)."""
    service, url = running
    data_dir = str(service.layout.root)
    leaked = tokens.create_token(service.db, "clinician", "leaked laptop")
    headers = {"Authorization": f"Bearer {leaked}"}
    assert httpx.get(f"{url}/api/v1/worklist", headers=headers).status_code == 200

    listed = scanside("token", "list", "--data-dir", data_dir)
    assert listed.returncode == 0, listed.stderr
    assert "leaked laptop" in listed.stdout and leaked not in listed.stdout

    revoked = scanside("token", "revoke", "--name", "leaked laptop", "--data-dir", data_dir)
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.strip() == "revoked 1 token(s) named 'leaked laptop'"
    assert httpx.get(f"{url}/api/v1/worklist", headers=headers).status_code == 401
    actions = [row[0] for row in service.db.execute("SELECT action FROM audit_log")]
    assert "token.revoke" in actions


def test_the_running_appliances_own_token_is_not_revoked_through_its_api(
    running: tuple[Service, str],
) -> None:
    service, _ = running
    refused = scanside(
        "token", "revoke", "--name", tokens.LOCAL_ADMIN_NAME, "--data-dir", str(service.layout.root)
    )
    assert refused.returncode == 2
    assert "replaced at each start" in refused.stderr and "Traceback" not in refused.stderr
