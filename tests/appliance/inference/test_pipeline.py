"""The pipeline around the model, with a model that answers exactly where the simulator's
nodules are (so what is tested is the pipeline, not a network)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from appliance.findings import SeriesAnalysis
from appliance.inference.attenuation_head import SHIPPED
from appliance.inference.calibration import ConfidenceCalibration, OperatingPoint
from appliance.inference.candidates import CandidateClassifier
from appliance.inference.detect import DetectionSettings
from appliance.inference.pipeline import (
    analyse_series,
    attenuation_head_of,
    model_settings,
    series_settings,
)
from appliance.inference.volume import Volume
from appliance.simulate import simulate_study, write_series
from appliance.simulate.study import SimulatedStudy

SPACING = (1.25, 1.25, 1.25)


@dataclasses.dataclass
class OracleModel:
    """Probability 0.9 (or ``probabilities[i]`` for nodule ``i``) in a ball of each true
    nodule's radius (on the model grid), 0 elsewhere."""

    study: SimulatedStudy
    name: str = "oracle"
    version: str = "0"
    provider: str = "CPUExecutionProvider"
    spacing_mm: tuple[float, float, float] = SPACING
    thresholds: dict[str, float] = dataclasses.field(default_factory=dict)
    probabilities: tuple[float, ...] = ()

    def predict(self, volume_hu: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        probability = np.zeros(volume_hu.shape, dtype=np.float32)
        grid = np.indices(volume_hu.shape, dtype=np.float32)
        source = np.asarray(self.study.geometry.spacing_zyx)
        for n, nodule in enumerate(self.study.nodules):
            index = np.asarray(self.study.geometry.to_index(tuple(nodule.center_mm)))
            centre = index * source / np.asarray(SPACING)
            distance_mm = np.sqrt(
                sum(((g - c) * s) ** 2 for g, c, s in zip(grid, centre, SPACING, strict=True))
            )
            inside = distance_mm <= nodule.diameter_mm / 2
            probability[inside] = self.probabilities[n] if self.probabilities else 0.9
        return probability


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], SimulatedStudy]:
    study = simulate_study(
        5, slices=80, slice_thickness_mm=1.25, pixel_spacing_mm=0.8, diameters_mm=(9.0, 3.2)
    )
    folder = write_series(study, tmp_path_factory.mktemp("pipeline"))
    return sorted(str(p) for p in folder.glob("*.dcm")), study


@pytest.fixture(scope="module")
def analysis(series: tuple[list[str], SimulatedStudy]) -> SeriesAnalysis:
    files, study = series
    return analyse_series(files, OracleModel(study, thresholds={"max_input_noise_hu": 25.0}))


def test_the_manifest_sets_the_noise_limit_and_a_simulated_series_is_within_it(
    analysis: SeriesAnalysis,
) -> None:
    sizes = sorted(f.diameter_mm for f in analysis.findings)
    assert sizes == [pytest.approx(3.2, abs=1.0), pytest.approx(9.0, abs=1.5)]
    # nothing was smoothed
    assert analysis.preprocessing["smoothing_sigma_voxels"] == 0.0
    assert 0.0 < analysis.preprocessing["input_noise_hu"] <= 25.0


def test_a_model_version_measures_with_its_own_head_and_a_model_without_one_with_the_shipped(
    series: tuple[list[str], SimulatedStudy],
) -> None:
    """A runtime model always says (its head, or None: the rules alone); a model that does not
    (a test's, the training code's) is measured with the shipped version's head."""
    model = OracleModel(series[1])
    assert attenuation_head_of(model) is SHIPPED
    rules_only = OracleModel(series[1])
    rules_only.attenuation_head = None  # type: ignore[attr-defined]
    assert attenuation_head_of(rules_only) is None


def test_an_analysis_says_what_was_done_to_the_image_in_its_json(analysis: SeriesAnalysis) -> None:
    assert set(analysis.to_json()["preprocessing"]) == {
        "input_noise_hu",
        "smoothing_sigma_voxels",
        "noise_after_hu",
    }


def test_findings_whose_long_axis_is_under_the_models_minimum_are_not_reported(
    series: tuple[list[str], SimulatedStudy], analysis: SeriesAnalysis
) -> None:
    files, study = series
    floor = OracleModel(study, thresholds={"max_input_noise_hu": 25.0, "min_long_axis_mm": 6.0})
    kept = analyse_series(files, floor)
    (finding,) = kept.findings
    assert finding.diameter_mm == pytest.approx(9.0, abs=1.5)
    # numbered without a gap, and its mask goes with it
    assert finding.finding_id.endswith(".1")
    assert [m.finding_id for m in kept.masks] == [finding.finding_id]
    assert len(analysis.findings) == 2  # the same series without the floor
    # the one left out is counted, so a reader knows it was seen
    assert kept.micronodules == 1
    assert kept.to_json()["micronodules_not_reported"] == 1
    assert analysis.micronodules == 0


def test_micronodules_take_no_place_among_the_findings_reported(
    series: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = series
    # the 3.2 mm nodule is the more confident; one finding may be reported, of 6 mm and up
    model = OracleModel(study, thresholds={"min_long_axis_mm": 6.0}, probabilities=(0.6, 0.95))
    settings = dataclasses.replace(model_settings(model), max_findings=1)
    (finding,) = analyse_series(files, model, settings=settings).findings
    assert finding.diameter_mm == pytest.approx(9.0, abs=1.5)
    assert finding.confidence == pytest.approx(0.6)


@pytest.fixture(scope="module")
def thick(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], SimulatedStudy]:
    study = simulate_study(
        6, slices=30, slice_thickness_mm=8.0, pixel_spacing_mm=0.8, diameters_mm=(16.0, 8.0)
    )
    folder = write_series(study, tmp_path_factory.mktemp("thick"))
    return sorted(str(p) for p in folder.glob("*.dcm")), study


