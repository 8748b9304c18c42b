"""One instance in, one DICOM status out: the path shared by C-STORE and ``scanside import``.

:meth:`Receiver.receive` parses and checks the dataset, stores it durably, hands it to the
catalogue writer, and returns an :class:`Outcome` whose ``status`` is what the sender is told.
Every expected failure becomes a status with a logged reason; an unexpected one is logged with
its traceback and answered 0xC211. Nothing raises out of :meth:`receive`, so pynetdicom's
association (and the next image on it) carries on.

When the C-STORE request announces the SOP Class and Instance UIDs (it must, and they must be
the dataset's), the file is written and fsync'd on a worker thread while this thread parses:
the fsync waits on the disk, the parse on the CPU. If the dataset turns out to carry other UIDs
the early file is dropped and the file is written again from the dataset's own.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from appliance.errors import OutOfSpaceError
from appliance.ingest import statuses
from appliance.ingest.instance_reader import read_instance
from appliance.ingest.parsing import InstanceRecord
from appliance.ingest.recorder import Received, utcnow
from appliance.ingest.statuses import RefusedInstance
from appliance.ingest.store import InstanceStore, Pending, StoredFile, part10_header

__all__ = ["Outcome", "Receiver", "Sink"]

log = logging.getLogger(__name__)

_UID = re.compile(r"^[0-9]+(\.[0-9]+)*$")


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

    def __init__(self, store: InstanceStore, sink: Sink, *, writers: int = 4) -> None:
        self.store = store
        self.sink = sink
        self._lock = threading.Lock()
        self._writers = ThreadPoolExecutor(max_workers=writers, thread_name_prefix="store-write")
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
        announced: tuple[str, str] | None = None,
    ) -> Outcome:
        """Store one dataset; ``announced`` is the request's (SOP Class, SOP Instance) UIDs."""
        source = f"{calling_ae or 'import'}@{peer_address or 'local'}"
        try:
            outcome = self._receive(
                dataset_bytes, transfer_syntax, calling_ae, peer_address, announced
            )
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

    def close(self) -> None:
        self._writers.shutdown(wait=True)

    def _receive(
        self,
        data: bytes,
        transfer_syntax: str,
        calling_ae: str | None,
        peer_address: str | None,
        announced: tuple[str, str] | None,
    ) -> Outcome:
        early = self._write_early(data, transfer_syntax, announced)
        try:
            record = read_instance(data, transfer_syntax)
        except BaseException:
            self._drop(early)
            raise
        if early is not None and announced == (record.sop_class_uid, record.sop_instance_uid):
            pending = early.result()
        else:
            self._drop(early)
            header = part10_header(record.sop_class_uid, record.sop_instance_uid, transfer_syntax)
            pending = self.store.prepare(header, data)
        stored = self.store.commit(pending, record.sop_instance_uid)
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

    def _write_early(
        self, data: bytes, transfer_syntax: str, announced: tuple[str, str] | None
    ) -> Future[Pending] | None:
        if announced is None or not all(_UID.match(u) and len(u) <= 64 for u in announced):
            return None
        header = part10_header(announced[0], announced[1], transfer_syntax)
        return self._writers.submit(self.store.prepare, header, data)

    def _drop(self, early: Future[Pending] | None) -> None:
        """Wait for an early write that will not be used, and delete its file."""
        if early is None:
            return
        try:
            pending = early.result()
        except (OutOfSpaceError, OSError):
            return  # nothing was left behind: prepare() cleans up after itself
        self.store.discard(pending)

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
