"""The alert rules: which states of a health snapshot a technologist must see, worded to act on.

Each rule reads the snapshot and returns its alerts; :func:`alerts` runs them in the order of
:data:`RULES` (the disk first: a full disk refuses images). The codes are part of the API
(``alerts[].code`` of ``GET /api/v1/system``) and of ``docs/api.md``:

========================  =======  ===========================================================
code                      level    when
========================  =======  ===========================================================
``disk_full``             error    free space below ``storage.min_free_mb``: images refused
``disk_low``              warning  free space below ``storage.warn_free_mb``
``pacs_unreachable``      error    a PACS's newest attempt failed after its last success
``hl7_unreachable``       error    the same for a RIS (HL7) destination
``fhir_unreachable``      error    the same for an EHR (FHIR) destination
``worker_overdue``        error    a receiving or analysis thread stopped beating (the systemd
                                   watchdog restarts the service)
``analysis_failed``       warning  one per failed analysis among the newest five
``model_drift``           warning  a model's drift report says ``drift`` (``docs/drift.md``)
``no_gpu``                info     no NVIDIA GPU: the analysis runs on the CPU
========================  =======  ===========================================================
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from appliance.health.snapshot import NO_GPU, Alert, HealthSnapshot
from appliance.monitoring.report import DRIFT

__all__ = ["RULES", "alerts", "with_alerts"]


def _disk(snapshot: HealthSnapshot) -> list[Alert]:
    disk = snapshot.disk
    free_gb = disk.free_bytes / 1024**3
    if disk.state == "full":
        return [
            Alert("error", "disk_full", f"Disk full: {free_gb:.1f} GB free; new images are refused")
        ]
    if disk.state == "low":
        return [Alert("warning", "disk_low", f"Disk almost full: {free_gb:.1f} GB free")]
    return []


def _why(error: str | None) -> str:
    return f": {error}" if error else ""


def _pacs(snapshot: HealthSnapshot) -> list[Alert]:
    return [
        Alert("error", "pacs_unreachable", f"PACS {d.name} unreachable{_why(d.contact.last_error)}")
        for d in snapshot.pacs
        if d.contact.reachable is False
    ]


def _messages(snapshot: HealthSnapshot) -> list[Alert]:
    return [
        Alert(
            "error",
            f"{d.kind}_unreachable",
            f"{d.what} {d.name} unreachable{_why(d.contact.last_error)}",
        )
        for d in snapshot.message_destinations
        if d.contact.reachable is False
    ]


def _workers(snapshot: HealthSnapshot) -> list[Alert]:
    if not snapshot.overdue_workers:
        return []
    return [
        Alert(
            "error",
            "worker_overdue",
            f"Stopped responding: {', '.join(snapshot.overdue_workers)} "
            "(under systemd the service is restarted)",
        )
    ]


def _failed(snapshot: HealthSnapshot) -> list[Alert]:
    return [
        Alert("warning", "analysis_failed", f"Analysis failed for series {j.series_uid}: {j.error}")
        for j in snapshot.failed_analyses
    ]


def _drift(snapshot: HealthSnapshot) -> list[Alert]:
    return [
        Alert(
            "warning",
            "model_drift",
            f"Drift of model {r.model_name} {r.model_version}: {', '.join(r.flagged)} "
            "(scanside status)",
        )
        for r in snapshot.drift
        if r.state == DRIFT
    ]


def _gpu(snapshot: HealthSnapshot) -> list[Alert]:
    return [] if snapshot.gpu.present else [Alert("info", "no_gpu", NO_GPU)]


RULES: tuple[Callable[[HealthSnapshot], list[Alert]], ...] = (
    _disk,
    _pacs,
    _messages,
    _workers,
    _failed,
    _drift,
    _gpu,
)
"""The rules in the order their alerts are listed: the disk first (when full, nothing new can
be received), then the errors, the warnings and the information."""


def alerts(snapshot: HealthSnapshot) -> tuple[Alert, ...]:
    """Every rule's alerts, in the order of :data:`RULES`."""
    return tuple(alert for rule in RULES for alert in rule(snapshot))


def with_alerts(snapshot: HealthSnapshot) -> HealthSnapshot:
    """The snapshot with its ``alerts`` derived by the rules."""
    return dataclasses.replace(snapshot, alerts=alerts(snapshot))
