"""The models the analysis has loaded (name, version, execution provider and precision), and
how a shadow version's answers differ from the live one's (``docs/models.md``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from appliance.api.auth import requires
from appliance.api.overview import component_status
from appliance.api.overview import models as models_of
from appliance.monitoring.agreement import agreement
from appliance.service import Service

__all__ = ["compare", "models"]


@get("/models", guards=[requires("technologist")], sync_to_thread=True)
def models(service: NamedDependency[Service]) -> dict[str, Any]:
    """Loaded models (the analysis component's), else those installed, with the execution
    provider and precision the runtime picks on this machine."""
    return {"models": models_of(service, component_status(service))}


@get("/models/compare", guards=[requires("technologist")], sync_to_thread=True)
def compare(
    service: NamedDependency[Service],
    *,
    live: FromQuery[str],
    shadow: FromQuery[str],
    model: FromQuery[str] = "lung_nodule",
    since: FromQuery[date | None] = None,
    format: FromQuery[str] = "json",
) -> Response[Any]:
    """Agreement of a shadow version with the live one over the series both analysed:
    findings matched and not, size differences, Lung-RADS and priority changes (with the
    studies), time per series; ``format=csv`` gives one row per series."""
    result = agreement(service.db, model, live, shadow, since=since, triage=service.config.triage)
    if format == "csv":
        return Response(result.to_csv(), media_type="text/csv")
    return Response(result.to_json())
