"""Running ``python -m appliance serve`` as a real process, for the CLI and crash tests."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from appliance import runinfo
from appliance.layout import DataLayout
from tests.conftest import REPO, free_port


class ServeProcess:
    """``scanside serve`` in a subprocess on free ports, with its own data directory.

    ``env`` adds settings (``SCANSIDE_...``); with ``verify`` (an SSL context trusting the
    API's certificate) the API is reached over HTTPS.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        quiet_s: float = 60.0,
        env: Mapping[str, str] | None = None,
        verify: ssl.SSLContext | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.verify: ssl.SSLContext | bool = verify if verify is not None else True
        scheme = "https" if verify is not None else "http"
        self.port = free_port()
        self.http_port = free_port()
        environment = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "SCANSIDE_STORAGE__MIN_FREE_MB": "1",
            "SCANSIDE_STORAGE__WARN_FREE_MB": "1",
            "SCANSIDE_COMPLETION__DEFAULT_QUIET_S": str(quiet_s),
            "SCANSIDE_COMPLETION__CHECK_INTERVAL_S": "0.2",
            **(env or {}),
        }
        environment.pop("SCANSIDE_CONFIG", None)
        self.base_url = f"{scheme}://127.0.0.1:{self.http_port}"
        self.log = (data_dir.parent / f"serve-{self.port}.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "appliance",
                "serve",
                "--data-dir",
                str(data_dir),
                "--port",
                str(self.port),
                "--http-port",
                str(self.http_port),
            ],
            cwd=REPO,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"serve exited with {self.process.returncode}: {self.output()}"
                )
            try:
                if (
                    httpx.get(
                        f"{self.base_url}/api/v1/health", timeout=1, verify=self.verify
                    ).status_code
                    == 200
                ):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"serve did not become healthy: {self.output()}")

    def status(self) -> dict[str, object]:
        token = runinfo.admin_token(DataLayout.at(self.data_dir))
        response = httpx.get(
            f"{self.base_url}/api/v1/status",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
            verify=self.verify,
        )
        response.raise_for_status()
        data: dict[str, object] = response.json()
        return data

    def output(self) -> str:
        self.log.flush()
        return (self.data_dir.parent / f"serve-{self.port}.log").read_text()

    def kill9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        self.log.close()
        return self.process.returncode


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m appliance ARGS --data-dir DIR`` from the repository root."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCANSIDE_STORAGE__MIN_FREE_MB": "1",
        "SCANSIDE_STORAGE__WARN_FREE_MB": "1",
    }
    env.pop("SCANSIDE_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "appliance", *args, "--data-dir", str(data_dir)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
