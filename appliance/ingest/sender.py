"""A small Storage SCU: sends files to a running ScanSide over one association.

``scanside import`` uses it when a service owns the catalogue (DuckDB admits one process), so
imported files take exactly the C-STORE path; tests use it to send crafted bytes. Files are sent
as they are on disk (pynetdicom's chunked send), never decoded and re-encoded. That switch is
pynetdicom-global, so use this from one thread at a time (a CLI command, a test).
"""

from __future__ import annotations

import dataclasses
import logging
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydicom.errors import InvalidDicomError
from pydicom.filereader import read_file_meta_info
from pynetdicom import AE, _config, evt
from pynetdicom.association import Association
from pynetdicom.events import Event

from appliance.dicom_rejection import rejection_reason
from appliance.errors import SendError
from appliance.ingest.sop_classes import STORAGE_SOP_CLASSES, TRANSFER_SYNTAXES

__all__ = ["SendResult", "send_files"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class SendResult:
    path: Path
    status: int | None
    """The peer's DICOM status; None when the file could not be sent (see ``message``)."""
    message: str


def _nodelay(event: Event) -> None:
    event.assoc.dul.socket.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[union-attr]


def _contexts(paths: list[Path]) -> list[tuple[str, str]]:
    """(SOP class, transfer syntax) pairs the files need, at most 128 (PS3.8 limit)."""
    pairs: dict[tuple[str, str], None] = {}
    for path in paths:
        try:
            meta = read_file_meta_info(path)
        except Exception:  # noqa: S112 - unreadable files are reported when sent
            continue
        pairs[
            (str(meta.get("MediaStorageSOPClassUID", "")), str(meta.get("TransferSyntaxUID", "")))
        ] = None
    wanted = [p for p in pairs if p[0] in STORAGE_SOP_CLASSES and p[1] in TRANSFER_SYNTAXES]
    return wanted[:128]


_LOST = "no response (association lost)"


def send_files(
    paths: Iterable[Path],
    *,
    host: str,
    port: int,
    called_ae: str,
    calling_ae: str = "SCANSIDE_IMPORT",
) -> Iterator[SendResult]:
    """Send each file over one association; yield one result per file.

    If the association is lost (the peer aborted, or did not answer within the DIMSE timeout)
    a new one is opened and the file that was in flight is sent once more.
    """
    files = list(paths)
    ae = AE(ae_title=calling_ae)
    ae.maximum_pdu_size = 0
    for sop_class, syntax in _contexts(files):
        ae.add_requested_context(sop_class, syntax)
    if not ae.requested_contexts:
        raise SendError("none of the files is a storage SOP class ScanSide accepts")
    previous = _config.STORE_SEND_CHUNKED_DATASET
    _config.STORE_SEND_CHUNKED_DATASET = True
    assoc = _associate(ae, host, port, called_ae)
    try:
        for path in files:
            result = _send_one(assoc, path)
            if result.status is None and (result.message == _LOST or not assoc.is_established):
                if assoc.is_established:  # pynetdicom may not have noticed the close yet
                    assoc.abort()
                log.warning("association lost while sending %s; sending it again", path)
                assoc = _associate(ae, host, port, called_ae)
                result = _send_one(assoc, path)
            yield result
    finally:
        if assoc.is_established:
            assoc.release()
        _config.STORE_SEND_CHUNKED_DATASET = previous


def _associate(ae: AE, host: str, port: int, called_ae: str) -> Association:
    assoc = ae.associate(
        host, port, ae_title=called_ae, evt_handlers=[(evt.EVT_CONN_OPEN, _nodelay)]
    )
    if not assoc.is_established:
        reason = rejection_reason(assoc)
        answer = f"rejected it ({reason})" if reason is not None else "did not answer it"
        raise SendError(
            f"ScanSide at {host}:{port} ({called_ae}) {answer}: the association from "
            f"{ae.ae_title}; when dicom.peers is not empty, list {ae.ae_title} at 127.0.0.1 "
            "there to import while the service runs"
        )
    return assoc


def _send_one(assoc: Association, path: Path) -> SendResult:
    try:
        meta = read_file_meta_info(path)
        if not meta.get("MediaStorageSOPInstanceUID") or not meta.get("MediaStorageSOPClassUID"):
            # A C-STORE request without these is invalid; an SCP cannot even answer it.
            return SendResult(
                path, None, "not sent: the file meta lacks the SOP Class/Instance UID"
            )
        status = assoc.send_c_store(path)
    except (InvalidDicomError, ValueError, OSError, AttributeError, KeyError, TypeError) as exc:
        return SendResult(path, None, f"not sent: {exc}")
    except RuntimeError as exc:  # pynetdicom: the association is no longer established
        return SendResult(path, None, f"not sent: {exc}")
    code = int(status.Status) if "Status" in status else None
    return SendResult(path, code, "sent" if code is not None else _LOST)
