"""write_result_files: what ``scanside analyze --out DIR`` leaves in DIR."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pydicom

from appliance.findings import SeriesAnalysis
from appliance.results.durable import safe_stem
from appliance.results.files import write_result_files
from appliance.results.reader import read_sr
from appliance.tui.study import most_suspicious_first
from tests.appliance.tui.samples import finding


def test_writes_sr_seg_and_summary_for_a_series_with_findings(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    paths = write_result_files(analysis_with_findings, tmp_path, priority="urgent")

    uid = analysis_with_findings.series_uid
    assert [p.name for p in paths] == [f"{uid}.sr.dcm", f"{uid}.seg.dcm", f"{uid}.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in paths
    )  # no temporary left
    sr, seg = (pydicom.dcmread(p) for p in paths[:2])
    assert sr.Modality == "SR" and seg.Modality == "SEG"
    assert sr.StudyInstanceUID == seg.StudyInstanceUID == analysis_with_findings.study_uid
    assert {f.segment for f in read_sr(paths[0]).findings} == {
        (seg.SOPInstanceUID, 1),
        (seg.SOPInstanceUID, 2),
    }
    text = paths[2].read_text(encoding="ascii")
    assert "Lung-RADS:  4B" in text and "Priority:   urgent" in text
    # the TUI's reading order: the 4B mass before the 4A nodule, though found second
    assert " 1. mass, left lower lobe (LLL): 37.3 mm mean diameter (41.0 x 33.5 mm)" in text
    assert " 2. nodule, right upper lobe (RUL): 10.8 mm" in text


def test_the_summary_lists_findings_in_the_tui_order(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    text = write_result_files(analysis_with_findings, tmp_path)[-1].read_text(encoding="ascii")
    rows = [
        finding(f.finding_id, lung_rads=f.lung_rads, diameter_mm=f.diameter_mm, lobe=f.lobe)
        for f in analysis_with_findings.findings
    ]
    tui_lobes = [f"({row.lobe})" for row in most_suspicious_first(rows)]
    lines = [line for line in text.splitlines() if line[:3].strip().rstrip(".").isdigit()]
    assert [next(lobe for lobe in tui_lobes if lobe in line) for line in lines] == tui_lobes


def test_a_series_without_findings_gets_an_sr_and_a_summary_but_no_seg(
    analysis_without_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    paths = write_result_files(analysis_without_findings, tmp_path)

    uid = analysis_without_findings.series_uid
    assert [p.name for p in paths] == [f"{uid}.sr.dcm", f"{uid}.txt"]
    assert read_sr(paths[0]).nodule_absent
    text = paths[1].read_text(encoding="ascii")
    assert "No lung nodule or mass found." in text and "Priority:   not triaged" in text


def test_a_hostile_series_uid_never_becomes_a_path() -> None:
    assert safe_stem("1.2.840.10008.1") == "1.2.840.10008.1"
    stem = safe_stem("../../etc/passwd")
    assert "/" not in stem and ".." not in stem


def test_a_series_with_a_single_finding_gets_an_sr_that_points_at_its_segment(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    one = dataclasses.replace(
        analysis_with_findings,
        findings=analysis_with_findings.findings[:1],
        masks=analysis_with_findings.masks[:1],
    )

    sr_path, seg_path, _ = write_result_files(one, tmp_path)

    seg = pydicom.dcmread(seg_path)
    (finding,) = read_sr(sr_path).findings
    assert finding.segment == (seg.SOPInstanceUID, 1)
    assert finding.diameter_mm == one.findings[0].diameter_mm
