"""The DICOM statuses the receiver answers C-STORE requests with, and what each means.

pynetdicom's own convention (``apps/common.py``) is followed: 0xC210 for a dataset that cannot
be decoded, 0xC211 for an unexpected failure inside the handler, 0xA700 when out of resources.
The other 0xC2xx codes are ours, in the "Cannot understand" range of PS3.4 Annex B, and the
receiver logs the reason with every one. :class:`RefusedInstance` carries a status and a message
from the checks in :mod:`appliance.ingest.parsing` to the network edge.
"""

from __future__ import annotations

from appliance.errors import DicomInputError

__all__ = ["DESCRIPTIONS", "RefusedInstance"]

SUCCESS = 0x0000
SOP_CLASS_NOT_SUPPORTED = 0x0122
DATASET_CLASS_MISMATCH = 0xA900
OUT_OF_RESOURCES = 0xA700
CANNOT_DECODE = 0xC210
INTERNAL_ERROR = 0xC211
MISSING_ATTRIBUTE = 0xC212
INVALID_UID = 0xC213
TRUNCATED = 0xC214
INVALID_VALUE = 0xC215
INSTANCE_MISMATCH = 0xC216
DECODE_TOO_COSTLY = 0xC217

DESCRIPTIONS: dict[int, str] = {
    SUCCESS: "stored (or an identical copy was already stored)",
    SOP_CLASS_NOT_SUPPORTED: "refused: the SOP class is not one ScanSide stores on that context",
    DATASET_CLASS_MISMATCH: "refused: the data set's SOP class is not the one negotiated",
    OUT_OF_RESOURCES: "refused: out of resources (free disk space below storage.min_free_mb, "
    "or memory: dicom.max_dataset_mb, dicom.max_inflight_mb); send again later",
    CANNOT_DECODE: "refused: the dataset cannot be decoded",
    INTERNAL_ERROR: "failed: unexpected error while storing (see the service log)",
    MISSING_ATTRIBUTE: "refused: a required attribute (a UID) is missing or empty",
    INVALID_UID: "refused: a UID is not a valid DICOM UID",
    TRUNCATED: "refused: the data ends before the declared length (truncated)",
    INSTANCE_MISMATCH: "refused: the data set's SOP instance is not the one the request names",
    DECODE_TOO_COSTLY: "refused: decoding the data set took more CPU than dicom.max_decode_cpu_s "
    "allows (it would cost as much again if sent again)",
    INVALID_VALUE: "refused: the image's size (rows, columns, bits, samples, frames) is impossible",
}


class RefusedInstance(DicomInputError):
    """An instance that cannot be stored, with the DICOM status to answer."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status
