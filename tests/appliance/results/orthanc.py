"""A real Orthanc (Debian's package) started by a test, on free loopback ports, as the PACS.

Never the system service (4242/8042): each server gets its own configuration, storage and index
folders and log folder under the test's tmp_path, is reachable over HTTP from loopback only,
checks the called AE title (so a wrong one is refused), and is stopped with SIGTERM.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.conftest import free_port, require_tool


class Orthanc:
    """One Orthanc process; ``start()`` may be called again after ``stop()`` (same data)."""

    def __init__(
        self, folder: Path, *, ae_title: str = "ORTHANC", extra: dict[str, Any] | None = None
    ) -> None:
        """``extra`` settings are added to the configuration (e.g. ``DicomModalities``, so a
        test's AE may C-FIND and C-GET)."""
        self.folder = folder
        self.ae_title = ae_title
        self.extra = extra or {}
        self.dicom_port = free_port()
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        (folder / "logs").mkdir(parents=True, exist_ok=True)
        self.config = folder / "orthanc.json"
        self.config.write_text(json.dumps(self._settings()), encoding="utf-8")

    def _settings(self) -> dict[str, Any]:
        return {
            "Name": "scanside-test",
            "StorageDirectory": str(self.folder / "storage"),
            "IndexDirectory": str(self.folder / "index"),
            "DicomAet": self.ae_title,
            "DicomPort": self.dicom_port,
            "HttpPort": self.http_port,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": False,
            "DicomCheckCalledAet": True,
            "Plugins": [],
            "StorageCompression": False,
            **self.extra,
        }

    def start(self) -> None:
        binary = require_tool("Orthanc")
        env = {**os.environ, "TCP_NODELAY": "1"}
        self.process = subprocess.Popen(
            [binary, f"--logdir={self.folder / 'logs'}", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._wait_ready()

    def _wait_ready(self, timeout_s: float = 20.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Orthanc exited with {self.process.returncode}; see {self.folder / 'logs'}"
                )
            with contextlib.suppress(OSError):
                self.get("/system")
                with socket.create_connection(("127.0.0.1", self.dicom_port), timeout=1):
                    return
            time.sleep(0.05)
        raise RuntimeError(f"Orthanc not ready after {timeout_s} s; see {self.folder / 'logs'}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def get(self, path: str) -> Any:
        url = f"http://127.0.0.1:{self.http_port}{path}"
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.loads(response.read())

    def stored_sop_instance_uids(self) -> list[str]:
        """The SOP Instance UID of every instance Orthanc holds (one entry per instance)."""
        return [
            self.get(f"/instances/{i}/simplified-tags")["SOPInstanceUID"]
            for i in self.get("/instances")
        ]

    def tags(self, sop_instance_uid: str) -> dict[str, Any]:
        for orthanc_id in self.get("/instances"):
            tags: dict[str, Any] = self.get(f"/instances/{orthanc_id}/simplified-tags")
            if tags["SOPInstanceUID"] == sop_instance_uid:
                return tags
        raise KeyError(sop_instance_uid)
