"""Taking a health snapshot: the one place the appliance's health is computed.

:func:`take_snapshot` reads the machine (:mod:`appliance.health.machine`), the catalogue
(:mod:`appliance.catalogue.counts`, :mod:`appliance.catalogue.health`,
:mod:`appliance.catalogue.outbox`), the models (the analysis
components' ``status()["models"]`` when they report loaded ones, else the repository with the
provider and precision the runtime would pick), each model's drift
(:mod:`appliance.monitoring.drift`), the components' own status and the watchdog's heartbeats,
and derives the alerts (:mod:`appliance.health.rules`). The running service takes it for the API
(:meth:`appliance.service.Service.health`); ``scanside status`` takes it from the catalogue file
when no service runs (no components then, and no heartbeats).

A part of the catalogue that cannot be read (an older schema opened read-only) leaves that part
empty and says so in ``notes``; a component whose ``status()`` fails is shown with its error.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import onnxruntime

from appliance import __version__
from appliance.catalogue import health as catalogue_health
from appliance.catalogue import outbox
from appliance.catalogue.counts import catalogue_counts, empty_counts
from appliance.catalogue.database import Database
from appliance.component import Component
from appliance.config import AppConfig, InferenceConfig
from appliance.errors import CatalogueError, ModelError
from appliance.health import machine
from appliance.health.rules import with_alerts
from appliance.health.snapshot import (
    Contact,
    HealthSnapshot,
    MessageDestinationHealth,
    ModelEntry,
    PacsHealth,
    Queues,
)
from appliance.inference.repository import repository_for
from appliance.inference.runtime import select_providers
from appliance.layout import DataLayout
from appliance.monitoring.drift import drift_report
from appliance.watchdog import Heartbeats

__all__ = [
    "FAILED_SHOWN",
    "Sources",
    "component_status",
    "contact",
    "installed_models",
    "model_entries",
    "take_snapshot",
]

log = logging.getLogger(__name__)

FAILED_SHOWN = 5
"""How many of the newest failed analyses the snapshot lists (each is an alert)."""

_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True)
class Sources:
    """Where a snapshot is read from."""

    config: AppConfig
    layout: DataLayout
    db: Database | None
    """The catalogue; None where none exists yet (nothing was received there)."""
    components: Sequence[Component] = ()
    """The running components (none when no service runs)."""
    heartbeats: Heartbeats | None = None


def component_status(components: Sequence[Component]) -> dict[str, Any]:
    """Each component's status; a component whose status() fails is reported, not hidden."""
    result: dict[str, Any] = {}
    for component in components:
        try:
            result[component.name] = component.status()
        except Exception as exc:
            log.exception("status of %s failed", component.name)
            result[component.name] = {"error": f"{type(exc).__name__}: {exc}"}
    return result


def installed_models(config: InferenceConfig) -> list[ModelEntry]:
    """The repository's models with the provider and precision the runtime would pick."""
    repository = repository_for(config)
    provider = select_providers(config.providers, onnxruntime.get_available_providers())[0]
    entries = []
    for name in repository.names():
        manifest = repository.get(name)
        precision = (
            manifest.precision_for(provider) if config.precision == "auto" else config.precision
        )
        entries.append(
            ModelEntry(
                name=manifest.name,
                version=manifest.version,
                task=manifest.task,
                provider=provider,
                precision=precision,
                shadow_versions=tuple(m.version for m in repository.shadows(name)),
            )
        )
    return entries


def _loaded_models(components: Mapping[str, Any]) -> list[ModelEntry]:
    """Models a component says it has loaded (its ``status()["models"]``)."""
    return [
        ModelEntry(
            name=str(m.get("name", "")),
            version=m.get("version"),
            task=m.get("task"),
            provider=m.get("provider"),
            precision=m.get("precision"),
            loaded=True,
        )
        for status in components.values()
        if isinstance(status, dict)
        for m in status.get("models", [])
        if isinstance(m, dict)
    ]


def model_entries(config: InferenceConfig, components: Mapping[str, Any]) -> list[ModelEntry]:
    """Loaded models when the analysis reports them, else the installed ones (raises
    :class:`~appliance.errors.ModelError` when the repository cannot be read)."""
    return _loaded_models(components) or installed_models(config)


def contact(row: outbox.DestinationContact | None) -> Contact:
    """A destination's state from its outbox rows: unreachable while its newest error is newer
    than its last success."""
    if row is None:
        return Contact()
    sent, error_at = row.last_sent_at, row.error_at
    failing = error_at is not None and (sent is None or error_at > sent)
    return Contact(
        reachable=False if failing else (True if sent is not None else None),
        last_contact_at=_utc(sent),
        last_error=row.last_error,
        last_error_at=_utc(error_at),
        last_sent_at=_utc(sent),
        pending=row.pending,
        sent=row.sent,
        failed=row.failed,
    )


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None else None


def _pacs(
    config: AppConfig, contacts: Mapping[str, outbox.DestinationContact]
) -> tuple[PacsHealth, ...]:
    return tuple(
        PacsHealth(d.name, d.ae_title, d.host, d.port, contact(contacts.get(d.name)))
        for d in config.pacs.destinations
    )


def _messages(
    config: AppConfig, contacts: Mapping[str, outbox.DestinationContact]
) -> tuple[MessageDestinationHealth, ...]:
    listed = [("hl7", d.name, f"{d.host}:{d.port}") for d in config.hl7.destinations]
    listed += [("fhir", d.name, d.base_url) for d in config.fhir.destinations]
    return tuple(
        MessageDestinationHealth(name, kind, address, contact(contacts.get(name)))
        for kind, name, address in listed
    )


def take_snapshot(sources: Sources, now: datetime) -> HealthSnapshot:
    """The appliance's health now, alerts included."""
    config, db = sources.config, sources.db
    notes: list[str] = []

    def read(what: str, query: Callable[[Database], _T], empty: _T) -> _T:
        if db is None:
            return empty
        try:
            return query(db)
        except CatalogueError as exc:  # an older catalogue, opened read-only without migrating
            notes.append(f"{what} not available: {exc.message}")
            return empty

    components = component_status(sources.components)
    try:
        models = tuple(model_entries(config.inference, components))
    except ModelError as exc:
        models = (ModelEntry("(none)", error=exc.message),)
    counts = read("counts", catalogue_counts, empty_counts())
    contacts = {
        row.destination: row
        for row in read(
            "destinations", outbox.destination_contacts, list[outbox.DestinationContact]()
        )
    }
    snapshot = HealthSnapshot(
        time=now,
        version=__version__,
        disk=machine.disk(sources.layout.root, config.storage),
        memory=machine.memory(),
        cpu=machine.cpu(),
        gpu=machine.gpu(),
        catalogue=counts,
        queues=Queues(counts.jobs, read("outbox", outbox.counts_by_state, None)),
        last_received=read(
            "arrivals", catalogue_health.last_received, catalogue_health.LastReceived(None, 0)
        ),
        modalities=tuple(read("modalities", catalogue_health.modality_contacts, [])),
        pacs=_pacs(config, contacts),
        message_destinations=_messages(config, contacts),
        models=models,
        failed_analyses=tuple(
            read("failed analyses", lambda d: catalogue_health.failed_jobs(d, FAILED_SHOWN), [])
        ),
        drift=tuple(read("drift", lambda d: drift_report(d, config.monitoring), [])),
        overdue_workers=tuple(sources.heartbeats.overdue() if sources.heartbeats else ()),
        components=components,
        notes=tuple(notes),
    )
    return with_alerts(snapshot)
