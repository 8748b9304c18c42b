"""The storage acceptor's upper layer: what a peer that breaks the protocol gets, and limits.

The ordinary paths (echo, store, release, rejection by the allow-list, TLS) are tested with
dcmtk and pynetdicom peers in ``test_scp_peers.py`` and ``test_tls.py``; these tests speak raw
PDUs where no real peer would misbehave on purpose.
"""

from __future__ import annotations

import socket
import struct
import time
from io import BytesIO
from pathlib import Path

import pytest
from pydicom.filereader import read_dataset
from pynetdicom import AE
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]

from tests.appliance.ingest.conftest import Running, make_config
from tests.appliance.ingest.raw_pdus import (
    REJECTED,
    VERIFICATION,
    associate_rq,
    association_answer,
    c_store_rq,
    command_set,
    p_data,
    read_pdu,
)
from tests.appliance.ingest.test_scp_peers import _echo


@pytest.fixture
def established(running: Running) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", running.port), timeout=10)
    sock.sendall(associate_rq())
    kind, _ = read_pdu(sock)
    assert kind == 0x02  # A-ASSOCIATE-AC
    return sock


def test_a_peer_that_starts_with_data_instead_of_a_request_is_aborted(running: Running) -> None:
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(p_data(1, 0x03, b"\x00" * 8))
        kind, body = read_pdu(sock)
    assert (kind, body[2]) == (0x07, 0x02)  # A-ABORT from the service provider
    assert body[3] == 0x02  # unexpected PDU
    assert _echo(running.port).returncode == 0


def test_data_on_a_context_that_was_not_accepted_is_aborted(
    running: Running, established: socket.socket, caplog: pytest.LogCaptureFixture
) -> None:
    with established as sock:
        sock.sendall(p_data(7, 0x03, command_set(CommandField=0x0030, MessageID=1)))
        kind, body = read_pdu(sock)
    assert (kind, body[3]) == (0x07, 0x06)  # invalid PDU parameter value
    assert "presentation context 7, which was not accepted" in caplog.text


def test_a_command_it_does_not_offer_gets_unrecognized_operation(
    established: socket.socket,
) -> None:
    find = command_set(
        AffectedSOPClassUID=VERIFICATION,
        CommandField=0x0020,  # C-FIND-RQ
        MessageID=5,
        CommandDataSetType=0x0101,
    )
    with established as sock:
        sock.sendall(p_data(1, 0x03, find))
        kind, body = read_pdu(sock)
        assert kind == 0x04
        sock.sendall(struct.pack(">BBL", 0x05, 0, 4) + b"\x00" * 4)  # A-RELEASE-RQ
        assert read_pdu(sock)[0] == 0x06  # A-RELEASE-RP
    answer = read_dataset(BytesIO(body[6:]), is_implicit_VR=True, is_little_endian=True)
    assert answer.CommandField == 0x8020  # C-FIND-RSP
    assert answer.MessageIDBeingRespondedTo == 5
    assert answer.Status == 0x0211  # unrecognized operation
    assert "only C-ECHO and C-STORE" in answer.ErrorComment


def test_a_truncated_pdu_header_ends_the_connection_quietly(running: Running) -> None:
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(b"\x01\x00\x00")
    assert _echo(running.port).returncode == 0


def test_an_absurd_pdu_length_is_refused_before_anything_is_allocated(running: Running) -> None:
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(struct.pack(">BBL", 0x01, 0, 0xFFFFFFF0))
        kind, body = read_pdu(sock)
    assert (kind, body[3]) == (0x07, 0x06)


def test_a_silent_peer_is_aborted_after_the_network_timeout(tmp_path: Path) -> None:
    running = Running(make_config(tmp_path, dicom={"network_timeout_s": 1.0}))
    try:
        with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
            started = time.monotonic()
            kind, _ = read_pdu(sock)
            waited = time.monotonic() - started
        assert kind == 0x07
        assert 0.8 < waited < 8
    finally:
        running.close()


def test_associations_beyond_the_limit_are_rejected_as_transient(tmp_path: Path) -> None:
    running = Running(make_config(tmp_path, dicom={"max_associations": 1}))
    try:
        ae = AE(ae_title="LIMIT_TEST")
        ae.add_requested_context(Verification)
        first = ae.associate("127.0.0.1", running.port, ae_title="SCANSIDE")
        assert first.is_established
        kind, body = association_answer(running.port, calling="LIMIT_TEST")
        assert (kind, body[1]) == (REJECTED, 0x02)  # transient: try again later
        first.release()
        deadline = time.monotonic() + 5
        while running.parts.scp.status()["active_associations"] and time.monotonic() < deadline:
            time.sleep(0.05)
        third = ae.associate("127.0.0.1", running.port, ae_title="SCANSIDE")
        assert third.is_established
        third.release()
    finally:
        running.close()


def test_a_store_cut_off_mid_data_set_leaves_no_file_behind(running: Running) -> None:
    ct = "1.2.840.10008.5.1.4.1.1.2"
    store = c_store_rq(ct, "1.2.826.0.1.3680043.8.498.1")
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(associate_rq(abstract=ct))
        assert read_pdu(sock)[0] == 0x02
        sock.sendall(p_data(1, 0x03, store))
        sock.sendall(p_data(1, 0x00, b"\x08\x00\x16\x00" + b"\x00" * 4000))  # not the last
        deadline = time.monotonic() + 5
        while not list(running.service.layout.incoming.iterdir()):
            assert time.monotonic() < deadline, "the fragment was never written"
            time.sleep(0.02)
    deadline = time.monotonic() + 5
    while list(running.service.layout.incoming.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(running.service.layout.incoming.iterdir()) == []
    assert running.parts.receiver.counts["stored"] == 0
    assert _echo(running.port).returncode == 0
