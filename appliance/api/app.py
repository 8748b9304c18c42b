"""The HTTP API application: ``create_app(service)`` for ``scanside serve`` to run with uvicorn.

Puts the routes of :mod:`appliance.api.routes` under ``/api/v1`` (metrics at ``/metrics``, the
OpenAPI description at ``/schema/openapi.json``), wraps them in request metrics, the audit log
and bearer-token authentication (outermost first), limits request bodies to
``http.max_request_kb``, and maps ScanSide's errors to HTTP errors. Its lifespan creates the
local admin token that command-line tools on this machine use (``run/local-admin.token``, mode
0600) and revokes it at shutdown.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import anyio.to_thread
from litestar import Litestar, Router
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from appliance import __version__
from appliance.api import tokens
from appliance.api.audit import AuditMiddleware
from appliance.api.auth import PUBLIC_PATHS, BearerTokenMiddleware
from appliance.api.errors import exception_handlers
from appliance.api.local import api_url, local_admin_token_path
from appliance.api.metrics import RequestCounter, RequestMetrics, metrics
from appliance.api.routes import exports, models, query, reports, studies, system, worklist
from appliance.errors import CatalogueError
from appliance.service import Service

__all__ = ["API_PREFIX", "api_url", "create_app", "local_admin_token_path"]

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


def _issue_local_admin_token(service: Service) -> Path:
    tokens.revoke_named(service.db, tokens.LOCAL_ADMIN_NAME)
    token = tokens.create_token(service.db, "admin", tokens.LOCAL_ADMIN_NAME)
    path = local_admin_token_path(service.layout)
    tokens.write_token_file(path, token)
    return path


def _withdraw_local_admin_token(service: Service, path: Path) -> None:
    path.unlink(missing_ok=True)
    try:
        tokens.revoke_named(service.db, tokens.LOCAL_ADMIN_NAME)
    except CatalogueError as exc:  # the catalogue was closed first; the next start revokes it
        log.warning("could not revoke the local admin token: %s", exc)


def _lifespan(
    service: Service,
) -> Callable[[Litestar], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        path = await anyio.to_thread.run_sync(_issue_local_admin_token, service)
        log.info("local admin token written to %s", path)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(_withdraw_local_admin_token, service, path)

    return lifespan


def _openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="ScanSide API",
        version=__version__,
        description="Studies, findings, triage worklist, cohort queries and the appliance's "
        "health. Send 'Authorization: Bearer TOKEN' (scanside token create --role ROLE).",
        path="/schema",
        render_plugins=[JsonRenderPlugin()],
        components=Components(
            security_schemes={"BearerToken": SecurityScheme(type="http", scheme="bearer")}
        ),
        security=[{"BearerToken": []}],
        use_handler_docstrings=True,
    )


def create_app(service: Service, *, debug: bool = False) -> Litestar:
    """The API in front of ``service`` (whose catalogue it reads and writes)."""
    counter = RequestCounter()
    engine = query.EngineHolder(service.db, service.config.inference.models_dir)
    api = Router(
        path=API_PREFIX,
        route_handlers=[
            system.health,
            system.ready,
            system.status,
            system.drift,
            system.system,
            system.configuration,
            system.create_token,
            system.list_tokens,
            system.revoke_tokens,
            system.audit_log,
            studies.list_studies,
            studies.study,
            studies.list_series,
            studies.list_findings,
            studies.finding_preview,
            studies.finding_history,
            studies.feed,
            worklist.worklist,
            query.run_query,
            reports.upload_report,
            models.models,
            models.compare,
            models.versions,
            models.promote,
            models.rollback,
            exports.create_export,
        ],
    )
    return Litestar(
        route_handlers=[api, metrics],
        dependencies={
            "service": Provide(lambda: service, sync_to_thread=False),
            "request_counter": Provide(lambda: counter, sync_to_thread=False),
            "query_engine": Provide(lambda: engine, sync_to_thread=False),
        },
        middleware=[
            DefineMiddleware(RequestMetrics, counter=counter),
            DefineMiddleware(AuditMiddleware, db=service.db),
            DefineMiddleware(BearerTokenMiddleware, db=service.db, exclude=PUBLIC_PATHS),
        ],
        exception_handlers=exception_handlers(),
        lifespan=[_lifespan(service)],
        openapi_config=_openapi(),
        request_max_body_size=service.config.http.max_request_kb * 1024,
        # The CLI has configured logging; Litestar's default would add its own handlers.
        logging_config=None,
        debug=debug,
    )
