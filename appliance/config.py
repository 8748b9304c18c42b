"""Typed, validated configuration for the appliance.

Every setting lives in one TOML file (``firmware_config/scanside.toml`` documents each key and
holds the defaults). :func:`load_config` reads the file, applies environment variables
(``SCANSIDE_<SECTION>__<KEY>``, e.g. ``SCANSIDE_DICOM__PORT=11113``) and then CLI overrides,
and checks everything before anything starts: an unknown key, a wrong type or an impossible
value raises :class:`~appliance.errors.ConfigError` naming the key and its source.

The dataclasses are frozen: configuration is passed down explicitly, never kept in a mutable
module global.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from appliance.errors import ConfigError
from appliance.findings import LUNG_RADS_ORDER
from appliance.tls import TlsSetupError, server_context

__all__ = [
    "AppConfig",
    "CompletionConfig",
    "DicomConfig",
    "FhirConfig",
    "FhirDestination",
    "FollowUpConfig",
    "Hl7Config",
    "Hl7Destination",
    "HttpConfig",
    "HttpTlsConfig",
    "InferenceConfig",
    "MonitoringConfig",
    "NetworkConfig",
    "PacsConfig",
    "PacsDestination",
    "Peer",
    "StorageConfig",
    "TlsConfig",
    "TriageConfig",
    "TriageRule",
    "TuiConfig",
    "load_config",
]

ENV_PREFIX = "SCANSIDE_"
CONFIG_ENV = "SCANSIDE_CONFIG"
PRIORITIES = ("urgent", "high", "routine", "low")
LUNG_RADS = LUNG_RADS_ORDER


def _check(condition: bool, key: str, message: str) -> None:
    if not condition:
        raise ConfigError(f"{key}: {message}")


_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
"""Hosts that reach the listener from loopback, which it admits while ``dicom.peers`` is empty."""


def _check_network(value: str, key: str) -> None:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}") from exc


@dataclasses.dataclass(frozen=True)
class Peer:
    """A modality (or other sender) allowed to open associations."""

    ae_title: str
    """The peer's calling AE title, exactly as the modality is configured (1-16 characters)."""
    address: str
    """An IP address or network (``10.1.2.3`` or ``10.1.2.0/24``) the peer connects from."""
    tls_only: bool = False
    """Admit this peer only over TLS (``dicom.tls``); in plain text it is rejected."""
    max_associations: int = 0
    """Associations this entry admits at once, from all the addresses it covers together;
    0: only ``dicom.max_associations`` and ``dicom.max_associations_per_address`` apply."""

    def validate(self, key: str) -> None:
        _check(0 < len(self.ae_title.strip()) <= 16, f"{key}.ae_title", "must be 1-16 characters")
        _check(0 <= self.max_associations <= 256, f"{key}.max_associations", "must be 0-256")
        _check_network(self.address, f"{key}.address")

    def allows(self, ae_title: str, address: str) -> bool:
        """True when this entry admits ``ae_title`` connecting from ``address``."""
        return ae_title.strip() == self.ae_title.strip() and self.covers(address)

    def covers(self, address: str) -> bool:
        """True when ``address`` is this entry's address or in its network (an IPv4 peer
        reaching a dual-stack listener shows as ``::ffff:a.b.c.d`` and counts as a.b.c.d)."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return ip in ipaddress.ip_network(self.address, strict=False)


def _check_tls_files(key: str, certificate: str, private_key: str, ca: str = "") -> None:
    """A TLS section's files: present, readable, the certificate chain valid today, the key
    its key, the CA bundle loadable; built once here exactly as the listener will build them
    (:func:`appliance.tls.server_context`), so that the error names the setting at fault."""
    try:
        server_context(certificate, private_key, ca)
    except TlsSetupError as exc:
        raise ConfigError(f"{key}.{exc.setting}: {exc}") from exc


@dataclasses.dataclass(frozen=True)
class TlsConfig:
    """DICOM over TLS (DICOM PS3.15 Annex B), on its own port beside the plain one."""

    enabled: bool = False
    """Listen for TLS associations as well."""
    port: int = 2762
    """Port for TLS associations (2762 is the registered DICOM-TLS port)."""
    certificate: str = ""
    """PEM file with the appliance's certificate chain."""
    private_key: str = ""
    """PEM file with the certificate's private key."""
    ca_certificates: str = ""
    """PEM bundle of CAs; when set, peers must present a certificate signed by one of them."""

    def validate(self, key: str) -> None:
        _check(1 <= self.port <= 65535, f"{key}.port", "must be 1-65535")
        if self.enabled:
            _check_tls_files(key, self.certificate, self.private_key, self.ca_certificates)


