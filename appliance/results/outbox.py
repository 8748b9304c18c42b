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
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from appliance.catalogue.database import Database
from appliance.config import PacsConfig
from appliance.errors import ResultsError
from appliance.layout import DataLayout
from appliance.results.durable import safe_stem, sync_folder, write_durably

__all__ = ["STATES", "Outbox", "OutboxItem", "backoff_s", "utcnow"]

STATES = ("pending", "sent", "failed")


def utcnow() -> datetime:
    """Now in UTC, without tzinfo (how the outbox stores times)."""
    return datetime.now(UTC).replace(tzinfo=None)


def backoff_s(attempts: int, pacs: PacsConfig) -> float:
    """Seconds to wait after ``attempts`` failed tries: initial, doubling, capped."""
    return float(min(pacs.retry_initial_s * 2 ** max(attempts - 1, 0), pacs.retry_max_s))


@dataclasses.dataclass(frozen=True)
class OutboxItem:
    """One object to send to one destination."""

    outbox_id: int
    path: Path
    sop_class_uid: str
    sop_instance_uid: str
    study_uid: str
    destination: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None


# The columns of OutboxItem, in order (spelled out in each query: no SQL is built from strings).


class Outbox:
    """The outbox table plus its files under ``layout.outbox``."""

    def __init__(self, db: Database, layout: DataLayout, pacs: PacsConfig) -> None:
        self.db = db
        self.layout = layout
        self.pacs = pacs

    def add(
        self,
        source: Path,
        *,
        sop_class_uid: str,
        sop_instance_uid: str,
        study_uid: str,
        series_uid: str | None = None,
    ) -> list[int]:
        """Queue the DICOM file ``source`` for every configured destination; return row ids.

        The file is made durable under the outbox first. An object already queued for a
        destination is not queued twice. With no destination configured, nothing is queued.
        """
        destinations = [d.name for d in self.pacs.destinations]
        if not destinations:
            return []
        target = self._place(source, sop_instance_uid)
        relative = str(target.relative_to(self.layout.root))
        now = utcnow()
        ids: list[int] = []
        with self.db.transaction() as con:
            for name in destinations:
                row = con.execute(
                    "INSERT INTO outbox (object_path, sop_class_uid, sop_instance_uid, study_uid, "
                    "series_uid, destination, next_attempt_at, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (sop_instance_uid, destination) DO NOTHING RETURNING outbox_id",
                    [
                        relative,
                        sop_class_uid,
                        sop_instance_uid,
                        study_uid,
                        series_uid,
                        name,
                        now,
                        now,
                        now,
                    ],
                ).fetchone()
                if row is not None:
                    ids.append(int(row[0]))
        return ids

    def _place(self, source: Path, sop_instance_uid: str) -> Path:
        """Put a durable copy of ``source`` in the outbox (a hard link when possible)."""
        target = self.layout.outbox / f"{safe_stem(sop_instance_uid)}.dcm"
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
    ) -> list[OutboxItem]:
        """Pending rows for ``destination`` whose next try is due, oldest first."""
        rows = self.db.execute(
            "SELECT outbox_id, object_path, sop_class_uid, sop_instance_uid, study_uid, "
            "destination, state, attempts, next_attempt_at, last_error FROM outbox "
            "WHERE destination = ? AND state = 'pending' AND next_attempt_at <= ? "
            "ORDER BY outbox_id LIMIT ?",
            [destination, now or utcnow(), limit],
        )
        return [self._item(r) for r in rows]

    def next_due_at(self) -> datetime | None:
        """When the earliest pending row becomes due (None when nothing is pending)."""
        rows = self.db.execute("SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'")
        return rows[0][0] if rows and rows[0][0] is not None else None

    def _item(self, row: tuple[Any, ...]) -> OutboxItem:
        values = list(row)
        values[1] = self.layout.root / values[1]
        return OutboxItem(*values)

    def mark_sent(self, item: OutboxItem, *, status: int = 0, note: str | None = None) -> None:
        """Record a successful store; the outbox file goes once no destination still needs it."""
        now = utcnow()
        self.db.execute(
            "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, "
            "updated_at = ?, last_status = ?, last_error = ? WHERE outbox_id = ?",
            [now, now, status, note, item.outbox_id],
        )
        self._release_file(item)

    def mark_failed_attempt(
        self, item: OutboxItem, error: str, *, status: int | None = None
    ) -> str:
        """Record a failed try; return the new state (``pending`` again, or ``failed``)."""
        attempts = item.attempts + 1
        limit = self.pacs.max_attempts
        state = "failed" if limit and attempts >= limit else "pending"
        now = utcnow()
        self.db.execute(
            "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
            "last_status = ?, updated_at = ? WHERE outbox_id = ?",
            [
                state,
                attempts,
                now + timedelta(seconds=backoff_s(attempts, self.pacs)),
                error,
                status,
                now,
                item.outbox_id,
            ],
        )
        return state

    def resume(self) -> int:
        """Make every pending row due now (at start-up: try at once, not after the old backoff)."""
        now = utcnow()
        rows = self.db.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ? "
            "RETURNING outbox_id",
            [now, now],
        )
        return len(rows)

    def retry_failed(self, destination: str | None = None) -> int:
        """Put failed rows back to pending with a fresh count of attempts; return how many."""
        now = utcnow()
        rows = self.db.execute(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
            "updated_at = ? WHERE state = 'failed' AND (? IS NULL OR destination = ?) "
            "RETURNING outbox_id",
            [now, now, destination, destination],
        )
        return len(rows)

    def _release_file(self, item: OutboxItem) -> None:
        relative = str(item.path.relative_to(self.layout.root))
        rows = self.db.execute(
            "SELECT count(*) FROM outbox WHERE object_path = ? AND state <> 'sent'", [relative]
        )
        if rows[0][0] == 0:
            item.path.unlink(missing_ok=True)

    def items(self, *, states: Iterable[str] = STATES) -> list[OutboxItem]:
        """Every row in the given states, oldest first (for status pages and tests)."""
        wanted = list(states)
        rows = self.db.execute(
            "SELECT outbox_id, object_path, sop_class_uid, sop_instance_uid, study_uid, "
            "destination, state, attempts, next_attempt_at, last_error FROM outbox "
            "WHERE list_contains(?, state) ORDER BY outbox_id",
            [wanted],
        )
        return [self._item(r) for r in rows]

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per destination: counts by state and the failures with their reasons.

        A destination removed from the configuration still appears while it has rows, with
        ``configured`` false (its pending rows wait until it is configured again).
        """
        result: dict[str, dict[str, Any]] = {}
        for name in [d.name for d in self.pacs.destinations]:
            result[name] = _empty_summary(configured=True)
        for destination, state, count in self.db.execute(
            "SELECT destination, state, count(*) FROM outbox GROUP BY ALL ORDER BY ALL"
        ):
            entry = result.setdefault(destination, _empty_summary(configured=False))
            entry[state] = int(count)
        for row in self.db.query_dicts(
            "SELECT destination, sop_instance_uid, attempts, last_error, state, updated_at "
            "FROM outbox WHERE last_error IS NOT NULL AND state <> 'sent' ORDER BY updated_at"
        ):
            entry = result[row["destination"]]
            entry["last_error"] = row["last_error"]
            if row["state"] == "failed":
                entry["failures"].append(
                    {
                        "sop_instance_uid": row["sop_instance_uid"],
                        "attempts": row["attempts"],
                        "error": row["last_error"],
                    }
                )
        return result


def _empty_summary(*, configured: bool) -> dict[str, Any]:
    return {
        "configured": configured,
        "pending": 0,
        "sent": 0,
        "failed": 0,
        "last_error": None,
        "failures": [],
    }
