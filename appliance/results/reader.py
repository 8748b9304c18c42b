"""Reading ScanSide's SR and SEG back into findings.

Every object ScanSide writes must read back, with highdicom, to what was written: the tests do
that round trip, and the same functions let a site re-import results (or a later study compare
against a prior SR). :func:`read_sr` returns :class:`ReportedSeries` with one
:class:`ReportedFinding` per TID 1411 measurement group; :func:`read_seg` returns each segment's
label, codes and mask on the source images it references.

Only what ScanSide writes is understood (the codes in :mod:`appliance.results.codes`); another
vendor's SR with other concepts raises :class:`~appliance.errors.ResultsError` naming the code.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import highdicom as hd
import numpy as np
import numpy.typing as npt
from highdicom.sr.utils import find_content_items
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code
from pydicom.uid import SegmentationStorage

from appliance.errors import ResultsError
from appliance.findings import OUTSIDE_VALIDATION
from appliance.results import codes as sc
from appliance.results.sr import COMMENT, MANUFACTURER, QUALITATIVE_EVALUATIONS

__all__ = [
    "ReportedFinding",
    "ReportedSegment",
    "ReportedSeries",
    "read_seg",
    "read_sr",
    "segment_centres",
]


@dataclasses.dataclass(frozen=True)
class ReportedFinding:
    """One finding as an SR states it (the measured and coded fields of a Finding)."""

    finding_id: str
    tracking_uid: str
    kind: str
    lobe: str | None
    long_axis_mm: float
    short_axis_mm: float
    diameter_mm: float
    volume_mm3: float
    mean_hu: float
    attenuation: str
    margin: str
    calcified: bool
    lung_rads: str
    algorithm_name: str
    algorithm_version: str
    center_mm: tuple[float, float, float] | None = None
    """The 3D point, when the region is a point rather than a segment."""
    segment: tuple[str, int] | None = None
    """(SEG SOP Instance UID, segment number), when the region is a segment."""
    certainty: float | None = None
    """P(real nodule), 0-1, from DCM "Certainty of Finding" (percent) when the SR carries it
    (the model's confidence was calibrated)."""


@dataclasses.dataclass(frozen=True)
class ReportedSeries:
    """What one ScanSide SR says about one series."""

    sop_instance_uid: str
    study_uid: str
    source_series_uid: str | None
    lung_rads: str
    nodule_absent: bool
    findings: tuple[ReportedFinding, ...]
    algorithm: tuple[str, str] | None
    """(model name, version) from the header's contributing equipment."""
    limitations: tuple[str, ...] = ()
    """What the analysis did not claim (limited mode), as the SR's comments say it."""
    validation_warnings: tuple[str, ...] = ()
    """The comments saying an input was outside the model's validation (they start with
    :data:`appliance.findings.OUTSIDE_VALIDATION`)."""
    patient_id: str = ""
    study_date: str = ""
    """DICOM DA (YYYYMMDD), as the SR's header has it: a prior from PACS is dated by it."""


@dataclasses.dataclass(frozen=True)
class ReportedSegment:
    """One segment of a ScanSide SEG and its mask on the referenced source images."""

    number: int
    label: str
    tracking_uid: str | None
    tracking_id: str | None
    property_type: tuple[str, str]
    anatomic_region: tuple[str, str] | None
    description: str | None
    mask: npt.NDArray[np.bool_]
    """(len(source_sop_instance_uids), rows, columns), in the order of the SEG's source list."""


def read_sr(path: str | Path | Dataset) -> ReportedSeries:
    """Read a ScanSide TID 1500 SR (a file or a dataset already read)."""
    sr = (
        hd.sr.srread(path)
        if not isinstance(path, Dataset)
        else hd.sr.Comprehensive3DSR.from_dataset(path)
    )
    report = sr.content
    if not isinstance(report, hd.sr.MeasurementReport):
        raise ResultsError(f"{sr.SOPInstanceUID}: not a TID 1500 measurement report")
    findings = tuple(_finding(g) for g in report.get_volumetric_roi_measurement_groups())
    evaluations = _series_evaluations(report)
    comments = _series_comments(report)
    return ReportedSeries(
        sop_instance_uid=str(sr.SOPInstanceUID),
        study_uid=str(sr.StudyInstanceUID),
        source_series_uid=_source_series(sr),
        lung_rads=sc.lookup(sc.LUNG_RADS, *evaluations[_key(sc.LUNG_RADS_CONCEPT)]),
        nodule_absent=_key(sc.PULMONARY_NODULE) in evaluations,
        findings=findings,
        algorithm=_model(sr),
        limitations=tuple(c for c in comments if not c.startswith(OUTSIDE_VALIDATION)),
        validation_warnings=tuple(c for c in comments if c.startswith(OUTSIDE_VALIDATION)),
        patient_id=str(sr.get("PatientID", "")),
        study_date=str(sr.get("StudyDate", "")),
    )


def _model(sr: Dataset) -> tuple[str, str] | None:
    """The model among the contributing equipment: ScanSide's processing equipment item.

    (A simulated scanner may call itself ScanSide too, as acquisition equipment.)
    """
    processing = codes.DCM.ProcessingEquipment
    for item in sr.get("ContributingEquipmentSequence", []):
        purposes = [
            _key(hd.sr.CodedConcept.from_dataset(c))
            for c in item.get("PurposeOfReferenceCodeSequence", [])
        ]
        if str(item.get("Manufacturer", "")) == MANUFACTURER and _key(processing) in purposes:
            return (
                str(item.get("ManufacturerModelName", "")),
                str(item.get("SoftwareVersions", "")),
            )
    return None


def _key(code: Code | hd.sr.CodedConcept) -> tuple[str, str]:
    return (str(code.value), str(code.scheme_designator))


def _triple(code: object) -> tuple[str, str, str]:
    if not isinstance(code, Code | hd.sr.CodedConcept):
        raise ResultsError(f"expected a coded value, found {code!r}")
    return (str(code.value), str(code.scheme_designator), str(code.meaning))


def _source_series(sr: Dataset) -> str | None:
    """The analysed image series among the SR's evidence (the other one, if any, is the SEG)."""
    for study in sr.get("CurrentRequestedProcedureEvidenceSequence", []):
        for series in study.ReferencedSeriesSequence:
            classes = {str(i.ReferencedSOPClassUID) for i in series.ReferencedSOPSequence}
            if classes - {SegmentationStorage}:
                return str(series.SeriesInstanceUID)
    return None


def _series_evaluations(
    report: hd.sr.MeasurementReport,
) -> dict[tuple[str, str], tuple[str, str, str]]:
    """The document-level qualitative evaluations: concept -> coded value."""
    found: dict[tuple[str, str], tuple[str, str, str]] = {}
    for container in find_content_items(report[0], name=QUALITATIVE_EVALUATIONS):
        for item in container.ContentSequence:
            if item.ValueType == "CODE":
                name = item.ConceptNameCodeSequence[0]
                value = item.ConceptCodeSequence[0]
                found[(str(name.CodeValue), str(name.CodingSchemeDesignator))] = (
                    str(value.CodeValue),
                    str(value.CodingSchemeDesignator),
                    str(value.CodeMeaning),
                )
    return found


def _series_comments(report: hd.sr.MeasurementReport) -> tuple[str, ...]:
    """The document-level TEXT comments (limitations, validation warnings), in order."""
    return tuple(
        str(item.TextValue)
        for container in find_content_items(report[0], name=QUALITATIVE_EVALUATIONS)
        for item in container.ContentSequence
        if item.ValueType == "TEXT"
        and _key(hd.sr.CodedConcept.from_dataset(item.ConceptNameCodeSequence[0])) == _key(COMMENT)
    )


def _finding(group: hd.sr.VolumetricROIMeasurementsAndQualitativeEvaluations) -> ReportedFinding:
    values = {_key(m.name): float(m.value) for m in group.get_measurements()}
    coded = {_key(q.name): _triple(q.value) for q in group.get_qualitative_evaluations()}

    def measured(code: Code) -> float:
        try:
            return values[_key(code)]
        except KeyError:
            raise ResultsError(
                f"finding {group.tracking_identifier}: no {code} measurement"
            ) from None

    def evaluated(code: Code) -> tuple[str, str, str]:
        try:
            return coded[_key(code)]
        except KeyError:
            raise ResultsError(
                f"finding {group.tracking_identifier}: no {code} evaluation"
            ) from None

    site = _triple(group.finding_sites[0].value) if group.finding_sites else None
    return ReportedFinding(
        finding_id=str(group.tracking_identifier),
        tracking_uid=str(group.tracking_uid),
        kind=sc.lookup(sc.FINDING_TYPES, *_triple(group.finding_type)),
        lobe=None if site is None or _key(sc.LUNG) == site[:2] else sc.lookup(sc.LOBES, *site),
        long_axis_mm=measured(sc.LONG_AXIS),
        short_axis_mm=measured(sc.SHORT_AXIS),
        diameter_mm=measured(sc.DIAMETER),
        volume_mm3=measured(sc.VOLUME),
        mean_hu=measured(sc.MEAN_ATTENUATION),
        attenuation=sc.lookup(sc.ATTENUATION, *evaluated(sc.ATTENUATION_CONCEPT)),
        margin=sc.lookup(sc.MARGIN, *evaluated(sc.MARGIN_CONCEPT)),
        calcified=sc.lookup(sc.CALCIFICATION, *evaluated(sc.CALCIFICATION_CONCEPT)),
        lung_rads=sc.lookup(sc.LUNG_RADS, *evaluated(sc.LUNG_RADS_CONCEPT)),
        algorithm_name=_text(group, codes.DCM.AlgorithmName),
        algorithm_version=_text(group, codes.DCM.AlgorithmVersion),
        center_mm=_centre(group),
        segment=_segment(group),
        certainty=(
            values[_key(sc.CERTAINTY_OF_FINDING)] / 100.0
            if _key(sc.CERTAINTY_OF_FINDING) in values
            else None
        ),
    )


def _text(group: hd.sr.VolumetricROIMeasurementsAndQualitativeEvaluations, name: Code) -> str:
    items = find_content_items(group[0], name=name, recursive=True)
    if not items:
        raise ResultsError(f"finding {group.tracking_identifier}: no {name}")
    return str(items[0].TextValue)


def _centre(
    group: hd.sr.VolumetricROIMeasurementsAndQualitativeEvaluations,
) -> tuple[float, float, float] | None:
    roi = group.roi
    if isinstance(roi, hd.sr.VolumeSurface) and roi.graphic_type == hd.sr.GraphicTypeValues3D.POINT:
        x, y, z = (float(v) for v in roi.graphic_data[0])
        return (x, y, z)
    return None


def _segment(
    group: hd.sr.VolumetricROIMeasurementsAndQualitativeEvaluations,
) -> tuple[str, int] | None:
    segment = group.referenced_segment
    if segment is None:
        return None
    ref = segment[0].ReferencedSOPSequence[0]
    return (str(ref.ReferencedSOPInstanceUID), int(ref.ReferencedSegmentNumber))


def read_seg(path: str | Path, source_sop_instance_uids: list[str]) -> list[ReportedSegment]:
    """Read a ScanSide SEG; masks are on ``source_sop_instance_uids`` (zero where not framed)."""
    seg = hd.seg.segread(path)
    numbers = [int(s.SegmentNumber) for s in seg.SegmentSequence]
    referenced = {
        str(i.ReferencedSOPInstanceUID)
        for s in seg.ReferencedSeriesSequence
        for i in s.ReferencedInstanceSequence
    }
    rows, columns = int(seg.Rows), int(seg.Columns)
    volume = np.zeros((len(source_sop_instance_uids), rows, columns, len(numbers)), dtype=bool)
    touched = [i for i, uid in enumerate(source_sop_instance_uids) if uid in referenced]
    if touched:
        volume[touched] = seg.get_pixels_by_source_instance(
            source_sop_instance_uids=[source_sop_instance_uids[i] for i in touched],
            segment_numbers=numbers,
            ignore_spatial_locations=True,
            assert_missing_frames_are_empty=True,
        ).astype(bool)
    return [_reported_segment(item, volume[..., i]) for i, item in enumerate(seg.SegmentSequence)]


def _reported_segment(item: Dataset, mask: npt.NDArray[np.bool_]) -> ReportedSegment:
    region = item.get("AnatomicRegionSequence")
    prop = item.SegmentedPropertyTypeCodeSequence[0]
    return ReportedSegment(
        number=int(item.SegmentNumber),
        label=str(item.SegmentLabel),
        tracking_uid=str(item.TrackingUID) if "TrackingUID" in item else None,
        tracking_id=str(item.TrackingID) if "TrackingID" in item else None,
        property_type=(str(prop.CodeValue), str(prop.CodingSchemeDesignator)),
        anatomic_region=(str(region[0].CodeValue), str(region[0].CodingSchemeDesignator))
        if region
        else None,
        description=str(item.SegmentDescription) if "SegmentDescription" in item else None,
        mask=mask,
    )


def _frame_segment(frame: Dataset, shared: Dataset) -> int:
    ident = frame.get("SegmentIdentificationSequence") or shared.SegmentIdentificationSequence
    return int(ident[0].ReferencedSegmentNumber)


def segment_centres(seg: Dataset) -> dict[str, tuple[float, float, float]]:
    """Tracking UID -> centre (patient mm, the mean of its voxels) of each segment of a SEG.

    An SR whose regions are segments holds no coordinates; a follow-up comparison that reads a
    prior from PACS (:mod:`appliance.inference.pacs_priors`) takes each finding's centre from
    here, matched by the Tracking UID the SR and the SEG share.
    """
    shared = seg.SharedFunctionalGroupsSequence[0]
    row_step, col_step = (float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing)
    orientation = np.asarray(
        shared.PlaneOrientationSequence[0].ImageOrientationPatient, dtype=np.float64
    )
    along_row, along_column = orientation[:3], orientation[3:]
    frames = seg.pixel_array.reshape(-1, int(seg.Rows), int(seg.Columns))
    sums: dict[int, npt.NDArray[np.float64]] = {}
    counts: dict[int, int] = {}
    for frame, pixels in zip(seg.PerFrameFunctionalGroupsSequence, frames, strict=True):
        rows, cols = np.nonzero(pixels)
        if rows.size == 0:
            continue
        origin = np.asarray(frame.PlanePositionSequence[0].ImagePositionPatient, dtype=np.float64)
        points = (
            origin
            + cols[:, None] * col_step * along_row[None, :]
            + rows[:, None] * row_step * along_column[None, :]
        )
        number = _frame_segment(frame, shared)
        sums[number] = sums.get(number, np.zeros(3)) + points.sum(axis=0)
        counts[number] = counts.get(number, 0) + int(rows.size)
    centres: dict[str, tuple[float, float, float]] = {}
    for segment in seg.SegmentSequence:
        number = int(segment.SegmentNumber)
        if number in counts and "TrackingUID" in segment:
            x, y, z = (float(v) for v in sums[number] / counts[number])
            centres[str(segment.TrackingUID)] = (x, y, z)
    return centres
