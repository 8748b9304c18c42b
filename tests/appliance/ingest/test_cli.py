"""``scanside serve``, ``import`` and ``status`` as a technologist runs them."""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest

from appliance import runinfo
from appliance.layout import DataLayout
from tests.appliance.ingest.conftest import write_series
from tests.appliance.ingest.serve_process import ServeProcess, cli

pytestmark = pytest.mark.peers


def test_import_then_status_without_a_running_service(tmp_path: Path, realdata_ct: Path) -> None:
    data = tmp_path / "data"
    imported = cli("import", str(realdata_ct), data_dir=data)
    assert imported.returncode == 0, imported.stderr
    assert "imported 64 of 64 files" in imported.stdout
    status = cli("status", "--json", data_dir=data)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["running"] is False
    catalogue = report["catalogue"]
    assert (
        catalogue["patients"],
        catalogue["studies"],
        catalogue["series"],
        catalogue["instances"],
    ) == (1, 1, 1, 64)
    assert report["storage"]["free_mb"] > 0
    again = cli("import", str(realdata_ct), data_dir=data)
    assert again.returncode == 0 and "imported 64 of 64" in again.stdout
    assert json.loads(cli("status", "--json", data_dir=data).stdout)["catalogue"]["instances"] == 64


def test_import_lists_what_it_refused_and_fails(tmp_path: Path) -> None:
    _, _, (good,) = write_series(tmp_path / "in", 1)
    (tmp_path / "in" / "notes.txt").write_text("not an image")
    (tmp_path / "in" / "cut.dcm").write_bytes(good.read_bytes()[:-200])
    result = cli("import", str(tmp_path / "in"), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert "imported 1 of 3 files; 2 refused" in result.stdout
    assert "notes.txt: 0xC210" in result.stderr
    assert "cut.dcm: 0xC214" in result.stderr


def test_serve_answers_status_and_takes_imports_by_c_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_series(tmp_path / "in", 5, expected=5)
    serve = ServeProcess(data)
    try:
        assert serve.status()["catalogue"]["instances"] == 0  # type: ignore[index]
        imported = cli("import", str(tmp_path / "in"), data_dir=data)
        assert imported.returncode == 0, imported.stderr
        assert "sending 5 files by C-STORE" in imported.stdout
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            report = json.loads(cli("status", "--json", data_dir=data).stdout)
            if report["catalogue"]["series_by_state"]["complete"] == 1:
                break
            time.sleep(0.3)
        assert report["running"] is True
        assert report["catalogue"]["instances"] == 5
        # One analysis job for the one complete series, whatever the analysis has made of it.
        assert sum(report["catalogue"]["jobs"].values()) == 1
        assert report["components"]["storage-scp"]["stored"] == 5
    finally:
        assert serve.stop() == 0, serve.output()
    assert not (data / "run" / "service.json").exists()
    after = json.loads(cli("status", "--json", data_dir=data).stdout)
    assert after["running"] is False and after["catalogue"]["series_by_state"]["complete"] == 1


class _StatusAPI(http.server.BaseHTTPRequestHandler):
    """Stands in for the full API: answers only with the right bearer token."""

    def do_GET(self) -> None:
        ok = self.path == "/api/v1/status" and self.headers.get("Authorization") == "Bearer s3cret"
        body = json.dumps({"catalogue": {"instances": 7}}).encode() if ok else b"{}"
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def test_status_asks_a_running_service_with_the_local_admin_token(tmp_path: Path) -> None:
    data = tmp_path / "data"
    layout = DataLayout.at(data).create()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StatusAPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        runinfo.write(
            layout,
            runinfo.RunInfo(pid=os.getpid(), ae_title="SCANSIDE", dicom_port=1, http_port=port),
        )
        (layout.run / runinfo.TOKEN_FILE).write_text("s3cret\n")
        report = cli("status", "--json", data_dir=data)
        assert report.returncode == 0, report.stderr
        assert json.loads(report.stdout) == {"catalogue": {"instances": 7}, "running": True}
        (layout.run / runinfo.TOKEN_FILE).write_text("wrong")
        refused = cli("status", "--json", data_dir=data)
        assert refused.returncode == 2 and "401" in refused.stderr
    finally:
        server.shutdown()
