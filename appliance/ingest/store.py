"""The durable image store: an instance is on disk, whole, before anyone is told it is.

:meth:`InstanceStore.put` writes a DICOM Part 10 file (zeroed 128-byte preamble, file meta built
from the dataset's own UIDs) to a temporary file in ``layout.incoming``, fsyncs it, renames it
into ``store/ab/<sha256>.dcm`` and fsyncs the folder. Only then does the receiver answer
success. The name is the SHA-256 of the SOP Instance UID, never received text, so no UID can
steer a path (pynetdicom issue #823). The same UID with identical bytes is a duplicate (nothing
is written); with other bytes it is kept beside the first as ``<sha256>.v2.dcm``, ``.v3``...
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import hashlib
import logging
import os
import re
import shutil
import struct
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from appliance.errors import OutOfSpaceError
from appliance.layout import DataLayout

__all__ = [
    "InstanceStore",
    "Pending",
    "StoredFile",
    "TempFile",
    "name_key",
    "part10_header",
    "version_of",
]

log = logging.getLogger(__name__)

_MIB = 1024 * 1024
RESERVE_CHECK_BYTES = _MIB
"""How often (in bytes written) a file being written checks the disk reserve: a statvfs call
costs microseconds, a MiB takes a millisecond or more to arrive."""
_NAME = re.compile(r"^([0-9a-f]{64})(?:\.v([0-9]+))?\.dcm$")
IMPLEMENTATION_VERSION = "SCANSIDE_01"
# Our Implementation Class UID: a UUID-derived UID (PS3.5 B.2), fixed for ScanSide.
IMPLEMENTATION_UID = "2.25.161668929448293180954061753362126437846"


@dataclasses.dataclass(frozen=True)
class StoredFile:
    """Where an instance landed: ``path`` relative to the data directory."""

    path: str
    version: int
    sha256: str | None
    """None until the catalogue writer hashes the file, after the acknowledgement (hashing a
    512 KB slice costs 2-4 ms of CPU here: more than everything else the answer waits for)."""
    size_bytes: int
    duplicate: bool


@dataclasses.dataclass(frozen=True)
class Pending:
    """A durable temporary file not yet renamed into the store."""

    temp: Path
    parts: tuple[bytes, ...]
    size: int


def name_key(sop_instance_uid: str) -> str:
    """The file name stem for an instance: SHA-256 of its UID, hex."""
    return hashlib.sha256(sop_instance_uid.encode("ascii", "replace")).hexdigest()


def version_of(path: Path) -> int | None:
    """The version encoded in a store file name, or None when the name is not ours."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return int(match.group(2)) if match.group(2) else 1


def _element(group_element: int, vr: bytes, value: bytes) -> bytes:
    """One explicit VR little endian element (the file meta's fixed encoding, PS3.10 7.1)."""
    tag = struct.pack("<HH", group_element >> 16, group_element & 0xFFFF)
    if vr == b"OB":
        return tag + vr + b"\x00\x00" + struct.pack("<L", len(value)) + value
    return tag + vr + struct.pack("<H", len(value)) + value


def _ui(uid: str) -> bytes:
    raw = uid.encode("ascii")
    return raw + b"\x00" if len(raw) % 2 else raw


def part10_bytes(
    dataset_bytes: bytes, sop_class_uid: str, sop_instance_uid: str, transfer_syntax: str
) -> bytes:
    """A dataset as received, prefixed by :func:`part10_header`: a whole Part 10 file."""
    return part10_header(sop_class_uid, sop_instance_uid, transfer_syntax) + dataset_bytes


