"""Nothing that can reach the DICOM port stops a listed scanner from sending (issue 18).

An outside red team held the appliance's association slots with idle and one-byte-trickling
sockets from an unlisted address, and the listed scanner was refused "local limit exceeded"
for as long as they stayed. These tests repeat that attack on loopback: ``127.0.0.2`` plays
the other host (the allow-list names ``127.0.0.1`` only), dcmtk's ``storescu`` and ``echoscu``
play the scanner.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pynetdicom import AE
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]

from tests.appliance.ingest.conftest import (
    DCMTK_ENV,
    Running,
    make_config,
    storescu,
    write_series,
)
from tests.appliance.ingest.raw_pdus import REJECTED, associate_rq, association_answer, read_pdu
from tests.conftest import require_tool

pytestmark = [pytest.mark.peers]

SCANNER = {"ae_title": "CT_ROOM1", "address": "127.0.0.1"}
HOSTILE_ADDRESS = "127.0.0.2"


def _connect_from(address: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((address, 0))
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    return sock


def _echo_as(port: int, aet: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require_tool("echoscu"), "-aet", aet, "-aec", "SCANSIDE", "127.0.0.1", str(port)],
        env=DCMTK_ENV,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class _Trickle:
    """Sends the next byte of an A-ASSOCIATE-RQ on each socket every ``every_s`` seconds."""

    def __init__(self, sockets: list[socket.socket], every_s: float) -> None:
        self.sockets = sockets
        self.every_s = every_s
        self.request = associate_rq()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        offset = 0
        while not self.stop.wait(self.every_s):
            byte = self.request[offset % len(self.request) : offset % len(self.request) + 1]
            for sock in self.sockets:
                with contextlib.suppress(OSError):  # the acceptor may have closed it: good
                    sock.send(byte)
            offset += 1


@contextlib.contextmanager
def _hostile(port: int, idle: int, trickling: int, every_s: float = 0.5) -> Iterator[None]:
    """``idle`` silent and ``trickling`` byte-by-byte sockets from the hostile address."""
    sockets = [_connect_from(HOSTILE_ADDRESS, port) for _ in range(idle + trickling)]
    trickle = _Trickle(sockets[idle:], every_s)
    trickle.thread.start()
    try:
        yield
    finally:
        trickle.stop.set()
        trickle.thread.join(timeout=5)
        for sock in sockets:
            sock.close()


@contextlib.contextmanager
def _listening(tmp_path: Path, **dicom: object) -> Iterator[Running]:
    """The service with the scanner listed and these ``dicom`` settings, closed afterwards."""
    running = Running(make_config(tmp_path / "data", dicom={"peers": [SCANNER], **dicom}))
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[Running]:
    with _listening(tmp_path) as service:
        yield service


def test_a_listed_scanner_stores_while_300_hostile_sockets_are_open(
    guarded: Running, tmp_path: Path
) -> None:
    _, _, paths = write_series(tmp_path / "in", 3)
    threads_before = threading.active_count()
    with _hostile(guarded.port, idle=200, trickling=100):
        time.sleep(1.5)  # every hostile socket has been accepted and has trickled
        threads_during = threading.active_count() - threads_before
        for attempt in range(3):
            echo = _echo_as(guarded.port, "CT_ROOM1")
            assert echo.returncode == 0, f"echo {attempt}: {echo.stderr}"
            stored = storescu(guarded.port, *paths, aet="CT_ROOM1")
            assert stored.returncode == 0, f"store {attempt}: {stored.stderr}"
    assert guarded.rows("SELECT count(*) AS n FROM instances")[0]["n"] == 3
    assert threads_during <= 16, f"{threads_during} threads for 300 hostile sockets"


def test_a_request_trickled_byte_by_byte_is_cut_off_at_its_deadline(tmp_path: Path) -> None:
    with _listening(tmp_path, network_timeout_s=60.0, association_request_timeout_s=1.5) as running:
        with _connect_from("127.0.0.1", running.port) as sock:
            request = associate_rq()
            started = time.monotonic()
            with contextlib.suppress(OSError):
                for byte in request:
                    sock.send(bytes((byte,)))
                    time.sleep(0.2)
                    if time.monotonic() - started > 10:
                        break
            kind, _ = read_pdu(sock)
            waited = time.monotonic() - started
        assert kind in (0, 0x07)  # closed, or an A-ABORT
        assert waited < 5, f"a trickle kept the connection {waited:.1f} s"


def test_idle_sockets_from_a_listed_address_take_no_association_slot(tmp_path: Path) -> None:
    with _listening(tmp_path, max_associations=2, max_pending_per_address=4) as running:
        idle = [_connect_from("127.0.0.1", running.port) for _ in range(2)]
        time.sleep(0.3)
        assert _echo_as(running.port, "CT_ROOM1").returncode == 0
        for sock in idle:
            sock.close()


def test_connections_beyond_the_per_address_cap_are_closed_at_once(tmp_path: Path) -> None:
    with _listening(tmp_path, max_pending_per_address=3) as running:
        held = [_connect_from("127.0.0.1", running.port) for _ in range(3)]
        time.sleep(0.3)
        with _connect_from("127.0.0.1", running.port) as extra:
            started = time.monotonic()
            assert extra.recv(16) == b""  # closed without a word
            assert time.monotonic() - started < 2
        for sock in held:
            sock.close()
        time.sleep(0.3)
        assert _echo_as(running.port, "CT_ROOM1").returncode == 0


def test_an_unlisted_address_still_hears_why_it_is_rejected(
    guarded: Running, caplog: pytest.LogCaptureFixture
) -> None:
    with _connect_from(HOSTILE_ADDRESS, guarded.port) as sock:
        sock.sendall(associate_rq())
        kind, body = read_pdu(sock)
    assert kind == 0x03  # A-ASSOCIATE-RJ
    assert body[3] == 0x03  # calling AE title not recognized
    assert f"from {HOSTILE_ADDRESS} matches no [[dicom.peers]] entry" in caplog.text


def test_one_listed_sender_cannot_take_every_association_slot(tmp_path: Path) -> None:
    other = {"ae_title": "CT_ROOM2", "address": "127.0.0.3"}
    config = make_config(
        tmp_path / "data",
        dicom={
            "peers": [SCANNER, other],
            "max_associations": 4,
            "max_associations_per_address": 2,
        },
    )
    running = Running(config)
    ae = AE(ae_title="CT_ROOM2")
    ae.add_requested_context(Verification)
    held = []
    try:
        for _ in range(4):
            assoc = ae.associate(
                "127.0.0.1", running.port, ae_title="SCANSIDE", bind_address=("127.0.0.3", 0)
            )
            held.append(assoc)
        assert [a.is_established for a in held] == [True, True, False, False]
        assert _echo_as(running.port, "CT_ROOM1").returncode == 0
    finally:
        for assoc in held:
            if assoc.is_established:
                assoc.release()
        running.close()


def _refused_once(port: int) -> None:
    """One association refused by the allow-list. On a busy machine the server may not yet
    have freed the last connection's unlisted slot (dicom.max_unlisted_connections), and then
    closes this one at once, before reading it: that is admission, not a refusal, so wait and
    try again."""
    deadline = time.monotonic() + 10.0
    while True:
        try:
            with _connect_from(HOSTILE_ADDRESS, port) as sock:
                sock.sendall(associate_rq())
                pdu_type = read_pdu(sock)[0]
        except (ConnectionResetError, BrokenPipeError):
            pdu_type = 0
        if pdu_type == 0x03:  # A-ASSOCIATE-RJ
            return
        assert pdu_type == 0 and time.monotonic() < deadline, pdu_type
        time.sleep(0.05)


def test_refused_associations_are_audited_without_letting_a_flood_fill_the_log(
    guarded: Running,
) -> None:
    """Issue 18, break 8: refused associations were logged but not in the audit table."""
    for _ in range(30):
        _refused_once(guarded.port)
    time.sleep(1.1)  # past the one-row-per-second limit: the next row sums up the rest
    _refused_once(guarded.port)
    rows = guarded.rows(
        "SELECT client, method, path, query_string, status_code FROM audit_log "
        "WHERE action = 'dicom.association.refused' ORDER BY audit_id"
    )
    assert 2 <= len(rows) <= 4, rows
    first = rows[0]
    assert (first["client"], first["method"], first["status_code"]) == (HOSTILE_ADDRESS, "DICOM", 3)
    assert first["query_string"] == "calling_ae=RAW_PEER&called_ae=SCANSIDE"
    folded = [int(r["query_string"].partition("suppressed=")[2] or 0) for r in rows]
    assert len(rows) + sum(folded) == 31


def test_unlisted_addresses_get_a_shorter_deadline_than_listed_ones(tmp_path: Path) -> None:
    """Silent sockets from an unlisted address held its places for the whole
    ``association_request_timeout_s``, like a listed scanner's; they now go after
    ``unlisted_request_timeout_s``, and the place serves the next unlisted caller."""
    settings = {
        "association_request_timeout_s": 10.0,
        "unlisted_request_timeout_s": 1.0,
        "max_unlisted_connections": 1,
    }
    with _listening(tmp_path, **settings) as running:
        listed = _connect_from("127.0.0.1", running.port)
        with _connect_from(HOSTILE_ADDRESS, running.port) as silent:
            started = time.monotonic()
            kind, _ = read_pdu(silent)
            cut_after = time.monotonic() - started
        assert kind in (0, 0x07)  # closed, or an A-ABORT
        assert cut_after < 3, f"an unlisted silent socket stayed {cut_after:.1f} s"
        listed.settimeout(0.2)
        with pytest.raises(TimeoutError):  # the listed one still has its 10 s
            listed.recv(1)
        listed.close()
        time.sleep(0.2)
        with _connect_from(HOSTILE_ADDRESS, running.port) as asking:
            asking.sendall(associate_rq())
            assert read_pdu(asking)[0] == 0x03  # its place came free: told why (A-ASSOCIATE-RJ)


def test_a_listed_network_holds_no_more_than_its_own_quota(tmp_path: Path) -> None:
    """A ``[[dicom.peers]]`` entry for a network is one peer: with many addresses it could
    take every slot (``max_associations_per_address`` counts each address). Its own
    ``max_associations`` bounds them together; another entry still associates."""
    network = {"ae_title": "CT_ROOM1", "address": "127.0.0.0/29", "max_associations": 2}
    other = {"ae_title": "CT_ROOM2", "address": "127.0.0.9"}
    config = make_config(
        tmp_path / "data",
        dicom={"peers": [network, other], "max_associations": 8},
    )
    running = Running(config)
    ae = AE(ae_title="CT_ROOM1")
    ae.add_requested_context(Verification)
    held = []
    try:
        for host in ("127.0.0.2", "127.0.0.3"):
            held.append(
                ae.associate("127.0.0.1", running.port, ae_title="SCANSIDE", bind_address=(host, 0))
            )
        assert [a.is_established for a in held] == [True, True]
        for host in ("127.0.0.4", "127.0.0.5"):
            kind, body = association_answer(running.port, calling="CT_ROOM1", bind=host)
            assert (kind, body[1]) == (REJECTED, 0x02)  # transient: try again later
        assert _echo_as(running.port, "CT_ROOM1").returncode != 0  # 127.0.0.1: same entry
        ae2 = AE(ae_title="CT_ROOM2")
        ae2.add_requested_context(Verification)
        assoc = ae2.associate(
            "127.0.0.1", running.port, ae_title="SCANSIDE", bind_address=("127.0.0.9", 0)
        )
        assert assoc.is_established
        assoc.release()
        held[0].release()
        time.sleep(0.3)
        assert _echo_as(running.port, "CT_ROOM1").returncode == 0  # a place came free
    finally:
        for assoc in held:
            if assoc.is_established:
                assoc.release()
        running.close()
