"""Every kind of object ScanSide writes passes dicom3tools' dciodvfy without an error.

Warnings are allowed: the ones seen are inherited from the real source images (a single-component
Patient's Name, no Study ID) and are not ours to change.
"""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pydicom
import pytest

from appliance.findings import SeriesAnalysis
from appliance.results.seg import build_seg
from appliance.results.sources import read_source_headers
from appliance.results.sr import build_sr
from tests.conftest import require_tool

pytestmark = pytest.mark.peers


def dciodvfy_errors(path: Path) -> list[str]:
    run = subprocess.run(
        [require_tool("dciodvfy"), str(path)], capture_output=True, text=True, check=False
    )
    output = run.stdout + run.stderr
    assert output.strip(), "dciodvfy said nothing"
    return [line for line in output.splitlines() if line.startswith("Error")]


def test_sr_with_findings_is_valid(analysis_with_findings: SeriesAnalysis, tmp_path: Path) -> None:
    sources = read_source_headers(analysis_with_findings)
    seg = build_seg(analysis_with_findings, sources)
    with_points, with_segments = tmp_path / "points.dcm", tmp_path / "segments.dcm"
    build_sr(analysis_with_findings, sources).save_as(with_points)
    build_sr(analysis_with_findings, sources, segmentation=seg).save_as(with_segments)

    assert dciodvfy_errors(with_points) == []
    assert dciodvfy_errors(with_segments) == []


def test_sr_with_calibrated_certainty_is_valid(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    calibrated = dataclasses.replace(analysis_with_findings, confidence_calibrated=True)
    path = tmp_path / "sr.dcm"
    build_sr(calibrated, read_source_headers(calibrated)).save_as(path)

    assert dciodvfy_errors(path) == []


def test_sr_warning_of_a_series_outside_the_models_validation_is_valid(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    warned = dataclasses.replace(
        analysis_with_findings,
        validation_warnings=(
            "Outside validation: reconstruction kernel 'B70f' was never seen in validation (LUNG).",
            "Outside validation: input noise 47 HU is outside the 5-26 HU the model was "
            "validated on.",
        ),
    )
    path = tmp_path / "sr.dcm"
    build_sr(warned, read_source_headers(warned)).save_as(path)

    assert dciodvfy_errors(path) == []


def test_a_follow_up_sr_is_valid(analysis_follow_up: SeriesAnalysis, tmp_path: Path) -> None:
    """With the comparison: time points, the prior's measurements, the comparison sentence."""
    sources = read_source_headers(analysis_follow_up)
    seg = build_seg(analysis_follow_up, sources)
    with_points, with_segments = tmp_path / "points.dcm", tmp_path / "segments.dcm"
    build_sr(analysis_follow_up, sources).save_as(with_points)
    build_sr(analysis_follow_up, sources, segmentation=seg).save_as(with_segments)

    assert dciodvfy_errors(with_points) == []
    assert dciodvfy_errors(with_segments) == []
    run = subprocess.run(
        [require_tool("dsrdump"), "-v", str(with_points)], capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    complaints = [x for x in (run.stdout + run.stderr).splitlines() if x[:2] in ("W:", "E:")]
    assert complaints == []


def test_sr_without_findings_is_valid(
    analysis_without_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    path = tmp_path / "sr.dcm"
    build_sr(analysis_without_findings, read_source_headers(analysis_without_findings)).save_as(
        path
    )

    assert dciodvfy_errors(path) == []


def test_dcmtk_reads_the_sr_trees_without_a_complaint(
    analysis_with_findings: SeriesAnalysis,
    analysis_without_findings: SeriesAnalysis,
    tmp_path: Path,
) -> None:
    """A second validator: dcmtk's dsrdump checks the content tree against the SR IOD."""
    for i, analysis in enumerate((analysis_with_findings, analysis_without_findings)):
        path = tmp_path / f"{i}.dcm"
        build_sr(analysis, read_source_headers(analysis)).save_as(path)
        run = subprocess.run(
            [require_tool("dsrdump"), "-v", str(path)], capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, run.stderr
        assert "Imaging Measurement Report" in run.stdout
        complaints = [
            line for line in (run.stdout + run.stderr).splitlines() if line[:2] in ("W:", "E:")
        ]
        assert complaints == []


def test_seg_is_valid(analysis_with_findings: SeriesAnalysis, tmp_path: Path) -> None:
    seg = build_seg(analysis_with_findings, read_source_headers(analysis_with_findings))
    assert seg is not None
    path = tmp_path / "seg.dcm"
    seg.save_as(path)

    assert dciodvfy_errors(path) == []


def test_sr_of_a_limited_mode_analysis_is_valid(
    analysis_with_findings: SeriesAnalysis, tmp_path: Path
) -> None:
    limited = dataclasses.replace(
        analysis_with_findings,
        mode="limited",
        limitations=("Limited mode: slices 8.0 mm apart.", "Only findings of 10 mm and more."),
    )
    path = tmp_path / "limited.dcm"
    build_sr(limited, read_source_headers(limited)).save_as(path)

    assert dciodvfy_errors(path) == []


def test_a_follow_up_matched_with_an_older_prior_says_so_and_is_valid(
    analysis_follow_up: SeriesAnalysis, tmp_path: Path
) -> None:
    """A finding the latest prior missed, matched with an older one: the comparison sentence
    names that study too."""
    older = [{
        "prior_study_uid": "1.2.826.0.1.3680043.99.5",
        "prior_series_uid": "1.2.826.0.1.3680043.99.6",
        "prior_study_date": "2024-03-01", "interval_days": 740,
        "matched": [analysis_follow_up.findings[1].finding_id],
    }]  # fmt: skip
    analysis = dataclasses.replace(
        analysis_follow_up, comparison={**analysis_follow_up.comparison, "older": older}
    )
    path = tmp_path / "sr.dcm"
    build_sr(analysis, read_source_headers(analysis)).save_as(path)
    assert dciodvfy_errors(path) == []
    texts = list(_texts(pydicom.dcmread(path)))
    assert any(
        "1 finding(s) not on that prior matched with older study 1.2.826.0.1.3680043.99.5 of "
        "2024-03-01." in text
        for text in texts
    ), texts


def _texts(item: pydicom.Dataset) -> Iterator[str]:
    """Every TEXT value of an SR content tree."""
    for child in item.get("ContentSequence", []):
        if child.ValueType == "TEXT":
            yield str(child.TextValue)
        yield from _texts(child)
