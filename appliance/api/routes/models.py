"""The models the analysis has loaded: name, version, execution provider and precision."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.di import NamedDependency

from appliance.api.auth import requires
from appliance.api.overview import component_status, loaded_models
from appliance.service import Service

__all__ = ["models"]


@get("/models", guards=[requires("technologist")], sync_to_thread=True)
def models(service: NamedDependency[Service]) -> dict[str, Any]:
    """Loaded models (from the analysis component's status; empty while none is loaded)."""
    return {"models": loaded_models(component_status(service))}
