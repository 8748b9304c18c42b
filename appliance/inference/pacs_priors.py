"""Priors from PACS: earlier ScanSide SRs of the patient, found by C-FIND and fetched by C-GET.

:func:`appliance.inference.priors.compare_with_priors` calls :func:`fetch_prior_reports` (through
the ``remote`` argument the dispatcher builds with :func:`remote_priors`) for each PACS named in
``followup.pacs_priors``, before it looks in the catalogue. A study-level C-FIND (PatientID,
StudyDate range) lists the patient's earlier studies; a series-level C-FIND in each finds the SR
and SEG series ScanSide wrote (by their series descriptions); a series-level C-GET brings them.
:func:`appliance.results.reader.read_sr` reads the SR back to findings, and the SEG gives the
centre of each finding whose region in the SR is a segment
(:func:`appliance.results.reader.segment_centres`). They are cheap (kilobytes to a few hundred)
and carry every measurement the comparison needs; images are not fetched.

A PACS that is down or slow costs at most ``followup.pacs_timeout_s`` per association and
delays only the comparison: :class:`PriorFetchError` is caught by the caller, which says in
the comparison which PACS failed and compares with the catalogue alone.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pydicom
from pydicom.dataset import Dataset
from pynetdicom import AE, build_role, evt
from pynetdicom.association import Association
from pynetdicom.events import Event
from pynetdicom.sop_class import (  # type: ignore[attr-defined]
    Comprehensive3DSRStorage,
    SegmentationStorage,
    StudyRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelGet,
)

from appliance.config import PacsDestination
from appliance.errors import ScanSideError
from appliance.results.reader import ReportedFinding, ReportedSeries, read_sr, segment_centres

__all__ = ["PriorFetchError", "PriorReport", "fetch_prior_reports", "remote_priors"]

SR_DESCRIPTION = "ScanSide lung nodule measurements"
"""The series description :func:`appliance.results.sr.build_sr` writes."""
SEG_DESCRIPTION = "ScanSide lung nodule segmentation"
"""The series description :func:`appliance.results.seg.build_seg` writes."""


class PriorFetchError(ScanSideError):
    """A PACS could not be asked for priors (refused, unreachable, timed out)."""

    title = "Priors from PACS"


@dataclasses.dataclass(frozen=True)
class PriorReport:
    """One earlier ScanSide SR from a PACS, read back."""

    pacs: str
    study_date: date
    report: ReportedSeries
    centres: dict[str, tuple[float, float, float]] = dataclasses.field(default_factory=dict)
    """Tracking UID -> centre, from the study's ScanSide SEG (for SRs whose regions are
    segments)."""

    def centre_of(self, finding: ReportedFinding) -> tuple[float, float, float] | None:
        """Where the finding is: the SR's point, else its segment's centre, else unknown."""
        return finding.center_mm or self.centres.get(finding.tracking_uid)


def _date(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except (ValueError, IndexError):
        return None


def _find(assoc: Association, query: Dataset, dest: PacsDestination) -> Iterator[Dataset]:
    for status, identifier in assoc.send_c_find(query, StudyRootQueryRetrieveInformationModelFind):
        if not status or "Status" not in status:
            raise PriorFetchError(f"PACS {dest.name}: the C-FIND got no answer")
        if status.Status in (0xFF00, 0xFF01) and identifier is not None:
            yield identifier
        elif status.Status != 0x0000:
            raise PriorFetchError(f"PACS {dest.name}: C-FIND failed with 0x{status.Status:04X}")


def _studies(
    assoc: Association, dest: PacsDestination, patient_id: str, since: date, before: date
) -> list[tuple[str, date]]:
    query = Dataset()
    query.QueryRetrieveLevel = "STUDY"
    query.PatientID = patient_id
    query.StudyDate = f"{since:%Y%m%d}-{before:%Y%m%d}"
    query.StudyInstanceUID = ""
    found = []
    for identifier in _find(assoc, query, dest):
        when = _date(str(identifier.get("StudyDate", "")))
        if when is not None and since <= when < before:
            found.append((str(identifier.StudyInstanceUID), when))
    return sorted(found, key=lambda s: s[1], reverse=True)


def _result_series(assoc: Association, dest: PacsDestination, study_uid: str) -> list[str]:
    """The study's ScanSide SR and SEG series (the SEG holds the centres of an SR's segments)."""
    query = Dataset()
    query.QueryRetrieveLevel = "SERIES"
    query.StudyInstanceUID = study_uid
    query.SeriesInstanceUID = ""
    query.Modality = ""
    query.SeriesDescription = ""
    return [
        str(s.SeriesInstanceUID)
        for s in _find(assoc, query, dest)
        if str(s.get("SeriesDescription", "")) in (SR_DESCRIPTION, SEG_DESCRIPTION)
    ]


def _get(assoc: Association, dest: PacsDestination, study_uid: str, series_uid: str) -> None:
    query = Dataset()
    query.QueryRetrieveLevel = "SERIES"
    query.StudyInstanceUID = study_uid
    query.SeriesInstanceUID = series_uid
    for status, _ in assoc.send_c_get(query, StudyRootQueryRetrieveInformationModelGet):
        if not status or "Status" not in status:
            raise PriorFetchError(f"PACS {dest.name}: the C-GET got no answer")
        if status.Status not in (0x0000, 0xFF00, 0xB000):
            raise PriorFetchError(f"PACS {dest.name}: C-GET failed with 0x{status.Status:04X}")


def _store_into(folder: Path) -> Callable[[Event], int]:
    def handle(event: Event) -> int:
        dataset = event.dataset
        dataset.file_meta = event.file_meta
        dataset.save_as(folder / f"{dataset.SOPInstanceUID}.dcm", enforce_file_format=True)
        return 0x0000

    return handle


def _ae(calling_ae: str, timeout_s: float) -> AE:
    ae = AE(ae_title=calling_ae)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = timeout_s
    ae.connection_timeout = timeout_s
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelFind)
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelGet)
    ae.add_requested_context(Comprehensive3DSRStorage)
    ae.add_requested_context(SegmentationStorage)
    return ae


def fetch_prior_reports(
    dest: PacsDestination, *, calling_ae: str, patient_id: str, since: date, before: date,
    timeout_s: float = 10.0,
) -> list[PriorReport]:  # fmt: skip
    """The ScanSide SRs of the patient's studies dated in ``[since, before)`` on ``dest``,
    latest study first. Raises :class:`PriorFetchError` when the PACS cannot be asked."""
    ae = _ae(calling_ae, timeout_s)
    roles: list[Any] = [
        build_role(c, scp_role=True) for c in (Comprehensive3DSRStorage, SegmentationStorage)
    ]
    with tempfile.TemporaryDirectory(prefix="scanside-priors-") as tmp:
        folder = Path(tmp)
        handlers: list[Any] = [(evt.EVT_C_STORE, _store_into(folder))]
        try:
            assoc = ae.associate(
                dest.host, dest.port, ae_title=dest.ae_title, ext_neg=roles, evt_handlers=handlers
            )
        except (OSError, RuntimeError) as exc:
            raise PriorFetchError(f"PACS {dest.name}: {exc}") from exc
        if not assoc.is_established:
            raise PriorFetchError(
                f"PACS {dest.name} ({dest.ae_title}@{dest.host}:{dest.port}) refused or did not "
                "answer the association"
            )
        try:
            for study_uid, _ in _studies(assoc, dest, patient_id, since, before):
                for series_uid in _result_series(assoc, dest, study_uid):
                    _get(assoc, dest, study_uid, series_uid)
        finally:
            assoc.release()
        return _read(dest, folder, patient_id)


def _read(dest: PacsDestination, folder: Path, patient_id: str) -> list[PriorReport]:
    reports, centres = [], {}
    for path in sorted(folder.glob("*.dcm")):
        dataset = pydicom.dcmread(path)
        if dataset.SOPClassUID == SegmentationStorage:
            centres.update(segment_centres(dataset))
        elif dataset.SOPClassUID == Comprehensive3DSRStorage:
            reports.append(read_sr(dataset))
    found = []
    for report in reports:
        when = _date(report.study_date)
        if when is not None and report.patient_id == patient_id:
            found.append(PriorReport(dest.name, when, report, centres))
    return sorted(found, key=lambda r: r.study_date, reverse=True)


def remote_priors(
    destinations: tuple[PacsDestination, ...], *, calling_ae: str, timeout_s: float
) -> Callable[[str, date, date], tuple[list[PriorReport], list[str]]]:
    """What the dispatcher hands :func:`compare_with_priors`: ``(patient, since, before)`` ->
    the reports of every PACS, and one sentence per PACS that failed."""

    def fetch(patient_id: str, since: date, before: date) -> tuple[list[PriorReport], list[str]]:
        reports: list[PriorReport] = []
        errors: list[str] = []
        for dest in destinations:
            try:
                reports += fetch_prior_reports(
                    dest, calling_ae=calling_ae, patient_id=patient_id, since=since,
                    before=before, timeout_s=timeout_s,
                )  # fmt: skip
            except PriorFetchError as exc:
                errors.append(exc.message)
        return reports, errors

    return fetch
