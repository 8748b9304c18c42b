"""Priors from PACS: earlier ScanSide SRs of the patient, found by C-FIND and fetched by C-GET
or C-MOVE.

:func:`appliance.inference.priors.compare_with_priors` calls :func:`fetch_prior_reports` (through
the ``remote`` argument the dispatcher builds with :func:`remote_priors`) for each PACS named in
``followup.pacs_priors``, before it looks in the catalogue. A study-level C-FIND (PatientID,
StudyDate range and, when known, IssuerOfPatientID) lists the patient's earlier studies; a
series-level C-FIND in each finds the SR and SEG series ScanSide wrote (by their series
descriptions); each is then retrieved as the PACS's ``retrieve`` setting says:

- ``get``: a series-level C-GET on the same association; the instances come back on it.
- ``move``: a series-level C-MOVE to the appliance's own Storage SCP (``dicom.ae_title``), which
  many PACS allow where they refuse C-GET. The PACS opens its own association to our listener,
  which stores and catalogues the instances as it does any other (they appear in the feed as a
  received SR and SEG series); when the C-MOVE's final response says how many it sent, we wait
  (up to ``followup.pacs_timeout_s``) until that many are in the catalogue
  (:class:`MoveTarget`) and read them from the store.

:func:`appliance.results.reader.read_sr` reads the SR back to findings, and the SEG gives the
centre of each finding whose region in the SR is a segment
(:func:`appliance.results.reader.segment_centres`). They are cheap (kilobytes to a few hundred)
and carry every measurement the comparison needs; images are not fetched.

Patient IDs are only unique within their issuer. With an issuer known (the PACS's
``issuer_of_patient_id``, else the current study's own IssuerOfPatientID), it is sent in the
study-level C-FIND, and a study whose C-FIND answer, or an SR whose header, names another issuer
is refused (not fetched, or not used) and said so; one that names none is accepted.

A PACS that is down or slow costs at most ``followup.pacs_timeout_s`` per association step and
delays only the comparison: :class:`PriorFetchError` is caught by the caller, which says in
the comparison which PACS failed and compares with the catalogue alone.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pynetdicom import AE, build_role, evt
from pynetdicom.association import Association
from pynetdicom.events import Event
from pynetdicom.sop_class import (  # type: ignore[attr-defined]
    Comprehensive3DSRStorage,
    SegmentationStorage,
    StudyRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelGet,
    StudyRootQueryRetrieveInformationModelMove,
)

from appliance.config import PacsDestination
from appliance.dicom_rejection import rejection_reason
from appliance.errors import ScanSideError
from appliance.results.reader import ReportedFinding, ReportedSeries, read_sr, segment_centres

__all__ = [
    "FetchedPriors",
    "MoveDestinationUnknown",
    "MoveTarget",
    "PriorFetchError",
    "PriorReport",
    "RetrieveTimeout",
    "fetch_prior_reports",
    "issuer_of",
    "remote_priors",
]

log = logging.getLogger(__name__)

SR_DESCRIPTION = "ScanSide lung nodule measurements"
"""The series description :func:`appliance.results.sr.build_sr` writes."""
SEG_DESCRIPTION = "ScanSide lung nodule segmentation"
"""The series description :func:`appliance.results.seg.build_seg` writes."""
MOVE_DESTINATION_UNKNOWN = 0xA801
"""C-MOVE status: the PACS does not know the move destination's AE title."""


class PriorFetchError(ScanSideError):
    """A PACS could not be asked for priors (refused, unreachable, timed out)."""

    title = "Priors from PACS"


class MoveDestinationUnknown(PriorFetchError):
    """The PACS refused a C-MOVE because it does not know our AE title as a destination."""


class RetrieveTimeout(PriorFetchError):
    """A C-MOVE's instances did not all reach the appliance's catalogue in time."""


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


@dataclasses.dataclass(frozen=True)
class FetchedPriors:
    """What one PACS gave: the SRs read back, latest study first, and the priors refused."""

    reports: list[PriorReport]
    refused: list[str] = dataclasses.field(default_factory=list)
    """One sentence per study or SR not used because it names another Issuer of Patient ID."""


