"""Association negotiation for the storage acceptor: A-ASSOCIATE-RQ in, AC or RJ bytes out.

The variable items of an A-ASSOCIATE-RQ (presentation contexts, user information, role
selection, extended negotiation) are where DICOM framing is most intricate, so pynetdicom's
PDU classes decode the request and encode the answer, and its ``negotiate_as_acceptor``
chooses the transfer syntax of each presentation context. What is ScanSide's own is the order
of the checks: protocol version and application context (PS3.8 7.1.1.2), then the allow-list
(:class:`~appliance.ingest.policy.AssociationPolicy`), then the association limit, so that
only a request the allow-list accepts ever takes an association slot.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from pydicom.uid import UID
from pynetdicom.pdu import A_ASSOCIATE_AC, A_ASSOCIATE_RJ, A_ASSOCIATE_RQ
from pynetdicom.pdu_primitives import (
    A_ASSOCIATE,
    ImplementationClassUIDNotification,
    ImplementationVersionNameNotification,
    MaximumLengthNotification,
    SCP_SCU_RoleSelectionNegotiation,
)
from pynetdicom.presentation import PresentationContext, build_context, negotiate_as_acceptor

from appliance.ingest.policy import AssociationPolicy, Rejection
from appliance.ingest.store import IMPLEMENTATION_UID, IMPLEMENTATION_VERSION

__all__ = ["Accepted", "Negotiator", "Refused"]

APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1"
_PERMANENT, _TRANSIENT = 0x01, 0x02
_USER, _ACSE, _PRESENTATION = 0x01, 0x02, 0x03


@dataclasses.dataclass(frozen=True)
class Accepted:
    """An association to run: the A-ASSOCIATE-AC to send and what it agreed."""

    pdu: bytes
    calling_ae: str
    transfer_syntaxes: dict[int, str]
    """Accepted presentation context id -> its transfer syntax UID."""
    abstract_syntaxes: dict[int, str]
    """Accepted presentation context id -> its abstract syntax (the SOP class) UID."""
    peer_max_pdu: int
    """Largest PDU the peer accepts (0: no limit); our responses respect it."""


@dataclasses.dataclass(frozen=True)
class Refused:
    """An association refused: the A-ASSOCIATE-RJ to send and why (for the log)."""

    pdu: bytes
    calling_ae: str
    explanation: str
    called_ae: str = ""
    reason: int = 0
    """The A-ASSOCIATE-RJ reason/diagnostic (PS3.8 9.3.4)."""


def _reject(result: int, source: int, reason: int) -> bytes:
    primitive = A_ASSOCIATE()
    primitive.result = result
    primitive.result_source = source
    primitive.diagnostic = reason
    pdu = A_ASSOCIATE_RJ()
    pdu.from_primitive(primitive)
    return pdu.encode()


class Negotiator:
    """Decides each A-ASSOCIATE-RQ of one listener; stateless, shared by its connections."""

    def __init__(
        self,
        policy: AssociationPolicy,
        contexts: Sequence[tuple[str, Sequence[str]]],
        *,
        maximum_pdu_size: int,
    ) -> None:
        self.policy = policy
        self.maximum_pdu_size = maximum_pdu_size
        self._contexts: list[PresentationContext] = [
            build_context(abstract, list(syntaxes)) for abstract, syntaxes in contexts
        ]

    def negotiate(
        self,
        body: bytes,
        address: str,
        *,
        take_slot: Callable[[int | None], bool],
        tls: bool = False,
    ) -> Accepted | Refused:
        """Answer the request whose PDU body (after the 6-byte header) is ``body``.

        ``take_slot`` is asked, once the allow-list has accepted the request, for one of
        ``dicom.max_associations`` (:meth:`appliance.ingest.admission.Ticket.take_slot`),
        given the index of the ``[[dicom.peers]]`` entry that admitted it (its own
        ``max_associations`` applies too); False rejects the request as transient.
        Raises ValueError/struct.error (from pynetdicom's decoder) on a request that cannot
        be decoded; the caller aborts.
        """
        request = A_ASSOCIATE_RQ()
        request.decode(_header(len(body)) + body)
        primitive = request.to_primitive()
        calling = str(primitive.calling_ae_title).strip()
        called = str(primitive.called_ae_title).strip()
        if request.protocol_version != 0x0001:
            return self._refused(
                calling,
                Rejection(_PERMANENT, _ACSE, 0x02, "protocol version not supported"),
                called,
            )
        if str(primitive.application_context_name) != APPLICATION_CONTEXT:
            return self._refused(
                calling,
                Rejection(_PERMANENT, _USER, 0x02, "application context name not supported"),
                called,
            )
        rejection = self.policy.check(called, calling, address, tls=tls)
        if rejection is not None:
            return self._refused(calling, rejection, called)
        if not take_slot(self.policy.admitting_peer(calling, address, tls=tls)):
            return self._refused(
                calling,
                Rejection(
                    _TRANSIENT,
                    _PRESENTATION,
                    0x02,
                    f"{calling!r} from {address}: dicom.max_associations, "
                    "dicom.max_associations_per_address or its [[dicom.peers]] entry's "
                    "max_associations reached",
                ),
                called,
            )
        return self._accept(primitive, calling)

    @staticmethod
    def _refused(calling: str, rejection: Rejection, called: str = "") -> Refused:
        pdu = _reject(rejection.result, rejection.source, rejection.reason)
        return Refused(pdu, calling, rejection.explanation, called, rejection.reason)

    def _accept(self, request: A_ASSOCIATE, calling: str) -> Accepted:
        roles = {
            UID(str(item.sop_class_uid)): (item.scu_role, item.scp_role)
            for item in request.user_information
            if isinstance(item, SCP_SCU_RoleSelectionNegotiation)
        }
        results, role_items = negotiate_as_acceptor(
            request.presentation_context_definition_list, self._contexts, roles or None
        )
        answer = A_ASSOCIATE()
        answer.application_context_name = UID(APPLICATION_CONTEXT)
        answer.calling_ae_title = request.calling_ae_title
        answer.called_ae_title = request.called_ae_title
        answer.result = 0x00
        answer.result_source = 0x01
        answer.presentation_context_definition_results_list = results
        answer.user_information = [*self._user_information(), *role_items]
        pdu = A_ASSOCIATE_AC()
        pdu.from_primitive(answer)
        return Accepted(
            pdu=pdu.encode(),
            calling_ae=calling,
            transfer_syntaxes={
                int(cx.context_id): str(cx.transfer_syntax[0])
                for cx in results
                if cx.result == 0x00 and cx.context_id is not None
            },
            abstract_syntaxes={
                int(cx.context_id): str(cx.abstract_syntax)
                for cx in results
                if cx.result == 0x00 and cx.context_id is not None
            },
            peer_max_pdu=int(request.maximum_length_received or 0),
        )

    def _user_information(
        self,
    ) -> list[
        MaximumLengthNotification
        | ImplementationClassUIDNotification
        | ImplementationVersionNameNotification
    ]:
        length = MaximumLengthNotification()
        length.maximum_length_received = self.maximum_pdu_size
        implementation = ImplementationClassUIDNotification()
        implementation.implementation_class_uid = UID(IMPLEMENTATION_UID)
        version = ImplementationVersionNameNotification()
        version.implementation_version_name = IMPLEMENTATION_VERSION
        return [length, implementation, version]


def _header(length: int) -> bytes:
    return bytes((0x01, 0x00)) + length.to_bytes(4, "big")
