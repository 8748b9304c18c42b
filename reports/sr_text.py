"""Reading a radiology report's text out of a DICOM Structured Report.

Reporting systems send their reports to PACS (and so to ScanSide) as Basic Text, Enhanced or
Comprehensive SR. :func:`report_from_sr` walks the content tree in document order and joins the
TEXT items into the plain text the report reader (:mod:`reports.store`) splits into sentences.
Measurement reports (TID 1500, what ScanSide itself writes) carry numbers, not prose: they are
recognised and left alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

from pydicom.dataset import Dataset

__all__ = ["TEXT_SR_SOP_CLASSES", "SrReport", "is_measurement_report", "report_from_sr"]

TEXT_SR_SOP_CLASSES = frozenset(
    {
        "1.2.840.10008.5.1.4.1.1.88.11",  # Basic Text SR
        "1.2.840.10008.5.1.4.1.1.88.22",  # Enhanced SR
        "1.2.840.10008.5.1.4.1.1.88.33",  # Comprehensive SR
        "1.2.840.10008.5.1.4.1.1.88.34",  # Comprehensive 3D SR
    }
)
_MEASUREMENT_REPORT = ("126000", "DCM")  # Imaging Measurement Report (TID 1500)


@dataclasses.dataclass(frozen=True)
class SrReport:
    study_uid: str
    text: str
    report_date: dt.date | None


def _concept(item: Dataset) -> tuple[str, str] | None:
    seq = item.get("ConceptNameCodeSequence")
    if not seq:
        return None
    code = seq[0]
    return str(code.get("CodeValue", "")), str(code.get("CodingSchemeDesignator", ""))


def is_measurement_report(ds: Dataset) -> bool:
    """True for a TID 1500 Imaging Measurement Report (numbers, not a written report)."""
    return _concept(ds) == _MEASUREMENT_REPORT


def _texts(items: list[Dataset]) -> Iterator[str]:
    for item in items:
        if item.get("ValueType") == "TEXT" and str(item.get("TextValue", "")).strip():
            yield str(item.TextValue).strip()
        yield from _texts(list(item.get("ContentSequence", [])))


def _date(ds: Dataset) -> dt.date | None:
    for keyword in ("ContentDate", "StudyDate"):
        value = str(ds.get(keyword, "") or "")
        try:
            return dt.datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            continue
    return None


def report_from_sr(ds: Dataset) -> SrReport | None:
    """The report text of a text SR, or None when it is not one or holds no text."""
    if str(ds.get("SOPClassUID", "")) not in TEXT_SR_SOP_CLASSES or is_measurement_report(ds):
        return None
    paragraphs = [t if t.endswith((".", "!", "?")) else t + "." for t in _texts([ds])]
    if not paragraphs:
        return None
    return SrReport(str(ds.StudyInstanceUID), " ".join(paragraphs), _date(ds))
