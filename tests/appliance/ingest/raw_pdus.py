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

__all__ = ["VERIFICATION", "associate_rq", "c_store_rq", "command_set", "p_data", "read_pdu"]

VERIFICATION = "1.2.840.10008.1.1"


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
        body += sock.recv(length - len(body))
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
