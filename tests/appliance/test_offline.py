"""ScanSide makes no network request of its own (issue 18, break 5).

ONNX Runtime 1.32 resolved ``mobile.events.data.microsoft.com`` a few seconds after its first
session, in the service and in each analysis worker. This test loads the analysis model and
the sentence model the way the worker and the query engine do, in a fresh process whose
environment has none of the offline switches (the appliance must set them itself), traces
every ``connect``/``sendto`` with ``strace -f``, and fails on any lookup or connection beyond
loopback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from appliance.offline import OFFLINE_ENVIRONMENT
from tests.conftest import REPO

_LOAD_MODELS_AND_WAIT = """
import time
from appliance.inference.runtime import InferenceRuntime
from query.embedder import Embedder
InferenceRuntime().nodule_model()
Embedder()
print("models loaded", flush=True)
time.sleep(float(__import__("sys").argv[1]))
"""
_INET = re.compile(r"(connect|sendto|sendmsg)\(.*sa_family=AF_INET6?,")
_LOOPBACK = re.compile(r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|"::ffff:127\.')


def _outside_traffic(trace: str) -> list[str]:
    """The traced calls that reach beyond loopback, or ask a name service."""
    found = []
    for line in trace.splitlines():
        outside = _INET.search(line) is not None and _LOOPBACK.search(line) is None
        if outside or "nscd" in line or "/run/systemd/resolve" in line:
            found.append(line)
    return found


def test_loading_the_models_makes_no_lookup_or_connection(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENVIRONMENT}
    env["PYTHONPATH"] = str(REPO)
    trace = tmp_path / "trace.txt"
    command = [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace)]
    command += [sys.executable, "-c", _LOAD_MODELS_AND_WAIT, "10"]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "models loaded" in result.stdout
    assert _outside_traffic(trace.read_text()) == []


def test_the_trace_reader_sees_a_dns_lookup() -> None:
    lookup = (
        "1524  connect(8, {sa_family=AF_INET, sin_port=htons(53), "
        'sin_addr=inet_addr("10.255.255.53")}, 16) = 0'
    )
    local = (
        "1524  connect(8, {sa_family=AF_INET, sin_port=htons(11112), "
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 0'
    )
    assert _outside_traffic(lookup + "\n" + local) == [lookup]