@dataclasses.dataclass(frozen=True)
class DicomConfig:
    """The Storage SCP that modalities send to."""

    ae_title: str = "SCANSIDE"
    """Our AE title; associations calling another title are rejected."""
    port: int = 11112
    """TCP port for plain DICOM."""
    plain_enabled: bool = True
    """Listen for plain (unencrypted) DICOM on ``port``; false leaves only the TLS port."""
    bind_address: str = "0.0.0.0"  # noqa: S104 - the allow-list, not the bind, limits who may connect
    """Address to listen on. Who may connect is decided by ``peers``."""
    peers: tuple[Peer, ...] = ()
    """Allowed senders. While empty, only loopback (127.0.0.0/8, ::1) may connect."""
    max_associations: int = 16
    """Concurrent associations accepted."""
    max_associations_per_address: int = 8
    """Of those, from any one source address (the rest stay free for other senders); above
    ``max_associations`` it changes nothing."""
    maximum_pdu_size: int = 0
    """Largest PDU we accept, in bytes; 0 is unlimited (fastest)."""
    network_timeout_s: float = 60.0
    """Seconds of silence before an association is aborted."""
    association_request_timeout_s: float = 10.0
    """Seconds a new connection has, in all, to finish TLS and send its A-ASSOCIATE-RQ; bytes
    trickled in do not extend it."""
    max_pending_connections: int = 32
    """Connections from listed addresses that have not yet associated (beyond: closed at once)."""
    max_pending_per_address: int = 8
    """Of those, from any one address."""
    max_unlisted_connections: int = 4
    """Connections from addresses no ``peers`` entry lists, kept only to tell them why they are
    rejected (beyond: closed at once)."""
    unlisted_request_timeout_s: float = 2.0
    """Seconds, in all, a connection from an unlisted address has to send its A-ASSOCIATE-RQ
    (or ``association_request_timeout_s``, if shorter): it can only be told why it is
    rejected, and a real modality asks at once."""
    max_dataset_mb: int = 256
    """Largest data set one C-STORE (or import) may carry, as received and once inflated;
    larger ones are refused with 0xA700. Memory: about twice this per association."""
    max_inflation_ratio: int = 100
    """A deflated data set may inflate to this many times its size (beyond 16 MiB)."""
    max_inflight_mb: int = 384
    """Data set bytes all associations together may hold in memory at once; a data set that
    would pass it is refused with 0xA700 (the sender retries later). At least
    ``max_dataset_mb``; memory at peak is about twice this."""
    max_decode_cpu_s: float = 5.0
    """CPU seconds the association's thread may spend inflating and decoding one data set;
    past them it stops and answers 0xC217 (a CT slice takes milliseconds)."""
    max_decodes_per_address: int = 1
    """Data sets from one source address decoded at once, whatever the number of its
    associations; its others wait their turn (past ``network_timeout_s``: 0xA700), so one
    sender's costly data sets cannot take the CPU from the other senders' decoding."""
    tls: TlsConfig = TlsConfig()

    def validate(self, key: str) -> None:
        _check(0 < len(self.ae_title.strip()) <= 16, f"{key}.ae_title", "must be 1-16 characters")
        _check(1 <= self.port <= 65535, f"{key}.port", "must be 1-65535")
        try:
            ipaddress.ip_address(self.bind_address)
        except ValueError as exc:
            raise ConfigError(f"{key}.bind_address: {exc}") from exc
        for i, peer in enumerate(self.peers):
            peer.validate(f"{key}.peers[{i}]")
        _check(1 <= self.max_associations <= 256, f"{key}.max_associations", "must be 1-256")
        _check(
            1 <= self.max_associations_per_address <= 256,
            f"{key}.max_associations_per_address",
            "must be 1-256",
        )
        _check(self.maximum_pdu_size >= 0, f"{key}.maximum_pdu_size", "must be >= 0")
        _check(self.network_timeout_s > 0, f"{key}.network_timeout_s", "must be > 0")
        _check(
            0 < self.association_request_timeout_s <= 300,
            f"{key}.association_request_timeout_s",
            "must be > 0 and at most 300",
        )
        _check(
            1 <= self.max_pending_connections <= 1024,
            f"{key}.max_pending_connections",
            "must be 1-1024",
        )
        _check(
            1 <= self.max_pending_per_address <= self.max_pending_connections,
            f"{key}.max_pending_per_address",
            "must be 1 to dicom.max_pending_connections",
        )
        _check(
            0 <= self.max_unlisted_connections <= 1024,
            f"{key}.max_unlisted_connections",
            "must be 0-1024",
        )
        _check(
            0 < self.unlisted_request_timeout_s <= 300,
            f"{key}.unlisted_request_timeout_s",
            "must be > 0 and at most 300",
        )
        _check(1 <= self.max_dataset_mb <= 4096, f"{key}.max_dataset_mb", "must be 1-4096")
        _check(
            1 <= self.max_inflation_ratio <= 1032,
            f"{key}.max_inflation_ratio",
            "must be 1-1032 (deflate cannot compress more than 1032-fold)",
        )
        _check(
            self.max_dataset_mb <= self.max_inflight_mb <= 65536,
            f"{key}.max_inflight_mb",
            f"must be {key}.max_dataset_mb ({self.max_dataset_mb}) to 65536 (a smaller "
            "budget would refuse the largest data set allowed on an idle appliance)",
        )
        _check(
            0.01 <= self.max_decode_cpu_s <= 600,
            f"{key}.max_decode_cpu_s",
            "must be 0.01-600 seconds",
        )
        _check(
            1 <= self.max_decodes_per_address <= 256,
            f"{key}.max_decodes_per_address",
            "must be 1-256",
        )
        self.tls.validate(f"{key}.tls")
        _check(
            self.plain_enabled or self.tls.enabled,
            f"{key}.plain_enabled",
            "false needs dicom.tls.enabled = true (else nothing would listen)",
        )
        if not self.tls.enabled:
            for i, peer in enumerate(self.peers):
                _check(
                    not peer.tls_only,
                    f"{key}.peers[{i}].tls_only",
                    "needs dicom.tls.enabled = true (else this peer could never connect)",
                )


