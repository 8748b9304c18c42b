"""The models the analysis has loaded (name, version, execution provider and precision), the
versions installed, how a shadow version's answers differ from the live one's, and promoting or
rolling back a live version inside the running service (``docs/models.md``).

Promotion and rollback need the admin role and are audited (``model.promote`` /
``model.rollback``, refused attempts too). They switch under the analysis dispatcher's lock
(:meth:`appliance.inference.dispatcher.AnalysisDispatcher.switch_live`): the series being
analysed finishes with the old version, the next one is analysed by the new one, no restart.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from appliance.api.auth import principal_of, requires
from appliance.health.probe import component_status, model_entries
from appliance.health.views import ModelList, model_view
from appliance.inference import model_switch
from appliance.inference.live_version import read_pointer
from appliance.inference.repository import repository_for
from appliance.monitoring.agreement import ShadowAgreement, agreement
from appliance.service import Service

__all__ = [
    "EarlierVersion",
    "ModelVersion",
    "ModelVersions",
    "SwitchedVersion",
    "compare",
    "models",
    "promote",
    "rollback",
    "versions",
]


@dataclasses.dataclass(frozen=True)
class EarlierVersion:
    """A version that was live before, newest last in :attr:`ModelVersion.history`."""

    version: str
    until: str = ""
    """When it stopped being live (ISO 8601, UTC); empty in a pointer written without it."""
    by: str = ""
    """Who switched away from it."""


@dataclasses.dataclass(frozen=True)
class ModelVersion:
    """One model's installed versions, the live one, those run in shadow, and the earlier live
    versions a rollback returns to."""

    name: str
    live: str
    shadow: list[str]
    installed: list[str]
    history: list[EarlierVersion]
    changed_at: str | None
    changed_by: str | None


@dataclasses.dataclass(frozen=True)
class ModelVersions:
    """``GET /api/v1/models/versions``."""

    models: list[ModelVersion]


@dataclasses.dataclass(frozen=True)
class SwitchedVersion:
    """What a promotion or rollback did: ``changed`` is false when the version was already live."""

    name: str
    live: str
    previous: str
    changed: bool
    detail: str


@get("/models", guards=[requires("technologist")], sync_to_thread=True)
def models(service: NamedDependency[Service]) -> ModelList:
    """Loaded models (the analysis component's), else those installed, with the execution
    provider and precision the runtime picks on this machine."""
    listed = model_entries(service.config.inference, component_status(service.components))
    return ModelList(models=[model_view(m) for m in listed])


@get("/models/compare", guards=[requires("technologist")], sync_to_thread=True)
def compare(
    service: NamedDependency[Service],
    *,
    live: FromQuery[str],
    shadow: FromQuery[str],
    model: FromQuery[str] = "lung_nodule",
    since: FromQuery[date | None] = None,
    format: FromQuery[str] = "json",
) -> Response[ShadowAgreement | str]:
    """Agreement of a shadow version with the live one over the series both analysed:
    findings matched and not, size differences, Lung-RADS and priority changes (with the
    studies), time per series; ``format=csv`` gives one row per series."""
    result = agreement(service.db, model, live, shadow, since=since, triage=service.config.triage)
    if format == "csv":
        return Response(result.to_csv(), media_type="text/csv")
    return Response(result.view())


@get("/models/versions", guards=[requires("technologist")], sync_to_thread=True)
def versions(service: NamedDependency[Service]) -> ModelVersions:
    """Each model's installed versions, which is live and which run in shadow, and the earlier
    live versions a rollback returns to (newest last)."""
    repository = repository_for(service.config.inference)
    out = []
    for name in repository.names():
        live = repository.get(name).version
        shadows = [m.version for m in repository.shadows(name)]
        pointer = read_pointer(repository.model_folder(name))
        history = pointer.history if pointer is not None else ()
        out.append(
            ModelVersion(
                name=name,
                live=live,
                shadow=shadows,
                installed=repository.versions(name),
                history=[
                    EarlierVersion(h["version"], h.get("until", ""), h.get("by", ""))
                    for h in history
                ],
                changed_at=pointer.changed_at if pointer is not None else None,
                changed_by=pointer.changed_by if pointer is not None else None,
            )
        )
    return ModelVersions(models=out)


def _switch(service: Service, name: str, choose: model_switch.Choose) -> model_switch.Switched:
    """Through the running dispatcher when there is one (it reloads before the next series),
    else straight on the repository (nothing is analysing)."""
    for component in service.components:
        switch = getattr(component, "switch_live", None)
        if switch is not None:
            done: model_switch.Switched = switch(name, choose, _no_row)
            return done
    return model_switch.switch_live(service.config.inference, name, choose, _no_row)


def _no_row(query: str, status: int) -> None:
    """The API's audit row is the request's own (``opt={"audit": ...}``, refusals included)."""


def _answer(done: model_switch.Switched) -> SwitchedVersion:
    return SwitchedVersion(
        name=done.name,
        live=done.after,
        previous=done.before,
        changed=done.changed,
        detail=(
            f"{done.name} {done.after} is live (was {done.before}); the next series is "
            f"analysed with it, series already analysed keep their {done.before} findings"
            if done.changed
            else f"{done.name} {done.after} is already the live version; nothing changed"
        ),
    )


def _who(request: Request[Any, Any, Any]) -> str:
    principal = principal_of(request)
    return f"api:{principal.name}" if principal is not None else "api"


@post(
    "/models/{name:str}/promote",
    guards=[requires("admin")],
    sync_to_thread=True,
    status_code=200,
    opt={"audit": "model.promote"},
)
def promote(
    request: Request[Any, Any, Any],
    service: NamedDependency[Service],
    name: FromPath[str],
    version: FromQuery[str],
) -> SwitchedVersion:
    """Make an installed version of the model live (its files must match their sha256)."""
    return _answer(_switch(service, name, model_switch.promote_to(version, _who(request))))


@post(
    "/models/{name:str}/rollback",
    guards=[requires("admin")],
    sync_to_thread=True,
    status_code=200,
    opt={"audit": "model.rollback"},
)
def rollback(
    request: Request[Any, Any, Any], service: NamedDependency[Service], name: FromPath[str]
) -> SwitchedVersion:
    """Make the previous live version of the model live again."""
    return _answer(_switch(service, name, model_switch.roll_back(_who(request))))
