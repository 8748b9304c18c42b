"""The ``outbox`` table: one row per result object (or message) and destination, and its state.

:class:`appliance.results.outbox.Outbox` owns the files and the retry policy and calls these
functions for the rows; every function works on one *channel* (``dicom``, ``hl7``, ``fhir``;
migration 0013). States: ``pending`` -> ``sent`` | ``failed``; see that module for why a
``pending`` row whose send was cut off is safe to send again.

The API and the metrics read the outbox across channels: :func:`counts_by_state`,
:func:`pacs_state_by_study` (a study's DICOM results only) and :func:`destination_contacts`.
A catalogue opened read-only without migrating may predate the outbox (migration 0004); these
three answer as for an empty outbox there (:func:`has_outbox` says which).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from appliance.catalogue.database import Database

__all__ = [
    "DestinationContact",
    "OutboxError",
    "OutboxRow",
    "StateCount",
    "add_rows",
    "counts_by_state",
    "destination_contacts",
    "due_rows",
    "errors",
    "has_outbox",
    "mark_sent",
    "next_due_at",
    "pacs_state_by_study",
    "pending_for_file",
    "record_attempt",
    "resume",
    "retry_failed",
    "rows_in_states",
    "state_counts",
]


@dataclasses.dataclass(frozen=True)
class OutboxRow:
    """One object for one destination."""

    outbox_id: int
    object_path: str
    """Relative to the data directory."""
    sop_class_uid: str
    sop_instance_uid: str
    study_uid: str
    destination: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None


@dataclasses.dataclass(frozen=True)
class StateCount:
    destination: str
    state: str
    count: int


@dataclasses.dataclass(frozen=True)
class OutboxError:
    """The last error of a row not yet sent."""

    destination: str
    sop_instance_uid: str
    attempts: int
    last_error: str
    state: str
    updated_at: datetime


@dataclasses.dataclass(frozen=True)
class DestinationContact:
    """One destination's rows by state, its last successful send and its newest error since."""

    destination: str
    pending: int
    sent: int
    failed: int
    last_sent_at: datetime | None
    error_at: datetime | None
    """When the newest error of a row not (yet) sent was recorded."""
    last_error: str | None


def add_rows(
    db: Database,
    channel: str,
    destinations: Sequence[str],
    *,
    object_path: str,
    sop_class_uid: str,
    sop_instance_uid: str,
    study_uid: str,
    series_uid: str | None,
    now: datetime,
) -> list[int]:
    """One ``pending`` row per destination, due ``now``, in one transaction; return the new
    rows' ids (an object already queued for a destination is not queued twice)."""
    ids: list[int] = []
    with db.transaction() as con:
        for name in destinations:
            row = con.execute(
                "INSERT INTO outbox (object_path, sop_class_uid, sop_instance_uid, study_uid, "
                "series_uid, destination, next_attempt_at, created_at, updated_at, channel) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (sop_instance_uid, destination) DO NOTHING RETURNING outbox_id",
                [
                    object_path,
                    sop_class_uid,
                    sop_instance_uid,
                    study_uid,
                    series_uid,
                    name,
                    now,
                    now,
                    now,
                    channel,
                ],
            ).fetchone()
            if row is not None:
                ids.append(int(row[0]))
    return ids


def due_rows(
    db: Database, channel: str, destination: str, *, limit: int, now: datetime
) -> list[OutboxRow]:
    """Pending rows for ``destination`` whose next try is due at ``now``, oldest first."""
    rows = db.execute(
        "SELECT outbox_id, object_path, sop_class_uid, sop_instance_uid, study_uid, "
        "destination, state, attempts, next_attempt_at, last_error FROM outbox "
        "WHERE channel = ? AND destination = ? AND state = 'pending' "
        "AND next_attempt_at <= ? ORDER BY outbox_id LIMIT ?",
        [channel, destination, now, limit],
    )
    return [OutboxRow(*row) for row in rows]


def rows_in_states(db: Database, channel: str, states: Sequence[str]) -> list[OutboxRow]:
    """Every row in the given states, oldest first."""
    rows = db.execute(
        "SELECT outbox_id, object_path, sop_class_uid, sop_instance_uid, study_uid, "
        "destination, state, attempts, next_attempt_at, last_error FROM outbox "
        "WHERE channel = ? AND list_contains(?, state) ORDER BY outbox_id",
        [channel, list(states)],
    )
    return [OutboxRow(*row) for row in rows]


def next_due_at(db: Database, channel: str) -> datetime | None:
    """When the earliest pending row becomes due (None when nothing is pending)."""
    rows = db.execute(
        "SELECT min(next_attempt_at) FROM outbox WHERE channel = ? AND state = 'pending'",
        [channel],
    )
    return rows[0][0] if rows and rows[0][0] is not None else None


