"""Thick-slice series (5-10 mm) are analysed in limited mode: masses and nodules of 10 mm and
up are found, measured and triaged, smaller ones are not claimed, and the analysis says so.

The series is the real Lung-PET-CT-Dx chest CT (5 mm slices) rebinned to 8 mm slabs, as an older
scanner reconstructs a chest (:mod:`appliance.simulate.thick`); its readers' boxes mark a
biopsy-proven adenocarcinoma of several centimetres.
"""

from __future__ import annotations

from pathlib import Path

import pydicom
import pytest

from appliance.config import InferenceConfig, TriageConfig
from appliance.findings import SeriesAnalysis
from appliance.inference.pipeline import analyse_series
from appliance.inference.repository import ModelRepository, SeriesAttributes
from appliance.inference.runtime import InferenceRuntime
from appliance.priority import prioritise
from appliance.simulate.thick import rebin_series
from models.lung_nodule.real_series import reader_boxes
from tests.appliance.inference.test_realdata import _overlaps
from tests.conftest import SHARED

pytestmark = pytest.mark.slow

LIMITED_MIN_MM = 10.0


@pytest.fixture(scope="module")
def realdata_ct() -> Path:
    folder = SHARED / "realdata" / "lung-pet-ct-dx-A0001" / "ct"
    if not folder.is_dir():
        pytest.skip(f"shared data not found at {folder}")
    return folder


@pytest.fixture(scope="module")
def thick_series(realdata_ct: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return rebin_series(sorted(realdata_ct.glob("*.dcm")), 8.0, tmp_path_factory.mktemp("8mm"))


@pytest.fixture(scope="module")
def analysis(thick_series: list[Path], tmp_path_factory: pytest.TempPathFactory) -> SeriesAnalysis:
    runtime = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path_factory.mktemp("trt"))
    return analyse_series([str(p) for p in thick_series], runtime.nodule_model())


def _attributes(path: Path, thickness: float) -> SeriesAttributes:
    header = pydicom.dcmread(path, stop_before_pixels=True)
    header.SliceThickness = thickness
    return SeriesAttributes.from_header(header, slice_count=40)


def test_routing_admits_8_mm_slices_and_refuses_12_mm(thick_series: list[Path]) -> None:
    repository = ModelRepository()
    assert [m.name for m in repository.route(_attributes(thick_series[0], 8.0))] == ["lung_nodule"]
    too_thick = repository.get("lung_nodule").routing.reasons_to_skip(
        _attributes(thick_series[0], 12.0)
    )
    assert too_thick == ["slice thickness 12.0 mm is over 10.0 mm"]


def test_the_analysis_says_it_ran_in_limited_mode(analysis: SeriesAnalysis) -> None:
    assert analysis.mode == "limited"
    assert "8.0 mm" in analysis.limitations[0]
    assert any("10 mm" in sentence for sentence in analysis.limitations)
    assert analysis.to_json()["mode"] == "limited"


def test_the_tumour_is_the_first_finding_and_makes_the_study_urgent(
    analysis: SeriesAnalysis, realdata_ct: Path
) -> None:
    boxes = reader_boxes(realdata_ct.parent)
    first = analysis.findings[0]
    assert any(_overlaps(first, box) for box in boxes), [
        (f.lobe, f.diameter_mm, f.confidence) for f in analysis.findings
    ]
    assert first.diameter_mm >= 30.0
    assert prioritise(list(analysis.findings), TriageConfig()).priority == "urgent"


def test_no_finding_under_10_mm_is_claimed(analysis: SeriesAnalysis) -> None:
    assert all(f.diameter_mm >= LIMITED_MIN_MM for f in analysis.findings)
