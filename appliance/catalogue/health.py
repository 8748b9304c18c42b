"""What the health snapshot reads from the catalogue: arrivals, senders and failed analyses.

:func:`appliance.health.probe.take_snapshot` calls these (and the outbox reads of
:mod:`appliance.catalogue.outbox`, the catalogue counts of :mod:`appliance.catalogue.counts`)
for what it shows (``GET /api/v1/system``, ``scanside status``, the TUI's health screen); the
rules that turn them into alerts are :mod:`appliance.health.rules`. Every function only reads.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from appliance.catalogue.database import Database

__all__ = [
    "FailedJob",
    "LastReceived",
    "ModalityContact",
    "failed_jobs",
    "last_received",
    "modality_contacts",
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
