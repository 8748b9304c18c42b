"""One instance in, one DICOM status out: the path shared by C-STORE and ``scanside import``.

:meth:`Receiver.receive` parses and checks the dataset, stores it durably, hands it to the
catalogue writer, and returns an :class:`Outcome` whose ``status`` is what the sender is told.
Every expected failure becomes a status with a logged reason; an unexpected one is logged with
its traceback and answered 0xC211. Nothing raises out of :meth:`receive` or
:meth:`Incoming.finish`, so the association (and the next image on it) carries on.

An instance can arrive in fragments (:meth:`Receiver.begin` -> :meth:`Incoming.add` ... ->
:meth:`Incoming.finish`): when the C-STORE request announced the SOP Class and Instance UIDs
(it must, and they must be the dataset's), the file meta and each fragment are written to the
temporary file as they arrive, while the sender is still sending; when the last one is in,
the ``fdatasync`` runs on a worker thread while this thread reads the header: the one waits on
the disk, the other on the CPU. If the data set turns out to carry other UIDs, or another
SOP class than its presentation context, it is refused and the early file deleted (a sender
told "X stored" must have had X stored). ``scanside import`` and
:meth:`Receiver.receive` hand over a whole data set as one fragment.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from appliance.errors import OutOfSpaceError
from appliance.ingest import statuses
from appliance.ingest.decode_share import DecodeShare
from appliance.ingest.inflight import InflightBudget
from appliance.ingest.instance_reader import read_instance
from appliance.ingest.limits import DEFAULT_LIMITS, DatasetLimits
from appliance.ingest.parsing import InstanceRecord, is_valid_uid
from appliance.ingest.recorder import Received, utcnow
from appliance.ingest.sop_classes import STORAGE_SOP_CLASSES
from appliance.ingest.statuses import RefusedInstance
from appliance.ingest.store import InstanceStore, Pending, StoredFile, TempFile, part10_header

__all__ = ["Incoming", "Outcome", "Receiver", "Sink"]

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


class Incoming:
    """One instance arriving fragment by fragment on an association (see the module doc)."""

    def __init__(
        self,
        receiver: Receiver,
        transfer_syntax: str,
        *,
        calling_ae: str | None,
        peer_address: str | None,
        announced: tuple[str, str] | None,
        negotiated_class: str | None = None,
    ) -> None:
        self.receiver = receiver
        self.negotiated_class = negotiated_class
        self.transfer_syntax = transfer_syntax
        self.calling_ae = calling_ae
        self.peer_address = peer_address
        self.announced = announced
        self._parts: list[bytes | memoryview] = []
        self._received = 0
        self._held = 0
        """Bytes of this data set reserved from the receiver's :class:`InflightBudget`."""
        self._data: bytes | None = None
        self._temp: TempFile | None = None
        self._failure: Exception | None = None
        """Why the instance will be refused, once known: its later fragments are dropped."""
        refusal = _class_refusal(announced, negotiated_class)
        if refusal is not None:
            self._failure = refusal
        elif announced is not None and all(is_valid_uid(u) for u in announced):
            self._header = part10_header(announced[0], announced[1], transfer_syntax)
            self._start_early()

    def _start_early(self) -> None:
        try:
            self._temp = self.receiver.store.open_temp()
            self._temp.write(self._header)
        except (OutOfSpaceError, OSError) as exc:  # answered when the data set is whole
            self._temp, self._failure = None, exc

    def add(self, fragment: bytes | memoryview) -> None:
        """Take the next fragment of the data set (it is not copied).

        Past ``dicom.max_dataset_mb``, past what all associations together may hold
        (``dicom.max_inflight_mb``), or once writing it has failed (the disk reserve
        reached), the instance is refused: what was kept is dropped, and so is every later
        fragment, so a refused data set holds neither memory nor disk while it goes on
        arriving.
        """
        if self._failure is not None:
            return
        self._received += len(fragment)
        limits = self.receiver.limits
        if self._received > limits.max_bytes:
            self._fail(limits.too_large(self._received))
            return
        inflight = self.receiver.inflight
        if not inflight.reserve(len(fragment)):
            self._fail(inflight.exhausted(len(fragment)))
            return
        self._held += len(fragment)
        self._parts.append(fragment)
        if self._temp is None:
            return
        try:
            self._temp.write(fragment)
        except (OutOfSpaceError, OSError) as exc:  # the temp file is gone already
            self._temp = None
            self._fail(exc)

    def _fail(self, reason: Exception) -> None:
        self._failure = reason
        self.abandon()

    def abandon(self) -> None:
        """The association ended before the last fragment: nothing was acknowledged."""
        if self._temp is not None:
            self._temp.discard()
            self._temp = None
        self.release()

    def release(self) -> None:
        """Drop the data set's bytes and give them back to the in-flight budget (once the
        instance is answered, refused or abandoned)."""
        self._parts, self._data = [], None
        self.receiver.inflight.release(self._held)
        self._held = 0

    def finish(self) -> Outcome:
        """Store the whole data set; never raises (the status says what happened)."""
        return self.receiver._finish(self)

    def data(self) -> bytes:
        """The whole data set, joined once (the header read and the early file share it)."""
        if self._data is None:
            self._data = b"".join(self._parts)
            self._parts = []  # the fragments' buffers can go: one copy is enough
        return self._data

    def early(self) -> Future[Pending] | None:
        """The early file, being fdatasync'd on a worker thread; raise what writing it raised."""
        if self._failure is not None:
            raise self._failure
        if self._temp is None:
            return None
        temp, self._temp = self._temp, None
        return self.receiver._writers.submit(temp.sync, (self._header, self.data()))


