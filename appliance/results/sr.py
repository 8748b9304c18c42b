"""The DICOM Structured Report of one analysed series: a TID 1500 Measurement Report.

A Comprehensive 3D SR that any PACS stores and TID 1500-aware viewers (OHIF, 3D Slicer) read.
It follows IHE AI Results (AIR): the device observer is ScanSide, the algorithm is identified
(TID 4019) in every measurement group, and each finding is one TID 1411 volumetric group with a
tracking identifier and UID (its track's, the same across the patient's studies, when it has
one), its type and site, its region (the segment in the SEG, or a 3D
point at its centre), measurements in UCUM units and coded qualitative evaluations. A document
level "Qualitative Evaluations" container carries the series' Lung-RADS category and, when
nothing was found, "Pulmonary nodule: Absent", so a negative study still gets an SR that says so.
A finding compared with a prior (:mod:`appliance.inference.priors`) also carries a TID 1502 time
point (``baseline`` or ``follow-up``), the prior's mean diameter, the change in mean diameter,
the volume change and the volume doubling time; the document says which prior study was used.

Called by :mod:`appliance.results.files`; read back by :mod:`appliance.results.reader`.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping, Sequence

import highdicom as hd
import numpy as np
from highdicom.sr.templates import DEFAULT_LANGUAGE
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code
from pydicom.uid import generate_uid

import appliance
from appliance.errors import ResultsError
from appliance.findings import Finding, SeriesAnalysis
from appliance.results import codes as sc
from appliance.results.inherited import drop_incomplete_references, inheriting_patient_name

__all__ = [
    "MANUFACTURER",
    "QUALITATIVE_EVALUATIONS",
    "SR_SERIES_NUMBER",
    "algorithm_identification",
    "build_sr",
    "device_uid",
    "model_equipment",
    "tracking_uid",
]

MANUFACTURER = "ScanSide"
SR_SERIES_NUMBER = 9901
QUALITATIVE_EVALUATIONS = Code("C0034375", "UMLS", "Qualitative Evaluations")
COMMENT = codes.DCM.Comment
"""A limitation of the analysis (limited mode), one TEXT item per sentence."""


def device_uid() -> str:
    """A stable UID for this appliance (the SR's device observer): same host, same UID."""
    return str(generate_uid(entropy_srcs=["ScanSide device", socket.gethostname()]))


def tracking_uid(analysis: SeriesAnalysis, finding: Finding) -> str:
    """The finding's Tracking Unique Identifier: shared by every finding of one track.

    Findings of the same nodule across a patient's studies (same ``track_id``) get the same UID,
    which is what lets a viewer follow a nodule over time; without a track it is per series.
    """
    if finding.track_id:
        sources = ["ScanSide track", analysis.patient_id, finding.track_id]
    else:
        sources = ["ScanSide finding", analysis.series_uid, finding.finding_id]
    return str(generate_uid(entropy_srcs=sources))


def algorithm_identification(analysis: SeriesAnalysis) -> hd.sr.AlgorithmIdentification:
    """TID 4019: the model that made the findings, its version and how it ran."""
    return hd.sr.AlgorithmIdentification(
        name=analysis.model_name,
        version=analysis.model_version,
        parameters=[
            f"execution provider: {analysis.provider}",
            f"ScanSide {appliance.__version__}",
        ],
    )


def model_equipment(analysis: SeriesAnalysis) -> hd.ContributingEquipment:
    """The model as contributing equipment in the header: says which algorithm made the object.

    This is where an SR without findings (no measurement group, so no TID 4019) still names
    the algorithm and its version.
    """
    return hd.ContributingEquipment(
        manufacturer=MANUFACTURER,
        purpose_of_reference=codes.DCM.ProcessingEquipment,
        manufacturer_model_name=analysis.model_name,
        software_versions=analysis.model_version,
        device_serial_number=device_uid(),
        contribution_description=f"Lung nodule analysis ({analysis.provider})",
    )


def build_sr(
    analysis: SeriesAnalysis,
    sources: Sequence[Dataset],
    *,
    segmentation: Dataset | None = None,
    series_uid: str | None = None,
    sop_instance_uid: str | None = None,
) -> hd.sr.Comprehensive3DSR:
    """Build the SR for ``analysis``; ``sources`` are its image headers in slice order.

    With ``segmentation`` (the SEG made from the same analysis), a finding's region is its
    segment; otherwise it is a 3D point at the finding's centre.
    """
    content = _measurement_report(analysis, sources, segmentation)
    evidence = list(sources) + ([segmentation] if segmentation is not None else [])
    with inheriting_patient_name():
        sr = hd.sr.Comprehensive3DSR(
            evidence=evidence,
            content=content,
            series_instance_uid=series_uid or hd.UID(),
            series_number=SR_SERIES_NUMBER,
            sop_instance_uid=sop_instance_uid or hd.UID(),
            instance_number=1,
            manufacturer=MANUFACTURER,
            is_complete=True,
            is_final=False,
            is_verified=False,
            series_description="ScanSide lung nodule measurements",
            software_versions=f"ScanSide {appliance.__version__}",
            contributing_equipment=[model_equipment(analysis)],
        )
    drop_incomplete_references(sr)
    return sr


def _observation_context(analysis: SeriesAnalysis) -> hd.sr.ObservationContext:
    device = hd.sr.DeviceObserverIdentifyingAttributes(
        uid=device_uid(),
        name="ScanSide",
        manufacturer_name=MANUFACTURER,
        model_name=f"ScanSide {appliance.__version__}",
    )
    return hd.sr.ObservationContext(
        observer_device_context=hd.sr.ObserverContext(
            observer_type=codes.DCM.Device,
            observer_identifying_attributes=device,
        )
    )


def _measurement_report(
    analysis: SeriesAnalysis, sources: Sequence[Dataset], segmentation: Dataset | None
) -> Dataset:
    """The TID 1500 root container (built here so a report without findings is possible)."""
    root = hd.sr.ContainerContentItem(
        name=codes.cid7021.ImagingMeasurementReport, template_id="1500"
    )
    items = hd.sr.ContentSequence()
    items.extend(hd.sr.LanguageOfContentItemAndDescendants(DEFAULT_LANGUAGE))
    items.extend(_observation_context(analysis))
    items.append(
        hd.sr.CodeContentItem(
            name=codes.DCM.ProcedureReported,
            value=sc.PROCEDURE_CT_CHEST,
            relationship_type=hd.sr.RelationshipTypeValues.HAS_CONCEPT_MOD,
        )
    )
    if analysis.findings:
        items.append(_imaging_measurements(analysis, sources, segmentation))
    items.append(_series_evaluations(analysis))
    root.ContentSequence = items
    return root


def _imaging_measurements(
    analysis: SeriesAnalysis, sources: Sequence[Dataset], segmentation: Dataset | None
) -> hd.sr.ContainerContentItem:
    container = hd.sr.ContainerContentItem(
        name=codes.DCM.ImagingMeasurements,
        relationship_type=hd.sr.RelationshipTypeValues.CONTAINS,
    )
    groups = hd.sr.ContentSequence()
    segment_numbers = _segment_numbers(segmentation)
    for finding in analysis.findings:
        number = segment_numbers.get(tracking_uid(analysis, finding))
        group = _finding_group(analysis, finding, sources, segmentation, number)
        groups.extend(group)
    container.ContentSequence = groups
    return container


def _segment_numbers(segmentation: Dataset | None) -> dict[str, int]:
    """Tracking UID -> segment number in the SEG (SR and SEG share each finding's UID)."""
    if segmentation is None:
        return {}
    return {
        str(s.TrackingUID): int(s.SegmentNumber)
        for s in segmentation.SegmentSequence
        if "TrackingUID" in s
    }


def _referenced_segment(segmentation: Dataset, segment_number: int) -> hd.sr.ReferencedSegment:
    """The SR's reference to one segment of the SEG, with the images its frames derive from.

    highdicom's ``ReferencedSegment.from_segmentation`` looks for the Segment Identification in
    each frame; a SEG with a single segment carries it once, in the shared functional groups,
    and that method then fails. Here both layouts are read.
    """
    shared = segmentation.SharedFunctionalGroupsSequence[0]
    if "SegmentIdentificationSequence" not in shared:
        return hd.sr.ReferencedSegment.from_segmentation(
            segmentation, segment_number=segment_number
        )
    sources: dict[str, str] = {}
    for frame in segmentation.PerFrameFunctionalGroupsSequence:
        for derivation in frame.get("DerivationImageSequence", []):
            for source in derivation.get("SourceImageSequence", []):
                sources[str(source.ReferencedSOPInstanceUID)] = str(source.ReferencedSOPClassUID)
    return hd.sr.ReferencedSegment(
        sop_class_uid=segmentation.SOPClassUID,
        sop_instance_uid=segmentation.SOPInstanceUID,
        segment_number=segment_number,
        source_images=[
            hd.sr.SourceImageForSegmentation(
                referenced_sop_class_uid=cls, referenced_sop_instance_uid=uid
            )
            for uid, cls in sources.items()
        ],
    )


def _finding_group(
    analysis: SeriesAnalysis,
    finding: Finding,
    sources: Sequence[Dataset],
    segmentation: Dataset | None,
    segment_number: int | None,
) -> hd.sr.VolumetricROIMeasurementsAndQualitativeEvaluations:
    tracking = hd.sr.TrackingIdentifier(
        identifier=finding.track_id or finding.finding_id, uid=tracking_uid(analysis, finding)
    )
    region: dict[str, object] = {}
    if segmentation is not None and segment_number is not None:
        region["referenced_segment"] = _referenced_segment(segmentation, segment_number)
    else:
        region["referenced_volume_surface"] = _centre_point(analysis, finding, sources)
    return hd.sr.VolumetricROIMeasurementsAndQualitativeEvaluations(
        tracking_identifier=tracking,
        finding_type=sc.finding_type(finding.kind),
        finding_category=sc.SEGMENT_CATEGORY,
        algorithm_id=algorithm_identification(analysis),
        finding_sites=[
            hd.sr.FindingSite(anatomic_location=sc.LOBES.get(finding.lobe or "", sc.LUNG))
        ],
        measurements=_measurements(finding, certainty=analysis.confidence_calibrated)
        + _changes(finding),
        qualitative_evaluations=_qualitative_evaluations(finding),
        time_point_context=_time_point(finding),
        **region,  # type: ignore[arg-type]
    )


def _centre_point(
    analysis: SeriesAnalysis, finding: Finding, sources: Sequence[Dataset]
) -> hd.sr.VolumeSurface:
    return hd.sr.VolumeSurface(
        graphic_type=hd.sr.GraphicTypeValues3D.POINT,
        graphic_data=np.array([finding.center_mm], dtype=np.float64),
        frame_of_reference_uid=str(sources[0].FrameOfReferenceUID),
        source_series=hd.sr.SourceSeriesForSegmentation(analysis.series_uid),
    )


def _measurement(
    name: Code, value: float, unit: Code, derivation: Code | None = None
) -> hd.sr.Measurement:
    return hd.sr.Measurement(name=name, value=float(value), unit=unit, derivation=derivation)


def _measurements(finding: Finding, *, certainty: bool) -> list[hd.sr.Measurement]:
    """The sizes and attenuation; with ``certainty`` (a calibrated confidence) also DCM
    "Certainty of Finding" in percent: the probability that the finding is a real nodule."""
    measurements = [
        _measurement(sc.LONG_AXIS, finding.long_axis_mm, sc.MM),
        _measurement(sc.SHORT_AXIS, finding.short_axis_mm, sc.MM),
        _measurement(sc.DIAMETER, finding.diameter_mm, sc.MM, sc.MEAN),
        _measurement(sc.VOLUME, finding.volume_mm3, sc.MM3),
        _measurement(sc.MEAN_ATTENUATION, finding.mean_hu, sc.HU, sc.MEAN),
    ]
    if certainty:
        percent = round(100.0 * finding.confidence, 1)
        measurements.append(_measurement(sc.CERTAINTY_OF_FINDING, percent, sc.PERCENT))
    return measurements


def _changes(finding: Finding) -> list[hd.sr.Measurement]:
    """The comparison with the prior: its mean diameter, the change, volume change and VDT."""
    if finding.prior_diameter_mm is None or finding.growth_mm is None:
        return []
    changes = [
        _measurement(sc.PRIOR_DIAMETER, finding.prior_diameter_mm, sc.MM, sc.MEAN),
        _measurement(sc.DIAMETER_CHANGE, finding.growth_mm, sc.MM),
    ]
    if finding.volume_change_pct is not None:
        changes.append(_measurement(sc.VOLUME_CHANGE, finding.volume_change_pct, sc.PERCENT))
    if finding.volume_doubling_days is not None:
        changes.append(_measurement(sc.VOLUME_DOUBLING_TIME, finding.volume_doubling_days, sc.DAYS))
    return changes


def _time_point(finding: Finding) -> hd.sr.TimePointContext | None:
    """TID 1502: ``baseline`` for a patient's first analysed chest CT, else ``follow-up``."""
    if finding.follow_up is None:
        return None
    return hd.sr.TimePointContext(
        time_point="baseline" if finding.follow_up == "baseline" else "follow-up"
    )


def _qualitative_evaluations(finding: Finding) -> list[hd.sr.QualitativeEvaluation]:
    pairs: list[tuple[Code, Mapping[str, Code], str]] = [
        (sc.ATTENUATION_CONCEPT, sc.ATTENUATION, finding.attenuation),
        (sc.MARGIN_CONCEPT, sc.MARGIN, finding.margin),
        (sc.LUNG_RADS_CONCEPT, sc.LUNG_RADS, finding.lung_rads),
    ]
    evaluations = [
        hd.sr.QualitativeEvaluation(name=name, value=_coded(table, value, finding, name))
        for name, table, value in pairs
    ]
    evaluations.append(
        hd.sr.QualitativeEvaluation(
            name=sc.CALCIFICATION_CONCEPT, value=sc.CALCIFICATION[finding.calcified]
        )
    )
    return evaluations


def _coded(table: Mapping[str, Code], value: str, finding: Finding, name: Code) -> Code:
    code = table.get(value)
    if code is None:
        raise ResultsError(
            f"finding {finding.finding_id}: {name.meaning} {value!r} has no code "
            f"(known: {', '.join(map(str, table))})"
        )
    return code


def _series_evaluations(analysis: SeriesAnalysis) -> hd.sr.ContainerContentItem:
    """TID 1500 "Qualitative Evaluations": the series' category, and "no nodule" when none."""
    container = hd.sr.ContainerContentItem(
        name=QUALITATIVE_EVALUATIONS,
        relationship_type=hd.sr.RelationshipTypeValues.CONTAINS,
    )
    items = hd.sr.ContentSequence()
    category = sc.LUNG_RADS.get(analysis.lung_rads)
    if category is None:
        raise ResultsError(
            f"series {analysis.series_uid}: Lung-RADS {analysis.lung_rads!r} has no code"
        )
    items.append(_code_item(sc.LUNG_RADS_CONCEPT, category))
    if not analysis.findings:
        items.append(_code_item(sc.PULMONARY_NODULE, sc.ABSENT))
    comparison = _comparison_sentence(analysis)
    if comparison:
        items.append(
            hd.sr.TextContentItem(
                name=codes.DCM.ComparisonToPreviousStudies,
                value=comparison,
                relationship_type=hd.sr.RelationshipTypeValues.CONTAINS,
            )
        )
    for sentence in (*analysis.limitations, *analysis.validation_warnings):
        items.append(
            hd.sr.TextContentItem(
                name=COMMENT,
                value=sentence,
                relationship_type=hd.sr.RelationshipTypeValues.CONTAINS,
            )
        )
    container.ContentSequence = items
    return container


def _comparison_sentence(analysis: SeriesAnalysis) -> str | None:
    """One sentence naming the prior compared with and what changed (None without one)."""
    c = analysis.comparison
    if not c.get("prior_study_uid"):
        return None
    older = "".join(
        f" {len(o['matched'])} finding(s) not on that prior matched with older study "
        f"{o['prior_study_uid']} of {o['prior_study_date']}."
        for o in c.get("older") or []
    )
    return (
        f"Compared with prior study {c['prior_study_uid']} of {c['prior_study_date']} "
        f"({c['interval_days']} days earlier): {c['matched']} finding(s) matched, {c['new']} new, "
        f"{len(c.get('resolved', []))} prior finding(s) not seen again.{older}"
    )


def _code_item(name: Code, value: Code) -> hd.sr.CodeContentItem:
    return hd.sr.CodeContentItem(
        name=name, value=value, relationship_type=hd.sr.RelationshipTypeValues.CONTAINS
    )
