"""ScanSide makes no network request of its own (issue 18, break 5).

ONNX Runtime 1.32 resolved ``mobile.events.data.microsoft.com`` a few seconds after its first
session, in the service and in each analysis worker. These tests run, in a fresh process
whose environment has none of the offline switches (the appliance must set them itself), first
the two model loads (the analysis worker's and the query engine's), then ``scanside demo``:
the whole appliance receiving a simulated study and analysing it. ``strace -f`` records every
``connect``/``sendto``/``sendmsg``; any DNS query or connection beyond this host fails them.
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
from tests.conftest import REPO, free_port

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
_LOCAL = re.compile(
    r'inet_addr\("(127\.|0\.0\.0\.0")|inet_pton\(AF_INET6, "(::1|::|::ffff:127\.[0-9.]+)"'
)
_DNS_PORT = "htons(53)"


def _outside_traffic(trace: str) -> list[str]:
    """The traced calls that reach beyond this host, or ask DNS.

    Loopback is ours; a UDP ``connect`` to the unspecified address (``0.0.0.0``, ``::``) is
    glibc choosing a source address for a local lookup and sends nothing.
    """
    found = []
    for line in trace.splitlines():
        if _DNS_PORT in line or (_INET.search(line) and not _LOCAL.search(line)):
            found.append(line)
    return found


def _traced(tmp_path: Path, *command: str, timeout: float) -> tuple[str, str]:
    """Run ``command`` under ``strace -f`` in an environment without the offline switches
    (ScanSide must set them itself); return its output and the trace."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENVIRONMENT}
    env["PYTHONPATH"] = str(REPO)
    trace = tmp_path / "trace.txt"
    calls = "trace=connect,sendto,sendmsg"
    result = subprocess.run(
        [strace, "-f", "-qq", "-e", calls, "-o", str(trace), *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout, trace.read_text()


def test_loading_the_models_makes_no_lookup_or_connection(tmp_path: Path) -> None:
    output, trace = _traced(
        tmp_path, sys.executable, "-c", _LOAD_MODELS_AND_WAIT, "10", timeout=180
    )
    assert "models loaded" in output
    assert _outside_traffic(trace) == []


@pytest.mark.slow
def test_the_whole_appliance_with_an_analysis_stays_on_this_host(tmp_path: Path) -> None:
    """``scanside demo``: the service, a simulated scanner sending a study, its analysis in a
    worker process, the results, the API; about a minute."""
    command = [sys.executable, "-m", "appliance", "demo", "--no-tui"]
    command += ["--data-dir", str(tmp_path / "data"), "--timeout", "300"]
    command += ["--port", str(free_port()), "--http-port", str(free_port())]
    output, trace = _traced(tmp_path, *command, timeout=600)
    assert "analysed: Lung-RADS" in output
    assert _outside_traffic(trace) == []


def test_the_trace_reader_sees_a_dns_lookup() -> None:
    lookup = (
        "1524  connect(8, {sa_family=AF_INET, sin_port=htons(53), "
        'sin_addr=inet_addr("10.255.255.53")}, 16) = 0'
    )
    local = (
        "1524  connect(8, {sa_family=AF_INET, sin_port=htons(11112), "
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 0'
    )
    probe = (
        "1524  connect(3, {sa_family=AF_INET, sin_port=htons(0), "
        'sin_addr=inet_addr("0.0.0.0")}, 16) = 0'
    )
    assert _outside_traffic("\n".join((lookup, local, probe))) == [lookup]
