"""What the RIS and the EHR need to know about a study besides the findings, read once.

An HL7 message and a FHIR Bundle both name the patient and the order the images were made for:
the patient's name, birth date and sex, the accession number, the study's date and time. They
come from the headers of the analysed images; this module turns one header into plain values so
the two builders (:mod:`~appliance.results.hl7`, :mod:`~appliance.results.fhir`) never read DICOM
themselves. Called by :mod:`appliance.results.messages`.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time

from pydicom.dataset import Dataset

from appliance.findings import SeriesAnalysis

__all__ = ["StudyContext", "study_context"]


@dataclasses.dataclass(frozen=True)
class StudyContext:
    """Patient, order and study of one analysed series; empty where the images say nothing."""

    study_uid: str
    series_uid: str
    patient_id: str
    family_name: str
    given_names: tuple[str, ...]
    birth_date: date | None
    sex: str
    """``M``, ``F``, ``O`` or empty (DICOM Patient's Sex)."""
    accession: str
    placer_order: str
    """Placer Order Number / Imaging Service Request (0040,2016), when the modality copied it."""
    filler_order: str
    """Filler Order Number / Imaging Service Request (0040,2017)."""
    study_datetime: datetime | None
    study_description: str
    modality: str
    image_count: int


def study_context(analysis: SeriesAnalysis, first: Dataset, image_count: int) -> StudyContext:
    """The context of ``analysis`` from the header of one of its images."""
    name = first.get("PatientName")
    family, given = ("", ()) if name is None else _split_name(str(name))
    return StudyContext(
        study_uid=analysis.study_uid,
        series_uid=analysis.series_uid,
        patient_id=analysis.patient_id,
        family_name=family,
        given_names=given,
        birth_date=_date(str(first.get("PatientBirthDate", "") or "")),
        sex=str(first.get("PatientSex", "") or "").strip().upper()[:1],
        accession=str(first.get("AccessionNumber", "") or "").strip(),
        placer_order=str(first.get("PlacerOrderNumberImagingServiceRequest", "") or "").strip(),
        filler_order=str(first.get("FillerOrderNumberImagingServiceRequest", "") or "").strip(),
        study_datetime=_datetime(
            str(first.get("StudyDate", "") or ""), str(first.get("StudyTime", "") or "")
        ),
        study_description=str(first.get("StudyDescription", "") or "").strip(),
        modality=str(first.get("Modality", "") or "CT").strip() or "CT",
        image_count=image_count,
    )


def _split_name(value: str) -> tuple[str, tuple[str, ...]]:
    """DICOM PN ``family^given^middle^prefix^suffix`` (alphabetic group only)."""
    parts = value.split("=", maxsplit=1)[0].split("^")
    family = parts[0].strip()
    given = tuple(p.strip() for p in parts[1:3] if p.strip())
    return family, given


def _date(value: str) -> date | None:
    value = value.strip()
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def _datetime(day: str, clock: str) -> datetime | None:
    found = _date(day)
    if found is None:
        return None
    digits = clock.strip().split(".")[0]
    try:
        hour, minute, second = int(digits[0:2] or 0), int(digits[2:4] or 0), int(digits[4:6] or 0)
        return datetime.combine(found, time(hour, minute, second))
    except ValueError:
        return datetime.combine(found, time())
