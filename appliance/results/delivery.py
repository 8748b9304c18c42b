"""The loop every message channel shares: take due outbox rows, deliver each, record the outcome.

The DICOM sender (:mod:`appliance.results.sender`) batches objects on one association; an HL7
message or a FHIR Bundle goes on its own request, and what differs between the two is only how
one message is delivered. :class:`ChannelSender` is that loop as a service component (one
thread; ``start``, ``stop``, ``status``, ``wake``, ``run_once``), and a subclass says how to
deliver one item (:meth:`ChannelSender.deliver`): return to count it delivered, raise
:class:`DeliveryFailed` to count a failed try (retried with the channel's backoff until its
``max_attempts``). Every outcome is written to the outbox table before the next item, so a
restart resumes where it stopped; the rules that make a re-send harmless are the channel's
(:mod:`appliance.results.hl7_sender`, :mod:`appliance.results.fhir_sender`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any, Generic, Protocol, TypeVar

from appliance.catalogue.database import Database
from appliance.errors import SendError
from appliance.layout import DataLayout
from appliance.results.outbox import DeliveryPolicy, Outbox, OutboxItem, utcnow

__all__ = ["ChannelSender", "DeliveryFailed"]

log = logging.getLogger(__name__)

_BATCH = 50


class _Destination(Protocol):
    @property
    def name(self) -> str: ...


D = TypeVar("D", bound=_Destination)


class DeliveryFailed(SendError):
    """One try to deliver one message failed; the message says why, ``status`` any code."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ChannelSender(Generic[D]):
    """Delivers one channel's outbox rows to that channel's destinations, one message at a time."""

    name = "message-sender"

    def __init__(
        self,
        db: Database,
        layout: DataLayout,
        policy: DeliveryPolicy,
        destinations: Sequence[D],
        *,
        channel: str,
        poll_interval_s: float = 5.0,
        stop_timeout_s: float = 35.0,
    ) -> None:
        self.outbox = Outbox(db, layout, policy, channel=channel)
        self.destinations = tuple(destinations)
        self.poll_interval_s = poll_interval_s
        self.stop_timeout_s = stop_timeout_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._delivered = dict.fromkeys((d.name for d in destinations), 0)

    def deliver(self, destination: D, item: OutboxItem) -> str | None:
        """Deliver ``item`` to ``destination``; return a note, or raise DeliveryFailed."""
        raise NotImplementedError

    def start(self) -> None:
        if self._thread is not None:
            return
        resumed = self.outbox.resume()
        if resumed:
            log.info("%s: %d pending send(s) resumed after restart", self.name, resumed)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.stop_timeout_s)
            self._thread = None

    def wake(self) -> None:
        """Send now (new messages were queued)."""
        self._wake.set()

    def status(self) -> dict[str, Any]:
        destinations = self.outbox.summary()
        for name, entry in destinations.items():
            entry["delivered_since_start"] = self._delivered.get(name, 0)
        return {
            "running": self._thread is not None and self._thread.is_alive(),
            "destinations": destinations,
        }

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                pause = self._sleep_s()
            except Exception:  # keep the sender alive; the cause is logged with its traceback
                log.exception("%s: a round of sending failed; trying again later", self.name)
                pause = self.poll_interval_s
            self._wake.wait(timeout=pause)
            self._wake.clear()

    def _sleep_s(self) -> float:
        due = self.outbox.next_due_at()
        if due is None:
            return self.poll_interval_s
        return min(max((due - utcnow()).total_seconds(), 0.01), self.poll_interval_s)

    def run_once(self) -> int:
        """Deliver everything due now to every destination; return how many were delivered."""
        delivered = 0
        for destination in self.destinations:
            name = destination.name
            for item in self.outbox.due(name, limit=_BATCH):
                if self._stop.is_set():
                    return delivered
                delivered += self._deliver_one(destination, name, item)
        return delivered

    def _deliver_one(self, destination: D, name: str, item: OutboxItem) -> int:
        try:
            note = self.deliver(destination, item)
        except DeliveryFailed as exc:
            state = self.outbox.mark_failed_attempt(item, exc.message, status=exc.status)
            level = logging.ERROR if state == "failed" else logging.WARNING
            log.log(
                level, "%s: %s to %s: %s (%s)", self.name, item.sop_instance_uid, name, exc, state
            )
            return 0
        self.outbox.mark_sent(item, note=note)
        self._delivered[name] = self._delivered.get(name, 0) + 1
        return 1
