"""Who is calling: bearer tokens checked against the catalogue, and role guards on routes.

Every request except health, readiness and the OpenAPI schema must send
``Authorization: Bearer TOKEN``. :class:`BearerTokenMiddleware` resolves the token to a
:class:`~appliance.api.tokens.Principal` (401 when missing or unknown); each route declares the
least role it needs with ``guards=[requires("clinician")]`` (403 when the role is too low).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp

from appliance.api.tokens import Principal, lookup_token, role_allows
from appliance.catalogue.database import Database

__all__ = ["PUBLIC_PATHS", "BearerTokenMiddleware", "principal_of", "requires"]

PUBLIC_PATHS = ["^/schema"]
"""Paths served without a token besides routes marked ``exclude_from_auth`` (health, readiness)."""

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """Resolve ``Authorization: Bearer TOKEN`` to a principal, or refuse with 401."""

    def __init__(self, app: ASGIApp, db: Database, exclude: list[str] | None = None) -> None:
        super().__init__(app, exclude=exclude)
        self.db = db

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException(
                detail="send an API token as 'Authorization: Bearer TOKEN' "
                "(create one with 'scanside token create --role ROLE')"
            )
        found = await anyio.to_thread.run_sync(lookup_token, self.db, token.strip())
        if found is None:
            raise NotAuthorizedException(detail="the API token is unknown or revoked")
        return AuthenticationResult(user=found, auth=token)


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    """The authenticated principal of a request, or None on public routes."""
    user = connection.scope.get("user")
    return user if isinstance(user, Principal) else None


def requires(role: str) -> Guard:
    """A guard that lets through only principals with ``role`` or a more privileged one."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        who = principal_of(connection)
        if who is None:
            raise NotAuthorizedException(detail="this endpoint needs an API token")
        if not role_allows(who.role, role):
            raise PermissionDeniedException(
                detail=f"this needs the {role} role; the token {who.name!r} has the {who.role} role"
            )

    return guard
