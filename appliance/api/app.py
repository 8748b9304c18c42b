"""A minimal HTTP API: health and status of the running service.

``scanside serve`` builds it with :func:`create_app` and runs it with uvicorn beside the service.
It is deliberately small (the full API replaces this module, keeping these two routes):
``GET /api/v1/health`` says the process answers; ``GET /api/v1/status`` returns
:meth:`appliance.service.Service.status` as JSON.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, get

from appliance.service import Service

__all__ = ["create_app"]


def create_app(service: Service) -> Litestar:
    @get("/api/v1/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @get("/api/v1/status", sync_to_thread=True)
    def status() -> dict[str, Any]:
        return service.status()

    # logging_config=None: the CLI has configured logging; Litestar's default would add its own.
    return Litestar(route_handlers=[health, status], logging_config=None)