def _class_refusal(
    announced: tuple[str, str] | None, negotiated_class: str | None
) -> RefusedInstance | None:
    """Why a request cannot be stored before its data set arrives: the command names another
    SOP class than its presentation context, or that class is not one ScanSide stores."""
    if negotiated_class is None:
        return None  # not over the network (import): no context to agree with
    named = announced[0] if announced is not None else ""
    if named != negotiated_class:
        return RefusedInstance(
            f"the request names SOP class {named[:64]!r} on a presentation context "
            f"negotiated for {negotiated_class}",
            status=statuses.SOP_CLASS_NOT_SUPPORTED,
        )
    if negotiated_class not in STORAGE_SOP_CLASSES:
        return RefusedInstance(
            f"SOP class {negotiated_class} is not a storage class ScanSide accepts",
            status=statuses.SOP_CLASS_NOT_SUPPORTED,
        )
    return None


def _check_agreement(incoming: Incoming, record: InstanceRecord) -> None:
    """The data set must be of the negotiated class and be the instance the request names."""
    negotiated = incoming.negotiated_class
    if negotiated is not None and record.sop_class_uid != negotiated:
        raise RefusedInstance(
            f"the data set is of SOP class {record.sop_class_uid}, the presentation context "
            f"and the request are for {negotiated}",
            status=statuses.DATASET_CLASS_MISMATCH,
        )
    if incoming.announced is not None and record.sop_instance_uid != incoming.announced[1]:
        raise RefusedInstance(
            f"the data set holds SOP instance {record.sop_instance_uid}, the request names "
            f"{incoming.announced[1][:64]!r}",
            status=statuses.INSTANCE_MISMATCH,
        )


class Receiver:
    """Thread-safe: each association thread hands over its instances."""

    def __init__(
        self,
        store: InstanceStore,
        sink: Sink,
        *,
        writers: int = 4,
        limits: DatasetLimits = DEFAULT_LIMITS,
        inflight: InflightBudget | None = None,
        decode_share: DecodeShare | None = None,
    ) -> None:
        self.store = store
        self.sink = sink
        self.limits = limits
        self.inflight = inflight if inflight is not None else InflightBudget()
        self.decode_share = decode_share if decode_share is not None else DecodeShare()
        self._lock = threading.Lock()
        self._writers = ThreadPoolExecutor(max_workers=writers, thread_name_prefix="store-write")
        self.counts: dict[str, int] = {
            "stored": 0,
            "duplicates": 0,
            "new_versions": 0,
            "refused": 0,
        }

    def begin(
        self,
        transfer_syntax: str,
        *,
        calling_ae: str | None = None,
        peer_address: str | None = None,
        announced: tuple[str, str] | None = None,
        negotiated_class: str | None = None,
    ) -> Incoming:
        """Start receiving one instance; ``announced`` is the request's (SOP Class, Instance),
        ``negotiated_class`` its presentation context's abstract syntax. Over the network
        (both given), the command, the context and the data set must agree on the SOP class,
        which must be one of ``STORAGE_SOP_CLASSES``, and the data set must be the instance
        the request names; else the instance is refused (0x0122, 0xA900, 0xC216)."""
        return Incoming(
            self,
            transfer_syntax,
            calling_ae=calling_ae,
            peer_address=peer_address,
            announced=announced,
            negotiated_class=negotiated_class,
        )

    def receive(
        self,
        dataset_bytes: bytes,
        transfer_syntax: str,
        *,
        calling_ae: str | None = None,
        peer_address: str | None = None,
        announced: tuple[str, str] | None = None,
    ) -> Outcome:
        """Store one whole dataset (as :meth:`begin`, one :meth:`Incoming.add`, ``finish``)."""
        incoming = self.begin(
            transfer_syntax, calling_ae=calling_ae, peer_address=peer_address, announced=announced
        )
        incoming.add(dataset_bytes)
        return incoming.finish()

    def _finish(self, incoming: Incoming) -> Outcome:
        source = f"{incoming.calling_ae or 'import'}@{incoming.peer_address or 'local'}"
        try:
            outcome = self._store(incoming)
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
        finally:
            incoming.release()
        self._count(outcome)
        if outcome.status != statuses.SUCCESS:
            log.warning(
                "refused an instance from %s: 0x%04X %s", source, outcome.status, outcome.message
            )
        return outcome

    def close(self) -> None:
        self._writers.shutdown(wait=True)

    def _store(self, incoming: Incoming) -> Outcome:
        data = incoming.data()
        ts = incoming.transfer_syntax
        try:
            early = incoming.early()
        except BaseException:
            incoming.abandon()
            raise
        try:
            self.store.check_space(0 if early is not None else len(data))  # early: written
            with self.decode_share.turn(incoming.peer_address):  # one sender, one decode
                record = read_instance(data, ts, self.limits)
            _check_agreement(incoming, record)
        except BaseException:
            self._drop(early)
            raise
        if early is not None and incoming.announced == (
            record.sop_class_uid,
            record.sop_instance_uid,
        ):
            pending = early.result()
        else:
            self._drop(early)
            header = part10_header(record.sop_class_uid, record.sop_instance_uid, ts)
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
        self.sink.submit(
            Received(record, stored, utcnow(), incoming.calling_ae, incoming.peer_address)
        )
        return Outcome(statuses.SUCCESS, "stored", stored, record)

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
