"""What ``scanside serve`` says at start-up about how exposed it is."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO, free_port


def test_serve_warns_when_plain_http_on_the_network_is_allowed(tmp_path: Path) -> None:
    """Issue 18, break 7: the API bound 0.0.0.0 over plain HTTP without a word. Such a bind
    now stops the start (tests/appliance/api/test_api_tls.py) unless
    ``http.allow_plain_http_on_network`` asks for it, and then it is warned about."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCANSIDE_HTTP__BIND_ADDRESS": "0.0.0.0"}
    env["SCANSIDE_HTTP__ALLOW_PLAIN_HTTP_ON_NETWORK"] = "true"
    env.update({"SCANSIDE_STORAGE__MIN_FREE_MB": "1", "SCANSIDE_STORAGE__WARN_FREE_MB": "1"})
    env.pop("SCANSIDE_CONFIG", None)
    command = [sys.executable, "-m", "appliance", "serve", "--data-dir", str(tmp_path / "d")]
    command += ["--port", str(free_port()), "--http-port", str(free_port())]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
        try:
            deadline = time.monotonic() + 60
            while "receiving on" not in log.read_text() and time.monotonic() < deadline:
                assert process.poll() is None, log.read_text()
                time.sleep(0.2)
        finally:
            process.terminate()
            process.wait(timeout=60)
    assert "http.bind_address is 0.0.0.0" in log.read_text()
    assert "without TLS" in log.read_text()
