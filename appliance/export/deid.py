"""De-identifying DICOM objects for a research export, consistently across the whole export.

One :class:`Deidentifier` serves one export. It applies the rules of
:mod:`appliance.export.profile` to every element of a dataset, nested sequences and the SR
content tree included, and keeps everything that must stay consistent between the files:

- **UIDs** (study, series, instance, frame of reference, and every reference to them) become
  ``2.25.<n>`` with ``n`` from an HMAC of the original under the export's secret key: the same
  original always gets the same new UID within the export, so SR and SEG still reference their
  images, and nothing outside the box can reverse it. UIDs defined by DICOM itself (SOP classes,
  transfer syntaxes) are kept. A UID written inside a text (a finding's tracking identifier is
  ``<series UID>.<n>``) is replaced the same way.
- **Patients** get a pseudonym (``SSX-<8 hex>``, also their Patient's Name) and a date offset of
  365 to 3,650 days back; **accession numbers** a pseudonym too. :attr:`Deidentifier.pseudonyms`
  holds the map (original -> pseudonym), which the exporter keeps on the box for admins only.
- **Identifying text** seen in the header (names, IDs, accession, institution, station, dates in
  DICOM and ISO form) is collected before anything changes; a kept text (a descriptor, a text in
  the SR) that contains any of it is emptied (Clean Descriptors).
- **Burned-in annotation**: an image that says it has some (Burned In Annotation = YES), or a kind
  of image that often has some without saying so (secondary capture, ultrasound, ...), is refused
  with :class:`BurnedInAnnotationError`.

Private attributes are removed; the result says what was done (Patient Identity Removed,
De-identification Method and its codes, Longitudinal Temporal Information Modified). Called by
:mod:`appliance.export.exporter`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from appliance.errors import ExportError
from appliance.export import profile

__all__ = ["BurnedInAnnotationError", "Deidentifier", "PatientPseudonym"]

_UID_IN_TEXT = re.compile(r"(?<!\d)\d+(?:\.\d+){3,}(?!\.?\d)")
"""A UID, or the tail of one cut at a dot (an LO keeps the last 64 characters of a long id)."""
_TEXT_VRS = frozenset({"LO", "SH", "ST", "LT", "UT", "UC", "PN", "AE", "UR"})  # not CS: codes
_NO_DECLARATION_NEEDED = frozenset({"CT", "MR", "PT", "NM", "SEG", "SR", "RTSTRUCT", "REG"})
_MIN_TOKEN = 3
_DICOM_ROOT = "1.2.840.10008."
"""Every UID the standard defines (SOP classes, transfer syntaxes, ...) is under this root."""


class BurnedInAnnotationError(ExportError):
    """The image has, or may have, identifying text in its pixels; it is not exported."""


@dataclasses.dataclass(frozen=True)
class PatientPseudonym:
    """A patient's pseudonym within one export and the days their dates move."""

    pseudonym: str
    offset_days: int


