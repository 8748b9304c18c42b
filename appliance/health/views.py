"""The health snapshot rendered: the typed, frozen answers of ``/system`` and ``/status``.

:class:`~appliance.health.snapshot.HealthSnapshot` is the health as values (data only); this
module is how it is shown. Its wire JSON has a shape of its own (a disk's derived ``state``, a
PACS's contact flattened into it, a GPU or the reason there is none, storage in MB): the types
here are that JSON, field for field, so the API answers with them and the OpenAPI schema names
every field. :func:`system_view` and :func:`status_view` build them from a snapshot;
:func:`system_json` and :func:`status_json` are their JSON, for ``scanside status --json`` (taken
without a service) and the tests. The TUI decodes ``/system`` into :class:`SystemView` (it may
import this package, not the API) before reading it back as a snapshot
(:meth:`HealthSnapshot.from_json`), so a TUI and an appliance of different versions fail on the
field that differs.

Two parts are free-form, said so where they are declared: ``components`` (each running
component's own ``status()``) and nothing else.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from appliance.catalogue.counts import CatalogueCounts
from appliance.catalogue.health import FailedJob, LastReceived, ModalityContact
from appliance.health.snapshot import (
    NO_GPU,
    Alert,
    CpuHealth,
    DiskHealth,
    GpuDevice,
    GpuHealth,
    HealthSnapshot,
    MemoryHealth,
    MessageDestinationHealth,
    ModelEntry,
    PacsHealth,
)
from appliance.monitoring.report import DriftView

__all__ = [
    "DestinationView",
    "DiskView",
    "GpuAbsent",
    "GpuPresent",
    "InstalledModel",
    "ModelList",
    "PacsView",
    "QueuesView",
    "StatusView",
    "StorageView",
    "SystemView",
    "UnlistedModel",
    "Workers",
    "disk_view",
    "gpu_view",
    "model_view",
    "status_json",
    "status_view",
    "storage_view",
    "system_json",
    "system_view",
]


@dataclasses.dataclass(frozen=True)
class DiskView:
    """Free space where the data lives; ``state``: ``full`` (images refused), ``low`` or ``ok``."""

    path: str
    total_bytes: int
    free_bytes: int
    used_percent: float
    state: str
    min_free_mb: int
    warn_free_mb: int


@dataclasses.dataclass(frozen=True)
class StorageView:
    """The ``storage`` of ``/status``: free space in MB and whether images are still taken."""

    data_dir: str
    free_mb: int
    total_mb: int
    min_free_mb: int
    accepting: bool
    warning: bool


@dataclasses.dataclass(frozen=True)
class GpuPresent:
    """NVML started: every NVIDIA GPU (``present`` is true)."""

    present: bool
    devices: list[GpuDevice]


@dataclasses.dataclass(frozen=True)
class GpuAbsent:
    """No GPU (``present`` is false): ``message`` for the screen, ``reason`` NVML's."""

    present: bool
    message: str
    reason: str | None


@dataclasses.dataclass(frozen=True)
class QueuesView:
    """Analysis jobs by state, and outbox rows by state (null: a catalogue without outbox)."""

    jobs: dict[str, int]
    outbox: dict[str, int] | None


@dataclasses.dataclass(frozen=True)
class PacsView:
    """A configured PACS destination and its contact (times UTC)."""

    name: str
    ae_title: str
    host: str
    port: int
    reachable: bool | None
    """False when the newest attempt failed after the last success; null: nothing tried yet."""
    last_contact_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    last_sent_at: datetime | None
    pending: int
    sent: int
    failed: int


@dataclasses.dataclass(frozen=True)
class DestinationView:
    """A RIS (``hl7``) or EHR (``fhir``) destination and its contact (times UTC)."""

    name: str
    kind: str
    address: str
    reachable: bool | None
    last_contact_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    last_sent_at: datetime | None
    pending: int
    sent: int
    failed: int


@dataclasses.dataclass(frozen=True)
class InstalledModel:
    """A model the analysis runs, loaded or installed, with the execution provider and
    precision the runtime picks."""

    name: str
    version: str | None
    task: str | None
    provider: str | None
    precision: str | None
    loaded: bool
    shadow_versions: list[str]


@dataclasses.dataclass(frozen=True)
class UnlistedModel:
    """No model could be listed: ``error`` says why."""

    name: str
    error: str


@dataclasses.dataclass(frozen=True)
class ModelList:
    """``GET /api/v1/models``."""

    models: list[InstalledModel | UnlistedModel]


@dataclasses.dataclass(frozen=True)
class Workers:
    overdue: list[str]
    """Threads that stopped beating."""


