"""Malformed input gets a "cannot understand" answer or an A-ABORT, never silence (issue 18, 6).

Before: parse errors (a sequence nested 400 deep, a US value of three bytes) were answered
0xC211 "failed inside ScanSide"; a non-ASCII byte in a command's UID killed the association
thread with no reply and no A-ABORT, after the image had been stored; a malformed
A-ASSOCIATE-RQ on which pynetdicom's decoder asserts dropped the socket without a word.
"""

from __future__ import annotations

import socket
from io import BytesIO
from pathlib import Path

import pytest
from pydicom.filereader import read_dataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid
from pynetdicom.dsutils import encode

from appliance.ingest import statuses
from appliance.ingest.sender import send_files
from appliance.ingest.store import part10_header
from tests.appliance.ingest.conftest import PYDICOM_READ_WARNINGS, Running, ct_slice
from tests.appliance.ingest.raw_pdus import (
    associate_rq,
    c_store_rq,
    p_data,
    read_pdu,
)
from tests.appliance.ingest.test_scp_peers import _echo

pytestmark = [pytest.mark.peers, PYDICOM_READ_WARNINGS]

_PIXEL_DATA = b"\xe0\x7f\x10\x00"


def _nested(depth: int) -> bytes:
    """(0040,A730) sequences of undefined length, each one item holding the next."""
    opening = b"\x40\x00\x30\xa7SQ\x00\x00\xff\xff\xff\xff" + b"\xfe\xff\x00\xe0\xff\xff\xff\xff"
    closing = b"\xfe\xff\x0d\xe0\x00\x00\x00\x00" + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
    return opening * depth + closing * depth


def _with_inserted(extra: bytes) -> tuple[bytes, str]:
    """A valid explicit little endian CT slice with ``extra`` just before its pixel data."""
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    raw = encode(ds, False, True)
    assert raw is not None
    at = raw.index(_PIXEL_DATA)
    return raw[:at] + extra + raw[at:], str(ds.SOPInstanceUID)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(_nested(400), id="sequences-nested-400-deep"),
        pytest.param(b"\x28\x00\x00\x01US\x03\x00abc", id="a-3-byte-US"),
    ],
)
def test_a_data_set_that_cannot_be_decoded_is_answered_c210(
    running: Running, tmp_path: Path, extra: bytes
) -> None:
    data, uid = _with_inserted(extra)
    path = tmp_path / "bad.dcm"
    path.write_bytes(part10_header(CTImageStorage, uid, ExplicitVRLittleEndian) + data)
    (result,) = send_files([path], host="127.0.0.1", port=running.port, called_ae="SCANSIDE")
    assert result.status == statuses.CANNOT_DECODE, result.message
    assert _echo(running.port).returncode == 0


def test_a_non_ascii_byte_in_the_commands_uid_is_answered_and_nothing_stored(
    running: Running,
) -> None:
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    placeholder = str(ds.SOPInstanceUID)[:-1] + "7"
    ds.SOPInstanceUID = placeholder
    data = encode(ds, True, True)
    assert data is not None
    command = c_store_rq(CTImageStorage, placeholder)
    command = command.replace(placeholder.encode(), placeholder[:-1].encode() + b"\xe9")
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(associate_rq(abstract=CTImageStorage))
        assert read_pdu(sock)[0] == 0x02
        sock.sendall(p_data(1, 0x03, command) + p_data(1, 0x02, data))
        kind, body = read_pdu(sock)
        assert kind == 0x04, "no response to the C-STORE"
        sock.sendall(bytes((0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0)))  # A-RELEASE-RQ
        assert read_pdu(sock)[0] == 0x06  # the association was still alive
    answer = read_dataset(BytesIO(body[6:]), is_implicit_VR=True, is_little_endian=True)
    assert answer.Status == statuses.INSTANCE_MISMATCH
    assert running.parts.receiver.counts["stored"] == 0


def test_a_request_the_decoder_chokes_on_is_aborted_not_dropped(running: Running) -> None:
    request = associate_rq()
    length_of_abstract_syntax = b"\x30\x00\x00\x11"  # sub-item 0x30, 17 bytes
    assert length_of_abstract_syntax in request
    broken = request.replace(length_of_abstract_syntax, b"\x30\x00\x0e\x11", 1)
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(broken)
        kind, body = read_pdu(sock)
    assert (kind, body[3]) == (0x07, 0x06)  # A-ABORT, invalid PDU parameter value
    assert _echo(running.port).returncode == 0