@dataclasses.dataclass(frozen=True)
class MoveTarget:
    """The appliance's own Storage SCP as a C-MOVE's destination."""

    ae_title: str
    """Our listener's AE title (``dicom.ae_title``): the Move Destination the PACS is asked
    to send to."""
    stored_files: Callable[[str], Sequence[Path]]
    """Series Instance UID -> the files the Storage SCP has stored and catalogued for it."""


def _date(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except (ValueError, IndexError):
        return None


def issuer_of(path: Path) -> str:
    """The IssuerOfPatientID of a stored instance ("" when it has none or cannot be read)."""
    try:
        dataset = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=[0x00100021])
    except (OSError, InvalidDicomError):
        return ""
    return str(dataset.get("IssuerOfPatientID", "") or "").strip()


def _find(assoc: Association, query: Dataset, dest: PacsDestination) -> Iterator[Dataset]:
    for status, identifier in assoc.send_c_find(query, StudyRootQueryRetrieveInformationModelFind):
        if not status or "Status" not in status:
            raise PriorFetchError(f"PACS {dest.name}: the C-FIND got no answer")
        if status.Status in (0xFF00, 0xFF01) and identifier is not None:
            yield identifier
        elif status.Status != 0x0000:
            raise PriorFetchError(f"PACS {dest.name}: C-FIND failed with 0x{status.Status:04X}")


@dataclasses.dataclass(frozen=True)
class _Study:
    uid: str
    when: date
    issuer: str


def _studies(
    assoc: Association, dest: PacsDestination, patient_id: str, window: tuple[date, date],
    issuer: str,
) -> list[_Study]:  # fmt: skip
    since, before = window
    query = Dataset()
    query.QueryRetrieveLevel = "STUDY"
    query.PatientID = patient_id
    query.IssuerOfPatientID = issuer  # a matching key when known, else a return key
    query.StudyDate = f"{since:%Y%m%d}-{before:%Y%m%d}"
    query.StudyInstanceUID = ""
    found = []
    for identifier in _find(assoc, query, dest):
        when = _date(str(identifier.get("StudyDate", "")))
        if when is not None and since <= when < before:
            their = str(identifier.get("IssuerOfPatientID", "") or "").strip()
            found.append(_Study(str(identifier.StudyInstanceUID), when, their))
    return sorted(found, key=lambda s: s.when, reverse=True)


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


def _series_query(study_uid: str, series_uid: str) -> Dataset:
    query = Dataset()
    query.QueryRetrieveLevel = "SERIES"
    query.StudyInstanceUID = study_uid
    query.SeriesInstanceUID = series_uid
    return query


def _get(assoc: Association, dest: PacsDestination, study_uid: str, series_uid: str) -> None:
    query = _series_query(study_uid, series_uid)
    for status, _ in assoc.send_c_get(query, StudyRootQueryRetrieveInformationModelGet):
        if not status or "Status" not in status:
            raise PriorFetchError(f"PACS {dest.name}: the C-GET got no answer")
        if status.Status not in (0x0000, 0xFF00, 0xB000):
            raise PriorFetchError(f"PACS {dest.name}: C-GET failed with 0x{status.Status:04X}")


def _suboperations(status: Dataset, name: str) -> int:
    return int(status.get(f"NumberOf{name}Suboperations", 0) or 0)


def _move(
    assoc: Association, dest: PacsDestination, uids: tuple[str, str], target: MoveTarget,
    timeout_s: float,
) -> list[Path]:  # fmt: skip
    """C-MOVE one series to our Storage SCP; its files once all it sent are catalogued."""
    query = _series_query(*uids)
    model = StudyRootQueryRetrieveInformationModelMove
    sent = 0
    for status, _ in assoc.send_c_move(query, target.ae_title, model):
        if not status or "Status" not in status:
            raise PriorFetchError(f"PACS {dest.name}: the C-MOVE got no answer")
        code = int(status.Status)
        if code == MOVE_DESTINATION_UNKNOWN:
            raise MoveDestinationUnknown(
                f"PACS {dest.name} does not know the move destination {target.ae_title} "
                "(0xA801): add this appliance to the PACS as a modality (its AE title, address "
                "and dicom.port)"
            )
        if code in (0x0000, 0xB000):
            sent = _suboperations(status, "Completed")
            failed = _suboperations(status, "Failed")
            if failed and not sent:
                raise PriorFetchError(
                    f"PACS {dest.name}: the C-MOVE to {target.ae_title} failed for all {failed} "
                    f"instances (0x{code:04X}): does dicom.peers admit {dest.ae_title}?"
                )
        elif code not in (0xFF00, 0xFF01):
            raise PriorFetchError(_move_failure(dest, target, status))
    return _arrived(dest, target, uids[1], sent, timeout_s)