@dataclasses.dataclass(frozen=True)
class StorageConfig:
    """Where received images and the catalogue live, and how full the disk may get."""

    data_dir: str = "./scanside-data"
    """Folder for the image store, the DuckDB catalogue, the outbox and logs."""
    min_free_mb: int = 1024
    """Below this much free space, new images are refused (DICOM status 0xA700)."""
    warn_free_mb: int = 4096
    """Below this, the status and the UI warn that the disk is almost full."""

    def validate(self, key: str) -> None:
        _check(bool(self.data_dir), f"{key}.data_dir", "must not be empty")
        _check(self.min_free_mb >= 0, f"{key}.min_free_mb", "must be >= 0")
        _check(
            self.warn_free_mb >= self.min_free_mb,
            f"{key}.warn_free_mb",
            "must be >= storage.min_free_mb",
        )

    @property
    def path(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()


@dataclasses.dataclass(frozen=True)
class CompletionConfig:
    """When a series counts as complete and is queued for analysis."""

    default_quiet_s: float = 30.0
    """Seconds without a new image after which a series is complete."""
    quiet_s: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: {"CT": 20.0, "MR": 30.0, "CR": 5.0, "DX": 5.0}
    )
    """Quiet period per modality, overriding ``default_quiet_s``."""
    check_interval_s: float = 1.0
    """How often the completion check runs."""

    def validate(self, key: str) -> None:
        _check(self.default_quiet_s > 0, f"{key}.default_quiet_s", "must be > 0")
        for modality, seconds in self.quiet_s.items():
            _check(seconds > 0, f"{key}.quiet_s.{modality}", "must be > 0")
        _check(self.check_interval_s > 0, f"{key}.check_interval_s", "must be > 0")

    def quiet_for(self, modality: str) -> float:
        return float(self.quiet_s.get(modality, self.default_quiet_s))


@dataclasses.dataclass(frozen=True)
class HttpTlsConfig:
    """HTTPS for the API (TLS 1.2+), served by uvicorn on ``http.port`` instead of plain HTTP."""

    enabled: bool = False
    """Serve the API over HTTPS only."""
    certificate: str = ""
    """PEM file with the API's certificate chain."""
    private_key: str = ""
    """PEM file with the certificate's private key."""

    def validate(self, key: str) -> None:
        if not self.enabled:
            return
        _check_tls_files(key, self.certificate, self.private_key)


@dataclasses.dataclass(frozen=True)
class HttpConfig:
    """The HTTP API and its limits."""

    bind_address: str = "127.0.0.1"
    """Address the API listens on; loopback by default."""
    port: int = 8080
    """TCP port of the API."""
    max_request_kb: int = 1024
    """Largest request body accepted, in KiB."""
    allow_plain_http_on_network: bool = False
    """Let the API listen beyond loopback without ``http.tls`` (tokens and patient data then
    cross the network readable); without it such a bind stops the start."""
    tls: HttpTlsConfig = HttpTlsConfig()

    def validate(self, key: str) -> None:
        try:
            address = ipaddress.ip_address(self.bind_address)
        except ValueError as exc:
            raise ConfigError(f"{key}.bind_address: {exc}") from exc
        _check(1 <= self.port <= 65535, f"{key}.port", "must be 1-65535")
        _check(self.max_request_kb > 0, f"{key}.max_request_kb", "must be > 0")
        self.tls.validate(f"{key}.tls")
        _check(
            address.is_loopback or self.tls.enabled or self.allow_plain_http_on_network,
            f"{key}.bind_address",
            f"is {self.bind_address}, reachable from the network, but the API has no TLS: "
            "tokens and patient data would cross the network readable. Set "
            f"{key}.tls.enabled = true with {key}.tls.certificate and {key}.tls.private_key, "
            f'or bind {key}.bind_address = "127.0.0.1", or, only on a network that nobody '
            f"else can reach, set {key}.allow_plain_http_on_network = true",
        )

    @property
    def scheme(self) -> str:
        """``https`` when the API serves TLS, else ``http``."""
        return "https" if self.tls.enabled else "http"


