"""DIMSE command sets: requests as pynetdicom encodes them, responses as pydicom reads them."""

from __future__ import annotations

from io import BytesIO

import pytest
from pydicom.filereader import read_dataset
from pynetdicom.dimse_messages import C_STORE_RQ
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.dsutils import encode

from appliance.ingest.dimse import (
    C_STORE_RQ as STORE,
)
from appliance.ingest.dimse import (
    CommandError,
    decode_command,
    encode_response,
)


def _store_request() -> bytes:
    primitive = C_STORE()
    primitive.MessageID = 42
    primitive.AffectedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    primitive.AffectedSOPInstanceUID = "1.2.3.4.5"
    primitive.Priority = 0
    primitive.DataSet = BytesIO(b"\x08\x00\x18\x00\x00\x00\x00\x00")  # says a data set follows
    message = C_STORE_RQ()
    message.primitive_to_message(primitive)
    encoded = encode(message.command_set, True, True)
    assert encoded is not None
    return encoded


def test_a_c_store_request_from_pynetdicom_is_read() -> None:
    command = decode_command(_store_request())
    assert command.command_field == STORE
    assert command.message_id == 42
    assert command.affected_sop_instance_uid == "1.2.3.4.5"
    assert command.has_dataset


def test_the_response_reads_back_with_pydicom_and_says_why() -> None:
    request = decode_command(_store_request())
    raw = encode_response(request, 0xA700, comment="only 3 MiB free\\ below the threshold" * 3)
    response = read_dataset(BytesIO(raw), is_implicit_VR=True, is_little_endian=True)
    assert response.CommandGroupLength == len(raw) - 12
    assert response.CommandField == 0x8001
    assert response.MessageIDBeingRespondedTo == 42
    assert response.Status == 0xA700
    assert response.AffectedSOPInstanceUID == "1.2.3.4.5"
    assert len(response.ErrorComment) <= 64 and "\\" not in response.ErrorComment


def test_a_success_carries_no_error_comment() -> None:
    raw = encode_response(decode_command(_store_request()), 0x0000, comment="stored")
    response = read_dataset(BytesIO(raw), is_implicit_VR=True, is_little_endian=True)
    assert "ErrorComment" not in response


def test_a_command_with_a_length_past_its_end_is_an_error() -> None:
    data = _store_request()
    with pytest.raises(CommandError, match="declares"):
        decode_command(data[:-3])