LIMITED = {"full_mode_max_slice_mm": 5.0, "limited_min_diameter_mm": 10.0}


def test_a_thick_slice_series_reports_only_findings_of_the_limited_modes_size(
    thick: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = thick
    analysis = analyse_series(files, OracleModel(study, thresholds=LIMITED))
    (finding,) = analysis.findings
    assert finding.diameter_mm == pytest.approx(16.0, abs=3.0)
    assert analysis.mode == "limited"
    assert analysis.limitations == (
        "Limited mode: slices 8.0 mm apart, thicker than the 5 mm a full analysis needs.",
        "Only findings of 10 mm and more are reported; smaller nodules are neither found nor "
        "excluded on this series.",
        "1 smaller finding(s) seen and not reported.",
    )
    assert analysis.to_json()["limitations"] == list(analysis.limitations)


def test_a_series_within_the_full_modes_slices_is_analysed_in_full(
    analysis: SeriesAnalysis,
) -> None:
    assert analysis.mode == "full"
    assert analysis.limitations == ()
    assert analysis.to_json()["mode"] == "full"


def test_an_analysis_gives_the_lungs_box_that_aligns_a_later_scan(
    analysis: SeriesAnalysis,
) -> None:
    """The follow-up comparison aligns priors by the lungs' box (tracking.py): it must hold every
    finding, in patient mm."""
    assert analysis.lung_box_mm is not None
    low, high = analysis.lung_box_mm
    assert all(h - lo > 50.0 for lo, h in zip(low, high, strict=True))
    for finding in analysis.findings:
        assert all(
            lo - 5 <= c <= h + 5 for c, lo, h in zip(finding.center_mm, low, high, strict=True)
        )


def _volume(slice_mm: float) -> Volume:
    return Volume(
        hu=np.zeros((4, 4, 4), dtype=np.float32),
        affine=np.diag([slice_mm, 1.0, 1.0, 1.0]),
        spacing_mm=(slice_mm, 1.0, 1.0),
        files=(),
        sop_instance_uids=(),
        series_uid="1.2.3",
        study_uid="1.2",
        patient_id="P",
    )


@pytest.fixture
def scored() -> DetectionSettings:
    return DetectionSettings(
        classifier=CandidateClassifier(0.0, 1.0, (), threshold=0.04),
        calibration=ConfidenceCalibration(0.7, 1.8, -3.5),
        full_mode_max_slice_mm=5.0,
        limited_operating_point=OperatingPoint(0.6, ConfidenceCalibration(1.0, 0.0, -2.0)),
    )


def test_a_thick_series_is_detected_with_raw_scores_for_its_own_calibration(
    scored: DetectionSettings,
) -> None:
    settings = series_settings(scored, _volume(8.0))
    assert settings.calibration is None
    assert settings.classifier == scored.classifier  # what is reported is decided later


def test_a_full_analysis_keeps_the_classifiers_own_operating_point(
    scored: DetectionSettings,
) -> None:
    assert series_settings(scored, _volume(5.0)) == scored
    assert series_settings(scored, _volume(2.5)) == scored


def test_without_a_thick_slice_operating_point_a_thick_series_keeps_the_full_modes(
    scored: DetectionSettings,
) -> None:
    plain = dataclasses.replace(scored, limited_operating_point=None)
    assert series_settings(plain, _volume(8.0)) == plain


@dataclasses.dataclass
class ThickScoredOracle(OracleModel):
    """The oracle with a second stage that scores every candidate 0.5, a full-mode calibration
    and threshold that would report it, and a thick-slice operating point."""

    candidate_classifier: CandidateClassifier | None = None
    confidence_calibration: ConfidenceCalibration | None = None
    limited_operating_point: OperatingPoint | None = None


@pytest.fixture(scope="module")
def thick_series() -> tuple[list[str], SimulatedStudy]:
    study = simulate_study(
        11, slices=24, slice_thickness_mm=8.0, pixel_spacing_mm=0.8, diameters_mm=(16.0,)
    )
    folder = write_series(study, Path(tempfile.mkdtemp(prefix="thick")))
    return sorted(str(p) for p in folder.glob("*.dcm")), study


def _thick_model(study: SimulatedStudy, threshold: float) -> ThickScoredOracle:
    return ThickScoredOracle(
        study,
        thresholds={"full_mode_max_slice_mm": 5.0, "limited_min_diameter_mm": 10.0},
        candidate_classifier=CandidateClassifier(0.0, 1.0, (), threshold=0.04),  # scores 0.5
        confidence_calibration=ConfidenceCalibration(1.0, 0.0, 3.0),  # 0.5 -> 0.95
        limited_operating_point=OperatingPoint(threshold, ConfidenceCalibration(1.0, 0.0, -2.0)),
    )


def test_on_thick_slices_the_thick_slice_threshold_decides_what_is_reported(
    thick_series: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = thick_series
    analysis = analyse_series(files, _thick_model(study, threshold=0.6))
    assert analysis.mode == "limited"
    assert analysis.findings == ()  # 0.5 passes the full mode's 0.04, not the thick slices' 0.6


def test_on_thick_slices_a_finding_carries_the_thick_slice_calibration(
    thick_series: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = thick_series
    analysis = analyse_series(files, _thick_model(study, threshold=0.4))
    assert analysis.mode == "limited"
    assert len(analysis.findings) == 1
    expected = ConfidenceCalibration(1.0, 0.0, -2.0).probability(0.5, 16.0)  # 0.119
    assert analysis.findings[0].confidence == pytest.approx(expected, abs=1e-3)
    assert analysis.confidence_calibrated
