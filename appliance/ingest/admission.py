"""Who gets a thread, and who gets an association slot: the acceptor's defence against lockout.

The Storage SCP (:mod:`appliance.ingest.scp`) asks :meth:`Admission.admit` for every accepted
TCP connection, before it starts a thread for it. A connection is *pending* until its
A-ASSOCIATE-RQ has been read and accepted; only then does it take one of
``dicom.max_associations`` slots (:meth:`Ticket.take_slot`). So a socket that connects and
stays silent, or trickles its request a byte at a time, holds no association slot, and holds
its pending place for ``dicom.association_request_timeout_s`` at most (a deadline enforced by
:mod:`appliance.ingest.association`, not a timeout that each byte restarts). No one address
holds more than ``dicom.max_associations_per_address`` of the slots, so one listed sender
(or a host sharing a listed network) cannot take them all from the others; and a
``[[dicom.peers]]`` entry with ``max_associations`` holds no more than that many, from all the
addresses it covers together (a listed network cannot take every slot by using many
addresses).

Pending connections are capped three ways, each cap closing the surplus at once, without a
thread:

- from an address that no ``[[dicom.peers]]`` entry lists (any address but loopback while the
  list is empty): ``dicom.max_unlisted_connections`` in all, kept only so that a misconfigured
  modality reads why it is rejected, each for ``dicom.unlisted_request_timeout_s`` at most;
- from any one listed address: ``dicom.max_pending_per_address``;
- from listed addresses together: ``dicom.max_pending_connections``.

An unlisted host therefore never competes with a listed scanner for anything, and the threads
the acceptor runs are bounded by the sum of the caps and ``max_associations``. Thread-safe.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

from appliance.config import DicomConfig
from appliance.ingest.policy import AssociationPolicy

__all__ = ["Admission", "Ticket"]

log = logging.getLogger(__name__)

_LOG_EVERY_S = 10.0
"""Turned-away connections are logged at most this often (a flood must not flood the log)."""


class Ticket:
    """One admitted connection: pending until :meth:`take_slot`, done at :meth:`release`."""

    def __init__(self, admission: Admission, address: str, *, listed: bool) -> None:
        self._admission = admission
        self.address = address
        self.listed = listed
        self.associated = False
        self.released = False
        self.peer: int | None = None
        """The ``[[dicom.peers]]`` entry (index) the association counts against, if any."""

    def take_slot(self, peer: int | None = None) -> bool:
        """Turn this pending connection into an association admitted by ``[[dicom.peers]]``
        entry ``peer`` (None: no entry, loopback while none is listed), if a slot is free."""
        return self._admission._take_slot(self, peer)

    def release(self) -> None:
        """The connection has ended: give back its pending place or its slot (idempotent)."""
        self._admission._release(self)


class Admission:
    """The pending-connection caps and the association slots of one Storage SCP."""

    def __init__(self, config: DicomConfig, policy: AssociationPolicy) -> None:
        self.config = config
        self.policy = policy
        self._lock = threading.Lock()
        self._pending_by_address: Counter[str] = Counter()
        self._pending_listed = 0
        self._pending_unlisted = 0
        self._associations = 0
        self._associations_by_address: Counter[str] = Counter()
        self._associations_by_peer: Counter[int] = Counter()
        self._turned_away = 0
        self._last_log = 0.0

    def admit(self, address: str) -> Ticket | None:
        """A ticket for a new connection from ``address``, or None: close it at once."""
        listed = self.policy.address_listed(address)
        with self._lock:
            refusal = self._refusal(address, listed=listed)
            if refusal is None:
                if listed:
                    self._pending_listed += 1
                    self._pending_by_address[address] += 1
                else:
                    self._pending_unlisted += 1
                return Ticket(self, address, listed=listed)
            self._turned_away += 1
            now = time.monotonic()
            if now - self._last_log < _LOG_EVERY_S:
                return None
            count, self._turned_away, self._last_log = self._turned_away, 0, now
        log.warning("closed %d connection(s) at once, the latest from %s: %s",
                    count, address, refusal)  # fmt: skip
        return None

    def _refusal(self, address: str, *, listed: bool) -> str | None:
        config = self.config
        if not listed:
            if self._pending_unlisted >= config.max_unlisted_connections:
                return (
                    f"no [[dicom.peers]] entry lists this address and "
                    f"dicom.max_unlisted_connections ({config.max_unlisted_connections}) are open"
                )
            return None
        if self._pending_by_address[address] >= config.max_pending_per_address:
            return (
                f"dicom.max_pending_per_address ({config.max_pending_per_address}) connections "
                "from it have not yet sent their association request"
            )
        if self._pending_listed >= config.max_pending_connections:
            return (
                f"dicom.max_pending_connections ({config.max_pending_connections}) have not yet "
                "sent their association request"
            )
        return None

    def _take_slot(self, ticket: Ticket, peer: int | None) -> bool:
        with self._lock:
            if ticket.associated or ticket.released:
                return ticket.associated
            if self._associations >= self.config.max_associations:
                return False
            by_address = self._associations_by_address[ticket.address]
            if by_address >= self.config.max_associations_per_address:
                return False
            if peer is not None:
                quota = self.config.peers[peer].max_associations
                if quota and self._associations_by_peer[peer] >= quota:
                    return False
                self._associations_by_peer[peer] += 1
            self._leave_pending(ticket)
            self._associations += 1
            self._associations_by_address[ticket.address] += 1
            ticket.associated, ticket.peer = True, peer
            return True

    def _release(self, ticket: Ticket) -> None:
        with self._lock:
            if ticket.released:
                return
            ticket.released = True
            if ticket.associated:
                self._associations -= 1
                self._associations_by_address[ticket.address] -= 1
                if self._associations_by_address[ticket.address] <= 0:
                    del self._associations_by_address[ticket.address]
                if ticket.peer is not None:
                    self._associations_by_peer[ticket.peer] -= 1
                    if self._associations_by_peer[ticket.peer] <= 0:
                        del self._associations_by_peer[ticket.peer]
            else:
                self._leave_pending(ticket)

    def _leave_pending(self, ticket: Ticket) -> None:
        if not ticket.listed:
            self._pending_unlisted -= 1
            return
        self._pending_listed -= 1
        self._pending_by_address[ticket.address] -= 1
        if self._pending_by_address[ticket.address] <= 0:
            del self._pending_by_address[ticket.address]

    def counts(self) -> dict[str, int]:
        """Pending connections and open associations, for the service status."""
        with self._lock:
            return {
                "pending_connections": self._pending_listed + self._pending_unlisted,
                "open_associations": self._associations,
            }
