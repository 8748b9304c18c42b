"""Writing received instances into the catalogue, in batches, from one thread.

The file on disk is the truth; the catalogue is an index of it. So the receiver hands each
stored instance to :class:`CatalogueWriter` and answers the sender at once; the writer thread
collects what has arrived and records it in one transaction (patients, studies, series,
instances, and the series' counts), which costs far less than a transaction per image. A crash
before a batch is written loses no image: :mod:`appliance.ingest.recovery` indexes any file the
catalogue does not know. :func:`record_batch` is also used directly by recovery and import.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb

from appliance.catalogue.database import Database
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


def _unnest(sql: str) -> str:
    """``INSERT INTO t (a, b) VALUES {values} ...`` as ``INSERT INTO t (a, b) SELECT * FROM
    (SELECT unnest(?) AS a, unnest(?) AS b) ...``: one list parameter per column.

    A multi-row VALUES clause binds one parameter per cell, and DuckDB's cost grows with them
    (0.6 ms of CPU per instance in batches of 512); one list per column costs 0.1 ms.
    """
    head, _, tail = sql.partition(" VALUES {values}")
    columns = head[head.index("(") + 1 : head.rindex(")")].split(", ")
    select = ", ".join(f"unnest(?) AS {column}" for column in columns)
    return f"{head} SELECT * FROM (SELECT {select}){tail}"  # noqa: S608 - from the constants below only


def _columns(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Rows as one list per column, the parameters of an :func:`_unnest` statement."""
    return [list(column) for column in zip(*rows, strict=True)]


def _last_by(items: Iterable[Received], key: str) -> list[Received]:
    latest: dict[str, Received] = {}
    for item in items:
        latest[getattr(item.record, key)] = item
    return list(latest.values())


_PATIENTS = _unnest(
    "INSERT INTO patients (patient_id, patient_name, sex, birth_date) VALUES {values} "
    "ON CONFLICT (patient_id) DO UPDATE SET "
    "patient_name = coalesce(excluded.patient_name, patients.patient_name), "
    "sex = coalesce(excluded.sex, patients.sex), "
    "birth_date = coalesce(excluded.birth_date, patients.birth_date)"
)
_STUDIES = _unnest(
    "INSERT INTO studies (study_uid, patient_id, accession, study_date, study_time, modality, "
    "body_part, description, station, institution, referring_physician, patient_age_years, "
    "received_at, issuer_of_patient_id) VALUES {values} ON CONFLICT (study_uid) DO UPDATE SET "
    "accession = coalesce(studies.accession, excluded.accession), "
    "study_date = coalesce(studies.study_date, excluded.study_date), "
    "modality = coalesce(studies.modality, excluded.modality), "
    "body_part = coalesce(studies.body_part, excluded.body_part), "
    "description = coalesce(studies.description, excluded.description), "
    "station = coalesce(studies.station, excluded.station), "
    "institution = coalesce(studies.institution, excluded.institution), "
    "patient_age_years = coalesce(studies.patient_age_years, excluded.patient_age_years), "
    "issuer_of_patient_id = coalesce(studies.issuer_of_patient_id, excluded.issuer_of_patient_id)"
)
_SERIES = _unnest(
    "INSERT INTO series (series_uid, study_uid, modality, series_number, description, body_part, "
    "station, manufacturer, manufacturer_model, rows, columns, pixel_spacing_mm, "
    "slice_thickness_mm, expected_instances, first_received_at, last_received_at, calling_ae, "
    "peer_address, protocol_name) VALUES {values} ON CONFLICT (series_uid) DO UPDATE SET "
    "expected_instances = greatest(series.expected_instances, excluded.expected_instances), "
    "rows = coalesce(series.rows, excluded.rows), "
    "columns = coalesce(series.columns, excluded.columns), "
    "pixel_spacing_mm = coalesce(series.pixel_spacing_mm, excluded.pixel_spacing_mm), "
    "slice_thickness_mm = coalesce(series.slice_thickness_mm, excluded.slice_thickness_mm), "
    "protocol_name = coalesce(series.protocol_name, excluded.protocol_name)"
)
_INSTANCES = _unnest(
    "INSERT INTO instances (sop_instance_uid, version, series_uid, study_uid, sop_class_uid, "
    "transfer_syntax_uid, instance_number, image_position_mm, image_orientation, slice_location, "
    "rows, columns, path, sha256, size_bytes, received_at, calling_ae, acquisition_number, "
    "number_of_frames, pixel_spacing_mm, slice_thickness_mm, peer_address) VALUES {values} "
    "ON CONFLICT DO NOTHING RETURNING series_uid, received_at, version"
)
# Late images reopen a complete series: back to 'receiving', so it completes (and queues) again.
# instance_count counts SOP instances: a version 2+ row is a new copy of one already counted.
_TOUCH_SERIES = (
    "UPDATE series SET instance_count = instance_count + ?, "
    "last_received_at = greatest(last_received_at, ?), "
    "state = 'receiving', completed_at = NULL WHERE series_uid = ?"
)


def _patient_row(item: Received) -> list[Any]:
    r = item.record
    return [r.patient_id, r.patient_name, r.sex, r.birth_date]


def _study_row(item: Received) -> list[Any]:
    r = item.record
    return [
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
    ]


def _series_row(item: Received) -> list[Any]:
    r = item.record
    return [
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
    ]


def _instance_row(item: Received) -> list[Any]:
    r, s = item.record, item.stored
    return [
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
    ]


def _list(values: tuple[float, ...] | None) -> list[float] | None:
    return list(values) if values is not None else None


def record_batch(db: Database, items: Sequence[Received]) -> int:
    """Record instances (and their patient, study, series) in one transaction; return new rows."""
    if not items:
        return 0
    with db.transaction() as con:
        for sql, key, row in (
            (_PATIENTS, "patient_id", _patient_row),
            (_STUDIES, "study_uid", _study_row),
            (_SERIES, "series_uid", _series_row),
        ):
            con.execute(sql, _columns([row(i) for i in _last_by(items, key)]))
        inserted = con.execute(_INSTANCES, _columns([_instance_row(i) for i in items])).fetchall()
        latest: dict[str, datetime] = {}
        new: dict[str, int] = {}
        for series_uid, received_at, version in inserted:
            latest[series_uid] = max(received_at, latest.get(series_uid, received_at))
            new[series_uid] = new.get(series_uid, 0) + (1 if version == 1 else 0)
        for series_uid, received_at in latest.items():
            con.execute(_TOUCH_SERIES, [new[series_uid], received_at, series_uid])
    return len(inserted)


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
        except (CatalogueError, duckdb.Error):
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
