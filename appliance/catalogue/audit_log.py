"""Appending to ``audit_log``, the one table no code updates or deletes from.

Two writers share it: the HTTP API's audit middleware (:mod:`appliance.api.audit`, one row per
access to patient data) and the Storage SCP (:mod:`appliance.ingest.refusals`, one row per
refused association). Both go through :func:`append`, so the core can record without
importing the web framework.
"""

from __future__ import annotations

from appliance.catalogue.database import Database

__all__ = ["append"]


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
