"""CPU per sender: one listed sender flooding costly data sets cannot starve the scanner's decoding.

``dicom.max_decode_cpu_s`` bounds one data set; a listed peer could still send such data sets on
all of its associations at once, and the scanner's association thread then got a ninth of the
interpreter. Measured on this 2-core machine with the flood below but the default budget (5 s)
and no per-sender share: storescu's ten 512x512 slices took 0.1-0.2 s idle and 8.8-10.1 s under
the flood; with ``dicom.max_decodes_per_address = 1`` (the default), 0.5-1.0 s. The flooder
(``tests/appliance/ingest/flood.py``, pynetdicom in its own process) sends from ``127.0.0.2``
a deflated data set of 300,000 sequence items, 19 KB on the wire, that pydicom cannot decode
within the budget, again and again on eight associations; dcmtk's storescu plays the scanner
from ``127.0.0.1``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from pydicom.uid import DeflatedExplicitVRLittleEndian

from appliance.errors import ConfigError
from appliance.ingest import statuses
from appliance.ingest.decode_share import DecodeShare
from appliance.ingest.statuses import RefusedInstance
from tests.appliance.ingest.conftest import (
    PYDICOM_READ_WARNINGS,
    Running,
    make_config,
    storescu,
    write_series,
)
from tests.appliance.ingest.test_decode_cpu import _wide_sequence
from tests.appliance.ingest.test_limits import _write
from tests.conftest import REPO

PEERS = [
    {"ae_title": "STORESCU", "address": "127.0.0.1"},  # the scanner
    {"ae_title": "FLOODER", "address": "127.0.0.2"},  # listed, and hostile
]
PROMPT_S = 4.0
"""Ten 512x512 slices under the flood, at most (measured 0.5-1.0 s; 8.8-10.1 s unshared)."""


def _costly_file(folder: Path) -> Path:
    data, uid = _wide_sequence(300_000)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush()
    return _write(folder, "costly.dcm", DeflatedExplicitVRLittleEndian, deflated, uid)


def _flood(port: int, path: Path, seconds: float) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.appliance.ingest.flood", "--port", str(port)]
    command += ["--file", str(path), "--associations", "8", "--seconds", str(seconds)]
    return subprocess.Popen(
        command, cwd=REPO, env={"PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, text=True
    )


@pytest.mark.peers
@pytest.mark.slow
@PYDICOM_READ_WARNINGS
def test_the_scanner_stores_promptly_while_a_listed_sender_floods(tmp_path: Path) -> None:
    dicom = {"peers": PEERS, "max_inflation_ratio": 1032, "network_timeout_s": 15.0}
    running = Running(make_config(tmp_path / "data", dicom=dicom))
    flood = None
    try:
        flood = _flood(running.port, _costly_file(tmp_path), seconds=20)
        time.sleep(4)  # every flooding association is open and decoding or waiting its turn
        took = []
        for i in range(3):
            study, _, _ = write_series(tmp_path / f"scan{i}", 10, rows=512)
            started = time.monotonic()
            sent = storescu(running.port, tmp_path / f"scan{i}")
            took.append(time.monotonic() - started)
            assert sent.returncode == 0, sent.stdout + sent.stderr
            assert running.rows(
                "SELECT count(*) AS n FROM instances WHERE study_uid = ?", [study]
            ) == [{"n": 10}]
        assert max(took) < PROMPT_S, took
        output, _ = flood.communicate(timeout=120)
        answered = json.loads(output.splitlines()[-1])
        assert answered.get(f"0x{statuses.DECODE_TOO_COSTLY:04X}", 0) >= 2, answered
        assert running.parts.receiver.decode_share.waited >= 7  # the flood really queued
    finally:
        if flood is not None and flood.poll() is None:
            flood.kill()
        running.close()


def _hold(share: DecodeShare, address: str, entered: list[float], hold_s: float) -> None:
    with share.turn(address):
        entered.append(time.monotonic())
        time.sleep(hold_s)


def test_one_address_decodes_one_at_a_time_and_others_do_not_wait() -> None:
    share = DecodeShare(per_address=1, wait_s=10)
    same: list[float] = []
    other: list[float] = []
    threads = [
        threading.Thread(target=_hold, args=(share, "10.0.0.1", same, 0.3)),
        threading.Thread(target=_hold, args=(share, "::ffff:10.0.0.1", same, 0.3)),
        threading.Thread(target=_hold, args=(share, "10.0.0.2", other, 0.3)),
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert abs(same[1] - same[0]) >= 0.25  # the IPv4-mapped address is the same sender
    assert other[0] - started < 0.2
    assert share.waited == 1


def test_a_decode_that_waits_too_long_is_refused_out_of_resources() -> None:
    share = DecodeShare(per_address=1, wait_s=0.2)
    holder = threading.Thread(target=_hold, args=(share, "10.0.0.1", [], 1.0))
    holder.start()
    time.sleep(0.05)
    with pytest.raises(RefusedInstance) as refused, share.turn("10.0.0.1"):
        pass
    holder.join()
    assert refused.value.status == statuses.OUT_OF_RESOURCES
    assert "dicom.max_decodes_per_address" in refused.value.message
    with share.turn(None), share.turn(None):  # scanside import: no address, no gate
        pass


@pytest.mark.parametrize("value", [0, 257])
def test_the_setting_is_validated_at_start_up(tmp_path: Path, value: int) -> None:
    with pytest.raises(ConfigError, match=r"dicom\.max_decodes_per_address"):
        make_config(tmp_path / "data", dicom={"max_decodes_per_address": value})


def test_closing_refuses_the_waiting_decodes_at_once() -> None:
    """On stop, the SCP closes the share: data sets queued behind a costly decode are refused
    at once instead of each being decoded while the stop waits for its thread."""
    share = DecodeShare(per_address=1, wait_s=30)
    holder = threading.Thread(target=_hold, args=(share, "10.0.0.1", [], 1.0))
    holder.start()
    time.sleep(0.05)
    refused: list[RefusedInstance] = []

    def wait_turn() -> None:
        try:
            with share.turn("10.0.0.1"):
                pass
        except RefusedInstance as exc:
            refused.append(exc)

    waiter = threading.Thread(target=wait_turn)
    waiter.start()
    time.sleep(0.1)
    started = time.monotonic()
    share.close()
    waiter.join(timeout=5)
    assert time.monotonic() - started < 0.5
    assert [r.status for r in refused] == [statuses.OUT_OF_RESOURCES]
    holder.join()
