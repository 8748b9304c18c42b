"""The appliance's health at one moment, as typed, frozen values: one shape for every screen.

:func:`appliance.health.probe.take_snapshot` fills a :class:`HealthSnapshot` from the machine,
the catalogue, the models and the running components; :mod:`appliance.health.rules` derives its
``alerts``. This module is the data; :mod:`appliance.health.views` renders it: the API serves
its views (``GET /api/v1/system``, ``GET /api/v1/status``), ``scanside status`` prints the status
view, and the TUI reads the snapshot back from the API's JSON (:meth:`HealthSnapshot.from_json`,
the decoding of that wire shape) for its banner and health screen. Nothing here reads
anything: the catalogue's rows are its typed rows (:mod:`appliance.catalogue.counts`,
:mod:`appliance.catalogue.health`), and no machine probe, model runtime or SciPy is loaded by a
client that only renders (an import contract says so).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from appliance.catalogue.counts import CatalogueCounts
from appliance.catalogue.health import FailedJob, LastReceived, ModalityContact
from appliance.monitoring.report import DriftReport

__all__ = [
    "NO_GPU",
    "Alert",
    "Contact",
    "CpuHealth",
    "DiskHealth",
    "GpuDevice",
    "GpuHealth",
    "HealthSnapshot",
    "MemoryHealth",
    "MessageDestinationHealth",
    "ModelEntry",
    "PacsHealth",
    "Queues",
]

NO_GPU = "no GPU (running on CPU)"
_MIB = 1024 * 1024


def _datetime(value: Any) -> datetime | None:
    """A time from JSON (ISO text), or None."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


@dataclasses.dataclass(frozen=True)
class DiskHealth:
    """Free space where the data lives, against ``storage.min_free_mb`` and ``warn_free_mb``."""

    path: str
    total_bytes: int
    free_bytes: int
    used_percent: float
    min_free_mb: int
    warn_free_mb: int

    @property
    def free_mb(self) -> int:
        return self.free_bytes // _MIB

    @property
    def accepting(self) -> bool:
        """The store still takes images (it refuses below ``min_free_mb``)."""
        return self.free_mb >= self.min_free_mb

    @property
    def warning(self) -> bool:
        return self.free_mb < self.warn_free_mb

    @property
    def state(self) -> str:
        """``full`` (images refused), ``low`` (below the warning) or ``ok``."""
        if not self.accepting:
            return "full"
        return "low" if self.warning else "ok"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DiskHealth:
        return cls(
            str(data.get("path", "")),
            int(data.get("total_bytes", 0)),
            int(data.get("free_bytes", 0)),
            float(data.get("used_percent", 0.0)),
            int(data.get("min_free_mb", 0)),
            int(data.get("warn_free_mb", 0)),
        )


@dataclasses.dataclass(frozen=True)
class MemoryHealth:
    total_bytes: int
    available_bytes: int
    used_percent: float

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MemoryHealth:
        return cls(
            int(data.get("total_bytes", 0)),
            int(data.get("available_bytes", 0)),
            float(data.get("used_percent", 0.0)),
        )


@dataclasses.dataclass(frozen=True)
class CpuHealth:
    cores: int
    load_1m: float
    load_5m: float
    load_15m: float
    percent: float

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CpuHealth:
        return cls(
            int(data.get("cores", 1)),
            float(data.get("load_1m", 0.0)),
            float(data.get("load_5m", 0.0)),
            float(data.get("load_15m", 0.0)),
            float(data.get("percent", 0.0)),
        )


@dataclasses.dataclass(frozen=True)
class GpuDevice:
    index: int
    name: str
    memory_total_bytes: int
    memory_used_bytes: int
    temperature_c: int
    utilization_percent: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GpuDevice:
        return cls(
            int(data["index"]),
            str(data["name"]),
            int(data["memory_total_bytes"]),
            int(data["memory_used_bytes"]),
            int(data["temperature_c"]),
            int(data["utilization_percent"]),
        )


