"""PDU framing: P-DATA-TF bodies split into PDVs, responses fragmented to the peer's limit."""

from __future__ import annotations

import struct

import pytest

from appliance.ingest.pdu_io import PduError, p_data_pdus, split_pdvs


def _pdv(context_id: int, control: int, data: bytes) -> bytes:
    return struct.pack(">LBB", len(data) + 2, context_id, control) + data


def test_a_body_with_two_pdvs_splits_into_both() -> None:
    body = _pdv(1, 0x03, b"command") + _pdv(1, 0x00, b"data part")
    first, second = split_pdvs(memoryview(body))
    assert (first.context_id, first.is_command, first.is_last, bytes(first.data)) == (
        1, True, True, b"command",
    )  # fmt: skip
    assert (second.is_command, second.is_last, bytes(second.data)) == (False, False, b"data part")


def test_a_pdv_longer_than_its_pdu_is_refused() -> None:
    body = _pdv(1, 0x02, b"12345678")[:-3]
    with pytest.raises(PduError, match="declares") as refused:
        split_pdvs(memoryview(body))
    assert refused.value.reason == 0x06


def test_a_response_is_fragmented_to_the_peers_maximum() -> None:
    command = bytes(range(100))
    pdus = p_data_pdus(3, command, max_pdu=46)
    pdvs = [pdv for pdu in pdus for pdv in split_pdvs(memoryview(pdu[6:]))]
    assert all(len(pdu) - 6 <= 46 for pdu in pdus)
    assert b"".join(bytes(p.data) for p in pdvs) == command
    assert [p.is_last for p in pdvs] == [False] * (len(pdvs) - 1) + [True]
    assert all(p.is_command and p.context_id == 3 for p in pdvs)
