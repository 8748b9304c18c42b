"""Whether a DICOM peer rejected an association, and why, from pynetdicom's requestor.

Every place ScanSide asks a peer for an association (the outbox to PACS, priors from PACS,
``scanside import`` to the running service) must tell "rejected, reason: calling AE title not
recognised" (fix the AE titles) from "no answer" (is it running?). pynetdicom (3.0.4) does not
always: when the A-ASSOCIATE-RJ comes back within a millisecond, its reader thread closes the
socket on it before the requesting thread checks that it is connected, and the association is
reported as aborted. The rejection still waits, unread, in the DUL's queue; :func:`rejection`
finds it there too.
"""

from __future__ import annotations

from pynetdicom.association import Association
from pynetdicom.pdu_primitives import A_ASSOCIATE

__all__ = ["rejection", "rejection_reason"]

_REJECTED = (0x01, 0x02)
"""A-ASSOCIATE-RJ results: permanent, transient."""


def rejection(assoc: Association) -> A_ASSOCIATE | None:
    """The peer's A-ASSOCIATE-RJ as pynetdicom decoded it, or None if it sent none."""
    if assoc.is_rejected and assoc.acceptor.primitive is not None:
        return assoc.acceptor.primitive
    for primitive in list(assoc.dul.to_user_queue.queue):
        if isinstance(primitive, A_ASSOCIATE) and primitive.result in _REJECTED:
            return primitive
    return None


def rejection_reason(assoc: Association) -> str | None:
    """The peer's rejection in words ("<result>, source <source>, reason: <reason>"), "no
    reason given" when pynetdicom kept none, or None when the peer did not reject it."""
    rsp = rejection(assoc)
    if rsp is not None:
        return f"{rsp.result_str}, source {rsp.source_str}, reason: {rsp.reason_str}"
    return "no reason given" if assoc.is_rejected else None
