"""Shared fixtures: paths to the shared data, free ports, and real DICOM peers.

Peer tools (dcmtk, Orthanc, dicom3tools) come from Debian's packages. Without them a test that
needs one is skipped, unless ``SCANSIDE_REQUIRE_PEERS=1`` (as ``.ci/run`` sets), where it fails.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def require_tool(name: str) -> str:
    """Return the path of a peer program, or skip (fail under SCANSIDE_REQUIRE_PEERS=1)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install dcmtk dicom3tools orthanc)"
        if os.environ.get("SCANSIDE_REQUIRE_PEERS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


TEST_PORTS = range(20000, 32000)
"""Ports handed to servers started by tests: below the kernel's ephemeral range (32768 and up
here), so no client socket of another test can be holding one, as it could a port the kernel
chose (a test that opens hundreds of client sockets made "Address already in use" and Orthanc
exit 255 in parallel runs). Each pytest-xdist worker draws from its own quarter."""
_handed_out: set[int] = set()


def _worker_ports() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    share = len(TEST_PORTS) // 4
    start = TEST_PORTS.start + (int(worker) % 4 if worker.isdigit() else 0) * share
    return range(start, start + share)


def free_port() -> int:
    """A TCP port that was free on every address a moment ago, not handed out before in this
    process, from this worker's share of :data:`TEST_PORTS`."""
    ports = _worker_ports()
    for _ in range(200):
        port = random.choice(ports)
        if port in _handed_out:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("0.0.0.0", port))  # probing only: closed at once
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free test port in {ports}")


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture
def realdata_ct(shared_dir: Path) -> Path:
    return shared_dir / "realdata" / "lung-pet-ct-dx-A0001" / "ct"


@pytest.fixture
def cohort_dir(shared_dir: Path) -> Path:
    return shared_dir / "cohort"
