"""``scanside demo``: the whole product in two minutes, on the embedded defaults.

Starts ``scanside serve`` (data in ``./scanside-data`` unless ``--data-dir``), waits for its API,
has the scanner simulator send a chest CT with a suspicious nodule
(``scanside simulate --nodules 1 --suspicious --send 127.0.0.1:PORT``), follows the series
through receiving, completion and analysis, then opens the terminal UI on the study. Quitting
the TUI (``q``) stops the appliance. ``--no-tui`` prints the result instead (for scripts and CI).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from appliance import runinfo
from appliance.api.local import read_local_admin_token, trust, url_for
from appliance.cli.options import add_common_options, config_from_args
from appliance.errors import ScanSideError
from appliance.layout import DataLayout
from appliance.tui.client import ApiClient
from appliance.tui.responses import FeedSeries

NAME = "demo"
HELP = "start the appliance, send a simulated CT with a suspicious nodule, show it in the TUI"

FINISHED = ("done", "failed", "skipped")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument("--port", type=int, help="DICOM port (default: dicom.port)")
    parser.add_argument("--http-port", type=int, help="HTTP API port (default: http.port)")
    parser.add_argument("--seed", type=int, default=7, help="simulator seed (default 7)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait per step")
    parser.add_argument(
        "--no-tui", action="store_true", help="print the result, do not open the TUI"
    )


def _say(message: str) -> None:
    print(f"[demo] {message}", flush=True)


def _serve(args: argparse.Namespace, data_dir: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "appliance", "serve", "--data-dir", str(data_dir)]
    if args.config:
        command += ["--config", args.config]
    if args.port:
        command += ["--port", str(args.port)]
    if args.http_port:
        command += ["--http-port", str(args.http_port)]
    log = (DataLayout.at(data_dir).create().logs / "demo-serve.log").open("ab")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def _last_line(log: Path) -> str:
    """The last line serve wrote: its one-line error (``Port in use: ...``) when it stopped."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""


def _wait_for_service(
    layout: DataLayout, server: subprocess.Popen[bytes], timeout: float
) -> runinfo.RunInfo:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = layout.logs / "demo-serve.log"
            raise ScanSideError(
                f"{_last_line(log) or f'scanside serve exited with status {server.returncode}'}"
                f" (log: {log})",
                title="Appliance did not start",
            )
        info = runinfo.read_running(layout)
        if info is not None and read_local_admin_token(layout):
            return info
        time.sleep(0.2)
    raise ScanSideError(
        f"no running appliance after {timeout:.0f} s", title="Appliance did not start"
    )


def _simulate(info: runinfo.RunInfo, seed: int, out: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "appliance",
        "simulate",
        "--out",
        str(out),
        "--seed",
        str(seed),
        "--nodules",
        "1",
        "--suspicious",
        "--send",
        f"127.0.0.1:{info.dicom_port}",
        "--ae-title",
        info.ae_title,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ScanSideError(
            f"the simulator failed: {result.stderr.strip()}", title="Simulator failed"
        )


def _follow(client: ApiClient, timeout: float) -> FeedSeries:
    """Print the newest series' progress until its analysis finishes; return its feed row."""
    deadline, shown = time.monotonic() + timeout, "nothing received"
    while time.monotonic() < deadline:
        feed = client.feed(limit=1)
        if feed:
            row = feed[0]
            analysis = row.analysis_state or "not queued yet"
            state = f"{row.instance_count} images, {row.state}, analysis {analysis}"
            if state != shown:
                _say(state)
                shown = state
            if row.analysis_state in FINISHED:
                return row
        time.sleep(1.0)
    raise ScanSideError(
        f"the study was not analysed within {timeout:.0f} s", title="Demo timed out"
    )


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    layout = DataLayout.at(config.storage.data_dir).create()
    if runinfo.read_running(layout) is not None:
        raise ScanSideError(
            f"an appliance is already running on {layout.root}; stop it first",
            title="Already running",
        )
    _say(f"starting the appliance (data in {layout.root})")
    server = _serve(args, layout.root)
    try:
        info = _wait_for_service(layout, server, args.timeout)
        client = ApiClient(
            url_for(info.http_host, info.http_port, info.http_scheme),
            read_local_admin_token(layout),
            verify=trust(info.http_certificate),
        )
        _say(f"appliance up: DICOM port {info.dicom_port}, API {client.base_url}")
        _say("the scanner simulator sends a chest CT with a suspicious nodule ...")
        with tempfile.TemporaryDirectory(prefix="scanside-demo-") as out:
            _simulate(info, args.seed, Path(out))
        row = _follow(client, args.timeout)
        if row.analysis_state != "done":
            _say(f"analysis {row.analysis_state}: {row.analysis_error or ''}")
        else:
            _say(f"analysed: Lung-RADS {row.lung_rads}, priority {row.priority}")
        if args.no_tui:
            return 0 if row.analysis_state == "done" else 1
        from appliance.tui.app import ScanSideApp  # noqa: PLC0415 - Textual only when shown
        from appliance.tui.slice_view import resolve_graphics  # noqa: PLC0415

        graphics = resolve_graphics(config.tui.preview)  # asks the terminal: before Textual
        ScanSideApp(client, open_study=row.study_uid, graphics=graphics).run()
        return 0
    finally:
        _say("stopping the appliance")
        _stop(server)
