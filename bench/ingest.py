"""Ingest throughput: ScanSide against dcmtk's storescp, same images, same sender, same run.

Copies the shared chest CT series (512x512 slices) with new UIDs until there are ``--images``
files, then sends the folder with dcmtk's ``storescu`` (one association, TCP_NODELAY=1) first to
``storescp`` (writes files, no fsync) and to ``scanside serve`` (acknowledges each image only
after fsync + rename + directory fsync, and catalogues it), alternately for ``--rounds`` pairs,
since this machine's speed drifts from minute to minute. Prints, per round, images/s and MB/s
of each, the ScanSide/storescp ratio, the service's CPU time per image and how long the
catalogue took to list every image; then the median ratio. Once, first, it also sends to a
stock pynetdicom SCP whose handler stores nothing: the floor of pynetdicom's own acceptor,
which is why ScanSide runs its own (``appliance/ingest/association.py``).

    PYTHONPATH=. python bench/ingest.py [--images 1000] [--rounds 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from pydicom import dcmread
from pydicom.uid import CTImageStorage, generate_uid
from pynetdicom import AE, evt

from appliance import runinfo
from appliance.layout import DataLayout

REPO = Path(__file__).resolve().parents[1]
SERIES = REPO.parent / "shared" / "realdata" / "lung-pet-ct-dx-A0001" / "ct"
ENV = {**os.environ, "TCP_NODELAY": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_images(folder: Path, count: int) -> int:
    """Write ``count`` slices of one new series; return the total bytes."""
    sources = sorted(SERIES.glob("*.dcm"))
    study, series = generate_uid(), generate_uid()
    total = 0
    for i in range(count):
        ds = dcmread(sources[i % len(sources)])
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.InstanceNumber = i + 1
        path = folder / f"{i:05d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        total += path.stat().st_size
    return total


def send(port: int, folder: Path, aec: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        ["storescu", "-aec", aec, "+sd", "127.0.0.1", str(port), str(folder)],
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"storescu failed: {result.stderr[-2000:]}")
    return elapsed


def wait_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def bench_storescp(folder: Path, work: Path) -> float:
    port, out = free_port(), work / "storescp-out"
    out.mkdir(exist_ok=True)
    server = subprocess.Popen(["storescp", "-od", str(out), str(port)], env=ENV)
    try:
        wait_port(port)
        return send(port, folder, "ANY-SCP")
    finally:
        server.terminate()
        server.wait()


def bench_pynetdicom_noop(folder: Path) -> float:
    """The library's own floor: a pynetdicom SCP whose handler stores nothing."""

    def nodelay(event: evt.Event) -> None:
        sock = event.assoc.dul.socket
        if sock is not None and sock.socket is not None:
            sock.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    ae = AE(ae_title="NOOP")
    ae.maximum_pdu_size = 0
    ae.add_supported_context(CTImageStorage)
    port = free_port()
    handlers: list[Any] = [(evt.EVT_C_STORE, lambda event: 0x0000), (evt.EVT_CONN_OPEN, nodelay)]
    server = ae.start_server(("127.0.0.1", port), block=False, evt_handlers=handlers)
    assert server is not None
    try:
        return send(port, folder, "NOOP")
    finally:
        server.shutdown()


def bench_scanside(folder: Path, work: Path, count: int) -> tuple[float, float, float]:
    """(seconds to send, seconds from the last acknowledgement to a full catalogue, CPU seconds
    the service used during the send)."""
    port, http_port = free_port(), free_port()
    data_dir = work / f"scanside-data-{time.monotonic_ns()}"
    env = {
        **ENV,
        "PYTHONPATH": str(REPO),
        "SCANSIDE_STORAGE__MIN_FREE_MB": "64",
        "SCANSIDE_STORAGE__WARN_FREE_MB": "64",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "appliance",
            "serve",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--http-port",
            str(http_port),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_port(port)
        wait_port(http_port)
        process = psutil.Process(server.pid)
        cpu_before = sum(process.cpu_times()[:2])
        elapsed = send(port, folder, "SCANSIDE")
        cpu = sum(process.cpu_times()[:2]) - cpu_before
        started = time.perf_counter()
        token = runinfo.admin_token(DataLayout.at(data_dir))
        headers = {"Authorization": f"Bearer {token}"}
        while True:
            status = httpx.get(
                f"http://127.0.0.1:{http_port}/api/v1/status", headers=headers, timeout=10
            ).json()
            if status["catalogue"]["instances"] >= count:
                break
            time.sleep(0.05)
        return elapsed, time.perf_counter() - started, cpu
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def _rate(images: int, mb: float, seconds: float) -> dict[str, float]:
    return {
        "seconds": round(seconds, 2),
        "images_per_s": round(images / seconds, 1),
        "mb_per_s": round(mb / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument(
        "--rounds", type=int, default=3, help="storescp/ScanSide pairs, run alternately"
    )
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    args = parser.parse_args()
    work = args.keep or Path(
        tempfile.mkdtemp(
            prefix="scanside-bench-", dir=REPO.parent if os.access(REPO.parent, os.W_OK) else None
        )
    )
    folder = work / "images"
    folder.mkdir(parents=True, exist_ok=True)
    rounds: list[dict[str, Any]] = []
    try:
        size = make_images(folder, args.images)
        mb = size / 1e6
        noop = bench_pynetdicom_noop(folder)
        for _ in range(args.rounds):
            dcmtk = bench_storescp(folder, work)
            ours, lag, cpu = bench_scanside(folder, work, args.images)
            rounds.append(
                {
                    "storescp": _rate(args.images, mb, dcmtk),
                    "scanside": {
                        **_rate(args.images, mb, ours),
                        "cpu_ms_per_image": round(cpu / args.images * 1e3, 2),
                        "catalogued_after_last_ack_s": round(lag, 2),
                    },
                    "ratio_scanside_to_storescp": round(dcmtk / ours, 2),
                    "load_average_1min": round(os.getloadavg()[0], 2),
                }
            )
            shutil.rmtree(work / "storescp-out", ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    ratios = sorted(r["ratio_scanside_to_storescp"] for r in rounds)
    report = {
        "images": args.images,
        "megabytes": round(mb, 1),
        "rounds": rounds,
        "median_ratio_scanside_to_storescp": ratios[len(ratios) // 2],
        "pynetdicom_noop_scp": {
            **_rate(args.images, mb, noop),
            "ratio_to_first_storescp": round(rounds[0]["storescp"]["seconds"] / noop, 2),
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
