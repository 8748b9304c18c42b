"""Results that cannot be made honestly are refused with a message that says why."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from appliance.errors import ResultsError
from appliance.findings import FindingMask, SeriesAnalysis
from appliance.results.files import write_result_files
from appliance.results.reader import read_sr
from appliance.results.seg import build_seg
from appliance.results.sources import read_source_headers
from appliance.results.sr import build_sr


def test_source_files_that_do_not_match_the_analysis_are_refused(
    analysis_with_findings: SeriesAnalysis,
) -> None:
    shuffled = dataclasses.replace(
        analysis_with_findings,
        source_sop_instance_uids=analysis_with_findings.source_sop_instance_uids[::-1],
    )
    with pytest.raises(ResultsError, match="do not match the SOP Instance UIDs"):
        read_source_headers(shuffled)


def test_an_analysis_without_source_files_is_refused(
    analysis_without_findings: SeriesAnalysis,
) -> None:
    with pytest.raises(ResultsError, match="lists no source files"):
        read_source_headers(dataclasses.replace(analysis_without_findings, source_files=()))


def test_a_finding_kind_without_a_code_is_refused(analysis_with_findings: SeriesAnalysis) -> None:
    odd = dataclasses.replace(analysis_with_findings.findings[0], kind="pneumothorax")
    analysis = dataclasses.replace(analysis_with_findings, findings=(odd,), masks=())
    with pytest.raises(ResultsError, match="'pneumothorax' has no code"):
        build_sr(analysis, read_source_headers(analysis))


def test_a_mask_outside_the_series_grid_is_refused(analysis_with_findings: SeriesAnalysis) -> None:
    mask = analysis_with_findings.masks[0]
    outside = FindingMask(
        mask.finding_id, (18, 200, 150), mask.mask
    )  # 3 slices deep from slice 18 of 20
    analysis = dataclasses.replace(analysis_with_findings, masks=(outside,))
    with pytest.raises(ResultsError, match="reaches outside the series grid"):
        build_seg(analysis, read_source_headers(analysis))


def test_findings_without_masks_get_an_sr_with_points_and_no_seg(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    analysis = dataclasses.replace(analysis_with_findings, masks=())

    paths = write_result_files(analysis, tmp_path)

    assert [p.name.split(".")[-2:] for p in paths] == [
        ["sr", "dcm"],
        [analysis.series_uid.split(".")[-1], "txt"],
    ]
    assert all(f.center_mm is not None and f.segment is None for f in read_sr(paths[0]).findings)