@dataclasses.dataclass(frozen=True)
class PacsDestination:
    """A PACS (or any Storage SCP) that results are sent to."""

    name: str
    """A short name shown in status and logs."""
    ae_title: str
    """The destination's AE title."""
    host: str
    """Host name or address."""
    port: int
    """Port of the destination's Storage SCP."""
    retrieve: Literal["get", "move"] = "get"
    """How priors are retrieved when ``followup.pacs_priors`` names this PACS: ``get`` (C-GET,
    over the query's own association) or ``move`` (C-MOVE to the appliance's own Storage SCP,
    ``dicom.ae_title``; many PACS allow only this). For ``move`` the PACS must know the
    appliance as a modality (``dicom.ae_title``, its address, ``dicom.port``) and, when
    ``dicom.peers`` is set, be listed there by its AE title."""
    issuer_of_patient_id: str = ""
    """Issuer of Patient ID (0010,0021) of the patient IDs on this PACS: sent in the prior
    C-FIND, and a prior that says another issuer is refused. Empty: the current study's own
    issuer when its images carry one, else PatientID alone."""

    def validate(self, key: str) -> None:
        _check(bool(self.name), f"{key}.name", "must not be empty")
        _check(
            len(self.issuer_of_patient_id) <= 64,
            f"{key}.issuer_of_patient_id",
            "must be at most 64 characters (LO)",
        )
        _check(0 < len(self.ae_title.strip()) <= 16, f"{key}.ae_title", "must be 1-16 characters")
        _check(bool(self.host), f"{key}.host", "must not be empty")
        _check(1 <= self.port <= 65535, f"{key}.port", "must be 1-65535")


@dataclasses.dataclass(frozen=True)
class PacsConfig:
    """Where results go and how hard we try."""

    destinations: tuple[PacsDestination, ...] = ()
    """PACS destinations; results are sent to every one."""
    retry_initial_s: float = 5.0
    """First wait after a failed send; doubles after each failure."""
    retry_max_s: float = 600.0
    """Longest wait between tries."""
    max_attempts: int = 0
    """Give up (state ``failed``) after this many tries; 0 retries for ever."""

    def validate(self, key: str) -> None:
        _check_delivery(self, key)


@dataclasses.dataclass(frozen=True)
class Hl7Destination:
    """A RIS (or interface engine) that takes HL7 v2.5.1 ORU^R01 result messages over MLLP."""

    name: str
    """A short name shown in status and logs; unique across PACS, HL7 and FHIR destinations."""
    host: str
    """Host name or address of the MLLP listener."""
    port: int
    """TCP port of the MLLP listener."""
    receiving_application: str = "RIS"
    """MSH-5, as the receiving system expects it."""
    receiving_facility: str = ""
    """MSH-6, as the receiving system expects it."""

    def validate(self, key: str) -> None:
        _check(bool(self.name), f"{key}.name", "must not be empty")
        _check(bool(self.host), f"{key}.host", "must not be empty")
        _check(1 <= self.port <= 65535, f"{key}.port", "must be 1-65535")
        _check(
            bool(self.receiving_application), f"{key}.receiving_application", "must not be empty"
        )


@dataclasses.dataclass(frozen=True)
class Hl7Config:
    """Results to the RIS as HL7 v2.5.1 ORU^R01 over MLLP, through the outbox."""

    destinations: tuple[Hl7Destination, ...] = ()
    """MLLP destinations; every analysed series is sent to each one."""
    sending_application: str = "SCANSIDE"
    """MSH-3."""
    sending_facility: str = ""
    """MSH-4 (the hospital's code for this appliance's site)."""
    patient_id_authority: str = ""
    """PID-3.4, the assigning authority of the DICOM Patient ID (the hospital's MRN namespace)."""
    processing_id: Literal["P", "T", "D"] = "P"
    """MSH-11: P production, T training, D debugging."""
    timeout_s: float = 30.0
    """Seconds to connect, and again to wait for the ACK, before the try counts as failed."""
    retry_initial_s: float = 5.0
    """First wait after a failed send (no connection, no ACK, a NAK); doubles after each."""
    retry_max_s: float = 600.0
    """Longest wait between tries."""
    max_attempts: int = 0
    """Give up (state ``failed``) after this many tries; 0 retries for ever."""

    def validate(self, key: str) -> None:
        _check_delivery(self, key)
        _check(bool(self.sending_application), f"{key}.sending_application", "must not be empty")
        _check(self.processing_id in ("P", "T", "D"), f"{key}.processing_id", "must be P, T or D")
        _check(self.timeout_s > 0, f"{key}.timeout_s", "must be > 0")


@dataclasses.dataclass(frozen=True)
class FhirDestination:
    """A FHIR R4 server (the EHR's) that takes a transaction Bundle per analysed series."""

    name: str
    """A short name shown in status and logs; unique across PACS, HL7 and FHIR destinations."""
    base_url: str
    """The server's base URL (``https://ehr.example.org/fhir``); the Bundle is POSTed there."""
    token_file: str = ""
    """A file holding a bearer token for the ``Authorization`` header; empty sends none."""

    def validate(self, key: str) -> None:
        _check(bool(self.name), f"{key}.name", "must not be empty")
        _check(
            self.base_url.startswith(("http://", "https://")),
            f"{key}.base_url",
            "must start with http:// or https://",
        )
        if self.token_file:
            _check(
                Path(self.token_file).is_file(),
                f"{key}.token_file",
                f"file not found: {self.token_file}",
            )


