"""Writing result files so that a crash never leaves a half-written one behind.

Each file is written to a temporary name in the same folder, flushed to disk (``fsync``), renamed
into place (atomic on one file system) and the folder entry is flushed too. After a power cut a
result is either complete under its name or absent. The outbox depends on this: an object is
recorded for sending only once its file is durable. Used by :mod:`appliance.results.files`
and :mod:`appliance.results.publisher`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

from pydicom.dataset import Dataset

from appliance.errors import ResultsError

__all__ = ["dicom_bytes", "safe_stem", "sync_folder", "write_durably"]

_UID = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def safe_stem(uid: str) -> str:
    """A file-name stem for a UID from received data: the UID if it is one, else its hash.

    UIDs come from the network; one like ``../../etc`` must never become a path (see
    pynetdicom issue #823).
    """
    if len(uid) <= 64 and _UID.match(uid):
        return uid
    return "x" + hashlib.sha256(uid.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def dicom_bytes(dataset: Dataset) -> bytes:
    """The dataset as a DICOM Part 10 file."""
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def write_durably(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and durably; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
        sync_folder(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ResultsError(f"cannot write {path}: {exc}") from exc
    return path


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename or link) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
