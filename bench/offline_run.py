"""Truly offline for ten minutes with analysis: each lookup and connection ``scanside serve`` makes.

Starts ``scanside serve`` under ``strace -f -e trace=connect,sendto,sendmsg`` (every thread and
every analysis worker it starts), with a temporary data directory and an environment that has
none of the offline switches (``appliance/offline.py``: the appliance must set them itself),
then, for ``--minutes``, has the scanner simulator (``scanside simulate --send``, not traced: it
is the scanner) send a small simulated chest CT every ``--every`` seconds, and follows the feed
until each is analysed. At the end it stops the service and counts, from the trace, the
connections and datagrams to this host (its own listeners, the API and the worker's pipes),
the DNS lookups (anything to port 53) and the connections beyond this host. Issue 18's target is
zero of the last two; the script exits 1 otherwise, printing each offending call.

    PYTHONPATH=. nice -n 19 python bench/offline_run.py [--minutes 10] [--every 90] [--keep DIR]

``tests/appliance/test_offline.py`` checks the same with a model load and one ``scanside demo``
(about a minute); this is the long run, where a periodic phone-home (ONNX Runtime's was every
5 s) has time to show.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from appliance import runinfo
from appliance.layout import DataLayout
from appliance.offline import OFFLINE_ENVIRONMENT
from tests.appliance.test_offline import _DNS_PORT, _INET, _LOCAL
from tests.conftest import REPO, free_port

FINISHED = ("done", "failed", "skipped")

_CALL = re.compile(r"\b(connect|sendto|sendmsg)\(")


def read_trace(trace: str) -> dict[str, Any]:
    """Count the traced calls: all, IP ones to this host, DNS lookups, and beyond this host.

    A UDP ``connect`` to the unspecified address (``0.0.0.0``, ``::``) is glibc choosing a
    source address and sends nothing; it counts as local (as in ``test_offline.py``).
    """
    calls = local = 0
    dns: list[str] = []
    outside: list[str] = []
    for line in trace.splitlines():
        if not _CALL.search(line):
            continue
        calls += 1
        if _DNS_PORT in line:
            dns.append(line)
        elif _INET.search(line):
            if _LOCAL.search(line):
                local += 1
            else:
                outside.append(line)
    return {"calls": calls, "ip_local": local, "dns": dns, "outside": outside}


def wait_healthy(layout: DataLayout, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"scanside serve exited with {server.returncode}")
        if runinfo.read_running(layout) is not None:
            return
        time.sleep(0.5)
    raise SystemExit("scanside serve did not start")


def feed(base_url: str, token: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{base_url}/api/v1/feed",
        params={"limit": 200},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    response.raise_for_status()
    body = response.json()
    return list(body["items"] if isinstance(body, dict) else body)


def send_study(port: int, ae_title: str, seed: int, out: Path, env: dict[str, str]) -> bool:
    command = [sys.executable, "-m", "appliance", "simulate", "--out", str(out)]
    command += ["--seed", str(seed), "--slices", "60", "--rows", "256", "--nodules", "1"]
    command += ["--send", f"127.0.0.1:{port}", "--ae-title", ae_title]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(f"  simulator failed: {result.stderr.strip()[-500:]}", flush=True)
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--every", type=float, default=90.0, help="seconds between studies")
    parser.add_argument("--keep", type=Path, help="keep the data directory and trace here")
    args = parser.parse_args()
    strace = shutil.which("strace")
    if strace is None:
        raise SystemExit("strace is not installed")
    work = args.keep or Path(tempfile.mkdtemp(prefix="scanside-offline-"))
    work.mkdir(parents=True, exist_ok=True)
    data_dir, trace_path = work / "data", work / "trace.txt"
    layout = DataLayout.at(data_dir).create()
    port, http_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENVIRONMENT}
    env["PYTHONPATH"] = str(REPO)
    env.pop("SCANSIDE_CONFIG", None)
    serve_env = {
        **env,
        "SCANSIDE_COMPLETION__DEFAULT_QUIET_S": "5",
        "SCANSIDE_COMPLETION__CHECK_INTERVAL_S": "1",
    }
    command = [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace_path)]
    command += [sys.executable, "-m", "appliance", "serve", "--data-dir", str(data_dir)]
    command += ["--port", str(port), "--http-port", str(http_port)]
    log = (work / "serve.log").open("wb")
    started = time.monotonic()
    server = subprocess.Popen(
        command, cwd=REPO, env=serve_env, stdout=log, stderr=subprocess.STDOUT
    )
    sent: list[int] = []
    analysed: dict[str, str] = {}
    try:
        wait_healthy(layout, server, 180)
        token = runinfo.admin_token(layout)
        info = runinfo.read_running(layout)
        ae_title = info.ae_title if info is not None else "SCANSIDE"
        base_url = f"http://127.0.0.1:{http_port}"
        print(f"serve up after {time.monotonic() - started:.0f} s; tracing to {trace_path}")
        end = started + args.minutes * 60
        next_send = time.monotonic()
        while time.monotonic() < end:
            if time.monotonic() >= next_send:
                seed = 100 + len(sent)
                with tempfile.TemporaryDirectory(dir=work) as out:
                    if send_study(port, ae_title, seed, Path(out), env):
                        sent.append(seed)
                print(f"  {time.monotonic() - started:5.0f} s: sent study seed {seed}", flush=True)
                next_send += args.every
            try:
                for row in feed(base_url, token):
                    state = row.get("analysis_state")
                    key = str(row.get("series_uid") or row.get("study_uid"))
                    if state in FINISHED and key not in analysed:
                        analysed[key] = str(state)
                        print(f"  {time.monotonic() - started:5.0f} s: analysis {state}")
            except httpx.HTTPError as error:
                print(f"  feed: {error}")
            time.sleep(5)
    finally:
        if server.poll() is None:
            for child in psutil.Process(server.pid).children():
                child.send_signal(signal.SIGTERM)  # serve itself, under strace
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
    elapsed = time.monotonic() - started
    counts = read_trace(trace_path.read_text())
    report = {
        "traced_s": round(elapsed),
        "studies_sent": len(sent),
        "analyses_finished": sorted(analysed.values()),
        "connect_sendto_sendmsg_calls": counts["calls"],
        "ip_calls_to_this_host": counts["ip_local"],
        "dns_lookups": len(counts["dns"]),
        "connections_beyond_this_host": len(counts["outside"]),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(report, indent=2))
    for line in counts["dns"] + counts["outside"]:
        print("OFFENDING:", line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if counts["dns"] or counts["outside"] or not analysed else 0


if __name__ == "__main__":
    sys.exit(main())
