"""The three fuzz targets of the DICOM edge, and the only outcomes each may have.

Each target takes arbitrary bytes and either returns or raises :class:`FuzzFinding` (a bug):

- :func:`instance_reader` -- :func:`~appliance.ingest.instance_reader.read_instance` on the
  bytes as a data set (the first byte picks the transfer syntax) may return a record or refuse
  with :class:`RefusedInstance`, nothing else; and when the fast header path accepts a data
  set, pydicom's path must not refuse it (the fast path is never more lenient).
- :func:`header_scan` -- :func:`~appliance.ingest.header_scan.scan_header` may return or raise
  ``Truncated``, ``Unsupported`` or ``Flooded``; every value it keeps lies inside the data.
- :func:`association` -- the bytes, as everything a peer sends on one connection, through
  :func:`~appliance.ingest.association.serve_connection` with a real receiver and store: it
  must return (never raise) and log no unexpected error.

The same functions serve atheris (``TestOneInput``), the built-in mutation loop
(``python -m tests.fuzz``) and the bounded run in ``make test`` (``test_fuzz.py``).
"""

from __future__ import annotations

import logging
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydicom import uid

from appliance.config import DicomConfig
from appliance.ingest.association import serve_connection
from appliance.ingest.header_scan import Flooded, Truncated, Unsupported, scan_header
from appliance.ingest.instance_reader import _TAGS, _fast, read_instance
from appliance.ingest.negotiation import Negotiator, Refused
from appliance.ingest.parsing import parse_dataset
from appliance.ingest.policy import AssociationPolicy
from appliance.ingest.receiver import Receiver
from appliance.ingest.sop_classes import STORAGE_SOP_CLASSES, TRANSFER_SYNTAXES
from appliance.ingest.statuses import RefusedInstance
from appliance.ingest.store import InstanceStore
from appliance.layout import DataLayout

__all__ = ["TARGETS", "FuzzFinding", "association", "header_scan", "instance_reader"]

SYNTAXES = (
    uid.ExplicitVRLittleEndian,
    uid.ImplicitVRLittleEndian,
    uid.ExplicitVRBigEndian,
    uid.DeflatedExplicitVRLittleEndian,
)


_MAX_STREAM = 64 * 1024
"""Bytes of one connection's stream the association target sends (fits a socket buffer)."""


class FuzzFinding(AssertionError):
    """An outcome the target's contract does not allow: a bug to fix."""


def _syntax(data: bytes) -> tuple[str, bytes]:
    """The transfer syntax the first byte names, and the data set after it."""
    if not data:
        return SYNTAXES[0], b""
    return SYNTAXES[data[0] % len(SYNTAXES)], data[1:]


def instance_reader(data: bytes) -> None:
    ts, dataset = _syntax(data)
    try:
        read_instance(dataset, ts)
    except RefusedInstance:
        pass
    except Exception as exc:
        raise FuzzFinding(f"read_instance raised {type(exc).__name__}: {exc}") from exc
    fast = _fast(dataset, uid.UID(ts))
    if fast is None:
        return
    try:
        parse_dataset(dataset, ts)
    except RefusedInstance as exc:
        raise FuzzFinding(f"the fast path accepted what pydicom's refuses: {exc}") from exc


def header_scan(data: bytes) -> None:
    implicit = bool(data[:1]) and data[0] & 1 == 1
    body = data[1:]
    try:
        scan = scan_header(body, implicit=implicit, wanted=_TAGS.values())
    except (Truncated, Unsupported, Flooded):
        return
    except Exception as exc:
        raise FuzzFinding(f"scan_header raised {type(exc).__name__}: {exc}") from exc
    kept = sum(len(raw) for _vr, raw in scan.values.values())
    if kept > len(body) or (scan.pixel_data_length or 0) > len(body):
        raise FuzzFinding("the scan kept more bytes than the data set has")


class _Events:
    def established(self, calling_ae: str, address: str) -> None: ...
    def rejected(self, refused: Refused, address: str) -> None: ...
    def echoed(self) -> None: ...


class _Sink:
    def submit(self, item: Any) -> None: ...


class _ErrorLog(logging.Handler):
    """Remembers log records at ERROR or above: an unexpected error on the acceptor's path."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class _Acceptor:
    """One store and negotiator for every run of :func:`association` in this process."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="scanside-fuzz-")
        layout = DataLayout.at(Path(self.folder.name)).create()
        self.receiver = Receiver(InstanceStore(layout, min_free_mb=0), _Sink(), writers=1)
        contexts = [("1.2.840.10008.1.1", ("1.2.840.10008.1.2",))]
        contexts += [(str(sop), tuple(TRANSFER_SYNTAXES)) for sop in STORAGE_SOP_CLASSES]
        self.negotiator = Negotiator(AssociationPolicy(DicomConfig()), contexts, maximum_pdu_size=0)
        self.errors = _ErrorLog()
        logging.getLogger("appliance.ingest").addHandler(self.errors)


_acceptor: _Acceptor | None = None


def association(data: bytes) -> None:
    global _acceptor  # noqa: PLW0603 - one store per fuzzing process, built on first use
    if _acceptor is None:
        _acceptor = _Acceptor()
    acceptor = _acceptor
    ours, peer = socket.socketpair()
    try:
        peer.settimeout(1.0)
        peer.sendall(data[:_MAX_STREAM])  # fits the socket buffer; the peer then hangs up
        peer.shutdown(socket.SHUT_WR)
        before = len(acceptor.errors.records)
        try:
            serve_connection(
                ours,
                "127.0.0.1",
                negotiator=acceptor.negotiator,
                receiver=acceptor.receiver,
                events=_Events(),
                timeout_s=1.0,
            )
        except Exception as exc:
            raise FuzzFinding(f"serve_connection raised {type(exc).__name__}: {exc}") from exc
        if len(acceptor.errors.records) > before:
            record = acceptor.errors.records[-1]
            raise FuzzFinding(f"the acceptor logged an error: {record.getMessage()}")
    finally:
        ours.close()
        peer.close()


TARGETS: dict[str, Callable[[bytes], None]] = {
    "instance_reader": instance_reader,
    "header_scan": header_scan,
    "association": association,
}
