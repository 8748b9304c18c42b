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
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar

from appliance.catalogue.database import Database
from appliance.catalogue.outbox import OutboxRow
from appliance.errors import SendError
from appliance.layout import DataLayout
from appliance.results.outbox import DeliveryPolicy, Outbox
from appliance.results.worker import OutboxWorker

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


class ChannelSender(OutboxWorker, Generic[D]):
    """Delivers one channel's outbox rows to that channel's destinations, one message at a time."""

    name = "message-sender"
    sent_key = "delivered_since_start"

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
        super().__init__(
            Outbox(db, layout, policy, channel=channel),
            (d.name for d in destinations),
            poll_interval_s=poll_interval_s,
            stop_timeout_s=stop_timeout_s,
            log=log,
            log_label=self.name,
        )
        self.destinations = tuple(destinations)

    def deliver(self, destination: D, item: OutboxRow) -> str | None:
        """Deliver ``item`` to ``destination``; return a note, or raise DeliveryFailed."""
        raise NotImplementedError

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

    def _deliver_one(self, destination: D, name: str, item: OutboxRow) -> int:
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
        self.count_sent(name)
        return 1