@dataclasses.dataclass(frozen=True)
class FhirConfig:
    """Results to the EHR as FHIR R4 resources, through the outbox."""

    destinations: tuple[FhirDestination, ...] = ()
    """FHIR servers; every analysed series is sent to each one."""
    patient_identifier_system: str = "urn:scanside:patient-id"
    """The identifier system of the DICOM Patient ID at the EHR (its MRN system URI)."""
    timeout_s: float = 30.0
    """Seconds to wait for the server's answer before the try counts as failed."""
    retry_initial_s: float = 5.0
    """First wait after a failed send; doubles after each."""
    retry_max_s: float = 600.0
    """Longest wait between tries."""
    max_attempts: int = 0
    """Give up (state ``failed``) after this many tries; 0 retries for ever."""

    def validate(self, key: str) -> None:
        _check_delivery(self, key)
        _check(
            bool(self.patient_identifier_system),
            f"{key}.patient_identifier_system",
            "must not be empty",
        )
        _check(self.timeout_s > 0, f"{key}.timeout_s", "must be > 0")


def _check_delivery(section: PacsConfig | Hl7Config | FhirConfig, key: str) -> None:
    """What every outbox channel's section shares: unique, valid destinations and sane retries."""
    destinations = typing.cast(
        Sequence[PacsDestination | Hl7Destination | FhirDestination], section.destinations
    )
    names = [d.name for d in destinations]
    _check(len(names) == len(set(names)), f"{key}.destinations", "names must be unique")
    for i, dest in enumerate(destinations):
        dest.validate(f"{key}.destinations[{i}]")
    _check(section.retry_initial_s > 0, f"{key}.retry_initial_s", "must be > 0")
    _check(
        section.retry_max_s >= section.retry_initial_s,
        f"{key}.retry_max_s",
        f"must be >= {key}.retry_initial_s",
    )
    _check(section.max_attempts >= 0, f"{key}.max_attempts", "must be >= 0")


@dataclasses.dataclass(frozen=True)
class InferenceConfig:
    """Which models run, where, and how."""

    models_dir: str = ""
    """Model repository (one folder per model, and ``minilm/`` for the cohort questions); empty
    means the models shipped with ScanSide (:func:`appliance.shipped_models.shipped_models_dir`)."""
    providers: tuple[str, ...] = ("auto",)
    """ONNX Runtime providers in order; ``auto`` is TensorRT -> CUDA -> CPU, as installed."""
    precision: Literal["auto", "fp32", "fp16", "int8"] = "auto"
    """Model variant; ``auto`` picks the manifest's choice for the provider."""
    workers: int = 1
    """Analysis worker processes."""
    threads_per_worker: int = 0
    """Intra-op threads per worker; 0 lets ONNX Runtime decide."""
    job_timeout_s: float = 900.0
    """A job still running after this long is killed and retried."""
    max_attempts: int = 2
    """Tries per job before it is marked failed (a crashed job is retried once)."""
    enabled_models: tuple[str, ...] = ()
    """Only these models run; empty runs every model in the repository."""
    live_versions: tuple[str, ...] = ()
    """``NAME@VERSION``: the version of a model that answers (default: the one at the model's
    top level, ``<models_dir>/<name>/manifest.json``; docs/models.md)."""
    shadow_versions: tuple[str, ...] = ()
    """``NAME@VERSION``: versions that analyse the same series beside the live one; their
    answers are kept apart and never reach the worklist, triage, PACS, RIS or cohort answers."""
    second_stage: bool = True
    """Score detection candidates with the model's candidate classifier, when its manifest
    names one (see the model card: on 50 held-out simulated studies, model 0.2.0 found 94.2 %
    of nodules >= 4 mm at 0.98 false positives per scan with it, and 95.1 % at 1.36 without it,
    whose U-Net confidences saturate and rank nodules and look-alikes alike; on the real series
    model 0.2.1's classifier keeps 5 of its candidates, 0.2.0's kept 24). ``false`` reports
    every U-Net component at probability 0.5, ranked by its highest probability."""

    def validate(self, key: str) -> None:
        allowed = {
            "auto",
            "TensorrtExecutionProvider",
            "CUDAExecutionProvider",
            "CPUExecutionProvider",
        }
        for i, provider in enumerate(self.providers):
            _check(
                provider in allowed, f"{key}.providers[{i}]", f"must be one of {sorted(allowed)}"
            )
        _check(
            self.precision in ("auto", "fp32", "fp16", "int8"),
            f"{key}.precision",
            "must be auto, fp32, fp16 or int8",
        )
        _check(1 <= self.workers <= 64, f"{key}.workers", "must be 1-64")
        _check(self.threads_per_worker >= 0, f"{key}.threads_per_worker", "must be >= 0")
        _check(self.job_timeout_s > 0, f"{key}.job_timeout_s", "must be > 0")
        _check(self.max_attempts >= 1, f"{key}.max_attempts", "must be >= 1")
        if self.models_dir:
            _check(Path(self.models_dir).is_dir(), f"{key}.models_dir", "folder not found")