@dataclasses.dataclass(frozen=True)
class SystemView:
    """``GET /api/v1/system``: the machine, queues, arrivals, peers, models, drift and alerts."""

    time: datetime
    disk: DiskView
    memory: MemoryHealth
    cpu: CpuHealth
    gpu: GpuPresent | GpuAbsent
    queues: QueuesView
    last_received: LastReceived
    modalities: list[ModalityContact]
    pacs: list[PacsView]
    message_destinations: list[DestinationView]
    models: list[InstalledModel | UnlistedModel]
    failed_analyses: list[FailedJob]
    drift: list[DriftView]
    workers: Workers
    components: dict[str, object]
    """Each running component's own ``status()``: free-form, the component's to say."""
    alerts: list[Alert]
    """Most serious first."""


@dataclasses.dataclass(frozen=True)
class StatusView:
    """``GET /api/v1/status``: counts, storage, each model's drift and the components."""

    version: str
    catalogue: CatalogueCounts
    storage: StorageView
    drift: list[DriftView]
    components: dict[str, object]
    """Each running component's own ``status()``: free-form, the component's to say."""


def _pacs(pacs: PacsHealth) -> PacsView:
    c = pacs.contact
    return PacsView(
        pacs.name, pacs.ae_title, pacs.host, pacs.port, c.reachable, c.last_contact_at,
        c.last_error, c.last_error_at, c.last_sent_at, c.pending, c.sent, c.failed,
    )  # fmt: skip


def _destination(dest: MessageDestinationHealth) -> DestinationView:
    c = dest.contact
    return DestinationView(
        dest.name, dest.kind, dest.address, c.reachable, c.last_contact_at, c.last_error,
        c.last_error_at, c.last_sent_at, c.pending, c.sent, c.failed,
    )  # fmt: skip


def model_view(entry: ModelEntry) -> InstalledModel | UnlistedModel:
    """A model entry as ``/models`` and ``/system`` list it."""
    if entry.error is not None:
        return UnlistedModel(entry.name, entry.error)
    return InstalledModel(
        entry.name,
        entry.version,
        entry.task,
        entry.provider,
        entry.precision,
        entry.loaded,
        list(entry.shadow_versions),
    )


def disk_view(disk: DiskHealth) -> DiskView:
    """The ``disk`` of ``/system``: bytes, and the state the thresholds give."""
    return DiskView(
        disk.path,
        disk.total_bytes,
        disk.free_bytes,
        disk.used_percent,
        disk.state,
        disk.min_free_mb,
        disk.warn_free_mb,
    )


def storage_view(disk: DiskHealth) -> StorageView:
    """The ``storage`` of ``/status``: MB, and whether images are still taken."""
    return StorageView(
        disk.path,
        disk.free_mb,
        disk.total_bytes // (1024 * 1024),
        disk.min_free_mb,
        disk.accepting,
        disk.warning,
    )


def gpu_view(gpu: GpuHealth) -> GpuPresent | GpuAbsent:
    """Every GPU, or why there is none."""
    return (
        GpuPresent(True, list(gpu.devices)) if gpu.present else GpuAbsent(False, NO_GPU, gpu.reason)
    )


def system_view(snapshot: HealthSnapshot) -> SystemView:
    """The snapshot as ``GET /api/v1/system`` serves it."""
    return SystemView(
        time=snapshot.time,
        disk=disk_view(snapshot.disk),
        memory=snapshot.memory,
        cpu=snapshot.cpu,
        gpu=gpu_view(snapshot.gpu),
        queues=QueuesView(
            dict(snapshot.queues.jobs),
            dict(snapshot.queues.outbox) if snapshot.queues.outbox is not None else None,
        ),
        last_received=snapshot.last_received,
        modalities=list(snapshot.modalities),
        pacs=[_pacs(p) for p in snapshot.pacs],
        message_destinations=[_destination(d) for d in snapshot.message_destinations],
        models=[model_view(m) for m in snapshot.models],
        failed_analyses=list(snapshot.failed_analyses),
        drift=[r.view() for r in snapshot.drift],
        workers=Workers(list(snapshot.overdue_workers)),
        components=dict(snapshot.components),
        alerts=list(snapshot.alerts),
    )


def status_view(snapshot: HealthSnapshot) -> StatusView:
    """The snapshot as ``GET /api/v1/status`` serves it."""
    return StatusView(
        version=snapshot.version,
        catalogue=snapshot.catalogue,
        storage=storage_view(snapshot.disk),
        drift=[r.view() for r in snapshot.drift],
        components=dict(snapshot.components),
    )


def system_json(snapshot: HealthSnapshot) -> dict[str, Any]:
    """:func:`system_view` as JSON values (times stay ``datetime``): what the API sends."""
    return dataclasses.asdict(system_view(snapshot))


def status_json(snapshot: HealthSnapshot) -> dict[str, Any]:
    """:func:`status_view` as JSON values: ``scanside status --json`` (``running`` is added by
    the command)."""
    return dataclasses.asdict(status_view(snapshot))
