"""Shared fixtures: paths to the shared data, free ports, and real DICOM peers.

Peer tools (dcmtk, Orthanc, dicom3tools) come from Debian's packages. Without them a test that
needs one is skipped, unless ``SCANSIDE_REQUIRE_PEERS=1`` (as ``.ci/run`` sets), where it fails.
"""

from __future__ import annotations

import os
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


def free_port() -> int:
    """A TCP port that was free on loopback a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
