"""A hostile listed sender: C-STOREs of one costly file, again and again, on many associations.

Run as its own process (``python -m tests.appliance.ingest.flood ...``) so that its Python
does not share the GIL with the service or the test that measures the scanner. Each thread
opens one association from ``--bind`` with pynetdicom and sends ``--file`` until ``--seconds``
have passed; it prints one JSON line: how many C-STOREs were answered, by status.
"""

from __future__ import annotations

import argparse
import collections
import json
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from pydicom.filereader import read_file_meta_info
from pynetdicom import AE, _config

__all__ = ["main"]


def _flood(
    args: argparse.Namespace,
    payload: object,
    counts: collections.Counter[str],
    lock: threading.Lock,
) -> None:
    ae = AE(ae_title=args.aet)
    ae.add_requested_context(args.sop_class, args.syntax)
    ae.dimse_timeout = ae.network_timeout = args.seconds + 120
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        assoc = ae.associate("127.0.0.1", args.port, ae_title=args.aec, bind_address=(args.bind, 0))
        if not assoc.is_established:
            with lock:
                counts["not associated"] += 1
            time.sleep(0.2)
            continue
        while assoc.is_established and time.monotonic() < deadline:
            status = assoc.send_c_store(payload)
            key = f"0x{status.Status:04X}" if "Status" in status else "no answer"
            with lock:
                counts[key] += 1
        assoc.release()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--bind", default="127.0.0.2", help="source address")
    parser.add_argument("--aet", default="FLOODER")
    parser.add_argument("--aec", default="SCANSIDE")
    parser.add_argument("--associations", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    meta = read_file_meta_info(args.file)
    args.sop_class = meta.MediaStorageSOPClassUID
    args.syntax = meta.TransferSyntaxUID
    # Stream the file's data set as it is: pynetdicom would otherwise decode and re-encode it
    # in this process, and a costly data set would cost the flooder as much as the service.
    _config.STORE_SEND_CHUNKED_DATASET = True
    payload: object = args.file
    counts: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()
    threads = [
        threading.Thread(target=_flood, args=(args, payload, counts, lock), daemon=True)
        for _ in range(args.associations)
    ]
    print(json.dumps({"started": time.time()}), flush=True)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(dict(counts)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