def mark_sent(
    db: Database, outbox_id: int, *, status: int, note: str | None, now: datetime
) -> None:
    """Record a successful send (one more attempt)."""
    db.execute(
        "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, "
        "updated_at = ?, last_status = ?, last_error = ? WHERE outbox_id = ?",
        [now, now, status, note, outbox_id],
    )


def record_attempt(
    db: Database,
    outbox_id: int,
    *,
    state: str,
    attempts: int,
    next_attempt_at: datetime,
    error: str,
    status: int | None,
    now: datetime,
) -> None:
    """Record a failed try: its new state, count of attempts and when to try next."""
    db.execute(
        "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
        "last_status = ?, updated_at = ? WHERE outbox_id = ?",
        [state, attempts, next_attempt_at, error, status, now, outbox_id],
    )


def resume(db: Database, channel: str, now: datetime) -> int:
    """Make every pending row due ``now``; return how many were waiting longer."""
    rows = db.execute(
        "UPDATE outbox SET next_attempt_at = ? WHERE channel = ? AND state = 'pending' "
        "AND next_attempt_at > ? RETURNING outbox_id",
        [now, channel, now],
    )
    return len(rows)


def retry_failed(db: Database, channel: str, destination: str | None, now: datetime) -> int:
    """Failed rows (of one destination, or all) back to pending with no attempts; how many."""
    rows = db.execute(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
        "updated_at = ? WHERE channel = ? AND state = 'failed' "
        "AND (? IS NULL OR destination = ?) RETURNING outbox_id",
        [now, now, channel, destination, destination],
    )
    return len(rows)


def pending_for_file(db: Database, object_path: str) -> int:
    """How many rows (any channel) still need the file ``object_path``."""
    rows = db.execute(
        "SELECT count(*) FROM outbox WHERE object_path = ? AND state <> 'sent'", [object_path]
    )
    return int(rows[0][0])


def state_counts(db: Database, channel: str) -> list[StateCount]:
    """Rows per destination and state."""
    rows = db.execute(
        "SELECT destination, state, count(*) FROM outbox WHERE channel = ? "
        "GROUP BY ALL ORDER BY ALL",
        [channel],
    )
    return [StateCount(str(d), str(s), int(n)) for d, s, n in rows]


def errors(db: Database, channel: str) -> list[OutboxError]:
    """The rows not yet sent that have an error, oldest update first."""
    rows = db.execute(
        "SELECT destination, sop_instance_uid, attempts, last_error, state, updated_at "
        "FROM outbox WHERE channel = ? AND last_error IS NOT NULL AND state <> 'sent' "
        "ORDER BY updated_at",
        [channel],
    )
    return [OutboxError(*row) for row in rows]


def has_outbox(db: Database) -> bool:
    """Whether the catalogue has an ``outbox`` table (migration 0004)."""
    rows = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'outbox'")
    return bool(rows[0][0])


def counts_by_state(db: Database) -> dict[str, int] | None:
    """Rows by state over every channel, or None in a catalogue without an outbox."""
    if not has_outbox(db):
        return None
    return {
        str(state): int(n)
        for state, n in db.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    }


def pacs_state_by_study(db: Database, study_uids: Sequence[str]) -> dict[str, str]:
    """Per study, the worst state of its DICOM results (the PACS state): failed, else pending,
    else sent. HL7 and FHIR messages (other channels) do not count; a study with no DICOM
    results is absent."""
    if not study_uids or not has_outbox(db):
        return {}
    rows = db.execute(
        "SELECT study_uid, CASE WHEN bool_or(state = 'failed') THEN 'failed' "
        "WHEN bool_or(state = 'pending') THEN 'pending' ELSE 'sent' END FROM outbox "
        "WHERE study_uid IN (SELECT unnest(?)) AND channel = 'dicom' GROUP BY study_uid",
        [list(study_uids)],
    )
    return {str(uid): str(state) for uid, state in rows}


def destination_contacts(db: Database) -> list[DestinationContact]:
    """Per destination (any channel; names are unique across channels), its rows by state,
    last send and newest error of a row not sent. Outbox times are UTC, without a zone."""
    if not has_outbox(db):
        return []
    rows = db.execute(
        "SELECT destination, count(*) FILTER (WHERE state = 'pending'), "
        "count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE state = 'failed'), "
        "max(sent_at), "
        "max(updated_at) FILTER (WHERE last_error IS NOT NULL AND state <> 'sent'), "
        "arg_max(last_error, updated_at) FILTER (WHERE last_error IS NOT NULL AND state <> 'sent') "
        "FROM outbox GROUP BY destination ORDER BY destination"
    )
    return [DestinationContact(*row) for row in rows]
