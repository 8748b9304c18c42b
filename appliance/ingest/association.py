"""One accepted connection, from A-ASSOCIATE-RQ to release or abort, on its own thread.

This is the storage acceptor's upper layer (PS3.8): negotiate (:mod:`.negotiation`), then read
PDUs (:mod:`.pdu_io`), put each request's command and data set together from their
fragments, answer C-ECHO, hand each C-STORE data set to the
:class:`~appliance.ingest.receiver.Receiver` and send its status back (:mod:`.dimse`). It
runs as one blocking loop per connection: a PDU is read with as few system calls as it
takes, and a response goes out the moment the receiver returns.

Why not pynetdicom's acceptor: its two reactor threads per association poll their queues with
1 ms sleeps, so with a handler that stores nothing it reached only 0.34x dcmtk's ``storescp``
on this hardware (``bench/ingest.py``) -- less than the whole budget the durability guarantee
has to fit in. pynetdicom still decodes and encodes the association negotiation here and is
the SCU everywhere else in ScanSide.

Errors: a peer that breaks the protocol (bad framing, data for a context it was not given, a
command that cannot be decoded) gets an A-ABORT with the reason and a log line; a peer that
falls silent for ``dicom.network_timeout_s`` is aborted the same way. Instances already
answered are stored; the one in flight was never acknowledged.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import time
from collections.abc import Callable
from typing import Protocol

from appliance.ingest import statuses
from appliance.ingest.dimse import (
    C_CANCEL_RQ,
    C_ECHO_RQ,
    C_STORE_RQ,
    Command,
    CommandError,
    decode_command,
    encode_response,
)
from appliance.ingest.negotiation import Accepted, Negotiator, Refused
from appliance.ingest.pdu_io import (
    A_ABORT,
    A_ASSOCIATE_RQ,
    A_RELEASE_RQ,
    INVALID_PARAMETER,
    P_DATA_TF,
    REASON_NOT_SPECIFIED,
    UNEXPECTED_PDU,
    PduError,
    Pdv,
    PeerClosed,
    abort_pdu,
    p_data_pdus,
    read_pdu,
    release_response_pdu,
    split_pdvs,
)
from appliance.ingest.receiver import Incoming, Receiver

__all__ = ["AssociationEvents", "serve_connection"]

log = logging.getLogger(__name__)

_REQUEST_LIMIT = 1024 * 1024
"""Largest A-ASSOCIATE-RQ read (hundreds of presentation contexts fit in a few dozen KiB)."""
_UNLIMITED_PDU = 64 * 1024 * 1024
"""Largest P-DATA-TF read when ``dicom.maximum_pdu_size`` is 0 (no limit announced)."""
ARTIM_S = 5.0
"""After an A-ASSOCIATE-RJ, how long to wait for the requestor to close the connection (the
ARTIM timer of PS3.8 9.2, state Sta13) before closing it ourselves."""
_COMMAND_LIMIT = 64 * 1024
"""Largest command set (a C-STORE-RQ's is about 200 bytes); a larger one is aborted."""
_OTHER_DATA_LIMIT = 1024 * 1024
"""Largest data set kept in memory for a request other than C-STORE (answered 0x0211 anyway);
C-STORE data sets are bounded by ``dicom.max_dataset_mb`` in the receiver."""
_ABORT_SEND_S = 1.0
_UNRECOGNIZED_OPERATION = 0x0211
_PROVIDER = 0x02


class AssociationEvents(Protocol):
    """What the listener counts (:class:`appliance.ingest.scp.StorageSCP`)."""

    def established(self, calling_ae: str, address: str) -> None: ...
    def rejected(self, refused: Refused, address: str) -> None: ...
    def echoed(self) -> None: ...


class _Exchange:
    """The request being put together from PDVs on one association.

    A C-STORE data set goes fragment by fragment to an :class:`Incoming` (written to disk as it
    arrives); any other request's data set is collected here.
    """

    def __init__(self, begin_store: Callable[[Command, int], Incoming]) -> None:
        self.begin_store = begin_store
        self.command_parts: list[bytes] = []
        self.data_parts: list[memoryview] = []
        self.data_size = 0
        self.command_size = 0
        self.command: Command | None = None
        self.incoming: Incoming | None = None
        self.context_id = 0

    def add(self, pdv: Pdv) -> tuple[Command, int, Incoming | bytes | None] | None:
        """Take a fragment; return (command, context, its data) once a request is whole."""
        if pdv.is_command:
            return self._add_command(pdv)
        if self.command is None or pdv.context_id != self.context_id:
            raise PduError("a data set fragment arrived without its command", reason=UNEXPECTED_PDU)
        if self.incoming is not None:
            self.incoming.add(pdv.data)
        else:
            self.data_parts.append(pdv.data)
            self.data_size += len(pdv.data)
            if self.data_size > _OTHER_DATA_LIMIT:
                raise PduError(
                    f"the data set of a request other than C-STORE passed {_OTHER_DATA_LIMIT} "
                    "bytes",
                    reason=INVALID_PARAMETER,
                )
        if not pdv.is_last:
            return None
        whole = (self.command, self.context_id, self.incoming or b"".join(self.data_parts))
        self.command, self.incoming, self.data_parts, self.data_size = None, None, [], 0
        return whole

    def _add_command(self, pdv: Pdv) -> tuple[Command, int, None] | None:
        if self.command is not None:
            raise PduError("a command arrived before the data set of the previous one",
                           reason=UNEXPECTED_PDU)  # fmt: skip
        self.command_parts.append(bytes(pdv.data))
        self.command_size += len(pdv.data)
        if self.command_size > _COMMAND_LIMIT:
            raise PduError(f"a command set passed {_COMMAND_LIMIT} bytes", reason=INVALID_PARAMETER)
        if not pdv.is_last:
            return None
        command = decode_command(b"".join(self.command_parts))
        self.command_parts.clear()
        self.command_size = 0
        if not command.has_dataset:
            return command, pdv.context_id, None
        self.command, self.context_id = command, pdv.context_id
        if command.command_field == C_STORE_RQ:
            self.incoming = self.begin_store(command, pdv.context_id)
        return None

    def abandon(self) -> None:
        """The association ended mid-request: drop what was written of it."""
        if self.incoming is not None:
            self.incoming.abandon()
            self.incoming = None


class _Association:
    def __init__(  # noqa: PLR0917 - private, built in one place
        self,
        sock: socket.socket,
        address: str,
        accepted: Accepted,
        receiver: Receiver,
        events: AssociationEvents,
        pdu_limit: int,
    ) -> None:
        self.sock = sock
        self.address = address
        self.accepted = accepted
        self.receiver = receiver
        self.events = events
        self.pdu_limit = pdu_limit
        self.stored = 0
        self.refused = 0

    def run(self) -> str:
        """Serve requests until the peer releases or aborts; return how it ended."""
        exchange = _Exchange(self._begin_store)
        try:
            return self._serve(exchange)
        finally:
            exchange.abandon()

    def _begin_store(self, command: Command, context_id: int) -> Incoming:
        return self.receiver.begin(
            self.accepted.transfer_syntaxes[context_id],
            calling_ae=self.accepted.calling_ae,
            peer_address=self.address,
            announced=(command.affected_sop_class_uid, command.affected_sop_instance_uid),
            negotiated_class=self.accepted.abstract_syntaxes[context_id],
        )

    def _serve(self, exchange: _Exchange) -> str:
        while True:
            pdu_type, body = read_pdu(self.sock, self.pdu_limit)
            if pdu_type == P_DATA_TF:
                for pdv in split_pdvs(body):
                    if pdv.context_id not in self.accepted.transfer_syntaxes:
                        raise PduError(
                            f"data on presentation context {pdv.context_id}, which was not "
                            "accepted",
                            reason=INVALID_PARAMETER,
                        )
                    request = exchange.add(pdv)
                    if request is not None:
                        self._answer(*request)
            elif pdu_type == A_RELEASE_RQ:
                self.sock.sendall(release_response_pdu())
                return "released"
            elif pdu_type == A_ABORT:
                return "aborted by the peer"
            else:
                raise PduError(f"unexpected PDU type 0x{pdu_type:02X}", reason=UNEXPECTED_PDU)

    def _answer(self, command: Command, context_id: int, data: Incoming | bytes | None) -> None:
        status, comment = self._perform(command, context_id, data)
        if status is None:
            return
        response = encode_response(command, status, comment=comment)
        for pdu in p_data_pdus(context_id, response, self.accepted.peer_max_pdu):
            self.sock.sendall(pdu)

    def _perform(
        self, command: Command, context_id: int, data: Incoming | bytes | None
    ) -> tuple[int | None, str]:
        if command.command_field == C_STORE_RQ:
            if not isinstance(data, Incoming):
                self.refused += 1
                return statuses.MISSING_ATTRIBUTE, "C-STORE request without a data set"
            outcome = data.finish()
            if outcome.status == statuses.SUCCESS:
                self.stored += 1
            else:
                self.refused += 1
            return outcome.status, outcome.message
        if command.command_field == C_ECHO_RQ:
            self.events.echoed()
            return statuses.SUCCESS, ""
        if command.command_field == C_CANCEL_RQ:
            return None, ""  # nothing of ours runs long enough to cancel
        if not command.is_request:
            raise PduError(
                "the peer sent a response; this acceptor asks nothing", reason=UNEXPECTED_PDU
            )
        return _UNRECOGNIZED_OPERATION, "ScanSide accepts only C-ECHO and C-STORE"


def _negotiate(
    sock: socket.socket,
    address: str,
    negotiator: Negotiator,
    events: AssociationEvents,
    *,
    take_slot: Callable[[int | None], bool],
    deadline: float,
) -> Accepted | None:
    try:
        pdu_type, body = read_pdu(sock, _REQUEST_LIMIT, deadline=deadline)
    except PeerClosed:  # a port probe or a health check: connected, sent nothing, left
        log.info("connection from %s closed without an association request", address)
        return None
    if pdu_type != A_ASSOCIATE_RQ:
        raise PduError(
            f"expected an A-ASSOCIATE-RQ, got PDU type 0x{pdu_type:02X}", reason=UNEXPECTED_PDU
        )
    try:
        answer = negotiator.negotiate(
            bytes(body), address, take_slot=take_slot, tls=isinstance(sock, ssl.SSLSocket)
        )
    except Exception as exc:  # pynetdicom's decoder also raises AssertionError, and others
        raise PduError(
            f"cannot decode the A-ASSOCIATE-RQ: {type(exc).__name__}: {exc}",
            reason=INVALID_PARAMETER,
        ) from exc
    if isinstance(answer, Refused):
        # Logged and counted before the peer hears it, so whoever reads the log after the
        # peer's rejection (a technologist, a test) finds the reason there.
        log.warning("association rejected: %s", answer.explanation)
        events.rejected(answer, address)
        sock.sendall(answer.pdu)
        _await_close(sock, ARTIM_S)
        return None
    sock.sendall(answer.pdu)
    events.established(answer.calling_ae, address)
    log.info(
        "association from %s@%s: %d presentation contexts accepted",
        answer.calling_ae,
        address,
        len(answer.transfer_syntaxes),
    )
    return answer


def _await_close(sock: socket.socket, seconds: float) -> None:
    """Wait until the peer closes the connection, or ``seconds``, as PS3.8 has the acceptor do
    after a rejection. Closing at once would reset the connection if anything the requestor
    sent is still unread, and the requestor could then lose the A-ASSOCIATE-RJ and its reason
    (a suspected cause of one rejection test that pynetdicom once saw as not rejected)."""
    sock.settimeout(seconds)
    with contextlib.suppress(OSError):  # TimeoutError included: the peer kept it open
        while sock.recv(4096):
            pass


def _abort(sock: socket.socket, reason: int) -> None:
    with contextlib.suppress(OSError):  # the peer may be gone; the log line says why we abort
        sock.settimeout(_ABORT_SEND_S)  # a peer that reads nothing must not hold the thread
        sock.sendall(abort_pdu(_PROVIDER, reason))


def _never_full(peer: int | None = None) -> bool:
    return True


def serve_connection(
    sock: socket.socket,
    address: str,
    *,
    negotiator: Negotiator,
    receiver: Receiver,
    events: AssociationEvents,
    timeout_s: float,
    request_timeout_s: float | None = None,
    take_slot: Callable[[int | None], bool] = _never_full,
) -> None:
    """Run one connection to its end and close it; never raises (a thread's whole life).

    The TLS handshake and the A-ASSOCIATE-RQ must be complete within ``request_timeout_s``
    (or ``timeout_s``, if shorter) of the call in all, however slowly they trickle in; after
    that, ``timeout_s`` of silence aborts. ``take_slot`` grants an association slot to a
    request the allow-list accepts (see :mod:`appliance.ingest.admission`).
    """
    started = time.monotonic()
    association: _Association | None = None
    request_s = min(timeout_s, request_timeout_s or timeout_s)
    deadline = started + request_s
    sock.settimeout(request_s)
    try:
        if isinstance(sock, ssl.SSLSocket):
            sock.do_handshake()  # CPython bounds the whole handshake by the socket timeout
        accepted = _negotiate(
            sock, address, negotiator, events, take_slot=take_slot, deadline=deadline
        )
        if accepted is None:
            return
        sock.settimeout(timeout_s)
        limit = negotiator.maximum_pdu_size or _UNLIMITED_PDU
        association = _Association(sock, address, accepted, receiver, events, limit)
        ending = association.run()
        log.info(
            "association from %s@%s %s after %.1f s: %d stored, %d refused",
            accepted.calling_ae, address, ending, time.monotonic() - started,
            association.stored, association.refused,
        )  # fmt: skip
    except (PduError, CommandError) as exc:
        reason = exc.reason if isinstance(exc, PduError) else INVALID_PARAMETER
        log.warning("aborting the association from %s: %s", address, exc)
        _abort(sock, reason)
    except TimeoutError:
        if association is None:
            log.warning(
                "aborting the connection from %s: no association request within %.0f s",
                address, request_s,
            )  # fmt: skip
        else:
            log.warning("aborting the association from %s: silent for %.0f s", address, timeout_s)
        _abort(sock, 0x00)
    except ssl.SSLError as exc:
        log.warning("TLS with %s failed: %s", address, exc)
    except (PeerClosed, OSError) as exc:
        stored = association.stored if association else 0
        log.warning("connection from %s lost (%d stored on it): %s", address, stored, exc)
    except Exception:  # a bug of ours: the peer hears an A-ABORT, the log has the traceback
        log.exception("aborting the association from %s: unexpected error", address)
        _abort(sock, REASON_NOT_SPECIFIED)
    finally:
        sock.close()
