"""Read a received data set into an :class:`InstanceRecord`: fast when it can, pydicom when not.

Called by the receiver for every instance (C-STORE and ``scanside import``) and by recovery.
The fast path (:func:`~appliance.ingest.header_scan.scan_header`) accepts an instance only when
it is plainly good: framing intact, the four UIDs valid, all native pixel data present, every
text value kept in ASCII. Anything else -- truncation, a bad UID, an ISO 2022 patient name, big
endian -- goes to :func:`~appliance.ingest.parsing.parse_dataset`, which decides exactly as
before, with its specific refusal. So the fast path can only make an acknowledgement cheaper,
never change what is acknowledged or what is catalogued (``tests/.../test_instance_reader.py``
compares the two on every test file pydicom ships).
"""

from __future__ import annotations

import struct
from typing import Any

from pydicom import uid
from pydicom.datadict import dictionary_VR, tag_for_keyword
from pydicom.errors import BytesLengthException, InvalidDicomError

from appliance.ingest import statuses
from appliance.ingest.header_scan import Flooded, HeaderScan, Truncated, Unsupported, scan_header
from appliance.ingest.limits import DEFAULT_LIMITS, DatasetLimits, DecodeClock
from appliance.ingest.parsing import (
    InstanceRecord,
    is_valid_uid,
    native_pixel_length,
    parse_dataset,
    record_from,
)
from appliance.ingest.sop_classes import TRANSFER_SYNTAXES
from appliance.ingest.statuses import RefusedInstance

__all__ = ["read_instance"]

_KEYWORDS = [
    "SOPClassUID",
    "SOPInstanceUID",
    "StudyInstanceUID",
    "SeriesInstanceUID",
    "PatientID",
    "IssuerOfPatientID",
    "PatientName",
    "PatientSex",
    "PatientBirthDate",
    "PatientAge",
    "AccessionNumber",
    "StudyDate",
    "StudyTime",
    "StudyDescription",
    "ReferringPhysicianName",
    "InstitutionName",
    "Modality",
    "BodyPartExamined",
    "SeriesNumber",
    "SeriesDescription",
    "ProtocolName",
    "StationName",
    "Manufacturer",
    "ManufacturerModelName",
    "InstanceNumber",
    "AcquisitionNumber",
    "NumberOfFrames",
    "ImagesInAcquisition",
    "NumberOfSlices",
    "ImagePositionPatient",
    "ImageOrientationPatient",
    "PixelSpacing",
    "SliceThickness",
    "SliceLocation",
    "Rows",
    "Columns",
    "BitsAllocated",
    "SamplesPerPixel",
    "SpecificCharacterSet",
]
_TAGS: dict[str, int] = {k: int(tag_for_keyword(k) or 0) for k in _KEYWORDS}
_VRS: dict[int, str] = {tag: dictionary_VR(tag) for tag in _TAGS.values()}
_BINARY = {"US": 2, "UL": 4}
_REQUIRED_UIDS = ("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID")
_FAST_SYNTAXES = frozenset(
    uid.UID(t)
    for t in TRANSFER_SYNTAXES
    if uid.UID(t).is_little_endian and not uid.UID(t).is_deflated
)


_DECODING_ERRORS = (
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    struct.error,
    RecursionError,
    OverflowError,
    NotImplementedError,
    EOFError,
    BytesLengthException,
    InvalidDicomError,
    OSError,  # pydicom's "No tag to read at file position ...": in memory, never the disk
)
"""What decoding a malformed data set raises, from pydicom or from the values it converts: the
sender is told "cannot decode" (0xC210), not "failed inside ScanSide" (0xC211)."""


class _NotPlain(Exception):
    """A value the fast path leaves to pydicom (not ASCII, odd binary length)."""