@dataclasses.dataclass(frozen=True)
class FollowUpConfig:
    """Comparing each analysed chest CT with the patient's earlier ones (docs/analysis.md)."""

    enabled: bool = True
    """Compare with priors; ``false`` categorises every series with the baseline rules."""
    look_back_days: int = 1825
    """Earlier chest CTs up to this many days before the study are priors (default 5 years)."""
    max_distance_mm: float = 15.0
    """A current and a prior finding further apart than this after alignment never match."""
    consensus_mm: float = 8.0
    """Finding pairs whose displacements agree within this refine the lungs' alignment."""
    pacs_priors: tuple[str, ...] = ()
    """Names of ``pacs.destinations`` asked (C-FIND, then C-GET or C-MOVE as each one's
    ``retrieve`` says) for the patient's earlier ScanSide SRs before each comparison; empty:
    the catalogue alone."""
    pacs_timeout_s: float = 10.0
    """Seconds a PACS may take per association step before it is given up for this study (for
    C-MOVE also: for the instances it sent to reach the catalogue)."""
    seen_on_prior_mm: float = 8.0
    """A finding no prior finding matches is ``seen-on-prior``, not ``new``, when the latest
    prior's detector had an unreported candidate within this distance of it after alignment
    (``appliance.inference.unreported``); 0 turns the rule off."""

    def validate(self, key: str) -> None:
        _check(1 <= self.look_back_days <= 36500, f"{key}.look_back_days", "must be 1-36500")
        _check(0 <= self.seen_on_prior_mm <= 30, f"{key}.seen_on_prior_mm", "must be 0-30")
        _check(0 < self.max_distance_mm <= 60, f"{key}.max_distance_mm", "must be > 0 and <= 60")
        _check(0 < self.consensus_mm <= 30, f"{key}.consensus_mm", "must be > 0 and <= 30")
        _check(0 < self.pacs_timeout_s <= 300, f"{key}.pacs_timeout_s", "must be > 0 and <= 300")


@dataclasses.dataclass(frozen=True)
class MonitoringConfig:
    """Drift monitoring of each model's inputs and outputs (``docs/drift.md``)."""

    enabled: bool = True
    """Compute drift for ``scanside status``, the API, the metrics and the health screen."""
    reference_series: int = 50
    """The site's first this many series analysed by a model are its reference."""
    window_series: int = 50
    """The latest this many series after the reference are compared with it."""
    min_window_series: int = 20
    """No drift is flagged before the window holds this many series."""
    max_outside_share: float = 0.2
    """Drift when at least this share of the window is outside the model's validation."""
    psi_min: float = 0.25
    """A population stability index under this is never drift (model-monitoring practice's
    "major shift")."""
    alpha: float = 0.0001
    """A PSI must also exceed what a window of its size reaches by chance with this
    probability; the findings-per-scan z must exceed the normal quantile of ``alpha / 2``."""

    def validate(self, key: str) -> None:
        _check(self.reference_series >= 10, f"{key}.reference_series", "must be >= 10")
        _check(self.window_series >= 10, f"{key}.window_series", "must be >= 10")
        _check(
            1 <= self.min_window_series <= self.window_series,
            f"{key}.min_window_series",
            "must be 1 to window_series",
        )
        _check(0 < self.max_outside_share <= 1, f"{key}.max_outside_share", "must be > 0 and <= 1")
        _check(self.psi_min >= 0, f"{key}.psi_min", "must be >= 0")
        _check(0 < self.alpha < 0.5, f"{key}.alpha", "must be between 0 and 0.5")


@dataclasses.dataclass(frozen=True)
class TriageRule:
    """A study matching this rule gets at least ``priority``."""

    name: str
    """Shown in the worklist as the reason for the priority."""
    priority: str
    """One of urgent, high, routine, low."""
    lung_rads: tuple[str, ...] = ()
    """Matches when any finding has one of these Lung-RADS categories."""
    kinds: tuple[str, ...] = ()
    """Matches when any finding is one of these kinds (e.g. ``mass``)."""
    min_diameter_mm: float = 0.0
    """Matches only findings at least this large (mean diameter)."""

    def validate(self, key: str) -> None:
        _check(bool(self.name), f"{key}.name", "must not be empty")
        _check(self.priority in PRIORITIES, f"{key}.priority", f"must be one of {PRIORITIES}")
        for i, cat in enumerate(self.lung_rads):
            _check(cat in LUNG_RADS, f"{key}.lung_rads[{i}]", f"must be one of {LUNG_RADS}")
        _check(self.min_diameter_mm >= 0, f"{key}.min_diameter_mm", "must be >= 0")


