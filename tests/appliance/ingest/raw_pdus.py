"""Raw DICOM upper-layer PDUs, for tests and fuzz seeds that speak to the acceptor byte by byte.

A real peer (dcmtk, pynetdicom) never misbehaves on purpose, so the tests of hostile peers,
limits, mismatches and wrong statuses, and the fuzzer's association seeds, build their own
A-ASSOCIATE-RQ, P-DATA-TF and command sets. They all build them the same way, here: one
presentation context (ID 1, implicit VR little endian), a 16 KiB maximum PDU length, and
command sets encoded with their group length.
"""

from __future__ import annotations

import socket
import struct

from pydicom import Dataset
from pydicom.uid import ImplicitVRLittleEndian
from pynetdicom.dsutils import encode
from pynetdicom.pdu import A_ASSOCIATE_RQ
from pynetdicom.pdu_primitives import A_ASSOCIATE, MaximumLengthNotification
from pynetdicom.presentation import build_context

__all__ = [
    "ACCEPTED",
    "REJECTED",
    "VERIFICATION",
    "associate_rq",
    "association_answer",
    "c_store_rq",
    "command_set",
    "p_data",
    "read_pdu",
]

VERIFICATION = "1.2.840.10008.1.1"
ACCEPTED, REJECTED = 0x02, 0x03
"""PDU types of the two answers to an A-ASSOCIATE-RQ."""
_RELEASE_RQ = bytes((0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0))


def associate_rq(
    called: str = "SCANSIDE", abstract: str = VERIFICATION, *, calling: str = "RAW_PEER"
) -> bytes:
    primitive = A_ASSOCIATE()
    primitive.application_context_name = "1.2.840.10008.3.1.1.1"
    primitive.calling_ae_title = calling
    primitive.called_ae_title = called
    context = build_context(abstract, [ImplicitVRLittleEndian])
    context.context_id = 1
    primitive.presentation_context_definition_list = [context]
    length = MaximumLengthNotification()
    length.maximum_length_received = 16384
    primitive.user_information = [length]
    pdu = A_ASSOCIATE_RQ()
    pdu.from_primitive(primitive)
    return pdu.encode()


def association_answer(
    port: int,
    *,
    calling: str,
    called: str = "SCANSIDE",
    abstract: str = VERIFICATION,
    bind: str = "127.0.0.1",
    timeout_s: float = 60.0,
) -> tuple[int, bytes]:
    """The acceptor's answer to one A-ASSOCIATE-RQ, read off the wire: ``(ACCEPTED, body)``
    (the association is then released), ``(REJECTED, body)`` with result, source and reason in
    ``body[1:4]``, ``(0x07, body)`` for an A-ABORT, ``(0, b"")`` if the connection closed.

    Tests that must tell a rejection from a dropped connection use this rather than
    pynetdicom's requestor: when the A-ASSOCIATE-RJ comes back within a millisecond,
    pynetdicom 3.0.4's reader thread closes the socket before the requesting thread checks
    that it is connected, and the rejection is reported as an abort (about 1 in 30 on
    loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((bind, 0))
        sock.settimeout(timeout_s)
        sock.connect(("127.0.0.1", port))
        sock.sendall(associate_rq(called, abstract, calling=calling))
        kind, body = read_pdu(sock)
        if kind == ACCEPTED:
            sock.sendall(_RELEASE_RQ)
            read_pdu(sock)  # A-RELEASE-RP
        return kind, body


def read_pdu(sock: socket.socket) -> tuple[int, bytes]:
    """(PDU type, body) of the next PDU; (0, b"") when the peer closed the connection."""
    header = b""
    while len(header) < 6:
        chunk = sock.recv(6 - len(header))
        if not chunk:
            return 0, b""
        header += chunk
    kind, _, length = struct.unpack(">BBL", header)
    body = b""
    while len(body) < length:
        chunk = sock.recv(length - len(body))
        if not chunk:
            return 0, b""
        body += chunk
    return kind, body


def p_data(context_id: int, control: int, data: bytes) -> bytes:
    pdv = struct.pack(">LBB", len(data) + 2, context_id, control) + data
    return struct.pack(">BBL", 0x04, 0, len(pdv)) + pdv


def command_set(**elements: int | str) -> bytes:
    ds = Dataset()
    for keyword, value in elements.items():
        setattr(ds, keyword, value)
    body = encode(ds, True, True)
    assert body is not None
    ds.CommandGroupLength = len(body)
    whole = encode(ds, True, True)
    assert whole is not None
    return whole


def c_store_rq(sop_class: str, sop_instance: str, *, message_id: int = 1) -> bytes:
    """A C-STORE-RQ command set (medium priority, a data set follows)."""
    return command_set(
        AffectedSOPClassUID=sop_class,
        CommandField=0x0001,
        MessageID=message_id,
        Priority=0,
        CommandDataSetType=0x0000,
        AffectedSOPInstanceUID=sop_instance,
    )
