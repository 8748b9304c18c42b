"""The audit log records the address that really connected, not one a header claims.

Issue 18, break 8: ``scanside serve`` ran uvicorn with its defaults, which trust
``X-Forwarded-For`` from loopback, so a local request could write 6.6.6.6 into the audit log.
ScanSide is not deployed behind a proxy; the header is now ignored.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from appliance import runinfo
from appliance.layout import DataLayout
from tests.appliance.ingest.serve_process import ServeProcess


def test_x_forwarded_for_does_not_reach_the_audit_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    serve = ServeProcess(data)
    try:
        base = f"http://127.0.0.1:{serve.http_port}/api/v1"
        token = runinfo.admin_token(DataLayout.at(data))
        auth = {"Authorization": f"Bearer {token}"}
        httpx.get(f"{base}/studies", headers={**auth, "X-Forwarded-For": "6.6.6.6"}, timeout=10)
        response = httpx.get(f"{base}/audit", headers=auth, timeout=10)
        response.raise_for_status()
        clients = {row["client"] for row in response.json()["items"]}
        assert clients == {"127.0.0.1"}
    finally:
        assert serve.stop() == 0, serve.output()
