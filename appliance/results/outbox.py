"""The durable outbox: which result objects must reach which PACS, and how far each has got.

Sending to a PACS fails in ordinary ways (the PACS is down for maintenance, the network is cut,
the AE title was mistyped), and the appliance may restart at any moment. So sending is split in
two steps that each survive a crash:

1. :meth:`Outbox.add` makes the object's file durable under ``<data>/outbox`` (written, fsynced,
   renamed; or hard-linked from the durable results copy), *then* records one ``pending`` row
   per configured destination in the catalogue, in one transaction.
2. The sender (:mod:`appliance.results.sender`) takes due rows, C-STOREs them and records the
   outcome: ``sent`` (never sent again), another try later with exponential backoff, or
   ``failed`` with the reason once ``pacs.max_attempts`` tries have been made (0: never give up).

States: ``pending`` -> ``sent`` | ``failed``; :meth:`Outbox.retry_failed` puts failed rows back
to ``pending`` (an operator's action after fixing the cause). A row whose send was cut off
(crash, abort, timeout: the outcome is unknown) stays ``pending`` and is sent again; that is
safe because a C-STORE of the same SOP Instance UID stores the same object once at the
destination (PS3.4 B.2.3: the SCP keeps one instance per UID; Orthanc ignores or overwrites).
A row that is ``sent`` is never sent again, so no destination gets an object twice from us.

The same table carries the HL7 v2 and FHIR messages of :mod:`appliance.results.messages`, one
*channel* each (``dicom``, ``hl7``, ``fhir``; migration 0013). An :class:`Outbox` works on one
channel, with that channel's destinations and retry settings (:class:`DeliveryPolicy`: the
``pacs``, ``hl7`` or ``fhir`` section of the configuration). A message keeps its identifier
(MSH-10, the Bundle's id) on every re-send, which is what lets its receiver drop a duplicate.

The table's statements and its row type (:class:`~appliance.catalogue.outbox.OutboxRow`, what
the senders are handed) are :mod:`appliance.catalogue.outbox`; this module adds the files
(:meth:`Outbox.file` is a row's file), the retry policy and the paths under the data directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from appliance.catalogue import outbox as table
from appliance.catalogue.database import Database
from appliance.catalogue.outbox import OutboxRow
from appliance.errors import ResultsError
from appliance.layout import DataLayout
from appliance.results.durable import safe_stem, sync_folder, write_durably

__all__ = ["CHANNELS", "STATES", "DeliveryPolicy", "Outbox", "backoff_s", "utcnow"]

STATES = ("pending", "sent", "failed")
CHANNELS = ("dicom", "hl7", "fhir")


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class DeliveryPolicy(Protocol):
    """Where a channel sends and how hard it tries (the pacs, hl7 or fhir configuration)."""

    @property
    def destinations(self) -> Sequence[_Named]: ...
    @property
    def retry_initial_s(self) -> float: ...
    @property
    def retry_max_s(self) -> float: ...
    @property
    def max_attempts(self) -> int: ...


def utcnow() -> datetime:
    """Now in UTC, without tzinfo (how the outbox stores times)."""
    return datetime.now(UTC).replace(tzinfo=None)


def backoff_s(attempts: int, policy: DeliveryPolicy) -> float:
    """Seconds to wait after ``attempts`` failed tries: initial, doubling, capped."""
    return float(min(policy.retry_initial_s * 2 ** max(attempts - 1, 0), policy.retry_max_s))


class Outbox:
    """The outbox table plus its files under ``layout.outbox``, for one channel."""

    def __init__(
        self, db: Database, layout: DataLayout, pacs: DeliveryPolicy, *, channel: str = "dicom"
    ) -> None:
        if channel not in CHANNELS:
            raise ValueError(f'Argument "channel" must be one of {CHANNELS}, not {channel!r}')
        self.db = db
        self.layout = layout
        self.pacs = pacs
        """The channel's policy (named ``pacs`` because the DICOM channel came first)."""
        self.channel = channel

    def add(
        self,
        source: Path,
        *,
        sop_class_uid: str,
        sop_instance_uid: str,
        study_uid: str,
        series_uid: str | None = None,
        only: str | None = None,
    ) -> list[int]:
        """Queue the file ``source`` for every configured destination; return row ids.

        The file is made durable under the outbox first (keeping its suffix). An object already
        queued for a destination is not queued twice. With no destination configured, nothing
        is queued. For a message, ``sop_class_uid`` is its type and ``sop_instance_uid`` its id.
        ``only`` queues it for that one destination (an HL7 message names its receiver).
        """
        destinations = [d.name for d in self.pacs.destinations if only in (None, d.name)]
        if not destinations:
            return []
        target = self._place(source, sop_instance_uid, _suffix(source))
        return table.add_rows(
            self.db,
            self.channel,
            destinations,
            object_path=str(target.relative_to(self.layout.root)),
            sop_class_uid=sop_class_uid,
            sop_instance_uid=sop_instance_uid,
            study_uid=study_uid,
            series_uid=series_uid,
            now=utcnow(),
        )

    def _place(self, source: Path, sop_instance_uid: str, suffix: str) -> Path:
        """Put a durable copy of ``source`` in the outbox (a hard link when possible)."""
        target = self.layout.outbox / f"{safe_stem(sop_instance_uid)}{suffix}"
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
            sync_folder(target.parent)
        except OSError:
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise ResultsError(f"cannot queue {source} for sending: {exc}") from exc
            write_durably(target, data)
        return target

    def due(
        self, destination: str, *, limit: int = 100, now: datetime | None = None
    ) -> list[OutboxRow]:
        """Pending rows for ``destination`` whose next try is due, oldest first."""
        return table.due_rows(self.db, self.channel, destination, limit=limit, now=now or utcnow())

    def next_due_at(self) -> datetime | None:
        """When the earliest pending row becomes due (None when nothing is pending)."""
        return table.next_due_at(self.db, self.channel)

    def file(self, row: OutboxRow) -> Path:
        """The queued file of ``row`` (its ``object_path`` is relative to the data directory)."""
        return self.layout.root / row.object_path

    def mark_sent(self, item: OutboxRow, *, status: int = 0, note: str | None = None) -> None:
        """Record a successful store; the outbox file goes once no destination still needs it."""
        table.mark_sent(self.db, item.outbox_id, status=status, note=note, now=utcnow())
        self._release_file(item)

    def mark_failed_attempt(self, item: OutboxRow, error: str, *, status: int | None = None) -> str:
        """Record a failed try; return the new state (``pending`` again, or ``failed``)."""
        attempts = item.attempts + 1
        limit = self.pacs.max_attempts
        state = "failed" if limit and attempts >= limit else "pending"
        now = utcnow()
        table.record_attempt(
            self.db,
            item.outbox_id,
            state=state,
            attempts=attempts,
            next_attempt_at=now + timedelta(seconds=backoff_s(attempts, self.pacs)),
            error=error,
            status=status,
            now=now,
        )
        return state

    def resume(self) -> int:
        """Make every pending row due now (at start-up: try at once, not after the old backoff)."""
        return table.resume(self.db, self.channel, utcnow())

    def retry_failed(self, destination: str | None = None) -> int:
        """Put failed rows back to pending with a fresh count of attempts; return how many."""
        return table.retry_failed(self.db, self.channel, destination, utcnow())

    def _release_file(self, row: OutboxRow) -> None:
        if table.pending_for_file(self.db, row.object_path) == 0:
            self.file(row).unlink(missing_ok=True)

    def items(self, *, states: Iterable[str] = STATES) -> list[OutboxRow]:
        """Every row in the given states, oldest first (for status pages and tests)."""
        return table.rows_in_states(self.db, self.channel, list(states))

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per destination: counts by state and the failures with their reasons.

        A destination removed from the configuration still appears while it has rows, with
        ``configured`` false (its pending rows wait until it is configured again).
        """
        result: dict[str, dict[str, Any]] = {}
        for name in [d.name for d in self.pacs.destinations]:
            result[name] = _empty_summary(configured=True)
        for counted in table.state_counts(self.db, self.channel):
            entry = result.setdefault(counted.destination, _empty_summary(configured=False))
            entry[counted.state] = counted.count
        for error in table.errors(self.db, self.channel):
            entry = result[error.destination]
            entry["last_error"] = error.last_error
            if error.state == "failed":
                entry["failures"].append(
                    {
                        "sop_instance_uid": error.sop_instance_uid,
                        "attempts": error.attempts,
                        "error": error.last_error,
                    }
                )
        return result


def _suffix(source: Path) -> str:
    """The outbox file's suffix: the source's (``.dcm``, ``.hl7``, ``.json``), ``.dcm`` if none."""
    return source.suffix if source.suffix in (".dcm", ".hl7", ".json") else ".dcm"


def _empty_summary(*, configured: bool) -> dict[str, Any]:
    return {
        "configured": configured,
        "pending": 0,
        "sent": 0,
        "failed": 0,
        "last_error": None,
        "failures": [],
    }
