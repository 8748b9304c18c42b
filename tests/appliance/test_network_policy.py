"""Offline, enforced: the unit's IP firewall and the drop-in written from the configuration.

Issue 18 left "offline" checked (``bench/offline_run.py``) but not enforced: the unit set no
``IPAddressDeny=``. The shipped unit now denies every address but loopback, and
``scanside systemd network-policy`` writes the drop-in that allows the configured peers and
destinations. These tests run the command on a real configuration file, check the file it
writes, and have ``systemd-analyze`` (systemd 252, offline: no running systemd is needed) read
the unit with the drop-in: no warning, and an exposure score of at most 2.0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from appliance.config import load_config
from appliance.errors import ConfigError
from appliance.network_policy import network_policy, stale_policy_warning
from tests.conftest import REPO

UNIT = REPO / "systemd" / "scanside.service"

SITE = """
[dicom]
[[dicom.peers]]
ae_title = "CT_ROOM1"
address = "10.20.30.41"
[[dicom.peers]]
ae_title = "CT_ROOM2"
address = "10.20.31.0/24"
[[dicom.peers]]
ae_title = "SCANSIDE_IMPORT"
address = "127.0.0.1"
[[dicom.peers]]
ae_title = "CT_ROOM1_TLS"
address = "10.20.30.41"

[http]
bind_address = "10.20.30.2"
allow_plain_http_on_network = true

[[pacs.destinations]]
name = "main-pacs"
ae_title = "PACS"
host = "10.20.30.40"
port = 104
[[pacs.destinations]]
name = "local-orthanc"
ae_title = "ORTHANC"
host = "localhost"
port = 4242

[[hl7.destinations]]
name = "ris"
host = "10.20.50.5"
port = 2575

[[fhir.destinations]]
name = "ehr"
base_url = "https://[fd00::7]:8443/fhir"

[network]
allow = ["10.20.40.0/24"]
"""

EXPECTED_SETTINGS = [
    "[Service]",
    "IPAddressDeny=any",
    "IPAddressAllow=localhost",
    "# dicom.peers[0] (CT_ROOM1)",
    "IPAddressAllow=10.20.30.41/32",
    "# dicom.peers[1] (CT_ROOM2)",
    "IPAddressAllow=10.20.31.0/24",
    "# pacs.destinations[0].host (main-pacs)",
    "IPAddressAllow=10.20.30.40/32",
    "# hl7.destinations[0].host (ris)",
    "IPAddressAllow=10.20.50.5/32",
    "# fhir.destinations[0].base_url (ehr)",
    "IPAddressAllow=fd00::7/128",
    "# network.allow[0]",
    "IPAddressAllow=10.20.40.0/24",
]


def _policy_command(config: Path, output: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SCANSIDE_CONFIG", None)
    command = [sys.executable, "-m", "appliance", "systemd", "network-policy"]
    return subprocess.run(
        [*command, "--config", str(config), "--output", output],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _site(tmp_path: Path, text: str = SITE) -> Path:
    path = tmp_path / "scanside.toml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def drop_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The drop-in the command writes for the site's configuration file."""
    folder = tmp_path_factory.mktemp("policy")
    output = folder / "scanside.service.d" / "network.conf"
    result = _policy_command(_site(folder), str(output))
    assert result.returncode == 0, result.stderr
    assert str(output) in result.stdout
    return output


def test_the_drop_in_allows_loopback_and_exactly_the_configured_addresses(drop_in: Path) -> None:
    text = drop_in.read_text()
    settings = [line for line in text.splitlines() if not line.startswith("# Written") and line]
    assert settings[2:] == EXPECTED_SETTINGS  # after the two lines naming the source
    assert "scanside.toml" in text  # the comment says which configuration it came from
    assert drop_in.stat().st_mode & 0o777 == 0o644


def test_the_shipped_unit_alone_lets_only_loopback_through() -> None:
    lines = [line.strip() for line in UNIT.read_text().splitlines()]
    assert "IPAddressDeny=any" in lines
    assert [line for line in lines if line.startswith("IPAddressAllow=")] == [
        "IPAddressAllow=localhost"
    ]


