"""Appending to ``audit_log``, the one table no code updates or deletes from.

Two writers share it: the HTTP API's audit middleware (:mod:`appliance.api.audit`, one row per
access to patient data) and the Storage SCP (:mod:`appliance.ingest.refusals`, one row per
refused association). Both go through :func:`append`, so the core can record without
importing the web framework. The admin's view of the log (``GET /api/v1/audit``) reads it
with :func:`recent`.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from appliance.catalogue.database import Database
from appliance.catalogue.rows import column_list, fetch

__all__ = ["AuditRow", "append", "recent"]


def append(
    db: Database,
    *,
    action: str,
    method: str,
    path: str,
    status_code: int,
    client: str | None = None,
    query_string: str | None = None,
    study_uid: str | None = None,
    token_id: int | None = None,
    token_name: str | None = None,
    role: str | None = None,
) -> None:
    """Append one row; ``accessed_at`` is the database's current time."""
    db.execute(
        "INSERT INTO audit_log (token_id, token_name, role, client, action, method, path, "
        "query_string, study_uid, status_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            token_id,
            token_name,
            role,
            client,
            action,
            method,
            path,
            query_string,
            study_uid,
            status_code,
        ],
    )


@dataclasses.dataclass(frozen=True)
class AuditRow:
    """One ``audit_log`` row: who did what to which study, when, from where, and the answer."""

    audit_id: int
    accessed_at: datetime
    token_id: int | None
    token_name: str | None
    role: str | None
    client: str | None
    action: str
    method: str
    path: str
    query_string: str | None
    study_uid: str | None
    status_code: int


def recent(db: Database, limit: int, offset: int) -> tuple[list[AuditRow], int]:
    """The newest rows first (``limit`` of them after skipping ``offset``), and how many there
    are in all, read together so they agree."""
    with db.connection():
        total = int(db.execute("SELECT count(*) FROM audit_log")[0][0])
        rows = fetch(
            db,
            AuditRow,
            f"SELECT {column_list(AuditRow)} FROM audit_log "  # noqa: S608 (columns fixed in code)
            "ORDER BY audit_id DESC LIMIT ? OFFSET ?",
            [limit, offset],
        )
    return rows, total
