"""The ``sr_reports_taken`` table: which DICOM SR instances the report intake has read.

:class:`reports.sr_intake.SrReportIntake` asks for the text SR instances it has not read yet
(:func:`pending_text_srs`, oldest received first) and records what came of each
(:func:`record_taken`), so a restart neither reads one twice nor skips one. An instance received
again under a new version is read again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from appliance.catalogue.database import Database
from appliance.catalogue.rows import fetch

__all__ = ["PendingSr", "pending_text_srs", "record_taken"]


@dataclasses.dataclass(frozen=True)
class PendingSr:
    """An SR instance not read yet; ``path`` is relative to the data directory."""

    sop_instance_uid: str
    version: int
    study_uid: str
    path: str


def pending_text_srs(
    db: Database, sop_classes: Collection[str], *, limit: int = 50
) -> list[PendingSr]:
    """Up to ``limit`` received instances of ``sop_classes`` not yet taken, oldest first."""
    return fetch(
        db,
        PendingSr,
        "SELECT i.sop_instance_uid, i.version, i.study_uid, i.path FROM instances i "
        "LEFT JOIN sr_reports_taken t "
        "ON t.sop_instance_uid = i.sop_instance_uid AND t.version = i.version "
        "WHERE t.sop_instance_uid IS NULL AND list_contains(?, i.sop_class_uid) "
        "ORDER BY i.received_at LIMIT ?",
        [sorted(sop_classes), limit],
    )


def record_taken(db: Database, sr: PendingSr, outcome: str, detail: str | None) -> None:
    """Record what came of ``sr`` (report, no-text, measurement-report or unreadable)."""
    db.execute(
        "INSERT INTO sr_reports_taken (sop_instance_uid, version, study_uid, outcome, detail) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [sr.sop_instance_uid, sr.version, sr.study_uid, outcome, detail],
    )