def _move_failure(dest: PacsDestination, target: MoveTarget, status: Dataset) -> str:
    """Why a C-MOVE failed, with the PACS's own comment; one that tried no instance at all
    most often does not know the destination (Orthanc says 0xC000, not 0xA801)."""
    message = f"PACS {dest.name}: C-MOVE to {target.ae_title} failed with 0x{status.Status:04X}"
    if status.get("ErrorComment"):
        message += f" ({status.ErrorComment})"
    tried = sum(_suboperations(status, n) for n in ("Completed", "Failed", "Warning"))
    if not tried:
        message += (
            f" before sending anything: check that the PACS knows {target.ae_title} as a "
            "modality at this appliance's address and dicom.port, and that it is listening"
        )
    return message


def _arrived(
    dest: PacsDestination, target: MoveTarget, series_uid: str, sent: int, timeout_s: float
) -> list[Path]:
    """Wait until the ``sent`` instances of the series are in the catalogue (the Storage SCP
    acknowledges each once stored; the catalogue writer records it a moment later)."""
    deadline = time.monotonic() + timeout_s
    while True:
        files = list(target.stored_files(series_uid))
        if len(files) >= sent:
            return files
        if time.monotonic() >= deadline:
            raise RetrieveTimeout(
                f"PACS {dest.name}: the C-MOVE sent {sent} instances of series {series_uid}, "
                f"but {len(files)} reached the catalogue within {timeout_s:g} s"
            )
        time.sleep(0.05)


def _store_into(folder: Path) -> Callable[[Event], int]:
    def handle(event: Event) -> int:
        dataset = event.dataset
        dataset.file_meta = event.file_meta
        dataset.save_as(folder / f"{dataset.SOPInstanceUID}.dcm", enforce_file_format=True)
        return 0x0000

    return handle


MOVE_IDLE_FACTOR = 3.0
"""The association's idle limit, in multiples of the answer timeout (see :func:`_ae`)."""


def _ae(calling_ae: str, timeout_s: float, retrieve: str) -> AE:
    ae = AE(ae_title=calling_ae)
    ae.acse_timeout = ae.dimse_timeout = timeout_s
    # While a C-MOVE's instances reach the catalogue the association is idle for up to
    # timeout_s by design (_arrived): its idle limit must outlast that wait, or pynetdicom
    # aborts it under the wait and the release that follows meets an aborted association.
    ae.network_timeout = MOVE_IDLE_FACTOR * timeout_s
    ae.connection_timeout = timeout_s
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelFind)
    if retrieve == "move":
        ae.add_requested_context(StudyRootQueryRetrieveInformationModelMove)
        return ae
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelGet)
    ae.add_requested_context(Comprehensive3DSRStorage)
    ae.add_requested_context(SegmentationStorage)
    return ae


def _associate(ae: AE, dest: PacsDestination, folder: Path) -> Association:
    """The query association; for C-GET it also takes the C-STOREs into ``folder``."""
    roles: list[Any] = []
    handlers: list[Any] = []
    if dest.retrieve == "get":
        roles = [
            build_role(c, scp_role=True) for c in (Comprehensive3DSRStorage, SegmentationStorage)
        ]
        handlers = [(evt.EVT_C_STORE, _store_into(folder))]
    try:
        assoc = ae.associate(
            dest.host, dest.port, ae_title=dest.ae_title, ext_neg=roles, evt_handlers=handlers
        )
    except (OSError, RuntimeError) as exc:
        raise PriorFetchError(f"PACS {dest.name}: {exc}") from exc
    if not assoc.is_established:
        where = f"PACS {dest.name} ({dest.ae_title}@{dest.host}:{dest.port})"
        reason = rejection_reason(assoc)
        if reason is not None:
            raise PriorFetchError(
                f"{where} rejected the association: {reason} (check the AE titles: this "
                "appliance's must be known to the PACS)"
            )
        raise PriorFetchError(f"{where} did not answer the association (is it running?)")
    return assoc


