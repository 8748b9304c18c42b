"""The DICOM Segmentation of one analysed series: one binary segment per finding.

The SEG lets a viewer draw each finding's outline over the CT and is what the SR's measurement
groups point at. Each segment is labelled with the finding id, described in words, coded
(category "Morphologically abnormal structure", type Nodule or Mass, the lobe as anatomic
region), carries the finding's tracking identifier and UID (the UID is the same as in the SR)
and the algorithm that made it. Labels are short and human ("nodule 1 RUL").

Frames are built only for the slices a mask touches: each :class:`~appliance.findings.FindingMask`
is a crop with an offset on the series' own grid, so the pixel array covers just those slices and
the SEG references just those source images. A 512 x 512 series of 300 slices with one 8 mm
nodule becomes a SEG of a handful of frames, not 300.

Called by :mod:`appliance.results.files`; read back by :mod:`appliance.results.reader`.
"""

from __future__ import annotations

from collections.abc import Sequence

import highdicom as hd
import numpy as np
import numpy.typing as npt
from pydicom.dataset import Dataset

import appliance
from appliance.errors import ResultsError
from appliance.findings import Finding, FindingMask, SeriesAnalysis
from appliance.results import codes as sc
from appliance.results.inherited import drop_incomplete_references, inheriting_patient_name
from appliance.results.sr import MANUFACTURER, device_uid, model_equipment, tracking_uid

__all__ = ["SEG_SERIES_NUMBER", "build_seg", "seg_tracking_id", "touched_slices"]

SEG_SERIES_NUMBER = 9902


def seg_tracking_id(finding: Finding) -> str:
    """The finding's Tracking Identifier as the SEG's Tracking ID (LO, at most 64 characters).

    That is its track (the same across a patient's studies) or, without one, its finding id.
    Analysis ids are ``<series UID>.<n>`` and may be longer; then the last 64 characters are
    kept (still unique within the series). The SR keeps the full id; the Tracking UID, the same
    in both, is what links a segment to its measurement group.
    """
    return (finding.track_id or finding.finding_id)[-64:]


def touched_slices(masks: Sequence[FindingMask]) -> list[int]:
    """Indices (into the series' slice order) of the slices any mask has a voxel on."""
    touched: set[int] = set()
    for m in masks:
        planes = np.flatnonzero(m.mask.reshape(m.mask.shape[0], -1).any(axis=1))
        touched.update(int(m.offset[0] + z) for z in planes)
    return sorted(touched)


def build_seg(
    analysis: SeriesAnalysis,
    sources: Sequence[Dataset],
    *,
    series_uid: str | None = None,
    sop_instance_uid: str | None = None,
) -> hd.seg.Segmentation | None:
    """Build the SEG for ``analysis`` (``sources``: its image headers in slice order).

    Returns None when no finding has a mask with a voxel in it: there is nothing to segment.
    """
    findings = {f.finding_id: f for f in analysis.findings}
    masks = [m for m in analysis.masks if m.mask.any()]
    _check_masks(analysis, masks, findings, sources)
    if not masks:
        return None
    slices = touched_slices(masks)
    pixels = _pixel_array(masks, slices, sources[0])
    with inheriting_patient_name():
        seg = hd.seg.Segmentation(
            source_images=[sources[z] for z in slices],
            pixel_array=pixels,
            segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
            segment_descriptions=[
                _segment(number, findings[m.finding_id], analysis)
                for number, m in enumerate(masks, start=1)
            ],
            series_instance_uid=series_uid or hd.UID(),
            series_number=SEG_SERIES_NUMBER,
            sop_instance_uid=sop_instance_uid or hd.UID(),
            instance_number=1,
            manufacturer=MANUFACTURER,
            manufacturer_model_name=f"ScanSide {appliance.__version__}",
            software_versions=f"ScanSide {appliance.__version__}",
            device_serial_number=device_uid(),
            series_description="ScanSide lung nodule segmentation",
            content_label="NODULES",
            content_description="Lung nodules and masses found by ScanSide",
            contributing_equipment=[model_equipment(analysis)],
        )
    drop_incomplete_references(seg)
    return seg


def _check_masks(
    analysis: SeriesAnalysis,
    masks: Sequence[FindingMask],
    findings: dict[str, Finding],
    sources: Sequence[Dataset],
) -> None:
    rows, columns = int(sources[0].Rows), int(sources[0].Columns)
    for m in masks:
        if m.finding_id not in findings:
            raise ResultsError(
                f"series {analysis.series_uid}: a mask names finding {m.finding_id}, "
                "which is not among the findings"
            )
        z, y, x = m.offset
        depth, height, width = m.mask.shape
        if min(z, y, x) < 0 or z + depth > len(sources) or y + height > rows or x + width > columns:
            raise ResultsError(
                f"finding {m.finding_id}: its mask (offset {m.offset}, shape {m.mask.shape}) "
                f"reaches outside the series grid ({len(sources)} x {rows} x {columns})"
            )


def _pixel_array(
    masks: Sequence[FindingMask], slices: list[int], first: Dataset
) -> npt.NDArray[np.bool_]:
    """(frames, rows, columns, segments) for just the touched slices."""
    frame_of = {z: i for i, z in enumerate(slices)}
    pixels = np.zeros((len(slices), int(first.Rows), int(first.Columns), len(masks)), dtype=bool)
    for segment, m in enumerate(masks):
        z0, y0, x0 = m.offset
        depth, height, width = m.mask.shape
        for dz in range(depth):
            if m.mask[dz].any():
                pixels[frame_of[z0 + dz], y0 : y0 + height, x0 : x0 + width, segment] |= m.mask[dz]
    return pixels


def _segment(number: int, finding: Finding, analysis: SeriesAnalysis) -> hd.seg.SegmentDescription:
    site = sc.LOBES.get(finding.lobe or "", sc.LUNG)
    description = hd.seg.SegmentDescription(
        segment_number=number,
        segment_label=f"{finding.kind} {number}" + (f" {finding.lobe}" if finding.lobe else ""),
        segmented_property_category=sc.SEGMENT_CATEGORY,
        segmented_property_type=sc.finding_type(finding.kind),
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.AUTOMATIC,
        algorithm_identification=hd.AlgorithmIdentificationSequence(
            name=analysis.model_name,
            family=sc.ALGORITHM_FAMILY,
            version=analysis.model_version,
            parameters={"execution provider": analysis.provider},
        ),
        tracking_uid=tracking_uid(analysis, finding),
        tracking_id=seg_tracking_id(finding),
        anatomic_regions=[site],
    )
    description.SegmentDescription = (
        f"{finding.kind} {finding.lobe or 'lung'} {finding.diameter_mm:.1f} mm, "
        f"Lung-RADS {finding.lung_rads}"
    )
    return description
