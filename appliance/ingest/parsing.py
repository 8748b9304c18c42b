"""Reading a received dataset: the checks that decide whether it can be stored, and its attributes.

Called by :mod:`appliance.ingest.receiver` for every instance (C-STORE or import) and by
:mod:`appliance.ingest.recovery` for files found on disk. The dataset is decoded once, from the
bytes as received; the values the catalogue needs are copied into an :class:`InstanceRecord`,
so nothing downstream touches pydicom. pydicom reads truncated data silently, so the checks
here compare each element's declared length with the bytes that arrived.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zlib
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from pydicom import Dataset, uid
from pydicom.dataelem import RawDataElement
from pydicom.errors import InvalidDicomError
from pydicom.filebase import DicomBytesIO
from pydicom.filereader import _read_file_meta_info, read_dataset, read_preamble

from appliance.ingest import statuses
from appliance.ingest.limits import (
    DEFAULT_LIMITS,
    DatasetLimits,
    DecodeClock,
    ElementCounter,
    inflate,
)
from appliance.ingest.statuses import RefusedInstance

__all__ = [
    "Attributes",
    "InstanceRecord",
    "is_valid_uid",
    "native_pixel_length",
    "parse_dataset",
    "record_from",
    "split_part10",
]

_UID = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_REQUIRED_UIDS = ("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID")
_UNDEFINED = 0xFFFFFFFF


@dataclasses.dataclass(frozen=True)
class InstanceRecord:
    """What the catalogue keeps about one instance (and its patient, study and series)."""

    sop_instance_uid: str
    sop_class_uid: str
    study_uid: str
    series_uid: str
    transfer_syntax_uid: str
    patient_id: str
    issuer_of_patient_id: str | None = None
    patient_name: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    age_years: int | None = None
    accession: str | None = None
    study_date: date | None = None
    study_time: str | None = None
    study_description: str | None = None
    referring_physician: str | None = None
    institution: str | None = None
    modality: str | None = None
    body_part: str | None = None
    series_number: int | None = None
    series_description: str | None = None
    protocol_name: str | None = None
    station: str | None = None
    manufacturer: str | None = None
    manufacturer_model: str | None = None
    instance_number: int | None = None
    acquisition_number: int | None = None
    number_of_frames: int | None = None
    expected_instances: int | None = None
    image_position_mm: tuple[float, ...] | None = None
    image_orientation: tuple[float, ...] | None = None
    pixel_spacing_mm: tuple[float, ...] | None = None
    slice_thickness_mm: float | None = None
    slice_location: float | None = None
    rows: int | None = None
    columns: int | None = None


class _ClockedBytesIO(DicomBytesIO):
    """pydicom reads every element, nested or not, through ``read``: every
    :data:`_READS_PER_CHECK` reads look at the decoding clock, which stops the decode from
    inside a deep or wide sequence that no ``stop_when`` callback sees."""

    def __init__(self, data: bytes, clock: DecodeClock) -> None:
        super().__init__(data)
        self._clock = clock
        self._reads = 0
        self._read_buffer = self.read  # DicomIO binds its buffer's read on the instance
        self.read = self._clocked_read  # type: ignore[method-assign]

    def _clocked_read(self, size: int = -1, /) -> bytes:
        self._reads += 1
        if self._reads % _READS_PER_CHECK == 0:
            self._clock.check()
        return self._read_buffer(size)


_READS_PER_CHECK = 2048
"""About a thousand elements' reads: a millisecond or two of pydicom's decoding."""


def parse_dataset(
    data: bytes,
    transfer_syntax: str,
    limits: DatasetLimits = DEFAULT_LIMITS,
    clock: DecodeClock | None = None,
) -> Dataset:
    """Decode a dataset as received (no file meta) or raise :class:`RefusedInstance`.

    A deflated data set is inflated within ``limits`` (0xA700 past them); more top-level
    elements than ``limits`` allow are refused before pydicom has walked them all (0xC210);
    inflating and reading stop once ``clock`` (by default one started here, for
    ``limits.max_decode_cpu_s``) has run out (0xC217).
    """
    ts = uid.UID(transfer_syntax)
    clock = clock or DecodeClock(limits.max_decode_cpu_s)
    try:
        if ts == uid.DeflatedExplicitVRLittleEndian:
            data = inflate(data, limits, clock)
        fp = _ClockedBytesIO(data, clock)
        fp.name = "<received dataset>"  # pydicom's error message concatenates the name
        dataset = read_dataset(
            fp,  # type: ignore[arg-type]
            ts.is_implicit_VR,
            ts.is_little_endian,
            stop_when=ElementCounter(limits.max_top_level_elements),
        )
    except (
        zlib.error,
        InvalidDicomError,
        ValueError,
        KeyError,
        NotImplementedError,
        EOFError,
    ) as exc:
        raise RefusedInstance(
            f"cannot decode the dataset: {exc}", status=statuses.CANNOT_DECODE
        ) from exc
    if len(dataset) == 0:
        raise RefusedInstance("the dataset is empty or not DICOM", status=statuses.CANNOT_DECODE)
    clock.check()
    _check_lengths(dataset)
    _check_uids(dataset)
    _check_pixel_data(dataset, ts)
    clock.check()
    return dataset


def split_part10(data: bytes) -> tuple[str, bytes]:
    """Split a DICOM Part 10 file into its transfer syntax and its dataset bytes (for import)."""
    fp = io.BytesIO(data)
    try:
        read_preamble(fp, force=False)
        meta = _read_file_meta_info(fp)  # pydicom's public wrapper wants a path
        start = fp.tell()
    except (InvalidDicomError, ValueError, EOFError, TypeError) as exc:
        raise RefusedInstance(
            f"not a DICOM Part 10 file (no preamble and file meta): {exc}",
            status=statuses.CANNOT_DECODE,
        ) from exc
    ts = str(meta.get("TransferSyntaxUID", "") or "")
    if not ts:
        raise RefusedInstance(
            "the file meta has no Transfer Syntax UID", status=statuses.CANNOT_DECODE
        )
    return ts, data[start:]


def _check_lengths(dataset: Dataset) -> None:
    """pydicom keeps a short value when the data ends early; that is a truncated transfer."""
    tags = dataset.keys()  # iterating the dataset itself would convert every value
    for tag in tags:
        raw = dataset.get_item(tag)
        if not isinstance(raw, RawDataElement) or raw.length == _UNDEFINED:
            continue
        if raw.value is not None and len(raw.value) < raw.length:
            raise RefusedInstance(
                f"element {raw.tag} declares {raw.length} bytes but only {len(raw.value)} arrived",
                status=statuses.TRUNCATED,
            )


def is_valid_uid(value: str) -> bool:
    """Digits and dots, no empty component, at most 64 characters (PS3.5 9.1)."""
    return 0 < len(value) <= 64 and _UID.match(value) is not None


def _check_uids(dataset: Dataset) -> None:
    for keyword in _REQUIRED_UIDS:
        value = str(dataset.get(keyword, "") or "").strip("\0 ")
        if not value:
            raise RefusedInstance(
                f"{keyword} is missing or empty", status=statuses.MISSING_ATTRIBUTE
            )
        if not is_valid_uid(value):
            raise RefusedInstance(
                f"{keyword} {value[:80]!r} is not a valid UID (digits and dots, at most 64)",
                status=statuses.INVALID_UID,
            )


def _check_pixel_data(dataset: Dataset, ts: uid.UID) -> None:
    """An image must carry its pixels: all of them if uncompressed, else whole fragments; and
    its size must make sense either way."""
    if not all(k in dataset for k in ("Rows", "Columns", "BitsAllocated")):
        return
    expected = native_pixel_length(dataset)
    if "PixelData" not in dataset:
        if any(k in dataset for k in ("FloatPixelData", "DoubleFloatPixelData")):
            return
        raise RefusedInstance(
            "the image has no Pixel Data, or its encapsulated pixel data ends early",
            status=statuses.TRUNCATED,
        )
    if ts.is_compressed:
        return
    actual = len(dataset.get_item("PixelData").value or b"")
    if expected is not None and actual < expected:
        raise RefusedInstance(
            f"Pixel Data has {actual} bytes, the image needs {expected}", status=statuses.TRUNCATED
        )


_IMAGE_SIZE = (
    ("BitsAllocated", True),
    ("Rows", True),
    ("Columns", True),
    ("SamplesPerPixel", False),
    ("NumberOfFrames", False),
)
"""The attributes whose product is the native pixel data's size; True where the image needs it
(a missing optional one counts 1)."""


def native_pixel_length(values: Attributes) -> int | None:
    """Bytes of uncompressed Pixel Data the image needs; None when it is not an image (Rows,
    Columns or Bits Allocated absent).

    Raises :class:`RefusedInstance` (``INVALID_VALUE``) when one of the five is not a single
    positive integer: a NumberOfFrames of "0", "-1" or "ab" would otherwise make any pixel data
    look long enough.
    """
    if any(values.get(keyword) is None for keyword, needed in _IMAGE_SIZE if needed):
        return None
    bits = 1
    for keyword, _needed in _IMAGE_SIZE:
        bits *= _size_factor(values, keyword)
    return (bits + 7) // 8


def _size_factor(values: Attributes, keyword: str) -> int:
    """One factor of the image size: a positive integer, or 1 when absent or empty."""
    value = values.get(keyword)
    if value is None or (isinstance(value, str) and not value.strip("\0 ")):
        return 1
    number: int | None = None
    if isinstance(value, int):
        number = int(value)
    elif isinstance(value, (str, float)):
        number = _integer(str(value).strip("\0 "))
    if number is None or number < 1:
        raise RefusedInstance(
            f"{keyword} is {str(value)[:40]!r}: the image size needs a positive integer",
            status=statuses.INVALID_VALUE,
        )
    return number


def _integer(text: str) -> int | None:
    """An IS value as an integer ("2", "+2", "2.0"); None when it is not one."""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


class Attributes(Protocol):
    """What :func:`record_from` reads: a pydicom Dataset, or the values of a header scan."""

    def get(self, key: str, default: Any = None, /) -> Any: ...


def _text(dataset: Attributes, keyword: str) -> str | None:
    try:
        value = dataset.get(keyword)
    except (ValueError, TypeError, LookupError, AttributeError):  # badly encoded: left out
        return None
    if value is None:
        return None
    text = str(value).strip("\0 ")
    return text or None


def _int(dataset: Attributes, keyword: str) -> int | None:
    text = _text(dataset, keyword)
    try:
        return int(float(text)) if text is not None else None
    except ValueError:
        return None


def _float(dataset: Attributes, keyword: str) -> float | None:
    text = _text(dataset, keyword)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _floats(dataset: Attributes, keyword: str, count: int) -> tuple[float, ...] | None:
    try:
        value: Any = dataset.get(keyword)
        if value is None:
            return None
        items: Sequence[Any] = (
            value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        )
        numbers = tuple(float(v) for v in items)
    except (TypeError, ValueError):
        return None
    return numbers if len(numbers) == count else None


def _date(text: str | None) -> date | None:
    if text is None or len(text) < 8 or not text[:8].isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def age_in_years(birth: date | None, on: date | None, patient_age: str | None) -> int | None:
    """Whole years on the study date; else the Patient's Age attribute when it is in years."""
    if birth is not None and on is not None and on >= birth:
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if (
        patient_age
        and len(patient_age) == 4
        and patient_age.endswith("Y")
        and patient_age[:3].isdigit()
    ):
        return int(patient_age[:3])
    return None