def _default_rules() -> tuple[TriageRule, ...]:
    return (
        TriageRule(name="Lung-RADS 4B/4X", priority="urgent", lung_rads=("4B", "4X")),
        TriageRule(name="Mass > 30 mm", priority="urgent", kinds=("mass",)),
        TriageRule(name="Lung-RADS 4A", priority="high", lung_rads=("4A",)),
        TriageRule(name="Lung-RADS 3", priority="routine", lung_rads=("3",)),
    )


@dataclasses.dataclass(frozen=True)
class TriageConfig:
    """How studies are ordered for reading."""

    default_priority: str = "low"
    """Priority of a study that matches no rule."""
    age_cap_h: float = 24.0
    """A study waiting longer than this is raised one level, so none is starved."""
    rules: tuple[TriageRule, ...] = dataclasses.field(default_factory=_default_rules)
    """Rules; a study gets the highest priority any rule gives it."""

    def validate(self, key: str) -> None:
        _check(
            self.default_priority in PRIORITIES,
            f"{key}.default_priority",
            f"must be one of {PRIORITIES}",
        )
        _check(self.age_cap_h > 0, f"{key}.age_cap_h", "must be > 0")
        for i, rule in enumerate(self.rules):
            rule.validate(f"{key}.rules[{i}]")


@dataclasses.dataclass(frozen=True)
class NetworkConfig:
    """What the systemd unit's IP firewall lets the service reach or be reached by, beyond
    loopback, ``dicom.peers`` and the pacs, hl7 and fhir destinations, which
    ``scanside systemd network-policy`` allows by themselves (``systemd/README.md``)."""

    allow: tuple[str, ...] = ()
    """More addresses or networks (``10.1.2.0/24``): the reading room's clients of the API
    when ``http.bind_address`` is not loopback, a management host."""

    def validate(self, key: str) -> None:
        for i, value in enumerate(self.allow):
            _check_network(value, f"{key}.allow[{i}]")


@dataclasses.dataclass(frozen=True)
class TuiConfig:
    """The terminal UI (``scanside tui``, ``docs/tui.md``)."""

    preview: Literal["auto", "graphics", "text"] = "auto"
    """How slice previews are drawn: ``auto`` with the terminal's graphics (sixel or kitty)
    when it answers textual-image's query, half-blocks otherwise; ``graphics`` always (for a
    terminal behind tmux passthrough, which does not answer); ``text`` always half-blocks."""

    def validate(self, key: str) -> None:
        """The type (a Literal) is checked when the setting is read; nothing else to check."""


@dataclasses.dataclass(frozen=True)
class AppConfig:
    """The whole configuration; ``source`` says where it was read from."""

    dicom: DicomConfig = DicomConfig()
    storage: StorageConfig = StorageConfig()
    completion: CompletionConfig = CompletionConfig()
    http: HttpConfig = HttpConfig()
    pacs: PacsConfig = PacsConfig()
    hl7: Hl7Config = Hl7Config()
    fhir: FhirConfig = FhirConfig()
    inference: InferenceConfig = InferenceConfig()
    triage: TriageConfig = TriageConfig()
    followup: FollowUpConfig = FollowUpConfig()
    monitoring: MonitoringConfig = MonitoringConfig()
    network: NetworkConfig = NetworkConfig()
    tui: TuiConfig = TuiConfig()
    source: str = "<defaults>"

    def validate(self) -> None:
        for field in dataclasses.fields(self):
            if field.name != "source":
                getattr(self, field.name).validate(field.name)
        names = [
            *(d.name for d in self.pacs.destinations),
            *(d.name for d in self.hl7.destinations),
            *(d.name for d in self.fhir.destinations),
        ]
        known = {d.name for d in self.pacs.destinations}
        unknown = [n for n in self.followup.pacs_priors if n not in known]
        _check(
            not unknown,
            "followup.pacs_priors",
            f"names no pacs.destinations entry: {', '.join(unknown)}",
        )
        self._check_move_peers()
        repeated = sorted({n for n in names if names.count(n) > 1})
        _check(
            not repeated,
            "pacs/hl7/fhir destinations",
            f"a name is used twice: {', '.join(repeated)} (the outbox tells destinations apart "
            "by name)",
        )

    def _check_move_peers(self) -> None:
        """A PACS that retrieves by C-MOVE connects back to our listener: it must be admitted
        (listed in ``dicom.peers``; without peers only loopback is), or every prior it sends is
        refused at association time."""
        admitted = {p.ae_title.strip() for p in self.dicom.peers}
        for index, dest in enumerate(self.pacs.destinations):
            if dest.name not in self.followup.pacs_priors or dest.retrieve != "move":
                continue
            key = f"pacs.destinations[{index}].retrieve"
            if not self.dicom.peers:
                _check(
                    dest.host in _LOOPBACK_HOSTS,
                    key,
                    f"'move' makes PACS {dest.name} ({dest.ae_title}) connect to this "
                    "appliance's listener, which admits only loopback until dicom.peers lists "
                    "it",
                )
                continue
            _check(
                dest.ae_title.strip() in admitted,
                key,
                f"'move' makes PACS {dest.name} ({dest.ae_title}) send priors to this "
                "appliance's listener, but dicom.peers does not list that AE title",
            )

    @property
    def data_dir(self) -> Path:
        return self.storage.path


