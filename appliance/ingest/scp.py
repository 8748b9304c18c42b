"""The Storage SCP: listeners that turn associations into durable instances.

:class:`StorageSCP` is a Service component. It listens on ``dicom.port`` (unless
``dicom.plain_enabled`` is false) and, with ``dicom.tls.enabled``, on ``dicom.tls.port`` with
TLS, accepts each connection on its own
thread and runs it with :func:`~appliance.ingest.association.serve_connection`, which answers
C-ECHO and hands each C-STORE data set, still encoded as received, to
:class:`~appliance.ingest.receiver.Receiver`. Who may associate is decided by
:class:`~appliance.ingest.policy.AssociationPolicy` during negotiation. Before a connection
gets a thread, :class:`~appliance.ingest.admission.Admission` decides whether it may wait for
its association request at all (per-address and global caps, unlisted addresses apart), and a
request the allow-list accepts then takes one of ``dicom.max_associations`` slots (beyond:
"local limit exceeded"), so sockets that connect and stay silent lock nobody out.
TCP_NODELAY is set on every connection (otherwise Nagle's algorithm delays each response by
about 40 ms on loopback), and the TLS handshake runs on the connection's thread within the
connection's request deadline.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
from typing import Any

from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]

from appliance.config import DicomConfig, TlsConfig
from appliance.ingest.admission import Admission, Ticket
from appliance.ingest.association import serve_connection
from appliance.ingest.negotiation import Negotiator, Refused
from appliance.ingest.policy import AssociationPolicy
from appliance.ingest.receiver import Receiver
from appliance.ingest.refusals import RefusalAudit
from appliance.ingest.sop_classes import STORAGE_SOP_CLASSES, TRANSFER_SYNTAXES
from appliance.tls import server_context
from appliance.watchdog import Heartbeats

__all__ = ["StorageSCP", "tls_context"]

log = logging.getLogger(__name__)

_IMPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2"
_ACCEPT_POLL_S = 0.5


def tls_context(config: TlsConfig) -> ssl.SSLContext:
    """Server-side TLS 1.2+; with ``ca_certificates``, peers must present a certificate."""
    return server_context(config.certificate, config.private_key, config.ca_certificates)


class _Listener:
    """One listening socket and its accept thread."""

    def __init__(self, scp: StorageSCP, port: int, context: ssl.SSLContext | None, label: str):
        self.scp = scp
        self.context = context
        self.label = label
        family = socket.AF_INET6 if ":" in scp.config.bind_address else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((scp.config.bind_address, port))
        self.socket.listen(64)
        self.socket.settimeout(_ACCEPT_POLL_S)
        self.port = int(self.socket.getsockname()[1])
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept_loop, name=f"scp-{label}", daemon=True)
        self.heartbeat = f"{label} listener"

    def _accept_loop(self) -> None:
        heartbeats = self.scp.heartbeats
        while not self.stopping.is_set():
            if heartbeats is not None:
                heartbeats.beat(self.heartbeat, within_s=self.scp.listener_beat_s)
            try:
                client, address = self.socket.accept()
            except TimeoutError:
                continue
            except OSError as exc:
                if not self.stopping.is_set():
                    log.error("DICOM %s listener failed: %s", self.label, exc)
                return
            self.scp._start_connection(client, str(address[0]), self.context)

    def close(self) -> None:
        self.stopping.set()
        self.socket.close()
        self.thread.join(timeout=5)
        if self.scp.heartbeats is not None:
            self.scp.heartbeats.forget(self.heartbeat)


class StorageSCP:
    """A Component: the plain (and optional TLS) DICOM listeners."""

    name = "storage-scp"

    def __init__(
        self,
        config: DicomConfig,
        receiver: Receiver,
        *,
        heartbeats: Heartbeats | None = None,
        refusals: RefusalAudit | None = None,
    ) -> None:
        self.config = config
        self.receiver = receiver
        self.heartbeats = heartbeats
        self.refusals = refusals
        self.listener_beat_s = 10.0
        """An accept loop that has not come round for this long is hung (it turns every
        0.5 s); the systemd watchdog then stops being petted."""
        self.policy = AssociationPolicy(config)
        self.admission = Admission(config, self.policy)
        contexts: list[tuple[str, tuple[str, ...]]] = [
            (str(Verification), (_IMPLICIT_LITTLE_ENDIAN,))
        ]
        contexts += [(str(sop), tuple(TRANSFER_SYNTAXES)) for sop in STORAGE_SOP_CLASSES]
        self.negotiator = Negotiator(
            self.policy, contexts, maximum_pdu_size=config.maximum_pdu_size
        )
        self._listeners: list[_Listener] = []
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._lock = threading.Lock()
        self.counts = {"associations": 0, "rejected": 0, "echoes": 0}
        self.ports: dict[str, int] = {}

    def start(self) -> None:
        if self.config.plain_enabled:
            self._listen(self.config.port, None, "dicom")
        if self.config.tls.enabled:
            self._listen(self.config.tls.port, tls_context(self.config.tls), "dicom_tls")

    def _listen(self, port: int, context: ssl.SSLContext | None, label: str) -> None:
        listener = _Listener(self, port, context, label)
        listener.thread.start()
        self._listeners.append(listener)
        self.ports[label] = listener.port
        log.info(
            "DICOM %s listening on %s:%d as %s",
            label, self.config.bind_address, listener.port, self.config.ae_title,
        )  # fmt: skip

    def _start_connection(
        self, client: socket.socket, address: str, context: ssl.SSLContext | None
    ) -> None:
        ticket = self.admission.admit(address)
        if ticket is None:
            client.close()
            return
        try:
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as exc:
            log.warning("cannot set TCP_NODELAY for %s: %s", address, exc)
        if context is not None:
            try:
                client = context.wrap_socket(
                    client, server_side=True, do_handshake_on_connect=False
                )
            except OSError as exc:  # the peer reset the connection already
                log.warning("connection from %s lost before TLS began: %s", address, exc)
                ticket.release()
                client.close()
                return
        with self._lock:
            thread = threading.Thread(
                target=self._run_connection,
                args=(client, address, ticket),
                name=f"association-{address}",
                daemon=True,
            )
            self._connections[client] = thread
        thread.start()

    def _run_connection(self, client: socket.socket, address: str, ticket: Ticket) -> None:
        try:
            serve_connection(
                client,
                address,
                negotiator=self.negotiator,
                receiver=self.receiver,
                events=self,
                timeout_s=self.config.network_timeout_s,
                request_timeout_s=self._request_timeout(ticket),
                take_slot=ticket.take_slot,
            )
        finally:
            ticket.release()
            with self._lock:
                self._connections.pop(client, None)

    def _request_timeout(self, ticket: Ticket) -> float:
        """The deadline for the association request: an unlisted address can only be told
        why it is rejected, so it gets ``unlisted_request_timeout_s`` (shorter by default)
        and its place among ``max_unlisted_connections`` comes free sooner."""
        config = self.config
        if ticket.listed:
            return config.association_request_timeout_s
        return min(config.unlisted_request_timeout_s, config.association_request_timeout_s)

    def abort_all(self) -> None:
        """Drop every open association (the peers see the connection close)."""
        with self._lock:
            clients = list(self._connections)
        for client in clients:
            with contextlib.suppress(OSError):  # already closing on its own thread
                client.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        for listener in self._listeners:
            listener.close()
        self.abort_all()
        self.receiver.decode_share.close()  # queued decodes would each delay the stop
        with self._lock:
            threads = list(self._connections.values())
        for thread in threads:
            thread.join(timeout=10)
        self._listeners.clear()
        self.receiver.close()

    def status(self) -> dict[str, Any]:
        with self._lock:
            active = len(self._connections)
        return {
            "ae_title": self.config.ae_title,
            "ports": dict(self.ports),
            "active_associations": active,
            **self.admission.counts(),
            **self.counts,
            **self.receiver.counts,
            "inflight_bytes": self.receiver.inflight.held,
            "inflight_peak_bytes": self.receiver.inflight.peak,
        }

    # AssociationEvents, called from the connection threads
    def established(self, calling_ae: str, address: str) -> None:
        self._bump("associations")

    def rejected(self, refused: Refused, address: str) -> None:
        self._bump("rejected")
        if self.refusals is not None:
            self.refusals.record(
                calling_ae=refused.calling_ae,
                called_ae=refused.called_ae,
                address=address,
                reason=refused.reason,
            )

    def echoed(self) -> None:
        self._bump("echoes")

    def _bump(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1