class Deidentifier:
    """Consistent de-identification for one export (see the module docstring)."""

    def __init__(self, key: bytes, *, prefix: str = "SSX") -> None:
        if len(key) < 16:
            raise ValueError('Argument "key" must be at least 16 bytes')
        self._key = key
        self._prefix = prefix
        self._actions = profile.basic_profile()
        self.patients: dict[str, PatientPseudonym] = {}
        self.accessions: dict[str, str] = {}
        self.uids: dict[str, str] = {}

    @property
    def pseudonyms(self) -> dict[str, dict[str, str]]:
        """The map that stays on the box: patients, accessions and UIDs, original -> new."""
        return {
            "patients": {k: v.pseudonym for k, v in self.patients.items()},
            "date_offsets_days": {k: str(v.offset_days) for k, v in self.patients.items()},
            "accessions": dict(self.accessions),
            "uids": dict(self.uids),
        }

    def _digest(self, kind: str, value: str) -> bytes:
        return hmac.new(self._key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()

    def uid(self, original: str) -> str:
        """The export's UID for ``original`` (DICOM's own UIDs are returned unchanged)."""
        original = original.strip("\x00 ")
        if not original or original.startswith(_DICOM_ROOT):
            return original
        new = self.uids.get(original)
        if new is None:
            new = f"2.25.{int.from_bytes(self._digest('uid', original)[:16], 'big')}"
            self.uids[original] = new
        return new

    def patient(self, patient_id: str) -> PatientPseudonym:
        """The pseudonym and date offset of ``patient_id`` in this export."""
        found = self.patients.get(patient_id)
        if found is None:
            digest = self._digest("patient", patient_id)
            found = PatientPseudonym(
                pseudonym=f"{self._prefix}-{digest[:4].hex().upper()}",
                offset_days=-(365 + int.from_bytes(digest[4:8], "big") % 3286),
            )
            self.patients[patient_id] = found
        return found

    def accession(self, original: str) -> str:
        if not original:
            return ""
        found = self.accessions.get(original)
        if found is None:
            found = f"A{self._digest('accession', original)[:6].hex().upper()}"
            self.accessions[original] = found
        return found

    def deidentify(self, ds: Dataset) -> Dataset:
        """De-identify ``ds`` in place and return it; BurnedInAnnotationError when refused."""
        _check_burned_in(ds)
        patient = self.patient(str(ds.get("PatientID", "") or ""))
        context = _Context(patient, _identifying_text(ds))
        accession = self.accession(str(ds.get("AccessionNumber", "") or ""))
        self._walk(ds, context)
        ds.PatientID = patient.pseudonym
        ds.PatientName = patient.pseudonym
        if "AccessionNumber" in ds:
            ds.AccessionNumber = accession
        _declare(ds)
        if ds.get("file_meta") is not None:
            self._file_meta(ds)
        return ds

    def _file_meta(self, ds: Dataset) -> None:
        meta = ds.file_meta
        if "MediaStorageSOPInstanceUID" in meta:
            meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        for keyword in ("SourceApplicationEntityTitle", "SendingApplicationEntityTitle"):
            if keyword in meta:
                delattr(meta, keyword)

    def _walk(self, ds: Dataset, context: _Context) -> None:
        for tag in list(ds.keys()):
            element = ds[tag]
            if tag.is_private:
                del ds[tag]
                continue
            if not self._apply(ds, element, context):
                del ds[tag]

    def _apply(self, ds: Dataset, element: DataElement, context: _Context) -> bool:
        """Apply the rule for one element; False when it is to be removed."""
        tag, vr = element.tag, element.VR
        action = self._actions.get(tag, "K")
        if vr == "SQ":
            return self._sequence(element, action, context)
        if vr == "UI" and action != "X":
            element.value = self._uids(element.value)
            return True
        if vr in ("DA", "DT") and tag not in profile.PATIENT_DATES:
            element.value = _shift(element.value, vr, context.patient.offset_days)
            return True
        if vr == "TM" and tag not in profile.PATIENT_DATES:
            return True  # times of day are kept with the Modified Dates option
        if tag in profile.DESCRIPTORS:
            element.value = self._clean(element.value, context)
            return True
        if action == "K":
            if vr in _TEXT_VRS:
                element.value = self._clean(element.value, context)
            return True
        if action.startswith("X") and "D" not in action and "Z" not in action:
            return False
        if "D" in action:
            element.value = _dummy(vr, element.VM)
        else:
            element.value = None if vr not in ("OB", "OW", "UN") else b""
        return True

    def _sequence(self, element: DataElement, action: str, context: _Context) -> bool:
        if element.tag == profile.CONTENT_SEQUENCE or action in ("K", "X/Z/U*", "D", "X/D"):
            for item in element.value:
                self._walk(item, context)
            return True
        if action in ("Z", "Z/D"):
            element.value = Sequence()
            return True
        if action in ("X/Z", "X/Z/D"):
            # Removed, unless the writer left it empty on purpose (a Type 2 sequence): then
            # it stays empty. An empty Type 3 sequence is an error, a missing Type 2 one too.
            return len(element.value) == 0
        return False  # X

    def _uids(self, value: object) -> object:
        if isinstance(value, str):
            return self.uid(value)
        if isinstance(value, Iterable):
            return [self.uid(str(v)) for v in value]
        return value

    def text(self, value: str) -> str:
        """``value`` with every UID in it replaced by the export's UID for it.

        A UID-like text that extends a UID already seen by one component (a finding id,
        ``<series UID>.<n>``) keeps that shape: ``<new series UID>.<n>``.
        """
        return _UID_IN_TEXT.sub(lambda m: self._uid_in_text(m.group(0)), value)

    def _uid_in_text(self, found: str) -> str:
        parent, _, last = found.rpartition(".")
        if found not in self.uids and parent in self.uids:
            return f"{self.uids[parent]}.{last}"
        return self.uid(found)

    def _clean(self, value: object, context: _Context) -> object:
        """A kept text: UIDs in it replaced; emptied when it contains identifying text."""
        if value is None:
            return value
        if not isinstance(value, str) and isinstance(value, Iterable):
            return [self._clean(v, context) for v in value]
        text = self.text(str(value))
        upper = text.upper()
        if any(token in upper for token in context.tokens):
            return ""
        return text


@dataclasses.dataclass(frozen=True)
class _Context:
    patient: PatientPseudonym
    tokens: frozenset[str]


def _check_burned_in(ds: Dataset) -> None:
    declared = str(ds.get("BurnedInAnnotation", "") or "").strip().upper()
    modality = str(ds.get("Modality", "") or "").strip().upper()
    where = f"{ds.get('SOPInstanceUID', '?')} ({modality or 'no modality'})"
    if declared == "YES":
        raise BurnedInAnnotationError(f"{where}: Burned In Annotation is YES")
    if declared != "NO" and "PixelData" in ds and modality not in _NO_DECLARATION_NEEDED:
        raise BurnedInAnnotationError(
            f"{where}: may carry burned-in text (Burned In Annotation not declared "
            "for this kind of image); check it by eye and export it by other means"
        )


_IDENTIFYING = (
    "PatientName",
    "PatientID",
    "OtherPatientIDs",
    "OtherPatientNames",
    "PatientBirthName",
    "PatientMotherBirthName",
    "AccessionNumber",
    "InstitutionName",
    "InstitutionAddress",
    "InstitutionalDepartmentName",
    "ReferringPhysicianName",
    "PerformingPhysicianName",
    "OperatorsName",
    "NameOfPhysiciansReadingStudy",
    "StationName",
    "DeviceSerialNumber",
    "StudyID",
    "RequestingPhysician",
)
_DATES = ("PatientBirthDate", "StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate")


def _identifying_text(ds: Dataset) -> frozenset[str]:
    """Upper-case strings that identify the patient, the visit or the place, from the header."""
    tokens: set[str] = set()
    for keyword in _IDENTIFYING:
        value = ds.get(keyword)
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item or "").strip().upper()
            if len(text) >= _MIN_TOKEN:
                tokens.add(text)
            tokens.update(p for p in re.split(r"[\^=\s,]+", text) if len(p) >= _MIN_TOKEN)
    for keyword in _DATES:
        raw = str(ds.get(keyword, "") or "").strip()
        if len(raw) == 8 and raw.isdigit():
            tokens.update({raw, f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"})
    return frozenset(tokens)


def _shift(value: object, vr: str, days: int) -> object:
    if isinstance(value, list | tuple):
        return [_shift(v, vr, days) for v in value]
    text = str(value or "").strip()
    if len(text) < 8 or not text[:8].isdigit():
        return "" if text else value
    try:
        day = datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        return ""
    moved = day + timedelta(days=days)
    moved = max(moved, date(1900, 1, 1))
    return moved.strftime("%Y%m%d") + (text[8:] if vr == "DT" else "")


def _dummy(vr: str, vm: int) -> object:
    values: dict[str, object] = {
        "PN": "ANONYMOUS",
        "DA": "19000101",
        "DT": "19000101000000",
        "TM": "000000",
        "AS": "000Y",
        "DS": "0",
        "IS": "0",
        "UR": "http://anonymized.invalid",
        "OB": b"",
        "OW": b"",
        "UN": b"",
    }
    if vr in ("US", "SS", "UL", "SL", "FL", "FD", "SV", "UV"):
        return 0
    return values.get(vr, "ANONYMIZED")


def _declare(ds: Dataset) -> None:
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = list(profile.METHOD_TEXT)
    codes = []
    for value, meaning in profile.METHOD_CODES:
        item = Dataset()
        item.CodeValue = value
        item.CodingSchemeDesignator = "DCM"
        item.CodeMeaning = meaning
        codes.append(item)
    ds.DeidentificationMethodCodeSequence = Sequence(codes)
    ds.LongitudinalTemporalInformationModified = "MODIFIED"
