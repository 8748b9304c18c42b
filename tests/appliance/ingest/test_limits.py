"""Per-request limits: no single C-STORE can take the memory, the CPU or the disk reserve.

Issue 18, break 3: a 1 GiB data set took the server to 3.3 GB RSS, 0.5 MiB of deflated zeros
inflated to 512 MiB, 64 MiB of zeros cost 20 s of CPU, and free space was checked only when a
file was opened. Each test sends the attack over a real association on loopback.
"""

from __future__ import annotations

import socket
import time
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from pydicom.filereader import read_dataset
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    generate_uid,
)
from pynetdicom.dsutils import encode

from appliance.ingest import statuses
from appliance.ingest.sender import send_files
from appliance.ingest.store import part10_header
from tests.appliance.ingest.conftest import PYDICOM_READ_WARNINGS, Running, ct_slice, make_config
from tests.appliance.ingest.raw_pdus import associate_rq, c_store_rq, command_set, p_data, read_pdu
from tests.appliance.ingest.test_scp_peers import _echo

pytestmark = [pytest.mark.peers, PYDICOM_READ_WARNINGS]

CT = "1.2.840.10008.5.1.4.1.1.2"
MIB = 1024 * 1024


def _write(folder: Path, name: str, syntax: str, dataset: bytes, sop_instance: str) -> Path:
    path = folder / name
    path.write_bytes(part10_header(CT, sop_instance, syntax) + dataset)
    return path


def _big_slice(rows: int) -> tuple[bytes, str]:
    """A valid CT slice of ``rows`` x ``rows`` 16-bit zeros, explicit VR little endian."""
    ds = ct_slice(generate_uid(), generate_uid(), 0, rows=rows)
    raw = encode(ds, False, True)
    assert raw is not None
    return raw, str(ds.SOPInstanceUID)


def _send(running: Running, path: Path) -> tuple[int | None, str]:
    (result,) = send_files([path], host="127.0.0.1", port=running.port, called_ae="SCANSIDE")
    return result.status, result.message


def test_a_data_set_over_max_dataset_mb_is_refused_and_not_kept(tmp_path: Path) -> None:
    running = Running(make_config(tmp_path / "data", dicom={"max_dataset_mb": 1}))
    try:
        raw, uid = _big_slice(1024)  # 2 MiB of pixel data
        status, _ = _send(running, _write(tmp_path, "big.dcm", ExplicitVRLittleEndian, raw, uid))
        assert status == statuses.OUT_OF_RESOURCES
        assert list(running.service.layout.incoming.iterdir()) == []
        small, uid = _big_slice(256)
        path = _write(tmp_path, "small.dcm", ExplicitVRLittleEndian, small, uid)
        assert _send(running, path)[0] == statuses.SUCCESS
    finally:
        running.close()


def test_deflated_data_that_inflates_past_the_ratio_is_refused(
    running: Running, tmp_path: Path
) -> None:
    raw, uid = _big_slice(4096)  # 32 MiB of zeros: deflates about 1000-fold
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(raw) + compressor.flush()
    assert len(deflated) < MIB
    path = _write(tmp_path, "bomb.dcm", DeflatedExplicitVRLittleEndian, deflated, uid)
    started = time.monotonic()
    status, _ = _send(running, path)
    assert status == statuses.OUT_OF_RESOURCES
    assert time.monotonic() - started < 5
    assert running.parts.receiver.counts["stored"] == 0


@pytest.mark.parametrize("syntax", [ImplicitVRLittleEndian, ExplicitVRLittleEndian])
def test_megabytes_of_zeros_are_refused_quickly(
    running: Running, tmp_path: Path, syntax: str
) -> None:
    zeros = bytes(16 * MIB)
    path = _write(tmp_path, "zeros.dcm", syntax, zeros, generate_uid())
    started = time.process_time()
    status, _ = _send(running, path)
    cpu = time.process_time() - started  # the service runs in this process
    assert status == statuses.CANNOT_DECODE
    assert cpu < 2, f"{cpu:.1f} s of CPU for 16 MiB of zeros"
    assert _echo(running.port).returncode == 0


def test_the_disk_reserve_holds_while_a_file_is_being_written(running: Running) -> None:
    """A sender that stalls before its last fragment cannot push the disk under the reserve."""
    store = running.parts.store
    store.min_free_bytes = store.free_bytes() - 8 * MIB  # 8 MiB left above the reserve
    uid = "1.2.826.0.1.3680043.8.498.77"
    command = c_store_rq(CT, uid)
    fragment = b"\x00" * (MIB - 16)
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(associate_rq(abstract=CT))
        assert read_pdu(sock)[0] == 0x02
        sock.sendall(p_data(1, 0x03, command))
        for _ in range(32):  # 32 MiB, never the last fragment: the sender "stalls"
            sock.sendall(p_data(1, 0x00, fragment))
        time.sleep(0.5)
        written = sum(p.stat().st_size for p in running.service.layout.incoming.iterdir())
        sock.sendall(p_data(1, 0x02, b""))
        kind, body = read_pdu(sock)
    assert written < 16 * MIB, f"{written / MIB:.0f} MiB written past the reserve"
    assert kind == 0x04
    answer = read_dataset(BytesIO(body[6:]), is_implicit_VR=True, is_little_endian=True)
    assert answer.Status == statuses.OUT_OF_RESOURCES
    assert list(running.service.layout.incoming.iterdir()) == []
    assert running.parts.receiver.counts["stored"] == 0


def _flood_after(request: bytes, port: int, fragment: bytes, count: int) -> tuple[int, bytes]:
    """Associate, send ``request``, then ``count`` copies of ``fragment``; the answer read.

    The acceptor aborts while data is still coming, and closing a socket with unread data
    resets it, so the peer sees either the A-ABORT or the reset (kind 0): both mean the
    acceptor stopped reading; a hang (TimeoutError) means it did not.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(associate_rq())
        assert read_pdu(sock)[0] == 0x02
        try:
            sock.sendall(request)
            for _ in range(count):
                sock.sendall(fragment)
            return read_pdu(sock)
        except (ConnectionResetError, BrokenPipeError):
            return 0, b""


def test_a_command_set_that_never_ends_is_aborted(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    command = p_data(1, 0x01, b"\x00" * 1024)  # 80 KiB of command set, never its end
    kind, body = _flood_after(b"", running.port, command, 80)
    assert kind == 0 or (kind, body[3]) == (0x07, 0x06)  # A-ABORT, invalid PDU parameter
    assert "a command set passed 65536 bytes" in caplog.text
    assert _echo(running.port).returncode == 0


def test_a_data_set_for_a_request_other_than_c_store_is_bounded(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    find = command_set(
        AffectedSOPClassUID="1.2.840.10008.1.1",
        CommandField=0x0020,  # C-FIND-RQ, which carries a data set
        MessageID=3,
        CommandDataSetType=0x0000,
    )
    fragment = p_data(1, 0x00, b"\x00" * 64 * 1024)  # 40 of them: 2.5 MiB, never the last
    kind, body = _flood_after(p_data(1, 0x03, find), running.port, fragment, 40)
    assert kind == 0 or (kind, body[3]) == (0x07, 0x06)
    assert "the data set of a request other than C-STORE passed" in caplog.text
