"""The appliance at a glance, for ``GET /api/v1/system`` and the TUI's health screen.

Combines the machine (:mod:`appliance.api.sysinfo`), the queues in the catalogue, when images
last arrived and from which modality, the PACS destinations' last contact, the models loaded,
each model's drift (:mod:`appliance.monitoring.drift`) and the components' own status, and
derives ``alerts``: the unusual states a technologist must see first (disk almost full, PACS
unreachable, failed analyses, model drift, no GPU).

PACS contact comes from the results outbox in the catalogue. Loaded models come from the
analysis component's ``status()["models"]`` (a list of ``{"name", "version", "provider",
"precision"}``) when it reports them, else from the model repository with the provider and
precision the runtime would choose (``loaded: false``).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import onnxruntime

from appliance.api import sysinfo
from appliance.api.views import outbox_counts, pacs_contact
from appliance.catalogue.jobs import counts_by_state
from appliance.config import InferenceConfig
from appliance.errors import ModelError
from appliance.inference.repository import repository_for
from appliance.inference.runtime import select_providers
from appliance.service import Service

__all__ = [
    "alerts",
    "component_status",
    "installed_models",
    "loaded_models",
    "message_destinations",
    "models",
    "pacs_destinations",
    "system_overview",
]

log = logging.getLogger(__name__)


def component_status(service: Service) -> dict[str, Any]:
    """Each component's status; a component whose status() fails is reported, not hidden."""
    result: dict[str, Any] = {}
    for component in service.components:
        try:
            result[component.name] = component.status()
        except Exception as exc:
            log.exception("status of %s failed", component.name)
            result[component.name] = {"error": f"{type(exc).__name__}: {exc}"}
    return result


def loaded_models(components: dict[str, Any]) -> list[dict[str, Any]]:
    """Models the analysis component says it has loaded (its ``status()["models"]``)."""
    models: list[dict[str, Any]] = []
    for status in components.values():
        if isinstance(status, dict):
            models.extend(m for m in status.get("models", []) if isinstance(m, dict))
    return models


def installed_models(config: InferenceConfig) -> list[dict[str, Any]]:
    """The repository's models with the provider and precision the runtime would pick."""
    repository = repository_for(config)
    provider = select_providers(config.providers, onnxruntime.get_available_providers())[0]
    models = []
    for name in repository.names():
        manifest = repository.get(name)
        precision = (
            manifest.precision_for(provider) if config.precision == "auto" else config.precision
        )
        models.append(
            {
                "name": manifest.name,
                "version": manifest.version,
                "task": manifest.task,
                "provider": provider,
                "precision": precision,
                "loaded": False,
                "shadow_versions": [m.version for m in repository.shadows(name)],
            }
        )
    return models


def models(service: Service, components: dict[str, Any]) -> list[dict[str, Any]]:
    """Loaded models when the analysis reports them, else the installed ones."""
    return loaded_models(components) or installed_models(service.config.inference)


def pacs_destinations(service: Service) -> list[dict[str, Any]]:
    """Each configured destination with its outbox counts and last contact (from the outbox)."""
    contact = pacs_contact(service.db)
    merged = []
    for dest in service.config.pacs.destinations:
        entry: dict[str, Any] = {
            "name": dest.name,
            "ae_title": dest.ae_title,
            "host": dest.host,
            "port": dest.port,
            "reachable": None,
            "last_contact_at": None,
            "last_error": None,
        }
        entry.update(contact.get(dest.name, {}))
        merged.append(entry)
    return merged


def message_destinations(service: Service) -> list[dict[str, Any]]:
    """Each RIS (HL7) and EHR (FHIR) destination with its outbox counts and last contact."""
    contact = pacs_contact(service.db)  # grouped by destination name, unique across channels
    config = service.config
    listed: list[tuple[str, str, str]] = [
        ("hl7", d.name, f"{d.host}:{d.port}") for d in config.hl7.destinations
    ]
    listed += [("fhir", d.name, d.base_url) for d in config.fhir.destinations]
    merged = []
    for kind, name, address in listed:
        entry: dict[str, Any] = {
            "name": name,
            "kind": kind,
            "address": address,
            "reachable": None,
            "last_contact_at": None,
            "last_error": None,
        }
        entry.update(contact.get(name, {}))
        merged.append(entry)
    return merged


