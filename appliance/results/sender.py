"""The outbox sender: a service component that C-STOREs pending results to every PACS.

One background thread. Each round it takes, per configured destination, the outbox rows that
are due, opens one association (calling AE ``dicom.ae_title``, Nagle's delay off) and sends
them; then it sleeps until the next row is due or :meth:`OutboxSender.wake` is called (the
publisher does, after queueing new results). Every outcome goes straight to the outbox table,
so stopping or killing the process at any point loses nothing and duplicates nothing (see
:mod:`appliance.results.outbox` for why a re-send after an unknown outcome is safe).

What counts as sent: a C-STORE response with status Success (0x0000) or a Warning (0xB000,
0xB006, 0xB007: stored, with coercion or elements discarded, noted in ``last_error``). Anything
else (refused association, no connection, abort, timeout, a Failure status) is a failed try.

Added to the :class:`~appliance.service.Service` by ``scanside serve``; its :meth:`status` is
what ``scanside status --json`` and the API show under ``results-sender``.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AE, evt
from pynetdicom.association import Association

from appliance.catalogue.database import Database
from appliance.catalogue.outbox import OutboxRow
from appliance.config import AppConfig, PacsDestination
from appliance.dicom_rejection import rejection_reason
from appliance.layout import DataLayout
from appliance.results.outbox import Outbox
from appliance.results.worker import OutboxWorker

__all__ = ["OutboxSender", "refusal"]

log = logging.getLogger(__name__)

_WARNINGS = {
    0xB000: "coercion of data elements",
    0xB006: "elements discarded",
    0xB007: "data set does not match SOP class",
}
_BATCH = 50


def _nodelay(event: evt.Event) -> None:
    """Turn off Nagle's delay on the association's socket (about 40 ms per object otherwise)."""
    sock = event.assoc.dul.socket
    if sock is not None and sock.socket is not None:
        sock.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class OutboxSender(OutboxWorker):
    """The component: ``start()``, ``stop()``, ``status()``, plus ``wake()`` and ``run_once()``."""

    name = "results-sender"
    sent_key = "stored_since_start"

    def __init__(
        self, db: Database, layout: DataLayout, config: AppConfig, *, poll_interval_s: float = 5.0
    ) -> None:
        super().__init__(
            Outbox(db, layout, config.pacs),
            (d.name for d in config.pacs.destinations),
            poll_interval_s=poll_interval_s,
            stop_timeout_s=max(config.dicom.network_timeout_s, 5.0) + 5.0,
            log=log,
            log_label="outbox",
        )
        self.config = config

    def run_once(self) -> int:
        """Send everything due now to every destination; return how many objects were stored."""
        stored = 0
        for destination in self.config.pacs.destinations:
            if self._stop.is_set():
                break
            items = self.outbox.due(destination.name, limit=_BATCH)
            if items:
                stored += self._send(destination, items)
        return stored

    def _send(self, destination: PacsDestination, items: Sequence[OutboxRow]) -> int:
        """One association to ``destination`` carrying ``items``; every outcome recorded."""
        loaded = self._load(items)
        if not loaded:
            return 0
        assoc = self._associate(destination, {str(ds.SOPClassUID) for _, ds in loaded})
        if not assoc.is_established:
            reason = refusal(assoc, destination)
            for item, _ in loaded:
                self._failed(item, reason)
            return 0
        stored = 0
        try:
            for item, ds in loaded:
                if not assoc.is_established:
                    self._failed(
                        item,
                        f"association to {_where(destination)} ended before this object was sent",
                    )
                    continue
                stored += self._store(assoc, destination, item, ds)
        finally:
            if assoc.is_established:
                assoc.release()
        return stored

    def _load(self, items: Sequence[OutboxRow]) -> list[tuple[OutboxRow, Dataset]]:
        loaded: list[tuple[OutboxRow, Dataset]] = []
        for item in items:
            try:
                loaded.append((item, pydicom.dcmread(self.outbox.file(item))))
            except (OSError, InvalidDicomError) as exc:
                self._failed(item, f"cannot read the queued file {self.outbox.file(item)}: {exc}")
        return loaded

    def _associate(self, destination: PacsDestination, sop_classes: set[str]) -> Association:
        ae = AE(ae_title=self.config.dicom.ae_title)
        timeout = self.config.dicom.network_timeout_s
        ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = timeout
        ae.connection_timeout = min(timeout, 10.0)
        for sop_class in sorted(sop_classes):
            ae.add_requested_context(sop_class, [ExplicitVRLittleEndian, ImplicitVRLittleEndian])
        return ae.associate(
            destination.host,
            destination.port,
            ae_title=destination.ae_title,
            max_pdu=self.config.dicom.maximum_pdu_size,
            evt_handlers=[(evt.EVT_CONN_OPEN, _nodelay)],
        )

    def _store(
        self, assoc: Association, destination: PacsDestination, item: OutboxRow, ds: Dataset
    ) -> int:
        try:
            response = assoc.send_c_store(ds)
        except (ValueError, RuntimeError) as exc:  # no accepted presentation context, etc.
            self._failed(item, f"{_where(destination)} cannot take {ds.SOPClassUID.name}: {exc}")
            return 0
        if "Status" not in response:
            self._failed(
                item, f"no response from {_where(destination)} (timeout or abort); will send again"
            )
            return 0
        status = int(response.Status)
        if status == 0x0000 or status in _WARNINGS:
            note = f"stored with warning 0x{status:04X} ({_WARNINGS[status]})" if status else None
            self.outbox.mark_sent(item, status=status, note=note)
            self.count_sent(destination.name)
            return 1
        comment = str(response.get("ErrorComment", "")).strip()
        self._failed(
            item,
            f"{_where(destination)} answered 0x{status:04X}{': ' + comment if comment else ''}",
            status,
        )
        return 0

    def _failed(self, item: OutboxRow, reason: str, status: int | None = None) -> None:
        state = self.outbox.mark_failed_attempt(item, reason, status=status)
        level = logging.ERROR if state == "failed" else logging.WARNING
        log.log(
            level,
            "outbox: %s to %s: %s (%s)",
            item.sop_instance_uid,
            item.destination,
            reason,
            state,
        )


def _where(destination: PacsDestination) -> str:
    return f"{destination.name} ({destination.ae_title}@{destination.host}:{destination.port})"


def refusal(assoc: Association, destination: PacsDestination) -> str:
    """Why no association was made, in words a technologist can act on."""
    reason = rejection_reason(assoc)
    if reason is not None:
        return (
            f"{_where(destination)} rejected the association: {reason} (check the AE titles "
            "on both sides)"
        )
    if assoc.is_aborted:
        return (
            f"could not connect to {_where(destination)}, or it aborted the association "
            "(is it running? is the host and port right?)"
        )
    return (
        f"no association with {_where(destination)} "
        "(no answer in time, or no presentation context in common)"
    )
