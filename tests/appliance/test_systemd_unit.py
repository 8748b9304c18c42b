"""The shipped unit: Type=notify with a watchdog, and an exposure score of at most 2.0.

``systemd-analyze security --offline`` scores the file itself (no running systemd needed);
where the tool is missing the score test is skipped, the unit's own settings are still read.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

UNIT = REPO / "systemd" / "scanside.service"


def _service_section(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values.setdefault(key, []).append(value)
    return values


def test_the_unit_waits_for_ready_and_has_a_watchdog() -> None:
    service = _service_section(UNIT)
    assert service["Type"] == ["notify"]
    assert service["NotifyAccess"] == ["main"]
    assert int(service["WatchdogSec"][0]) > 0
    assert service["Restart"] == ["on-failure"]


def test_the_gpu_drop_in_opens_only_nvidia_devices() -> None:
    drop_in = _service_section(REPO / "systemd" / "scanside-gpu.conf")
    assert all("nvidia" in device for device in drop_in["DeviceAllow"])
    assert drop_in["DevicePolicy"] == ["closed"]


def test_the_exposure_score_is_at_most_2(tmp_path: Path) -> None:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed")
    copy = tmp_path / "scanside.service"  # --offline reads the unit under its own name
    copy.write_bytes(UNIT.read_bytes())
    result = subprocess.run(
        [tool, "security", "--offline=true", "--threshold=20", str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "Overall exposure level for scanside.service: " in result.stdout
