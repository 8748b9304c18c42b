"""The Storage SCP: a pynetdicom server that turns C-STORE requests into durable instances.

:class:`StorageSCP` is a Service component. It listens on ``dicom.port`` (and, with
``dicom.tls.enabled``, on ``dicom.tls.port`` with TLS), answers C-ECHO, and hands each C-STORE
dataset, still encoded as received, to :class:`~appliance.ingest.receiver.Receiver`. Two small
pynetdicom extensions live here: the request handler sets TCP_NODELAY on every accepted socket
(otherwise Nagle's algorithm delays each response by about 40 ms on loopback), and the acceptor's
negotiation first asks :class:`~appliance.ingest.policy.AssociationPolicy`, because pynetdicom's
own checks cannot tie a calling AE title to a source address.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
from typing import Any, cast

from pynetdicom import AE, evt
from pynetdicom.acse import ACSE
from pynetdicom.association import Association
from pynetdicom.events import Event
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]
from pynetdicom.transport import RequestHandler, ThreadedAssociationServer

from appliance.config import DicomConfig, TlsConfig
from appliance.ingest import statuses
from appliance.ingest.policy import AssociationPolicy
from appliance.ingest.receiver import Receiver
from appliance.ingest.sop_classes import STORAGE_SOP_CLASSES, TRANSFER_SYNTAXES

__all__ = ["StorageSCP", "tls_context"]

log = logging.getLogger(__name__)


class _PolicyACSE(ACSE):
    """pynetdicom's ACSE, asking the allow-list before its own negotiation."""

    def __init__(self, assoc: Association, policy: AssociationPolicy) -> None:
        super().__init__(assoc)
        self.policy = policy

    def _negotiate_as_acceptor(self) -> None:
        request = self.requestor.primitive
        assert request is not None
        address = str(self.assoc.requestor.address_info.address)
        calling = str(getattr(request, "calling_ae_title", ""))
        called = str(getattr(request, "called_ae_title", ""))
        rejection = self.policy.check(called, calling, address)
        if rejection is None:
            super()._negotiate_as_acceptor()
            return
        log.warning("association rejected: %s", rejection.explanation)
        self.requestor.ae_title = calling
        self.send_reject(rejection.result, rejection.source, rejection.reason)
        evt.trigger(self.assoc, evt.EVT_REJECTED, {})
        self.assoc.kill()


class _Server(ThreadedAssociationServer):
    policy: AssociationPolicy


class _Handler(RequestHandler):
    """Sets TCP_NODELAY and installs the policy on each new association."""

    server: _Server

    def _create_association(self) -> Association:
        assoc = super()._create_association()
        sock = cast(socket.socket, self.request)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as exc:
            log.warning("cannot set TCP_NODELAY on %s: %s", self.client_address, exc)
        assoc.acse = _PolicyACSE(assoc, self.server.policy)
        return assoc


def tls_context(config: TlsConfig) -> ssl.SSLContext:
    """Server-side TLS 1.2+; with ``ca_certificates``, peers must present a certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(config.certificate, config.private_key)
    if config.ca_certificates:
        context.load_verify_locations(cafile=config.ca_certificates)
        context.verify_mode = ssl.CERT_REQUIRED
    return context


class StorageSCP:
    """A Component: the plain (and optional TLS) DICOM listeners."""

    name = "storage-scp"

    def __init__(self, config: DicomConfig, receiver: Receiver) -> None:
        self.config = config
        self.receiver = receiver
        self.policy = AssociationPolicy(config)
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.counts = {"associations": 0, "rejected": 0, "echoes": 0}
        self.ports: dict[str, int] = {}

    def _make_ae(self) -> AE:
        ae = AE(ae_title=self.config.ae_title)
        ae.maximum_pdu_size = self.config.maximum_pdu_size
        ae.maximum_associations = self.config.max_associations
        ae.network_timeout = self.config.network_timeout_s
        ae.acse_timeout = self.config.network_timeout_s
        ae.dimse_timeout = self.config.network_timeout_s
        ae.add_supported_context(Verification)
        for sop_class in STORAGE_SOP_CLASSES:
            ae.add_supported_context(sop_class, list(TRANSFER_SYNTAXES))
        return ae

    def start(self) -> None:
        ae = self._make_ae()
        self._listen(ae, self.config.port, None, "dicom")
        if self.config.tls.enabled:
            self._listen(ae, self.config.tls.port, tls_context(self.config.tls), "dicom_tls")

    def _listen(self, ae: AE, port: int, context: ssl.SSLContext | None, label: str) -> None:
        handlers = [
            (evt.EVT_C_STORE, self._on_store),
            (evt.EVT_C_ECHO, self._on_echo),
            (evt.EVT_ESTABLISHED, self._on_established),
            (evt.EVT_REJECTED, self._on_rejected),
        ]
        server = cast(
            _Server,
            ae.make_server(
                (self.config.bind_address, port),
                ssl_context=context,
                evt_handlers=handlers,
                server_class=_Server,
                request_handler=_Handler,
            ),
        )
        server.policy = self.policy
        ae._servers.append(server)  # as start_server() does; shutdown() removes it
        thread = threading.Thread(target=server.serve_forever, name=f"scp-{label}", daemon=True)
        thread.start()
        self._servers.append(server)
        self._threads.append(thread)
        self.ports[label] = int(server.server_address[1])
        log.info(
            "DICOM %s listening on %s:%d as %s",
            label,
            self.config.bind_address,
            self.ports[label],
            self.config.ae_title,
        )

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            for assoc in server.active_associations:
                assoc.abort()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        self._servers.clear()
        self._threads.clear()

    def status(self) -> dict[str, Any]:
        active = sum(len(s.active_associations) for s in self._servers)
        return {
            "ae_title": self.config.ae_title,
            "ports": dict(self.ports),
            "active_associations": active,
            **self.counts,
            **self.receiver.counts,
        }

    def _bump(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1

    def _on_established(self, event: Event) -> None:
        self._bump("associations")
        requestor = event.assoc.requestor
        log.info("association from %s@%s", requestor.ae_title, requestor.address_info.address)

    def _on_rejected(self, event: Event) -> None:
        self._bump("rejected")

    def _on_echo(self, event: Event) -> int:
        self._bump("echoes")
        return statuses.SUCCESS

    def _on_store(self, event: Event) -> int:
        """pynetdicom's C-STORE handler: never raises, always a status."""
        try:
            request = event.request
            data = request.DataSet.getvalue()  # type: ignore[union-attr]
            requestor = event.assoc.requestor
            outcome = self.receiver.receive(
                data,
                str(event.context.transfer_syntax),
                calling_ae=str(requestor.ae_title).strip(),
                peer_address=str(requestor.address_info.address),
            )
        except Exception:  # the network edge: a status, never an exception into pynetdicom
            log.exception("C-STORE handler failed")
            return statuses.INTERNAL_ERROR
        return outcome.status