def fetch_prior_reports(
    dest: PacsDestination, *, calling_ae: str, patient_id: str, since: date, before: date,
    timeout_s: float = 10.0, move_to: MoveTarget | None = None, issuer: str = "",
) -> FetchedPriors:  # fmt: skip
    """The ScanSide SRs of the patient's studies dated in ``[since, before)`` on ``dest``,
    latest study first, retrieved as ``dest.retrieve`` says (``move_to`` is needed for
    ``move``). ``issuer`` is the current study's IssuerOfPatientID; the PACS's configured one
    wins. Raises :class:`PriorFetchError` when the PACS cannot be asked."""
    if dest.retrieve == "move" and move_to is None:
        raise PriorFetchError(
            f"PACS {dest.name}: retrieve = 'move' needs the appliance's own Storage SCP as the "
            "destination, and none was given"
        )
    issuer = dest.issuer_of_patient_id or issuer
    refused: list[str] = []
    with tempfile.TemporaryDirectory(prefix="scanside-priors-") as tmp:
        folder = Path(tmp)
        assoc = _associate(_ae(calling_ae, timeout_s, dest.retrieve), dest, folder)
        moved: list[Path] = []
        try:
            for study in _studies(assoc, dest, patient_id, (since, before), issuer):
                if issuer and study.issuer and study.issuer != issuer:
                    refused.append(_refusal(dest, study.uid, study.issuer, issuer))
                    continue
                for series_uid in _result_series(assoc, dest, study.uid):
                    if move_to is not None and dest.retrieve == "move":
                        moved += _move(assoc, dest, (study.uid, series_uid), move_to, timeout_s)
                    else:
                        _get(assoc, dest, study.uid, series_uid)
        finally:
            assoc.release()
        files = moved if dest.retrieve == "move" else sorted(folder.glob("*.dcm"))
        reports = _read(dest, files, patient_id, issuer, refused)
    return FetchedPriors(reports, refused)


def _refusal(dest: PacsDestination, study_uid: str, theirs: str, ours: str) -> str:
    return (
        f"PACS {dest.name}: study {study_uid} refused: its Issuer of Patient ID {theirs!r} is "
        f"not {ours!r} (another patient with the same ID)"
    )


def _read(
    dest: PacsDestination, files: Sequence[Path], patient_id: str, issuer: str, refused: list[str]
) -> list[PriorReport]:
    reports: list[tuple[ReportedSeries, str]] = []
    centres: dict[str, tuple[float, float, float]] = {}
    for path in sorted(files):
        dataset = pydicom.dcmread(path)
        if dataset.SOPClassUID == SegmentationStorage:
            centres.update(segment_centres(dataset))
        elif dataset.SOPClassUID == Comprehensive3DSRStorage:
            reports.append((read_sr(dataset), str(dataset.get("IssuerOfPatientID", "") or "")))
    found = []
    for report, theirs in reports:
        when = _date(report.study_date)
        if when is None or report.patient_id != patient_id:
            continue
        if issuer and theirs.strip() and theirs.strip() != issuer:
            refused.append(_refusal(dest, report.study_uid, theirs.strip(), issuer))
            continue
        found.append(PriorReport(dest.name, when, report, centres))
    return sorted(found, key=lambda r: r.study_date, reverse=True)


def remote_priors(
    destinations: tuple[PacsDestination, ...], *, calling_ae: str, timeout_s: float,
    move_to: MoveTarget | None = None, issuer: str = "",
) -> Callable[[str, date, date], tuple[list[PriorReport], list[str]]]:  # fmt: skip
    """What the dispatcher hands :func:`compare_with_priors`: ``(patient, since, before)`` ->
    the reports of every PACS, and one sentence per PACS that failed or prior refused."""

    def fetch(patient_id: str, since: date, before: date) -> tuple[list[PriorReport], list[str]]:
        reports: list[PriorReport] = []
        errors: list[str] = []
        for dest in destinations:
            try:
                fetched = fetch_prior_reports(
                    dest, calling_ae=calling_ae, patient_id=patient_id, since=since,
                    before=before, timeout_s=timeout_s, move_to=move_to, issuer=issuer,
                )  # fmt: skip
            except PriorFetchError as exc:
                log.warning("priors from PACS %s: %s", dest.name, exc.message)
                errors.append(exc.message)
                continue
            reports += fetched.reports
            errors += fetched.refused
        return reports, errors

    return fetch
