"""What is stored is what was negotiated and what the request names (issue 18, break 4).

On a CT presentation context, an MR data set, a made-up SOP class, or an MR class in the
command were stored with 0x0000, around the SOP-class allow-list; a command naming instance X
with a data set holding instance Y was answered "X stored" while Y was stored. These tests
speak raw PDUs, since no real sender mislabels on purpose.
"""

from __future__ import annotations

import socket
from io import BytesIO

import pytest
from pydicom.filereader import read_dataset
from pydicom.uid import CTImageStorage, MRImageStorage, generate_uid
from pynetdicom.dsutils import encode

from appliance.ingest import statuses
from tests.appliance.ingest.conftest import PYDICOM_READ_WARNINGS, Running, ct_slice
from tests.appliance.ingest.raw_pdus import (
    VERIFICATION,
    associate_rq,
    c_store_rq,
    p_data,
    read_pdu,
)

pytestmark = [pytest.mark.peers, PYDICOM_READ_WARNINGS]


def _store(
    running: Running,
    *,
    context: str,
    command_class: str,
    command_instance: str | None = None,
    dataset_class: str,
    dataset_instance: str | None = None,
) -> int:
    """One C-STORE over a new association whose only context is ``context``; its status."""
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    ds.SOPClassUID = dataset_class
    ds.SOPInstanceUID = dataset_instance or generate_uid()
    data = encode(ds, True, True)  # the raw request's context is implicit VR little endian
    assert data is not None
    command = c_store_rq(command_class, command_instance or ds.SOPInstanceUID)
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        sock.sendall(associate_rq(abstract=context))
        assert read_pdu(sock)[0] == 0x02
        sock.sendall(p_data(1, 0x03, command) + p_data(1, 0x02, data))
        kind, body = read_pdu(sock)
        sock.sendall(bytes((0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0)))  # A-RELEASE-RQ
        read_pdu(sock)
    assert kind == 0x04
    answer = read_dataset(BytesIO(body[6:]), is_implicit_VR=True, is_little_endian=True)
    return int(answer.Status)


def test_a_matching_request_is_stored(running: Running) -> None:
    status = _store(
        running, context=CTImageStorage, command_class=CTImageStorage, dataset_class=CTImageStorage
    )
    assert status == statuses.SUCCESS


@pytest.mark.parametrize("dataset_class", [MRImageStorage, "1.2.3.4.5.6.7"])
def test_a_data_set_of_another_class_than_its_context_is_refused(
    running: Running, dataset_class: str
) -> None:
    status = _store(
        running, context=CTImageStorage, command_class=CTImageStorage, dataset_class=dataset_class
    )
    assert status == statuses.DATASET_CLASS_MISMATCH
    assert running.parts.receiver.counts["stored"] == 0


def test_a_command_naming_another_class_than_its_context_is_refused(running: Running) -> None:
    status = _store(
        running, context=CTImageStorage, command_class=MRImageStorage, dataset_class=MRImageStorage
    )
    assert status == statuses.SOP_CLASS_NOT_SUPPORTED
    assert running.parts.receiver.counts["stored"] == 0


def test_a_store_on_the_verification_context_is_refused(running: Running) -> None:
    status = _store(
        running, context=VERIFICATION, command_class=VERIFICATION, dataset_class=VERIFICATION
    )
    assert status == statuses.SOP_CLASS_NOT_SUPPORTED
    assert running.parts.receiver.counts["stored"] == 0


def test_a_data_set_holding_another_instance_than_the_command_names_is_refused(
    running: Running,
) -> None:
    named, held = generate_uid(), generate_uid()
    status = _store(
        running,
        context=CTImageStorage,
        command_class=CTImageStorage,
        command_instance=named,
        dataset_class=CTImageStorage,
        dataset_instance=held,
    )
    assert status == statuses.INSTANCE_MISMATCH
    assert running.rows("SELECT count(*) AS n FROM instances")[0]["n"] == 0
    assert list(running.service.layout.incoming.iterdir()) == []
