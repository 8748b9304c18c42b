"""Send a simulated study to a Storage SCP by C-STORE, as a scanner would.

One association for the whole series (pynetdicom's guidance), TCP_NODELAY on its socket (without
it every image waits ~44 ms for Nagle's algorithm, see ../shared/PLATFORM-NOTES.md), and a
:class:`~appliance.errors.SendError` naming the peer and the status when anything is refused.

An image that gets no response at all is sent once more on a new association: pynetdicom's
requestor can lose a fast peer's C-STORE-RSP to its own reactor thread under CPU load ("Received
unexpected C-STORE service message", then a DIMSE timeout), which is not the peer refusing.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence

from pydicom.dataset import Dataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian
from pynetdicom import AE, evt
from pynetdicom.association import Association
from pynetdicom.events import Event

from appliance.dicom_rejection import rejection_reason
from appliance.errors import SendError

__all__ = ["send_datasets"]


def _nodelay(event: Event) -> None:
    sock = event.assoc.dul.socket
    if sock is not None and sock.socket is not None:
        sock.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def send_datasets(
    datasets: Sequence[Dataset],
    host: str,
    port: int,
    *,
    called_ae: str = "SCANSIDE",
    calling_ae: str = "SCANSIDE-SIM",
    timeout_s: float = 30.0,
) -> int:
    """C-STORE every dataset over one association; returns how many were stored."""
    ae = AE(ae_title=calling_ae)
    ae.add_requested_context(CTImageStorage, ExplicitVRLittleEndian)
    ae.network_timeout = ae.acse_timeout = ae.dimse_timeout = timeout_s
    assoc = _associate(ae, host, port, called_ae)
    sent = 0
    try:
        for ds in datasets:
            status = assoc.send_c_store(ds)
            if "Status" not in status:  # no response: a new association, and once more
                assoc.abort()
                assoc = _associate(ae, host, port, called_ae)
                status = assoc.send_c_store(ds)
            code = int(getattr(status, "Status", -1))
            if code not in (0x0000, 0xB000, 0xB007, 0xB006):
                raise SendError(
                    f"{called_ae}@{host}:{port} refused image {ds.InstanceNumber} "
                    f"(status 0x{code & 0xFFFF:04X})"
                )
            sent += 1
    finally:
        if assoc.is_established:
            assoc.release()
    return sent


def _associate(ae: AE, host: str, port: int, called_ae: str) -> Association:
    assoc = ae.associate(
        host, port, ae_title=called_ae, max_pdu=0, evt_handlers=[(evt.EVT_CONN_OPEN, _nodelay)]
    )
    if not assoc.is_established:
        reason = rejection_reason(assoc)
        answer = f"rejected the association ({reason})" if reason else "did not answer"
        raise SendError(f"{called_ae}@{host}:{port} {answer}")
    return assoc