_T = TypeVar("_T")


def _coerce(value: Any, tp: Any, key: str) -> Any:
    """Convert a TOML/env value to the annotated type, or raise ConfigError naming ``key``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, Mapping):
            raise ConfigError(f"{key}: expected a table, got {type(value).__name__}")
        return _build(tp, value, key)
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"{key}: must be one of {list(args)}, got {value!r}")
        return value
    if origin is tuple:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            raise ConfigError(f"{key}: expected a list, got {type(value).__name__}")
        return tuple(_coerce(v, args[0], f"{key}[{i}]") for i, v in enumerate(value))
    if origin in (Mapping, dict) or tp is Mapping:
        if not isinstance(value, Mapping):
            raise ConfigError(f"{key}: expected a table, got {type(value).__name__}")
        return {str(k): _coerce(v, args[1], f"{key}.{k}") for k, v in value.items()}
    if origin in (types.UnionType, typing.Union):
        raise ConfigError(f"{key}: unsupported union type")  # pragma: no cover - not used
    return _scalar(value, tp, key)


def _scalar(value: Any, tp: Any, key: str) -> Any:
    if tp is bool:
        if isinstance(value, str) and value.lower() in (
            "1",
            "true",
            "yes",
            "on",
            "0",
            "false",
            "no",
            "off",
        ):
            return value.lower() in ("1", "true", "yes", "on")
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: expected true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError as exc:
                raise ConfigError(f"{key}: expected an integer, got {value!r}") from exc
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: expected an integer, got {value!r}")
        return value
    if tp is float:
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError as exc:
                raise ConfigError(f"{key}: expected a number, got {value!r}") from exc
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{key}: expected a number, got {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key}: expected a string, got {value!r}")
        return value
    raise ConfigError(f"{key}: unsupported type {tp!r}")  # pragma: no cover


def _build(cls: type[_T], data: Mapping[str, Any], prefix: str) -> _T:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        key = f"{prefix}.{name}" if prefix else name
        if name not in fields or name == "source":
            known = ", ".join(sorted(n for n in fields if n != "source"))
            raise ConfigError(f"{key}: unknown setting (known here: {known})")
        coerced = _coerce(value, hints[name], key)
        default_factory = fields[name].default_factory
        if isinstance(coerced, dict) and default_factory is not dataclasses.MISSING:
            # A table such as completion.quiet_s extends its defaults key by key.
            default = default_factory()
            if isinstance(default, Mapping):
                coerced = {**default, **coerced}
        kwargs[name] = coerced
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ConfigError(f"{prefix or 'config'}: {exc}") from exc


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for k, v in override.items():
        if isinstance(v, Mapping) and isinstance(merged.get(k), Mapping):
            merged[k] = _merge(dict(merged[k]), v)
        else:
            merged[k] = v
    return merged


def _env_path(parts: Sequence[str]) -> list[str]:
    """Section and setting names, at any depth (``DICOM__TLS__ENABLED``), are lower case; the
    keys of a table below them (the modalities of ``completion.quiet_s``) keep their case."""
    path: list[str] = []
    section: Any = AppConfig
    for given in parts:
        part = given
        if dataclasses.is_dataclass(section) and isinstance(section, type):
            part = given.lower()
            section = typing.get_type_hints(section).get(part)
        else:
            section = None
        path.append(part)
    return path


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """``SCANSIDE_DICOM__PORT=1`` becomes ``{"dicom": {"port": "1"}}`` (typed later)."""
    tree: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        path = _env_path(name[len(ENV_PREFIX) :].split("__"))
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return tree


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def load_config(
    path: str | Path | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> AppConfig:
    """Read, merge and validate the configuration.

    Precedence, lowest first: built-in defaults, the TOML file (``path``, else
    ``$SCANSIDE_CONFIG``, else none), ``SCANSIDE_*`` environment variables, ``overrides``
    (from CLI flags, as a nested mapping like ``{"dicom": {"port": 11113}}``).
    """
    env = os.environ if environ is None else environ
    file = Path(path) if path else (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    data: dict[str, Any] = {}
    sources = ["<defaults>"]
    if file is not None:
        try:
            data = _read_toml(file)
        except ConfigError:
            raise
        sources.append(str(file))
    env_tree = _env_overrides(env)
    if env_tree:
        data = _merge(data, env_tree)
        sources.append("environment")
    if overrides:
        data = _merge(data, {k: v for k, v in overrides.items() if v is not None})
        sources.append("command line")
    try:
        config = _build(AppConfig, data, "")
        config = dataclasses.replace(config, source=", ".join(sources))
        config.validate()
    except ConfigError as exc:
        where = str(file) if file is not None else "defaults/environment"
        raise ConfigError(f"{exc.message} (in {where})") from exc
    return config