def _modalities(service: Service) -> list[dict[str, Any]]:
    return service.db.query_dicts(
        "SELECT calling_ae, peer_address, max(last_received_at) AS last_contact_at, "
        "count(*) AS series FROM series WHERE calling_ae IS NOT NULL "
        "GROUP BY calling_ae, peer_address ORDER BY last_contact_at DESC NULLS LAST"
    )


def _last_received(service: Service) -> dict[str, Any]:
    rows = service.db.query_dicts(
        "SELECT max(received_at) AS at, count(*) AS instances FROM instances"
    )
    return rows[0]


def _failed_jobs(service: Service) -> list[dict[str, Any]]:
    return service.db.query_dicts(
        "SELECT job_id, study_uid, series_uid, error, finished_at FROM jobs "
        "WHERE state = 'failed' ORDER BY job_id DESC LIMIT 5"
    )


def _models_or_error(service: Service, components: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return models(service, components)
    except ModelError as exc:
        return [{"name": "(none)", "error": exc.message}]


def alerts(overview: dict[str, Any]) -> list[dict[str, str]]:
    """The unusual states, most serious first, each with a message to act on."""
    found: list[dict[str, str]] = []
    disk = overview["disk"]
    free_gb = disk["free_bytes"] / 1024**3
    if disk["state"] == "full":
        found.append(
            {
                "level": "error",
                "code": "disk_full",
                "message": f"Disk full: {free_gb:.1f} GB free; new images are refused",
            }
        )
    elif disk["state"] == "low":
        found.append(
            {
                "level": "warning",
                "code": "disk_low",
                "message": f"Disk almost full: {free_gb:.1f} GB free",
            }
        )
    for dest in overview["pacs"]:
        if dest.get("reachable") is False:
            why = f": {dest['last_error']}" if dest.get("last_error") else ""
            found.append(
                {
                    "level": "error",
                    "code": "pacs_unreachable",
                    "message": f"PACS {dest['name']} unreachable{why}",
                }
            )
    for dest in overview["message_destinations"]:
        if dest.get("reachable") is False:
            what = {"hl7": "RIS", "fhir": "EHR"}[dest["kind"]]
            why = f": {dest['last_error']}" if dest.get("last_error") else ""
            found.append(
                {
                    "level": "error",
                    "code": f"{dest['kind']}_unreachable",
                    "message": f"{what} {dest['name']} unreachable{why}",
                }
            )
    for job in overview["failed_analyses"]:
        found.append(
            {
                "level": "warning",
                "code": "analysis_failed",
                "message": f"Analysis failed for series {job['series_uid']}: {job['error']}",
            }
        )
    for report in overview.get("drift", []):
        if report["state"] == "drift":
            model = report["model"]
            found.append(
                {
                    "level": "warning",
                    "code": "model_drift",
                    "message": f"Drift of model {model['name']} {model['version']}: "
                    f"{', '.join(report['flagged'])} (scanside status)",
                }
            )
    if not overview["gpu"]["present"]:
        found.append({"level": "info", "code": "no_gpu", "message": sysinfo.NO_GPU})
    return found


def system_overview(service: Service, now: datetime) -> dict[str, Any]:
    """Everything the health screen shows, as one JSON-ready dict."""
    components = component_status(service)
    overview: dict[str, Any] = {
        "time": now,
        "disk": sysinfo.disk_status(service.layout.root, service.config.storage),
        "memory": sysinfo.memory_status(),
        "cpu": sysinfo.cpu_status(),
        "gpu": sysinfo.gpu_status(),
        "queues": {"jobs": counts_by_state(service.db), "outbox": outbox_counts(service.db)},
        "last_received": _last_received(service),
        "modalities": _modalities(service),
        "pacs": pacs_destinations(service),
        "message_destinations": message_destinations(service),
        "models": _models_or_error(service, components),
        "failed_analyses": _failed_jobs(service),
        "drift": service.drift(),
        "components": components,
    }
    overview["alerts"] = alerts(overview)
    return overview
