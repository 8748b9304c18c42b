"""Memory across associations: all data sets in flight together stay within one budget.

Issue 18, "what is not protected": each data set was bounded (``dicom.max_dataset_mb``) but
not all of them together, so sixteen associations each sending their largest could take
16 x 256 MiB (about twice that at peak). ``dicom.max_inflight_mb`` bounds the bytes held by
every association at once. Here two raw senders stall just before the last fragment of their
data sets, holding most of a small budget; real peers (dcmtk's storescu, pynetdicom) that send
meanwhile are told 0xA700 (out of resources) and nothing of theirs is kept; the stalled data
sets, once finished, are stored whole and acknowledged, and the refused one is stored when
sent again. Nothing is lost, nothing is acknowledged that was not kept.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.filereader import read_dataset
from pydicom.uid import ImplicitVRLittleEndian, generate_uid
from pynetdicom.dsutils import encode

from appliance.ingest import statuses
from appliance.ingest.sender import send_files
from appliance.ingest.store import part10_header
from tests.appliance.ingest.conftest import (
    PYDICOM_READ_WARNINGS,
    Running,
    ct_slice,
    make_config,
    storescu,
)
from tests.appliance.ingest.raw_pdus import associate_rq, c_store_rq, p_data, read_pdu

pytestmark = [pytest.mark.peers, PYDICOM_READ_WARNINGS]

CT = "1.2.840.10008.5.1.4.1.1.2"
MIB = 1024 * 1024
FRAGMENT = 256 * 1024


def _slice(rows: int) -> tuple[bytes, str, bytes]:
    """(implicit VR data set, SOP instance UID, pixel data) of a rows x rows CT slice."""
    ds = ct_slice(generate_uid(), generate_uid(), 0, rows=rows)
    ds.PixelData = bytes(range(256)) * (rows * rows * 2 // 256) + bytes(rows * rows * 2 % 256)
    raw = encode(ds, True, True)
    assert raw is not None
    return raw, str(ds.SOPInstanceUID), ds.PixelData


def _part10(folder: Path, raw: bytes, uid: str) -> Path:
    path = folder / f"{uid}.dcm"
    path.write_bytes(part10_header(CT, uid, ImplicitVRLittleEndian) + raw)
    return path


class _Stalled:
    """A raw sender that sends all but the last fragment of a C-STORE data set and waits."""

    def __init__(self, port: int, raw: bytes, uid: str) -> None:
        self.raw, self.rest = raw[: len(raw) - FRAGMENT], raw[len(raw) - FRAGMENT :]
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.sendall(associate_rq(abstract=CT))
        assert read_pdu(self.sock)[0] == 0x02  # A-ASSOCIATE-AC
        self.sock.sendall(p_data(1, 0x03, c_store_rq(CT, uid)))
        for start in range(0, len(self.raw), FRAGMENT):
            self.sock.sendall(p_data(1, 0x00, self.raw[start : start + FRAGMENT]))

    def finish(self) -> int:
        """Send the last fragment; the status answered."""
        self.sock.sendall(p_data(1, 0x02, self.rest))
        kind, body = read_pdu(self.sock)
        assert kind == 0x04, f"PDU type 0x{kind:02X} instead of the C-STORE-RSP"
        answer = read_dataset(BytesIO(body[6:]), is_implicit_VR=True, is_little_endian=True)
        return int(answer.Status)

    def close(self) -> None:
        self.sock.close()


def _wait_held(running: Running, at_least: int, at_most: int | None = None) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        held = running.parts.receiver.inflight.held
        if held >= at_least and (at_most is None or held <= at_most):
            return held
        time.sleep(0.05)
    raise AssertionError(f"in flight: {running.parts.receiver.inflight.held} bytes")


@pytest.fixture
def budgeted(tmp_path: Path) -> Iterator[Running]:
    """A receiver allowing 4 MiB per data set and 6 MiB in flight in all."""
    running = Running(
        make_config(tmp_path / "data", dicom={"max_dataset_mb": 4, "max_inflight_mb": 6})
    )
    yield running
    running.close()


def test_data_sets_past_the_budget_are_refused_0xa700_and_nothing_is_lost(
    budgeted: Running, tmp_path: Path
) -> None:
    running = budgeted
    held = [_slice(1200) for _ in range(2)]  # 2.75 MiB each
    stalled = [_Stalled(running.port, raw, uid) for raw, uid, _ in held]
    try:
        # about 5 MiB of 6 held; each its own length: generated UIDs differ by a byte or two
        _wait_held(running, sum(len(raw) - FRAGMENT for raw, _, _ in held))
        late_raw, late_uid, late_pixels = _slice(900)  # 1.5 MiB: does not fit
        late = _part10(tmp_path, late_raw, late_uid)

        sent = storescu(running.port, late, extra=("-v",))
        said = sent.stdout + sent.stderr
        assert "Received Store Response (Refused: OutOfResources)" in said, said  # 0xA700
        (result,) = send_files([late], host="127.0.0.1", port=running.port, called_ae="SCANSIDE")
        assert result.status == statuses.OUT_OF_RESOURCES, result.message
        assert running.parts.receiver.counts["stored"] == 0

        # The data sets in flight were never at risk: finished, they are stored whole.
        assert [s.finish() for s in stalled] == [statuses.SUCCESS, statuses.SUCCESS]
    finally:
        for s in stalled:
            s.close()
    _wait_held(running, 0, 0)
    sent = storescu(running.port, late)
    assert sent.returncode == 0, sent.stderr
    rows = running.rows("SELECT sop_instance_uid, path FROM instances")
    expected = {uid: pixels for _, uid, pixels in held} | {late_uid: late_pixels}
    assert {row["sop_instance_uid"] for row in rows} == set(expected)
    for row in rows:
        stored = dcmread(running.service.layout.root / row["path"])
        assert stored.PixelData == expected[row["sop_instance_uid"]]
    assert running.parts.receiver.counts == {
        "stored": 3,
        "duplicates": 0,
        "new_versions": 0,
        "refused": 2,
    }
    assert list(running.service.layout.incoming.iterdir()) == []
    assert running.parts.receiver.inflight.peak <= 6 * MIB


def test_an_abandoned_data_set_gives_its_bytes_back(budgeted: Running, tmp_path: Path) -> None:
    running = budgeted
    raw, uid, _ = _slice(1200)
    for _ in range(3):  # three times what the budget holds, one after the other
        stalled = _Stalled(running.port, raw, uid)
        _wait_held(running, len(raw) - FRAGMENT)
        stalled.close()  # the sender goes away mid-data set
        _wait_held(running, 0, 0)
    raw, uid, _ = _slice(1200)
    sent = storescu(running.port, _part10(tmp_path, raw, uid))
    assert sent.returncode == 0, sent.stderr
    assert running.parts.receiver.counts["stored"] == 1