def part10_header(sop_class_uid: str, sop_instance_uid: str, transfer_syntax: str) -> bytes:
    """A zeroed preamble, ``DICM`` and our file meta, to write before a dataset as received.

    The UIDs come from the dataset and have passed :func:`appliance.ingest.parsing.parse_dataset`
    (digits and dots), so encoding them needs no further escaping. Hand-encoded: pydicom's
    writer costs milliseconds per instance for these six elements.
    """
    version = IMPLEMENTATION_VERSION.encode("ascii")
    body = b"".join(
        (
            _element(0x00020001, b"OB", b"\x00\x01"),
            _element(0x00020002, b"UI", _ui(sop_class_uid)),
            _element(0x00020003, b"UI", _ui(sop_instance_uid)),
            _element(0x00020010, b"UI", _ui(transfer_syntax)),
            _element(0x00020012, b"UI", _ui(IMPLEMENTATION_UID)),
            _element(0x00020013, b"SH", version + (b" " if len(version) % 2 else b"")),
        )
    )
    group_length = _element(0x00020000, b"UL", struct.pack("<L", len(body)))
    return b"".join((b"\x00" * 128, b"DICM", group_length, body))


# fdatasync flushes the data and the metadata needed to read it back (the size), not the times:
# enough for a file that is renamed into place and whose folder is then fsync'd.
_sync_data = getattr(os, "fdatasync", os.fsync)


def _start_writeback_function() -> Callable[[int, int, int], None]:
    """Linux's ``sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE)``, else a no-op.

    It starts writing a range of a file to the disk and returns at once. Called after each
    fragment of a data set is written, it lets the disk work while the sender is still sending,
    so the ``fdatasync`` after the last fragment waits for little more than the last one.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.sync_file_range
    except (OSError, AttributeError):
        return lambda fd, offset, length: None
    function.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)

    def start(fd: int, offset: int, length: int) -> None:
        function(fd, offset, length, _SYNC_FILE_RANGE_WRITE)  # a failure only loses the head start

    return start


_SYNC_FILE_RANGE_WRITE = 2
_start_writeback = _start_writeback_function()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reraise(exc: OSError) -> NoReturn:
    """A full disk as :class:`OutOfSpaceError` (answered 0xA700); any other error as it is."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        raise OutOfSpaceError(f"the disk filled up while writing: {exc}") from exc
    raise exc


