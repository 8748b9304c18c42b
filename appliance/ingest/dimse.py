"""DIMSE command sets for the storage acceptor: decode a request, encode its response.

A command set (PS3.7 6.3 and 9.3) is a short group 0000 dataset, always in implicit VR little
endian. The acceptor (:mod:`appliance.ingest.association`) needs six of its elements to route a
request and three more to answer it, so both directions are coded here by hand: a few struct
calls per message, where a general dataset decoder costs far more than the message itself.
Every length is checked against the bytes present; a malformed command raises
:class:`CommandError`, which aborts the association (a peer that cannot frame a command cannot
be answered).
"""

from __future__ import annotations

import dataclasses
import struct

from appliance.errors import DicomInputError

__all__ = [
    "C_ECHO_RQ",
    "C_STORE_RQ",
    "NO_DATASET",
    "Command",
    "CommandError",
    "decode_command",
    "encode_response",
]

C_STORE_RQ = 0x0001
C_ECHO_RQ = 0x0030
C_CANCEL_RQ = 0x0FFF
NO_DATASET = 0x0101
_RESPONSE_BIT = 0x8000

_AFFECTED_SOP_CLASS = 0x00000002
_COMMAND_FIELD = 0x00000100
_MESSAGE_ID = 0x00000110
_MESSAGE_ID_RESPONDED = 0x00000120
_DATASET_TYPE = 0x00000800
_STATUS = 0x00000900
_ERROR_COMMENT = 0x00000902
_AFFECTED_SOP_INSTANCE = 0x00001000
_US_TAGS = frozenset({_COMMAND_FIELD, _MESSAGE_ID, _DATASET_TYPE})
_ELEMENT = struct.Struct("<HHL")


class CommandError(DicomInputError):
    """A command set that cannot be decoded: the association is aborted."""


@dataclasses.dataclass(frozen=True)
class Command:
    """The parts of a request's command set the acceptor acts on."""

    command_field: int
    message_id: int
    has_dataset: bool
    affected_sop_class_uid: str = ""
    affected_sop_instance_uid: str = ""

    @property
    def is_request(self) -> bool:
        return not self.command_field & _RESPONSE_BIT


def _elements(data: bytes) -> dict[int, bytes]:
    """Tag -> raw value of each element; raise CommandError on a length past the end."""
    values: dict[int, bytes] = {}
    offset, end = 0, len(data)
    while offset < end:
        if end - offset < _ELEMENT.size:
            raise CommandError(f"command set ends inside an element header at byte {offset}")
        group, element, length = _ELEMENT.unpack_from(data, offset)
        offset += _ELEMENT.size
        if group != 0x0000:
            raise CommandError(f"command set holds ({group:04X},{element:04X}), not group 0000")
        if length > end - offset:
            raise CommandError(
                f"command element (0000,{element:04X}) declares {length} bytes, "
                f"{end - offset} remain"
            )
        values[element] = data[offset : offset + length]
        offset += length
    return values


def _us(values: dict[int, bytes], tag: int) -> int:
    raw = values.get(tag & 0xFFFF)
    if raw is None or len(raw) != 2:
        raise CommandError(f"command set lacks a 2-byte (0000,{tag & 0xFFFF:04X})")
    return int.from_bytes(raw, "little")


def _ui(values: dict[int, bytes], tag: int) -> str:
    """A UID as printable ASCII: any other byte becomes "?", so the response can always be
    encoded and the UID never matches a data set's (the receiver then refuses the request)."""
    raw = values.get(tag & 0xFFFF, b"")
    text = raw.rstrip(b"\x00 ").decode("ascii", "replace")
    return "".join(c if " " <= c <= "~" else "?" for c in text)


def decode_command(data: bytes) -> Command:
    """The request in a command set as received (all its PDV fragments joined)."""
    values = _elements(data)
    return Command(
        command_field=_us(values, _COMMAND_FIELD),
        message_id=_us(values, _MESSAGE_ID),
        has_dataset=_us(values, _DATASET_TYPE) != NO_DATASET,
        affected_sop_class_uid=_ui(values, _AFFECTED_SOP_CLASS),
        affected_sop_instance_uid=_ui(values, _AFFECTED_SOP_INSTANCE),
    )


def _even(raw: bytes, pad: bytes) -> bytes:
    return raw + pad if len(raw) % 2 else raw


def _encode(tag: int, value: bytes) -> bytes:
    return _ELEMENT.pack(0x0000, tag & 0xFFFF, len(value)) + value


def _comment(text: str) -> bytes:
    """An Error Comment (LO): printable ASCII, no backslash, at most 64 characters."""
    cleaned = "".join(c if " " <= c <= "~" and c != "\\" else " " for c in text)
    return _even(cleaned[:64].rstrip().encode("ascii"), b" ")


def encode_response(request: Command, status: int, *, comment: str = "") -> bytes:
    """The response command set to ``request`` (C-xxx-RSP with ``status``).

    ``comment`` becomes the Error Comment (0000,0902), sent only with a non-success status so
    that the sender's log says why.
    """
    elements: list[tuple[int, bytes]] = []
    if request.affected_sop_class_uid:
        uid = request.affected_sop_class_uid.encode("ascii")
        elements.append((_AFFECTED_SOP_CLASS, _even(uid, b"\x00")))
    elements += [
        (_COMMAND_FIELD, struct.pack("<H", request.command_field | _RESPONSE_BIT)),
        (_MESSAGE_ID_RESPONDED, struct.pack("<H", request.message_id)),
        (_DATASET_TYPE, struct.pack("<H", NO_DATASET)),
        (_STATUS, struct.pack("<H", status)),
    ]
    if status != 0x0000 and comment:
        elements.append((_ERROR_COMMENT, _comment(comment)))
    if request.command_field == C_STORE_RQ and request.affected_sop_instance_uid:
        uid = request.affected_sop_instance_uid.encode("ascii")
        elements.append((_AFFECTED_SOP_INSTANCE, _even(uid, b"\x00")))
    body = b"".join(_encode(tag, value) for tag, value in elements)
    return _encode(0x00000000, struct.pack("<L", len(body))) + body