@dataclasses.dataclass(frozen=True)
class GpuHealth:
    """Every NVIDIA GPU, or none (``reason``: why NVML did not start)."""

    devices: tuple[GpuDevice, ...] = ()
    reason: str | None = None

    @property
    def present(self) -> bool:
        return bool(self.devices) or self.reason is None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GpuHealth:
        if not data.get("present"):
            return cls((), str(data.get("reason") or data.get("message") or NO_GPU))
        return cls(tuple(GpuDevice.from_json(d) for d in data.get("devices", [])))


@dataclasses.dataclass(frozen=True)
class Queues:
    """Analysis jobs by state, and outbox rows by state (None: a catalogue without outbox)."""

    jobs: Mapping[str, int]
    outbox: Mapping[str, int] | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Queues:
        outbox = data.get("outbox")
        return cls(
            {str(k): int(v) for k, v in (data.get("jobs") or {}).items()},
            {str(k): int(v) for k, v in outbox.items()} if outbox is not None else None,
        )


@dataclasses.dataclass(frozen=True)
class Contact:
    """A destination's state from the outbox (times UTC).

    ``reachable``: False when the newest attempt failed after the last success, True after a
    success, None when nothing was tried yet."""

    reachable: bool | None = None
    last_contact_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    last_sent_at: datetime | None = None
    pending: int = 0
    sent: int = 0
    failed: int = 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Contact:
        return cls(
            data.get("reachable"),
            _datetime(data.get("last_contact_at")),
            data.get("last_error"),
            _datetime(data.get("last_error_at")),
            _datetime(data.get("last_sent_at")),
            int(data.get("pending") or 0),
            int(data.get("sent") or 0),
            int(data.get("failed") or 0),
        )


@dataclasses.dataclass(frozen=True)
class PacsHealth:
    """A configured PACS (DICOM) destination and its contact."""

    name: str
    ae_title: str
    host: str
    port: int
    contact: Contact

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PacsHealth:
        return cls(
            str(data.get("name", "")),
            str(data.get("ae_title", "")),
            str(data.get("host", "")),
            int(data.get("port") or 0),
            Contact.from_json(data),
        )


@dataclasses.dataclass(frozen=True)
class MessageDestinationHealth:
    """A RIS (``hl7``) or EHR (``fhir``) destination and its contact."""

    name: str
    kind: str
    address: str
    contact: Contact

    @property
    def what(self) -> str:
        return {"hl7": "RIS", "fhir": "EHR"}.get(self.kind, "Results")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MessageDestinationHealth:
        return cls(
            str(data.get("name", "")),
            str(data.get("kind", "")),
            str(data.get("address", "")),
            Contact.from_json(data),
        )


@dataclasses.dataclass(frozen=True)
class ModelEntry:
    """A model the analysis runs: loaded (the analysis says so) or installed (the repository's,
    with the provider and precision the runtime would pick). ``error``: none could be listed."""

    name: str
    version: str | None = None
    task: str | None = None
    provider: str | None = None
    precision: str | None = None
    loaded: bool = False
    shadow_versions: tuple[str, ...] = ()
    error: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ModelEntry:
        return cls(
            str(data.get("name", "")),
            data.get("version"),
            data.get("task"),
            data.get("provider"),
            data.get("precision"),
            bool(data.get("loaded", False)),
            tuple(str(v) for v in data.get("shadow_versions", [])),
            data.get("error"),
        )


@dataclasses.dataclass(frozen=True)
class Alert:
    """An unusual state a technologist must see, with a message to act on."""

    level: str
    """``error``, ``warning`` or ``info``."""
    code: str
    """Which rule raised it (:data:`appliance.health.rules.RULES`)."""
    message: str

    @property
    def serious(self) -> bool:
        return self.level in ("error", "warning")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Alert:
        return cls(str(data.get("level", "")), str(data.get("code", "")), str(data["message"]))


