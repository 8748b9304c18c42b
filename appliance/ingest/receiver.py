"""One instance in, one DICOM status out: the path shared by C-STORE and ``scanside import``.

:meth:`Receiver.receive` parses and checks the dataset, stores it durably, hands it to the
catalogue writer, and returns an :class:`Outcome` whose ``status`` is what the sender is told.
Every expected failure becomes a status with a logged reason; an unexpected one is logged with
its traceback and answered 0xC211. Nothing raises out of :meth:`receive`, so pynetdicom's
association (and the next image on it) carries on.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import threading
from typing import Protocol

from appliance.errors import OutOfSpaceError
from appliance.ingest import statuses
from appliance.ingest.parsing import InstanceRecord, parse_dataset, record_from
from appliance.ingest.recorder import Received, utcnow
from appliance.ingest.statuses import RefusedInstance
from appliance.ingest.store import InstanceStore, StoredFile, part10_bytes

__all__ = ["Outcome", "Receiver", "Sink"]

log = logging.getLogger(__name__)


class Sink(Protocol):
    """Where stored instances go to be recorded (the catalogue writer)."""

    def submit(self, item: Received) -> None: ...


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: int
    message: str
    stored: StoredFile | None = None
    record: InstanceRecord | None = None


class Receiver:
    """Thread-safe: each association thread calls :meth:`receive` for its instances."""

    def __init__(self, store: InstanceStore, sink: Sink) -> None:
        self.store = store
        self.sink = sink
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {
            "stored": 0,
            "duplicates": 0,
            "new_versions": 0,
            "refused": 0,
        }

    def receive(
        self,
        dataset_bytes: bytes,
        transfer_syntax: str,
        *,
        calling_ae: str | None = None,
        peer_address: str | None = None,
    ) -> Outcome:
        source = f"{calling_ae or 'import'}@{peer_address or 'local'}"
        try:
            outcome = self._receive(dataset_bytes, transfer_syntax, calling_ae, peer_address)
        except RefusedInstance as exc:
            outcome = Outcome(exc.status, exc.message)
        except OutOfSpaceError as exc:
            outcome = Outcome(statuses.OUT_OF_RESOURCES, exc.message)
        except OSError as exc:
            status = (
                statuses.OUT_OF_RESOURCES
                if exc.errno in (errno.ENOSPC, errno.EDQUOT)
                else statuses.INTERNAL_ERROR
            )
            log.exception("storing an instance from %s failed", source)
            outcome = Outcome(status, f"cannot write to the store: {exc}")
        except Exception as exc:  # the network edge: answer, log, carry on
            log.exception("unexpected error receiving an instance from %s", source)
            outcome = Outcome(statuses.INTERNAL_ERROR, f"unexpected error: {exc}")
        self._count(outcome)
        if outcome.status != statuses.SUCCESS:
            log.warning(
                "refused an instance from %s: 0x%04X %s", source, outcome.status, outcome.message
            )
        return outcome

    def _receive(
        self, data: bytes, transfer_syntax: str, calling_ae: str | None, peer_address: str | None
    ) -> Outcome:
        dataset = parse_dataset(data, transfer_syntax)
        record = record_from(dataset, transfer_syntax)
        file_bytes = part10_bytes(
            data, record.sop_class_uid, record.sop_instance_uid, transfer_syntax
        )
        stored = self.store.put(file_bytes, record.sop_instance_uid)
        if stored.duplicate:
            return Outcome(statuses.SUCCESS, "identical copy already stored", stored, record)
        if stored.version > 1:
            log.warning(
                "SOP Instance %s arrived again with different content: kept as version %d (%s)",
                record.sop_instance_uid,
                stored.version,
                stored.path,
            )
        self.sink.submit(Received(record, stored, utcnow(), calling_ae, peer_address))
        return Outcome(statuses.SUCCESS, "stored", stored, record)

    def _count(self, outcome: Outcome) -> None:
        with self._lock:
            if outcome.status != statuses.SUCCESS:
                self.counts["refused"] += 1
            elif outcome.stored is not None and outcome.stored.duplicate:
                self.counts["duplicates"] += 1
            else:
                self.counts["stored"] += 1
                if outcome.stored is not None and outcome.stored.version > 1:
                    self.counts["new_versions"] += 1
