"""The audit log: every access to patient data, who made it, when and from where.

Routes that return or change patient data carry ``opt={"audit": "<action>"}``;
:class:`AuditMiddleware` wraps the whole stack (outside authentication, so refused attempts are
recorded too) and appends one ``audit_log`` row per such request with the principal, the client
address, the path, the study concerned and the status code. The log is append-only: this module
offers :func:`record` and :func:`recent` and nothing that updates or deletes a row.
"""

from __future__ import annotations

import dataclasses
import logging

import anyio.to_thread
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from appliance.api.tokens import Principal
from appliance.catalogue import audit_log
from appliance.catalogue.database import Database

__all__ = ["AuditEntry", "AuditMiddleware", "recent", "record"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class AuditEntry:
    """One access to patient data."""

    action: str
    method: str
    path: str
    status_code: int
    client: str | None = None
    query_string: str | None = None
    study_uid: str | None = None
    principal: Principal | None = None


def record(db: Database, entry: AuditEntry) -> None:
    """Append ``entry`` to the audit log."""
    who = entry.principal
    audit_log.append(
        db,
        action=entry.action,
        method=entry.method,
        path=entry.path,
        status_code=entry.status_code,
        client=entry.client,
        query_string=entry.query_string,
        study_uid=entry.study_uid,
        token_id=who.token_id if who else None,
        token_name=who.name if who else None,
        role=who.role if who else None,
    )


def recent(db: Database, limit: int, offset: int) -> tuple[list[audit_log.AuditRow], int]:
    """The newest audit rows first, and how many there are in all."""
    return audit_log.recent(db, limit, offset)


def _entry_from(scope: Scope, status: int) -> AuditEntry | None:
    handler = scope.get("route_handler")
    action = handler.opt.get("audit") if handler is not None else None
    if not action:
        return None
    client = scope.get("client")
    study = (scope.get("path_params") or {}).get("study_uid")
    query = scope.get("query_string", b"").decode("latin-1") or None
    user = scope.get("user")
    return AuditEntry(
        action=str(action),
        method=str(scope.get("method", "")),
        path=str(scope.get("path", "")),
        status_code=status,
        client=client[0] if client else None,
        query_string=query,
        study_uid=str(study) if study is not None else None,
        principal=user if isinstance(user, Principal) else None,
    )


class AuditMiddleware:
    """ASGI middleware that records audited routes after their response status is known."""

    def __init__(self, app: ASGIApp, db: Database) -> None:
        self.app = app
        self.db = db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except HTTPException as exc:  # refused before the handler ran (401, 403)
            status = exc.status_code
            raise
        finally:
            entry = _entry_from(scope, status)
            if entry is not None:
                await anyio.to_thread.run_sync(record, self.db, entry)
