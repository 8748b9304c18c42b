"""The models the analysis has loaded: name, version, execution provider and precision."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.di import NamedDependency

from appliance.api.auth import requires
from appliance.api.overview import component_status
from appliance.api.overview import models as models_of
from appliance.service import Service

__all__ = ["models"]


@get("/models", guards=[requires("technologist")], sync_to_thread=True)
def models(service: NamedDependency[Service]) -> dict[str, Any]:
    """Loaded models (the analysis component's), else those installed, with the execution
    provider and precision the runtime picks on this machine."""
    return {"models": models_of(service, component_status(service))}