class _Scanned:
    """The scan's raw values, decoded on demand, behind the ``Dataset.get`` that
    :func:`record_from` uses."""

    def __init__(self, scan: HeaderScan) -> None:
        self.scan = scan

    def get(self, key: str, default: Any = None, /) -> Any:
        tag = _TAGS[key]
        found = self.scan.values.get(tag)
        if found is None:
            return default
        vr_bytes, raw = found
        vr = vr_bytes.decode("ascii") if vr_bytes and vr_bytes != b"UN" else _VRS[tag]
        if vr in _BINARY:
            size = _BINARY[vr]
            if len(raw) != size:
                raise _NotPlain(f"{key}: {len(raw)} bytes for one {vr}")
            return int.from_bytes(raw, "little")
        if not raw.isascii():
            raise _NotPlain(f"{key} is not ASCII")
        text = raw.decode("ascii")
        if "\\" in text:
            return [part.strip("\0 ") for part in text.split("\\")]
        return text.rstrip("\0 ") if vr == "UI" else text


def _plainly_good(scan: HeaderScan, values: _Scanned, ts: uid.UID) -> bool:
    """True when pydicom's checks would pass (see parse_dataset); False leaves it to them."""
    if scan.element_count == 0:
        return False
    for keyword in _REQUIRED_UIDS:
        value = values.get(keyword)
        if not isinstance(value, str) or not is_valid_uid(value.strip("\0 ")):
            return False
    if not all(values.get(k) is not None for k in ("Rows", "Columns", "BitsAllocated")):
        return True  # not an image: no pixel data to check
    try:
        expected = native_pixel_length(values)
    except RefusedInstance:
        return False  # an impossible size: pydicom's path refuses it with the reason
    if scan.float_pixels or scan.encapsulated:
        return scan.float_pixels or ts.is_compressed
    if scan.pixel_data_length is None or ts.is_compressed:
        return False
    return expected is not None and scan.pixel_data_length >= expected


def _fast(
    data: bytes,
    ts: uid.UID,
    limits: DatasetLimits = DEFAULT_LIMITS,
    clock: DecodeClock | None = None,
) -> InstanceRecord | None:
    if ts not in _FAST_SYNTAXES:
        return None
    clock = clock or DecodeClock(limits.max_decode_cpu_s)
    try:
        scan = scan_header(
            data,
            implicit=ts.is_implicit_VR,
            wanted=_TAGS.values(),
            max_top_level=limits.max_top_level_elements,
            max_elements=limits.max_elements,
            check=clock.check,
        )
        values = _Scanned(scan)
        if not _plainly_good(scan, values, ts):
            return None
        charset = values.get("SpecificCharacterSet")
        if charset not in (None, "", "ISO_IR 6", "ISO_IR 100", "ISO_IR 192"):
            return None  # ASCII text reads the same in these; others need pydicom
        return record_from(values, str(ts))
    except Flooded as exc:
        raise RefusedInstance(
            f"cannot decode the dataset: {exc}", status=statuses.CANNOT_DECODE
        ) from exc
    except (Truncated, Unsupported, _NotPlain):
        return None


def read_instance(
    data: bytes, transfer_syntax: str, limits: DatasetLimits = DEFAULT_LIMITS
) -> InstanceRecord:
    """The record of a data set as received, or :class:`RefusedInstance` with the reason.

    A data set with more elements than ``limits`` allow is refused (0xC210) by whichever
    path counts them first, before either walks millions of them. One CPU clock
    (``limits.max_decode_cpu_s``) runs over both paths, the inflation and the record: past
    it, 0xC217 (see :class:`~appliance.ingest.limits.DecodeClock`).
    """
    clock = DecodeClock(limits.max_decode_cpu_s)
    try:
        record = _fast(data, uid.UID(transfer_syntax), limits, clock)
        if record is not None:
            return record
        dataset = parse_dataset(data, transfer_syntax, limits, clock)
        record = record_from(dataset, transfer_syntax)
        clock.check()
        return record
    except _DECODING_ERRORS as exc:  # pydicom converts values lazily: errors surface late
        raise RefusedInstance(
            f"cannot decode the dataset: {type(exc).__name__}: {exc}",
            status=statuses.CANNOT_DECODE,
        ) from exc
