"""Whole PDUs on a socket: read one, write the few the acceptor sends (PS3.8 9.3).

The acceptor reads each PDU with one blocking call per buffer-full (``recv_into`` into the
PDU's own buffer), where pynetdicom's reactor reads 4 KiB at a time between 1 ms sleeps.
P-DATA-TF bodies are split into their presentation data values without copying them.
Anything that breaks the framing raises :class:`PduError` with the A-ABORT reason to send.
"""

from __future__ import annotations

import dataclasses
import socket
import struct
import time

from appliance.errors import DicomInputError

__all__ = [
    "A_ABORT",
    "A_ASSOCIATE_RQ",
    "A_RELEASE_RQ",
    "P_DATA_TF",
    "PduError",
    "Pdv",
    "PeerClosed",
    "abort_pdu",
    "p_data_pdus",
    "read_pdu",
    "release_response_pdu",
    "split_pdvs",
]

A_ASSOCIATE_RQ = 0x01
A_ASSOCIATE_AC = 0x02
A_ASSOCIATE_RJ = 0x03
P_DATA_TF = 0x04
A_RELEASE_RQ = 0x05
A_RELEASE_RP = 0x06
A_ABORT = 0x07
KNOWN_TYPES = frozenset(range(0x01, 0x08))

# A-ABORT reasons when the source is the service provider (PS3.8 9.3.8)
REASON_NOT_SPECIFIED = 0x00
UNRECOGNIZED_PDU = 0x01
UNEXPECTED_PDU = 0x02
INVALID_PARAMETER = 0x06

_HEADER = struct.Struct(">BBL")
_PDV_HEADER = struct.Struct(">LBB")


class PduError(DicomInputError):
    """The peer broke the PDU framing; ``reason`` is the A-ABORT provider reason to send."""

    def __init__(self, message: str, *, reason: int) -> None:
        super().__init__(message)
        self.reason = reason


class PeerClosed(ConnectionError):
    """The peer closed the connection (between PDUs or inside one)."""


def _read_exact(sock: socket.socket, size: int, deadline: float | None = None) -> memoryview:
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        if deadline is not None:
            _time_left(sock, deadline)
        count = sock.recv_into(view[received:], size - received)
        if count == 0:
            raise PeerClosed(f"connection closed after {received} of {size} bytes")
        received += count
    return view


def _time_left(sock: socket.socket, deadline: float) -> None:
    """Let the next receive wait only until ``deadline`` (a ``time.monotonic()`` value)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the deadline for this PDU has passed")
    sock.settimeout(left)


def read_pdu(
    sock: socket.socket, limit: int, *, deadline: float | None = None
) -> tuple[int, memoryview]:
    """The next PDU's type and body (everything after the 6-byte header).

    ``limit`` is the largest body accepted; a larger declared length is refused before a byte
    of it is allocated, so a garbage header cannot make us reserve gigabytes. With
    ``deadline`` (``time.monotonic()``), the whole PDU must have arrived by then, however its
    bytes trickle in (TimeoutError); without it, the socket's own timeout applies to each
    receive.
    """
    header = _read_exact(sock, _HEADER.size, deadline)
    pdu_type, _reserved, length = _HEADER.unpack(header)
    if pdu_type not in KNOWN_TYPES:
        raise PduError(f"unrecognized PDU type 0x{pdu_type:02X}", reason=UNRECOGNIZED_PDU)
    if length > limit:
        raise PduError(
            f"PDU type 0x{pdu_type:02X} declares {length} bytes, more than the {limit} accepted",
            reason=INVALID_PARAMETER,
        )
    return pdu_type, _read_exact(sock, length, deadline)


@dataclasses.dataclass(frozen=True)
class Pdv:
    """One presentation data value: a fragment of a command or of a dataset."""

    context_id: int
    is_command: bool
    is_last: bool
    data: memoryview


def split_pdvs(body: memoryview) -> list[Pdv]:
    """The presentation data values of a P-DATA-TF body (PS3.8 9.3.5.1)."""
    pdvs: list[Pdv] = []
    offset, end = 0, len(body)
    while offset < end:
        if end - offset < _PDV_HEADER.size:
            raise PduError("P-DATA-TF ends inside a PDV header", reason=INVALID_PARAMETER)
        length, context_id, control = _PDV_HEADER.unpack_from(body, offset)
        if length < 2 or offset + 4 + length > end:
            raise PduError(
                f"a PDV declares {length} bytes, {end - offset - 4} remain",
                reason=INVALID_PARAMETER,
            )
        start = offset + _PDV_HEADER.size
        stop = offset + 4 + length
        pdvs.append(Pdv(context_id, bool(control & 0x01), bool(control & 0x02), body[start:stop]))
        offset = stop
    return pdvs


def p_data_pdus(context_id: int, command: bytes, max_pdu: int) -> list[bytes]:
    """A command set as P-DATA-TF PDUs no larger than the peer's ``max_pdu`` (0: no limit)."""
    room = len(command) if max_pdu == 0 else max(1, max_pdu - _PDV_HEADER.size)
    pieces = [command[i : i + room] for i in range(0, len(command), room)] or [b""]
    pdus: list[bytes] = []
    for index, piece in enumerate(pieces):
        control = 0x01 | (0x02 if index == len(pieces) - 1 else 0x00)
        pdv = _PDV_HEADER.pack(len(piece) + 2, context_id, control) + piece
        pdus.append(_HEADER.pack(P_DATA_TF, 0, len(pdv)) + pdv)
    return pdus


def release_response_pdu() -> bytes:
    return _HEADER.pack(A_RELEASE_RP, 0, 4) + b"\x00" * 4


def abort_pdu(source: int, reason: int) -> bytes:
    """A-ABORT: ``source`` 0 (service user) or 2 (service provider, with ``reason``)."""
    return _HEADER.pack(A_ABORT, 0, 4) + bytes((0, 0, source, reason if source == 2 else 0))