@dataclasses.dataclass(frozen=True)
class HealthSnapshot:
    """Everything the health screen, ``scanside status`` and the status endpoints show."""

    time: datetime
    version: str
    disk: DiskHealth
    memory: MemoryHealth
    cpu: CpuHealth
    gpu: GpuHealth
    catalogue: CatalogueCounts
    queues: Queues
    last_received: LastReceived
    modalities: tuple[ModalityContact, ...]
    pacs: tuple[PacsHealth, ...]
    message_destinations: tuple[MessageDestinationHealth, ...]
    models: tuple[ModelEntry, ...]
    failed_analyses: tuple[FailedJob, ...]
    drift: tuple[DriftReport, ...]
    overdue_workers: tuple[str, ...]
    """Threads that stopped beating (:class:`appliance.watchdog.Heartbeats`)."""
    components: Mapping[str, Any]
    """Each running component's own ``status()`` (free-form: the component's to say)."""
    alerts: tuple[Alert, ...] = ()
    """Most serious first (:func:`appliance.health.rules.alerts`)."""
    notes: tuple[str, ...] = ()
    """Parts that could not be read, and why (an older catalogue opened read-only); not in the
    JSON (the service's own catalogue is migrated): ``scanside status`` prints them."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HealthSnapshot:
        """The snapshot again from ``GET /api/v1/system``'s JSON
        (:func:`appliance.health.views.system_json`; a missing part reads as empty; the
        ``catalogue`` counts and the version are not in that JSON and read as zero)."""
        workers = data.get("workers") or {}
        return cls(
            time=_datetime(data.get("time")) or datetime.min,
            version=str(data.get("version", "")),
            disk=DiskHealth.from_json(data.get("disk") or {}),
            memory=MemoryHealth.from_json(data.get("memory") or {}),
            cpu=CpuHealth.from_json(data.get("cpu") or {}),
            gpu=GpuHealth.from_json(data.get("gpu") or {}),
            catalogue=_counts(data.get("catalogue") or {}),
            queues=Queues.from_json(data.get("queues") or {}),
            last_received=_last_received(data.get("last_received") or {}),
            modalities=tuple(_modality(m) for m in data.get("modalities", [])),
            pacs=tuple(PacsHealth.from_json(d) for d in data.get("pacs", [])),
            message_destinations=tuple(
                MessageDestinationHealth.from_json(d) for d in data.get("message_destinations", [])
            ),
            models=tuple(ModelEntry.from_json(m) for m in data.get("models", [])),
            failed_analyses=tuple(_failed_job(j) for j in data.get("failed_analyses", [])),
            drift=tuple(DriftReport.from_json(r) for r in data.get("drift", [])),
            overdue_workers=tuple(str(w) for w in workers.get("overdue", [])),
            components=dict(data.get("components") or {}),
            alerts=tuple(Alert.from_json(a) for a in data.get("alerts", [])),
        )


def _counts(data: Mapping[str, Any]) -> CatalogueCounts:
    return CatalogueCounts(
        int(data.get("patients", 0)),
        int(data.get("studies", 0)),
        int(data.get("series", 0)),
        int(data.get("instances", 0)),
        {str(k): int(v) for k, v in (data.get("series_by_state") or {}).items()},
        {str(k): int(v) for k, v in (data.get("jobs") or {}).items()},
    )


def _last_received(data: Mapping[str, Any]) -> LastReceived:
    return LastReceived(_datetime(data.get("at")), int(data.get("instances", 0)))


def _modality(data: Mapping[str, Any]) -> ModalityContact:
    return ModalityContact(
        str(data.get("calling_ae", "")),
        data.get("peer_address"),
        _datetime(data.get("last_contact_at")),
        int(data.get("series", 0)),
    )


def _failed_job(data: Mapping[str, Any]) -> FailedJob:
    return FailedJob(
        int(data.get("job_id", 0)),
        data.get("study_uid"),
        data.get("series_uid"),
        data.get("error"),
        _datetime(data.get("finished_at")),
    )