class TempFile:
    """A temporary file in ``tmp/``, written piece by piece, then fsync'd into a :class:`Pending`.

    The receiver writes each P-DATA fragment of a data set as it arrives, so the page-cache
    copy overlaps with the sender still sending, and only the ``fdatasync`` is left when the
    last fragment is in. On any error the file is removed before the error is raised.
    """

    def __init__(self, path: Path, reserve: Callable[[], None] | None = None) -> None:
        self.path = path
        self.size = 0
        self._reserve = reserve
        self._unchecked = 0
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)

    def write(self, data: bytes | memoryview) -> None:
        """Append ``data``; every ``RESERVE_CHECK_BYTES`` written, check the disk reserve
        (``reserve`` raises OutOfSpaceError below it), so a large or stalled transfer cannot
        take the disk under ``storage.min_free_mb`` while it is being written."""
        assert self._fd is not None, "write after sync or discard"
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            self.discard()
            _reraise(exc)
        _start_writeback(self._fd, self.size, len(data))
        self.size += len(data)
        self._unchecked += len(data)
        if self._reserve is not None and self._unchecked >= RESERVE_CHECK_BYTES:
            self._unchecked = 0
            try:
                self._reserve()
            except OutOfSpaceError:
                self.discard()
                raise

    def sync(self, parts: tuple[bytes, ...]) -> Pending:
        """fdatasync and close; ``parts`` are the bytes written (kept to compare duplicates)."""
        assert self._fd is not None, "sync after sync or discard"
        try:
            _sync_data(self._fd)
        except OSError as exc:
            self.discard()
            _reraise(exc)
        os.close(self._fd)
        self._fd = None
        return Pending(self.path, parts, self.size)

    def discard(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.path.unlink(missing_ok=True)


class InstanceStore:
    """Writes instances durably; safe to call from many association threads at once."""

    def __init__(self, layout: DataLayout, *, min_free_mb: int) -> None:
        self.layout = layout
        self.min_free_bytes = min_free_mb * _MIB
        self._lock = threading.Lock()
        layout.store.mkdir(parents=True, exist_ok=True)
        layout.incoming.mkdir(parents=True, exist_ok=True)
        self._create_top_folders()

    def _create_top_folders(self) -> None:
        """Make store/00 .. store/ff once: an instance then never creates a folder, so storing it
        costs two fsyncs (file, folder), not three or four as with deeper, lazily made folders."""
        missing = [f"{i:02x}" for i in range(256) if not (self.layout.store / f"{i:02x}").is_dir()]
        for name in missing:
            (self.layout.store / name).mkdir(exist_ok=True)
        if missing:
            _fsync_dir(self.layout.store)

    def free_bytes(self) -> int:
        return shutil.disk_usage(self.layout.store).free

    def path_for(self, key: str, version: int) -> Path:
        suffix = ".dcm" if version == 1 else f".v{version}.dcm"
        return self.layout.store / key[:2] / f"{key}{suffix}"

    def digest(self, stored: StoredFile) -> str:
        """The SHA-256 of a stored file (hex), for the catalogue."""
        return hashlib.sha256((self.layout.root / stored.path).read_bytes()).hexdigest()

    def put(self, data: bytes, sop_instance_uid: str) -> StoredFile:
        """Store a Part 10 file durably and return where; raise OutOfSpaceError when full."""
        return self.commit(self.prepare(data), sop_instance_uid)

    def prepare(self, *parts: bytes) -> Pending:
        """First half of :meth:`put`: check space, write ``parts`` (one file) and fsync it.

        Needs no name, so the receiver can run it while it is still parsing the dataset.
        """
        size = sum(len(part) for part in parts)
        self.check_space(size)
        temp = TempFile(self._temp_path())
        try:
            for part in parts:
                temp.write(part)
        except BaseException:
            temp.discard()
            raise
        return temp.sync(parts)

    def open_temp(self) -> TempFile:
        """A new temporary file to write an instance into as its fragments arrive."""
        self.check_space(0)
        return TempFile(self._temp_path(), reserve=lambda: self.check_space(0))

    def _temp_path(self) -> Path:
        return self.layout.incoming / f"{uuid.uuid4().hex}.part"

    def commit(self, pending: Pending, sop_instance_uid: str) -> StoredFile:
        """Second half of :meth:`put`: rename into place (or drop a duplicate), fsync the folder."""
        try:
            final, version, duplicate = self._place(pending, name_key(sop_instance_uid))
        except BaseException:
            pending.temp.unlink(missing_ok=True)
            raise
        if not duplicate:
            _fsync_dir(final.parent)
        relative = final.relative_to(self.layout.root).as_posix()
        return StoredFile(relative, version, None, pending.size, duplicate)

    @staticmethod
    def discard(pending: Pending) -> None:
        """Drop a prepared file that will not be committed (the instance was refused)."""
        pending.temp.unlink(missing_ok=True)

    def check_space(self, size: int) -> None:
        """Raise OutOfSpaceError if storing ``size`` more bytes would pass the threshold."""
        free = self.free_bytes()
        if free - size < self.min_free_bytes:
            raise OutOfSpaceError(
                f"only {free // _MIB} MiB free on {self.layout.store}, below storage.min_free_mb "
                f"({self.min_free_bytes // _MIB} MiB): free space or lower the threshold"
            )

    def _place(self, pending: Pending, key: str) -> tuple[Path, int, bool]:
        """Rename the file to the first free version, unless an identical version exists."""
        temp = pending.temp
        with self._lock:
            version = 1
            while True:
                candidate = self.path_for(key, version)
                if not candidate.exists():
                    break
                if self._same_content(candidate, pending.parts):
                    temp.unlink()
                    return candidate, version, True
                version += 1
            new_dir = not candidate.parent.exists()
            candidate.parent.mkdir(parents=True, exist_ok=True)
            os.rename(temp, candidate)
        if new_dir:
            _fsync_dir(candidate.parent.parent)
        return candidate, version, False

    @staticmethod
    def _same_content(path: Path, parts: tuple[bytes, ...]) -> bool:
        size = sum(len(part) for part in parts)
        return path.stat().st_size == size and path.read_bytes() == b"".join(parts)

    def clear_incoming(self) -> int:
        """Delete temporary files left by a crash (they were never acknowledged)."""
        removed = 0
        for leftover in self.layout.incoming.iterdir():
            if leftover.is_file():
                leftover.unlink()
                removed += 1
        return removed
