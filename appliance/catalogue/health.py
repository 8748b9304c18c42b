"""What the health snapshot reads from the catalogue: arrivals, senders, failures, the outbox.

:func:`appliance.health.probe.take_snapshot` calls these for the queues and the peers' last
contact it shows (``GET /api/v1/system``, ``scanside status``, the TUI's health screen); the
rules that turn them into alerts are :mod:`appliance.health.rules`. Every function only reads.
The outbox functions answer "no outbox" in a catalogue from before it (read-only, unmigrated).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from appliance.catalogue.database import Database

__all__ = [
    "DestinationContact",
    "FailedJob",
    "LastReceived",
    "ModalityContact",
    "destination_contact",
    "failed_jobs",
    "has_table",
    "last_received",
    "modality_contacts",
    "outbox_by_state",
]


@dataclasses.dataclass(frozen=True)
class LastReceived:
    """When the newest image arrived (None: none yet) and how many are stored."""

    at: datetime | None
    instances: int


@dataclasses.dataclass(frozen=True)
class ModalityContact:
    """One sender (calling AE title and address): its newest image and series sent."""

    calling_ae: str
    peer_address: str | None
    last_contact_at: datetime | None
    series: int


@dataclasses.dataclass(frozen=True)
class FailedJob:
    job_id: int
    study_uid: str | None
    series_uid: str | None
    error: str | None
    finished_at: datetime | None


@dataclasses.dataclass(frozen=True)
class DestinationContact:
    """One destination's outbox rows (any channel): counts, last success, last error since.

    Times are the outbox's, naive UTC."""

    destination: str
    pending: int
    sent: int
    failed: int
    last_sent_at: datetime | None
    error_at: datetime | None
    """The newest update of a row not sent that carries an error."""
    last_error: str | None


def has_table(db: Database, name: str) -> bool:
    rows = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(rows[0][0])


def last_received(db: Database) -> LastReceived:
    at, instances = db.execute("SELECT max(received_at), count(*) FROM instances")[0]
    return LastReceived(at, int(instances))


def modality_contacts(db: Database) -> list[ModalityContact]:
    """Each sender that gave its AE title, most recent first."""
    rows = db.execute(
        "SELECT calling_ae, peer_address, max(last_received_at) AS last_contact_at, count(*) "
        "FROM series WHERE calling_ae IS NOT NULL "
        "GROUP BY calling_ae, peer_address ORDER BY last_contact_at DESC NULLS LAST"
    )
    return [ModalityContact(str(ae), address, at, int(n)) for ae, address, at, n in rows]


def failed_jobs(db: Database, limit: int) -> list[FailedJob]:
    """The newest ``limit`` failed jobs."""
    rows = db.execute(
        "SELECT job_id, study_uid, series_uid, error, finished_at FROM jobs "
        "WHERE state = 'failed' ORDER BY job_id DESC LIMIT ?",
        [limit],
    )
    return [FailedJob(int(job_id), *rest) for job_id, *rest in rows]


def outbox_by_state(db: Database) -> dict[str, int] | None:
    """Outbox rows by state (every channel), or None in a catalogue without an outbox."""
    if not has_table(db, "outbox"):
        return None
    return {
        str(state): int(n)
        for state, n in db.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    }


def destination_contact(db: Database) -> dict[str, DestinationContact]:
    """Per destination name (unique across channels), from the outbox; {} without one."""
    if not has_table(db, "outbox"):
        return {}
    rows = db.execute(
        "SELECT destination, count(*) FILTER (WHERE state = 'pending'), "
        "count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE state = 'failed'), "
        "max(sent_at), "
        "max(updated_at) FILTER (WHERE last_error IS NOT NULL AND state <> 'sent'), "
        "arg_max(last_error, updated_at) FILTER (WHERE last_error IS NOT NULL AND state <> 'sent')"
        " FROM outbox GROUP BY destination"
    )
    return {
        str(name): DestinationContact(str(name), int(p), int(s), int(f), sent_at, error_at, error)
        for name, p, s, f, sent_at, error_at, error in rows
    }
