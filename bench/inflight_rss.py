"""Memory under many associations: the service's RSS while every one holds a large data set.

Starts ``scanside serve`` with ``--max-dataset-mb`` and ``--max-inflight-mb``, opens
``--associations`` raw associations on loopback that each send all but the last fragment of a
``--size-mb`` CT data set and stall there (the worst case: nothing is answered, so nothing is
freed), and prints the service's RSS when idle, while they all hold, and its peak (VmHWM);
then each sender finishes its data set and the statuses are counted (0x0000 stored, 0xA700
refused for the budget). Run it once with a budget as large as the sum (what ScanSide did
before ``dicom.max_inflight_mb``) and once with the default:

    PYTHONPATH=. python bench/inflight_rss.py --max-inflight-mb 65536
    PYTHONPATH=. python bench/inflight_rss.py --max-inflight-mb 384
"""

from __future__ import annotations

import argparse
import collections
import shutil
import socket
import tempfile
import time
from io import BytesIO
from pathlib import Path

import psutil
from pydicom.filereader import read_dataset
from pydicom.uid import generate_uid
from pynetdicom.dsutils import encode

from tests.appliance.ingest.conftest import ct_slice
from tests.appliance.ingest.raw_pdus import associate_rq, c_store_rq, p_data, read_pdu
from tests.appliance.ingest.serve_process import ServeProcess

CT = "1.2.840.10008.5.1.4.1.1.2"
MIB = 1024 * 1024
FRAGMENT = MIB


def _data_set(size_mb: int) -> tuple[bytes, str]:
    rows = int((size_mb * MIB / 2) ** 0.5)
    ds = ct_slice(generate_uid(), generate_uid(), 0, rows=rows)
    raw = encode(ds, True, True)
    assert raw is not None
    return raw, str(ds.SOPInstanceUID)


def _rss_mb(process: psutil.Process) -> tuple[float, float]:
    """(RSS, peak RSS) in MiB."""
    peak = 0.0
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return process.memory_info().rss / MIB, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--associations", type=int, default=16)
    parser.add_argument("--size-mb", type=int, default=60)
    parser.add_argument("--max-dataset-mb", type=int, default=64)
    parser.add_argument("--max-inflight-mb", type=int, default=384)
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="scanside-inflight-"))
    serve = ServeProcess(
        data / "d",
        env={
            "SCANSIDE_DICOM__MAX_DATASET_MB": str(args.max_dataset_mb),
            "SCANSIDE_DICOM__MAX_INFLIGHT_MB": str(args.max_inflight_mb),
            "SCANSIDE_DICOM__MAX_ASSOCIATIONS_PER_ADDRESS": str(args.associations),
            "SCANSIDE_DICOM__MAX_PENDING_PER_ADDRESS": str(min(args.associations, 32)),
        },
    )
    port = serve.port
    try:
        service = psutil.Process(serve.process.pid)
        idle, _ = _rss_mb(service)
        raw, uid = _data_set(args.size_mb)
        body, last = raw[: len(raw) - FRAGMENT], raw[len(raw) - FRAGMENT :]
        senders = []
        for _ in range(args.associations):
            sock = socket.create_connection(("127.0.0.1", port), timeout=120)
            sock.sendall(associate_rq(abstract=CT))
            assert read_pdu(sock)[0] == 0x02, "association rejected"
            sock.sendall(p_data(1, 0x03, c_store_rq(CT, uid)))
            for start in range(0, len(body), FRAGMENT):
                sock.sendall(p_data(1, 0x00, body[start : start + FRAGMENT]))
            senders.append(sock)
        time.sleep(2)
        holding, peak = _rss_mb(service)
        statuses: collections.Counter[str] = collections.Counter()
        for sock in senders:
            sock.sendall(p_data(1, 0x02, last))
            kind, answer = read_pdu(sock)
            status = read_dataset(BytesIO(answer[6:]), True, True).Status if kind == 4 else None
            statuses[f"0x{status:04X}" if status is not None else "no answer"] += 1
            sock.close()
        _, peak = _rss_mb(service)
        print(
            f"{args.associations} associations x {len(raw) / MIB:.0f} MiB, "
            f"max_inflight_mb {args.max_inflight_mb}: RSS idle {idle:.0f} MiB, holding "
            f"{holding:.0f} MiB (+{holding - idle:.0f}), peak {peak:.0f} MiB "
            f"(+{peak - idle:.0f}); statuses {dict(statuses)}"
        )
    finally:
        serve.stop()
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
