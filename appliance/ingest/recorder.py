"""Writing received instances into the catalogue, in batches, from one thread.

The file on disk is the truth; the catalogue is an index of it. So the receiver hands each
stored instance to :class:`CatalogueWriter` and answers the sender at once; the writer thread
collects what has arrived and records it in one transaction (patients, studies, series,
instances, and the series' counts: :mod:`appliance.catalogue.instances` holds the statements),
which costs far less than a transaction per image. A crash before a batch is written loses no
image: :mod:`appliance.ingest.recovery` indexes any file the catalogue does not know.
:func:`record_batch` is also used directly by recovery and import.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from appliance.catalogue.database import Database
from appliance.catalogue.instances import (
    InstanceRow,
    PatientRow,
    SeriesRow,
    StudyRow,
    record_instances,
)
from appliance.errors import CatalogueError
from appliance.ingest.parsing import InstanceRecord
from appliance.ingest.store import StoredFile

__all__ = ["CatalogueWriter", "Received", "record_batch", "utcnow"]

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    """Naive UTC, as every timestamp written by ingest is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclasses.dataclass(frozen=True)
class Received:
    """One durable instance waiting to be recorded."""

    record: InstanceRecord
    stored: StoredFile
    received_at: datetime
    calling_ae: str | None = None
    peer_address: str | None = None


def _patient_row(item: Received) -> PatientRow:
    r = item.record
    return PatientRow(r.patient_id, r.patient_name, r.sex, r.birth_date)


def _study_row(item: Received) -> StudyRow:
    r = item.record
    return StudyRow(
        r.study_uid,
        r.patient_id,
        r.accession,
        r.study_date,
        r.study_time,
        r.modality,
        r.body_part,
        r.study_description,
        r.station,
        r.institution,
        r.referring_physician,
        r.age_years,
        item.received_at,
        r.issuer_of_patient_id,
    )


def _series_row(item: Received) -> SeriesRow:
    r = item.record
    return SeriesRow(
        r.series_uid,
        r.study_uid,
        r.modality,
        r.series_number,
        r.series_description,
        r.body_part,
        r.station,
        r.manufacturer,
        r.manufacturer_model,
        r.rows,
        r.columns,
        _list(r.pixel_spacing_mm),
        r.slice_thickness_mm,
        r.expected_instances,
        item.received_at,
        item.received_at,
        item.calling_ae,
        item.peer_address,
        r.protocol_name,
    )


def _instance_row(item: Received) -> InstanceRow:
    r, s = item.record, item.stored
    return InstanceRow(
        r.sop_instance_uid,
        s.version,
        r.series_uid,
        r.study_uid,
        r.sop_class_uid,
        r.transfer_syntax_uid,
        r.instance_number,
        _list(r.image_position_mm),
        _list(r.image_orientation),
        r.slice_location,
        r.rows,
        r.columns,
        s.path,
        s.sha256,
        s.size_bytes,
        item.received_at,
        item.calling_ae,
        r.acquisition_number,
        r.number_of_frames,
        _list(r.pixel_spacing_mm),
        r.slice_thickness_mm,
        item.peer_address,
    )


def _list(values: tuple[float, ...] | None) -> list[float] | None:
    return list(values) if values is not None else None


def record_batch(db: Database, items: Sequence[Received]) -> int:
    """Record instances (and their patient, study, series) in one transaction; return new rows
    (:func:`appliance.catalogue.instances.record_instances`)."""
    return record_instances(
        db,
        [_patient_row(i) for i in items],
        [_study_row(i) for i in items],
        [_series_row(i) for i in items],
        [_instance_row(i) for i in items],
    )


_WRITER_NICENESS = 10


def _yield_to_receivers() -> None:
    """Lower this thread's CPU priority (Linux schedules threads one by one).

    Hashing each file and the DuckDB transactions are the writer's CPU; on a 2-core box they
    would otherwise compete with the association threads, whose every millisecond a sender
    waits for. The writer catches up whenever the receivers wait on the network or the disk.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _WRITER_NICENESS)
    except (AttributeError, OSError) as exc:  # not Linux, or not permitted: run as is
        log.debug("catalogue writer keeps its priority: %s", exc)


class CatalogueWriter:
    """A Component: one thread that records received instances in batches."""

    name = "catalogue-writer"

    def __init__(
        self,
        db: Database,
        *,
        digest: Callable[[StoredFile], str],
        max_batch: int = 1024,
        max_delay_s: float = 1.0,
    ) -> None:
        self.db = db
        self.digest = digest
        self.max_batch = max_batch
        self.max_delay_s = max_delay_s
        self._queue: queue.Queue[Received | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._recorded = 0
        self._batches = 0
        self._failures = 0
        self._idle = threading.Condition()

    def submit(self, item: Received) -> None:
        self._queue.put(item)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="catalogue-writer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Record everything already submitted, then end the thread."""
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join()
        self._thread = None

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything submitted so far is recorded; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._queue.unfinished_tasks == 0, timeout)

    def status(self) -> dict[str, Any]:
        return {
            "pending": self._queue.qsize(),
            "recorded": self._recorded,
            "batches": self._batches,
            "failed_batches": self._failures,
        }

    def _run(self) -> None:
        _yield_to_receivers()
        while True:
            batch, stopping = self._collect()
            self._write(batch)
            self._done(len(batch) + (1 if stopping else 0))
            if stopping:
                return

    def _collect(self) -> tuple[list[Received], bool]:
        """Wait for one item, then gather more for up to ``max_delay_s``: one transaction for a
        burst of images costs little more than one for a single image."""
        first = self._queue.get()
        if first is None:
            return [], True
        batch = [first]
        deadline = time.monotonic() + self.max_delay_s
        while len(batch) < self.max_batch:
            remaining = deadline - time.monotonic()
            try:
                item = (
                    self._queue.get(timeout=remaining)
                    if remaining > 0
                    else self._queue.get_nowait()
                )
            except queue.Empty:
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _hashed(self, batch: list[Received]) -> list[Received]:
        """Fill in each file's SHA-256, which the receiver leaves to this thread."""
        done: list[Received] = []
        for item in batch:
            if item.stored.sha256 is not None:
                done.append(item)
                continue
            try:
                digest = self.digest(item.stored)
            except OSError as exc:
                log.error("cannot read %s to record it: %s", item.stored.path, exc)
                continue
            done.append(dataclasses.replace(
                item, stored=dataclasses.replace(item.stored, sha256=digest)
            ))  # fmt: skip
        return done

    def _write(self, batch: list[Received]) -> None:
        try:
            self._recorded += record_batch(self.db, self._hashed(batch))
            self._batches += 1 if batch else 0
        except CatalogueError:
            # The files are durable; recovery at the next start indexes what was missed.
            self._failures += 1
            log.exception(
                "recording %d instances failed; they will be indexed at the next start", len(batch)
            )

    def _done(self, count: int) -> None:
        with self._idle:
            for _ in range(count):
                self._queue.task_done()
            self._idle.notify_all()