def expected_instances(dataset: Attributes) -> int | None:
    """How many instances the series should hold, when the data says so.

    Images in Acquisition (0020,1002) for CT/MR and others; Number of Slices (0054,0081) for PET
    and NM. Multi-frame objects without either say nothing about their series.
    """
    count = _int(dataset, "ImagesInAcquisition")
    if count is None and _text(dataset, "Modality") in ("PT", "NM"):
        count = _int(dataset, "NumberOfSlices")
    return count if count is not None and count > 0 else None


def _uid(dataset: Attributes, keyword: str) -> str:
    return str(dataset.get(keyword, "")).strip("\0 ")


def record_from(dataset: Attributes, transfer_syntax: str) -> InstanceRecord:
    """Copy what the catalogue needs out of a dataset that passed :func:`parse_dataset`."""
    birth = _date(_text(dataset, "PatientBirthDate"))
    study_date = _date(_text(dataset, "StudyDate"))
    return InstanceRecord(
        sop_instance_uid=_uid(dataset, "SOPInstanceUID"),
        sop_class_uid=_uid(dataset, "SOPClassUID"),
        study_uid=_uid(dataset, "StudyInstanceUID"),
        series_uid=_uid(dataset, "SeriesInstanceUID"),
        transfer_syntax_uid=str(transfer_syntax),
        patient_id=_text(dataset, "PatientID") or "",
        issuer_of_patient_id=_text(dataset, "IssuerOfPatientID"),
        patient_name=_text(dataset, "PatientName"),
        sex=_text(dataset, "PatientSex"),
        birth_date=birth,
        age_years=age_in_years(birth, study_date, _text(dataset, "PatientAge")),
        accession=_text(dataset, "AccessionNumber"),
        study_date=study_date,
        study_time=_text(dataset, "StudyTime"),
        study_description=_text(dataset, "StudyDescription"),
        referring_physician=_text(dataset, "ReferringPhysicianName"),
        institution=_text(dataset, "InstitutionName"),
        modality=_text(dataset, "Modality"),
        body_part=_text(dataset, "BodyPartExamined"),
        series_number=_int(dataset, "SeriesNumber"),
        series_description=_text(dataset, "SeriesDescription"),
        protocol_name=_text(dataset, "ProtocolName"),
        station=_text(dataset, "StationName"),
        manufacturer=_text(dataset, "Manufacturer"),
        manufacturer_model=_text(dataset, "ManufacturerModelName"),
        instance_number=_int(dataset, "InstanceNumber"),
        acquisition_number=_int(dataset, "AcquisitionNumber"),
        number_of_frames=_int(dataset, "NumberOfFrames"),
        expected_instances=expected_instances(dataset),
        image_position_mm=_floats(dataset, "ImagePositionPatient", 3),
        image_orientation=_floats(dataset, "ImageOrientationPatient", 6),
        pixel_spacing_mm=_floats(dataset, "PixelSpacing", 2),
        slice_thickness_mm=_float(dataset, "SliceThickness"),
        slice_location=_float(dataset, "SliceLocation"),
        rows=_int(dataset, "Rows"),
        columns=_int(dataset, "Columns"),
    )
