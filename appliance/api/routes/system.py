"""Liveness, readiness, status, the machine's health, configuration, tokens and the audit log.

``health`` and ``ready`` need no token (for load balancers and systemd); ``status`` and
``system`` need the technologist role; configuration, tokens and the audit log are for admins.
"""

from __future__ import annotations

import dataclasses

from litestar import Response, delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import FromPath, JSONBody

from appliance import __version__
from appliance.api import audit, tokens
from appliance.api.auth import requires
from appliance.api.paging import AuditPage
from appliance.api.routes.params import Limit, Offset
from appliance.config import AppConfig
from appliance.errors import CatalogueError
from appliance.health import machine
from appliance.health.views import StatusView, SystemView, system_view
from appliance.monitoring.report import DriftView
from appliance.service import Service

__all__ = [
    "CreatedToken",
    "Liveness",
    "Readiness",
    "ReadyChecks",
    "RevokedTokens",
    "audit_log",
    "configuration",
    "create_token",
    "drift",
    "health",
    "list_tokens",
    "ready",
    "revoke_tokens",
    "status",
    "system",
]


@dataclasses.dataclass(frozen=True)
class Liveness:
    status: str
    """Always ``ok``: the process answers."""
    version: str


@dataclasses.dataclass(frozen=True)
class ReadyChecks:
    catalogue: str
    """``schema N``, or ``error: ...`` when the catalogue does not answer."""
    disk: str
    """``ok``, ``low`` or ``full`` (images refused)."""


@dataclasses.dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: ReadyChecks


@get("/health", exclude_from_auth=True, sync_to_thread=False)
def health() -> Liveness:
    """The process is up and serving HTTP."""
    return Liveness(status="ok", version=__version__)


@get("/ready", exclude_from_auth=True, sync_to_thread=True)
def ready(service: NamedDependency[Service]) -> Response[Readiness]:
    """Ready to receive: the catalogue answers and the disk is not full (else 503)."""
    try:
        catalogue = f"schema {service.db.schema_version()}"
    except CatalogueError as exc:
        catalogue = f"error: {exc.message}"
    disk = machine.disk(service.layout.root, service.config.storage)
    ok = not catalogue.startswith("error") and disk.accepting
    answer = Readiness(ready=ok, checks=ReadyChecks(catalogue=catalogue, disk=disk.state))
    return Response(answer, status_code=200 if ok else 503)


@get("/status", guards=[requires("technologist")], sync_to_thread=True)
def status(service: NamedDependency[Service]) -> StatusView:
    """The status view of the service's health snapshot (``scanside status --json``): counts,
    storage, drift and each component's own status."""
    return service.status()


@get("/drift", guards=[requires("technologist")], sync_to_thread=True)
def drift(service: NamedDependency[Service]) -> list[DriftView]:
    """Each model's drift: its inputs and outputs over the latest series against the site's
    first ones and the model's validation (``docs/drift.md``)."""
    return service.drift()


@get("/system", guards=[requires("technologist")], sync_to_thread=True)
def system(service: NamedDependency[Service]) -> SystemView:
    """The health snapshot (:mod:`appliance.health`): disk, memory, CPU, GPU, queues, last images
    received, peers' last contact, models, drift, overdue workers and the alerts."""
    return system_view(service.health(service.clock()))


@get("/config", guards=[requires("admin")], sync_to_thread=False)
def configuration(service: NamedDependency[Service]) -> AppConfig:
    """The configuration in force (admin): every section of ``docs/configuration.md``."""
    return service.config


@dataclasses.dataclass(frozen=True)
class TokenRequest:
    role: str
    """technologist, clinician or admin."""
    name: str
    """Who will hold the token (a person or a system)."""


@dataclasses.dataclass(frozen=True)
class CreatedToken:
    token: str
    """The new token: shown only in this response."""
    role: str
    name: str


@dataclasses.dataclass(frozen=True)
class RevokedTokens:
    name: str
    revoked: int
    """How many live tokens of that name were revoked."""


@post(
    "/tokens",
    guards=[requires("admin")],
    sync_to_thread=True,
    status_code=201,
    opt={"audit": "token.create"},  # who can reach patient data is itself worth recording
)
def create_token(service: NamedDependency[Service], data: JSONBody[TokenRequest]) -> CreatedToken:
    """Create a token (admin); the token is returned only in this response."""
    token = tokens.create_token(service.db, data.role, data.name)
    return CreatedToken(token=token, role=data.role, name=data.name.strip())


@get("/tokens", guards=[requires("admin")], sync_to_thread=True, opt={"audit": "tokens.list"})
def list_tokens(service: NamedDependency[Service]) -> list[tokens.TokenInfo]:
    """Every token's name, role and dates (never the token or its hash)."""
    return tokens.list_tokens(service.db)


@delete(
    "/tokens/{name:str}",
    guards=[requires("admin")],
    sync_to_thread=True,
    status_code=200,
    opt={"audit": "token.revoke"},
)
def revoke_tokens(service: NamedDependency[Service], name: FromPath[str]) -> RevokedTokens:
    """Revoke every live token held by ``name`` (admin), at once, without stopping the
    appliance: a leaked token stops working on its next request."""
    if name == tokens.LOCAL_ADMIN_NAME:
        raise ValidationException(
            detail=f"{name!r} is the appliance's own token for the local CLI; it is replaced "
            "at each start"
        )
    return RevokedTokens(name=name, revoked=tokens.revoke_named(service.db, name))


@get("/audit", guards=[requires("admin")], sync_to_thread=True, opt={"audit": "audit.read"})
def audit_log(
    service: NamedDependency[Service], limit: Limit = 100, offset: Offset = 0
) -> AuditPage:
    """The audit log, newest first (admin). Read-only: there is no way to change it."""
    rows, total = audit.recent(service.db, limit, offset)
    return AuditPage(items=rows, total=total, limit=limit, offset=offset)
