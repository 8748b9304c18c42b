"""The SR and SEG read back with highdicom to the findings they were made from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
import pytest
from highdicom.sr.utils import find_content_items
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

from appliance.findings import SeriesAnalysis
from appliance.results.reader import read_seg, read_sr, segment_centres
from appliance.results.seg import build_seg, touched_slices
from appliance.results.sources import read_source_headers
from appliance.results.sr import build_sr, tracking_uid

TIME_POINT = Code("C2348792", "UMLS", "Time Point")  # TID 1502
MEASURED = ("long_axis_mm", "short_axis_mm", "diameter_mm", "volume_mm3", "mean_hu")
CODED = ("kind", "lobe", "attenuation", "margin", "calcified", "lung_rads")


def test_sr_with_points_reads_back_to_the_same_findings(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    sources = read_source_headers(analysis_with_findings)
    path = tmp_path / "sr.dcm"
    build_sr(analysis_with_findings, sources).save_as(path)

    report = read_sr(path)

    assert report.study_uid == analysis_with_findings.study_uid
    assert report.source_series_uid == analysis_with_findings.series_uid
    assert report.lung_rads == "4B"
    assert not report.nodule_absent
    assert [f.finding_id for f in report.findings] == [  # a tracked finding reports its track
        f.track_id or f.finding_id for f in analysis_with_findings.findings
    ]
    for written, read in zip(analysis_with_findings.findings, report.findings, strict=True):
        for name in MEASURED:
            assert getattr(read, name) == pytest.approx(getattr(written, name), rel=1e-9), name
        for name in CODED:
            assert getattr(read, name) == getattr(written, name), name
        assert read.center_mm == pytest.approx(written.center_mm, abs=1e-3)
        assert read.tracking_uid == tracking_uid(analysis_with_findings, written)
        assert (read.algorithm_name, read.algorithm_version) == ("scanside-nodule-unet", "1.2.0")
        assert read.segment is None


def test_sr_without_findings_says_no_nodule(
    analysis_without_findings: SeriesAnalysis, tmp_path
) -> None:
    sources = read_source_headers(analysis_without_findings)
    path = tmp_path / "sr.dcm"
    build_sr(analysis_without_findings, sources).save_as(path)

    report = read_sr(path)

    assert report.findings == ()
    assert report.nodule_absent
    assert report.algorithm == ("scanside-nodule-unet", "1.2.0")
    assert report.lung_rads == "1"


def test_seg_reads_back_to_the_same_masks_on_the_touched_slices(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    sources = read_source_headers(analysis_with_findings)
    seg = build_seg(analysis_with_findings, sources)
    assert seg is not None
    path = tmp_path / "seg.dcm"
    seg.save_as(path)
    uids = list(analysis_with_findings.source_sop_instance_uids)

    segments = read_seg(path, uids)

    touched = touched_slices(analysis_with_findings.masks)
    assert len(touched) < len(uids)  # frames only where a mask is
    assert int(seg.NumberOfFrames) == sum(
        int(np.any(m.mask, axis=(1, 2)).sum()) for m in analysis_with_findings.masks
    )
    for finding, mask, segment in zip(
        analysis_with_findings.findings, analysis_with_findings.masks, segments, strict=True
    ):
        expected = np.zeros((len(uids), int(sources[0].Rows), int(sources[0].Columns)), dtype=bool)
        z, y, x = mask.offset
        d, h, w = mask.mask.shape
        expected[z : z + d, y : y + h, x : x + w] = mask.mask
        assert segment.label == f"{finding.kind} {segment.number} {finding.lobe}"  # "nodule 1 RUL"
        assert segment.tracking_uid == tracking_uid(analysis_with_findings, finding)
        assert segment.tracking_id == (finding.track_id or finding.finding_id)[-64:]  # LO <= 64
        assert (
            segment.property_type
            == ({"nodule": ("27925004", "SCT"), "mass": ("4147007", "SCT")}[finding.kind])
        )
        assert np.array_equal(segment.mask, expected)


def test_sr_regions_point_at_the_segments_of_the_seg(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    sources = read_source_headers(analysis_with_findings)
    seg = build_seg(analysis_with_findings, sources)
    assert seg is not None
    path = tmp_path / "sr.dcm"
    build_sr(analysis_with_findings, sources, segmentation=seg).save_as(path)

    report = read_sr(path)

    assert [f.segment for f in report.findings] == [
        (seg.SOPInstanceUID, 1),
        (seg.SOPInstanceUID, 2),
    ]


def test_the_limitations_of_a_limited_analysis_read_back_from_the_sr(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    sentences = ("Limited mode: slices 8.0 mm apart.", "Only findings of 10 mm and more.")
    limited = dataclasses.replace(analysis_with_findings, mode="limited", limitations=sentences)
    path = tmp_path / "sr.dcm"
    build_sr(limited, read_source_headers(limited)).save_as(path)

    assert read_sr(path).limitations == sentences


def test_a_full_analysis_sr_has_no_limitations(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    path = tmp_path / "sr.dcm"
    build_sr(analysis_with_findings, read_source_headers(analysis_with_findings)).save_as(path)

    assert read_sr(path).limitations == ()


def test_a_calibrated_confidence_reads_back_as_the_certainty_of_each_finding(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    calibrated = dataclasses.replace(analysis_with_findings, confidence_calibrated=True)
    path = tmp_path / "sr.dcm"
    build_sr(calibrated, read_source_headers(calibrated)).save_as(path)

    certainties = [f.certainty for f in read_sr(path).findings]
    expected = [round(f.confidence, 3) for f in calibrated.findings]
    assert [round(c, 3) for c in certainties if c is not None] == expected


def test_a_ranking_score_is_not_written_as_a_certainty(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    path = tmp_path / "sr.dcm"
    build_sr(analysis_with_findings, read_source_headers(analysis_with_findings)).save_as(path)

    assert [f.certainty for f in read_sr(path).findings] == [None, None]


def test_a_follow_up_sr_carries_the_track_and_the_prior_measurement(
    analysis_with_findings: SeriesAnalysis, analysis_follow_up: SeriesAnalysis, tmp_path: Path
) -> None:
    """TID 1500 across time: the grown nodule's Tracking Identifier and Tracking UID are those
    of its track (the same in the prior's SR), and its group holds the prior's mean diameter,
    the change, the volume change, the doubling time and a follow-up time point."""
    sources = read_source_headers(analysis_follow_up)
    path = tmp_path / "follow.dcm"
    build_sr(analysis_follow_up, sources).save_as(path)
    report = read_sr(path)
    grown = analysis_follow_up.findings[0]
    assert report.findings[0].finding_id == grown.track_id
    # the prior's SR was written for another study with the same track: same Tracking UID
    prior = dataclasses.replace(analysis_with_findings, study_uid="1.2.826.0.1.3680043.99.1")
    assert report.findings[0].tracking_uid == tracking_uid(prior, prior.findings[0])
    groups = hd.sr.srread(path).content.get_volumetric_roi_measurement_groups()
    values = {m.name.meaning: (m.value, m.unit.value) for m in groups[0].get_measurements()}
    assert values["Mean diameter on prior study"] == (8.9, "mm")
    assert values["Change in mean diameter since prior study"] == (1.9, "mm")
    assert values["Fractional Change"] == (74.6, "%")
    assert values["Volume doubling time"] == (462.5, "d")
    points = find_content_items(groups[0][0], name=TIME_POINT, recursive=True)
    assert [str(p.TextValue) for p in points] == ["follow-up"]
    comparison = find_content_items(
        hd.sr.srread(path).ContentSequence[-1], name=codes.DCM.ComparisonToPreviousStudies
    )
    assert "1.2.826.0.1.3680043.99.1 of 2025-03-04 (371 days earlier)" in comparison[0].TextValue


def test_each_segments_centre_is_its_findings_centre(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    """A prior read from PACS whose SR points at segments takes its centres from the SEG."""
    sources = read_source_headers(analysis_with_findings)
    seg = build_seg(analysis_with_findings, sources)
    assert seg is not None
    path = tmp_path / "seg.dcm"
    seg.save_as(path)
    centres = segment_centres(pydicom.dcmread(path))
    for finding in analysis_with_findings.findings:
        centre = centres[tracking_uid(analysis_with_findings, finding)]
        assert centre == pytest.approx(finding.center_mm, abs=1.0)


def test_validation_warnings_read_back_from_the_sr_apart_from_the_limitations(
    analysis_with_findings: SeriesAnalysis, tmp_path
) -> None:
    limits = ("Limited mode: slices 8.0 mm apart.",)
    warnings = (
        "Outside validation: slice thickness 8 mm is outside the 0.625-5 mm the model was "
        "validated on.",
        "Outside validation: reconstruction kernel 'B70f' was never seen in validation (LUNG).",
    )
    outside = dataclasses.replace(
        analysis_with_findings, mode="limited", limitations=limits, validation_warnings=warnings
    )
    path = tmp_path / "sr.dcm"
    build_sr(outside, read_source_headers(outside)).save_as(path)

    report = read_sr(path)
    assert report.limitations == limits
    assert report.validation_warnings == warnings