def _unit_copy(folder: Path) -> Path:
    """The shipped unit with an ExecStart that exists here (verify checks it is executable)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = re.sub(r"(?m)^ExecStart=\S+", f"ExecStart={sys.executable}", UNIT.read_text())
    unit = folder / "scanside.service"
    unit.write_text(text)
    return unit


def _tool() -> str:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    return tool


def test_systemd_reads_the_unit_with_the_drop_in_without_a_warning(
    drop_in: Path, tmp_path: Path
) -> None:
    unit = _unit_copy(tmp_path)
    (tmp_path / "scanside.service.d").mkdir()
    shutil.copy(drop_in, tmp_path / "scanside.service.d" / "network.conf")
    bad = tmp_path / "scanside.service.d" / "zz-check.conf"
    bad.write_text("[Service]\nIPAddressAllow=10.0.0.300\n")
    result = subprocess.run(
        [_tool(), "verify", str(unit)], capture_output=True, text=True, timeout=120, check=False
    )
    # verify exits 0 on an ignored setting; the check drop-in shows that it reads drop-ins
    assert "zz-check.conf:2: Address prefix is invalid" in result.stderr
    bad.unlink()
    result = subprocess.run(
        [_tool(), "verify", str(unit)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0
    assert result.stdout + result.stderr == ""


def _exposure(tool: str, root: Path) -> float:
    result = subprocess.run(
        [tool, "security", "--offline=true", f"--root={root}", "scanside.service"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    match = re.search(r"Overall exposure level for scanside.service: ([0-9.]+)", result.stdout)
    assert match is not None, result.stdout[-2000:] + result.stderr
    return float(match.group(1))


def test_the_exposure_score_with_the_drop_in_is_at_most_2(drop_in: Path, tmp_path: Path) -> None:
    tool = _tool()
    system = tmp_path / "etc" / "systemd" / "system"
    _unit_copy(system)
    assert _exposure(tool, tmp_path) <= 2.0  # loopback only
    (system / "scanside.service.d").mkdir()
    shutil.copy(drop_in, system / "scanside.service.d" / "network.conf")
    assert _exposure(tool, tmp_path) <= 2.0


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ('host = "10.20.30.40"', "pacs.destinations[0].host"),
        ('host = "10.20.50.5"', "hl7.destinations[0].host"),
    ],
)
def test_a_host_name_destination_stops_the_command_naming_the_key(
    tmp_path: Path, change: str, key: str
) -> None:
    site = _site(tmp_path, SITE.replace(change, 'host = "pacs.hospital.example"'))
    output = tmp_path / "network.conf"
    result = _policy_command(site, str(output))
    assert result.returncode == 2
    assert key in result.stderr and "host name" in result.stderr
    assert not output.exists()


def test_an_api_on_the_network_with_no_clients_allowed_stops_the_command(tmp_path: Path) -> None:
    site = _site(tmp_path, SITE.replace('allow = ["10.20.40.0/24"]', "allow = []"))
    result = _policy_command(site, "-")
    assert result.returncode == 2
    assert "network.allow" in result.stderr and "http.bind_address" in result.stderr


def test_network_allow_is_validated_at_start_up() -> None:
    with pytest.raises(ConfigError, match=r"network\.allow\[1\]"):
        load_config(overrides={"network": {"allow": ["10.0.0.0/8", "10.0.0.300"]}}, environ={})


def test_serve_is_told_when_the_installed_policy_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(_site(tmp_path), environ={})
    installed = tmp_path / "network.conf"
    monkeypatch.delenv("INVOCATION_ID", raising=False)
    assert stale_policy_warning(config, installed) is None  # not under systemd, no file
    monkeypatch.setenv("INVOCATION_ID", "0123")
    warning = stale_policy_warning(config, installed)
    assert warning is not None and "missing" in warning
    installed.write_text(network_policy(config).replace("# Written", "# Copied"))
    assert stale_policy_warning(config, installed) is None  # comments do not count
    installed.write_text(network_policy(config).replace("10.20.31.0/24", "10.20.32.0/24"))
    warning = stale_policy_warning(config, installed)
    assert warning is not None and "differs" in warning
