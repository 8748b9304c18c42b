"""A "new" follow-up finding is present on the prior when a prior candidate below the reporting
threshold lies at its aligned position (Lung-RADS v2022: a nodule visible in retrospect on the
prior is not new)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from appliance.inference.candidates import CandidateClassifier
from appliance.inference.pipeline import analyse_series
from appliance.inference.tracking import Alignment, Match
from appliance.inference.unreported import (
    DetectionCandidate,
    SeenOnPrior,
    analyse_with_candidates,
    detect_with_floor,
)
from appliance.inference.worker import WorkRequest, analyse_request
from appliance.simulate import SimulatedStudy, simulate_study, write_series
from tests.appliance.inference.test_pipeline import OracleModel

HERE = (10.0, -20.0, -100.0)
RULE = SeenOnPrior(radius_mm=6.0, min_score=0.01)


def _at(offset: tuple[float, float, float], score: float) -> DetectionCandidate:
    x, y, z = (h + o for h, o in zip(HERE, offset, strict=True))
    return DetectionCandidate((x, y, z), score)


@pytest.mark.parametrize(
    ("why", "candidates", "present"),
    [
        ("nothing on the prior: new", [], False),
        ("a candidate at the very place, over the floor: present", [_at((0, 0, 0), 0.02)], True),
        ("a candidate 5 mm off (within 6 mm): present", [_at((3, 4, 0), 0.02)], True),
        ("a candidate 7 mm off: new", [_at((0, 0, 7), 0.9)], False),
        ("a candidate at the place but under the floor: new", [_at((0, 0, 0), 0.005)], False),
        ("score exactly the floor: present", [_at((0, 0, 0), 0.01)], True),
        (
            "one weak near, one strong far: new",
            [_at((1, 0, 0), 0.001), _at((20, 0, 0), 0.5)],
            False,
        ),
        (
            "one weak far, one strong near: present",
            [_at((30, 0, 0), 0.001), _at((0, 2, 0), 0.3)],
            True,
        ),
    ],
)
def test_a_finding_is_present_on_the_prior_only_with_a_close_strong_enough_candidate(
    why: str, candidates: list[DetectionCandidate], present: bool
) -> None:
    assert RULE.present([HERE], candidates, Alignment()) == (present,), why


def test_prior_candidates_are_mapped_by_the_comparisons_alignment() -> None:
    """The patient lay 15 mm lower along z on the prior: its candidate maps onto the finding."""
    lower = _at((0, 0, -15), 0.2)
    moved = Alignment(offset=(0.0, 0.0, 15.0), method="lungs")
    assert RULE.present([HERE], [lower], Alignment()) == (False,)
    assert RULE.present([HERE], [lower], moved) == (True,)


def test_only_unmatched_findings_are_split_into_new_and_present_on_prior() -> None:
    centres = [HERE, (60.0, 0.0, -80.0), (-60.0, 10.0, -150.0)]
    found = Match(pairs=((0, 0),), new=(1, 2), resolved=(), distances_mm=(1.0,),
                  alignment=Alignment())  # fmt: skip
    candidates = [DetectionCandidate((-61.0, 10.0, -149.0), 0.02), DetectionCandidate(HERE, 0.9)]
    assert RULE.split(found, centres, candidates) == ((1,), (2,))


def test_a_candidate_round_trips_through_json_to_a_hundredth_of_a_millimetre() -> None:
    candidate = DetectionCandidate((1.23, -5.0, -99.5), 0.0123)
    assert DetectionCandidate.from_json(candidate.to_json()) == candidate
    assert (
        DetectionCandidate.from_json(DetectionCandidate((1.234, 0, 0), 0.5).to_json()).centre_mm[0]
        == 1.23
    )


@pytest.mark.parametrize(("radius", "score"), [(0.0, 0.01), (6.0, -0.1), (6.0, 1.5)])
def test_a_rule_that_cannot_hold_is_refused(radius: float, score: float) -> None:
    with pytest.raises(ValueError, match="radius_mm > 0"):
        SeenOnPrior(radius, score)


@dataclasses.dataclass
class ScoredOracle(OracleModel):
    """The oracle with a second stage that gives every candidate the same score."""

    candidate_classifier: CandidateClassifier | None = None


def _constant(score: float, threshold: float) -> CandidateClassifier:
    return CandidateClassifier(float(np.log(score / (1 - score))), 1.0, (), threshold)


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], SimulatedStudy]:
    study = simulate_study(
        5, slices=80, slice_thickness_mm=1.25, pixel_spacing_mm=0.8, diameters_mm=(9.0, 6.0)
    )
    folder = write_series(study, tmp_path_factory.mktemp("unreported"))
    return sorted(str(p) for p in folder.glob("*.dcm")), study


def test_candidates_under_the_threshold_are_kept_with_their_score_but_not_reported(
    series: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = series
    model = ScoredOracle(study, candidate_classifier=_constant(0.02, threshold=0.036))
    analysis, candidates = detect_with_floor(files, model, floor=0.0)
    assert analysis.findings == ()
    assert len(candidates) == len(study.nodules)
    for nodule in study.nodules:
        nearest = min(
            np.linalg.norm(np.subtract(c.centre_mm, nodule.center_mm)) for c in candidates
        )
        assert nearest < 2.0
    assert all(c.score == pytest.approx(0.02) for c in candidates)


def test_over_the_threshold_the_analysis_is_the_usual_one(
    series: tuple[list[str], SimulatedStudy], tmp_path: Path
) -> None:
    files, study = series
    model = ScoredOracle(study, candidate_classifier=_constant(0.5, threshold=0.036))
    analysis, candidates = detect_with_floor(files, model, floor=0.0)
    usual = analyse_series(files, model)
    assert [f.center_mm for f in analysis.findings] == [f.center_mm for f in usual.findings]
    assert [f.diameter_mm for f in analysis.findings] == [f.diameter_mm for f in usual.findings]
    assert len(analysis.findings) == len(study.nodules) == len(candidates)
    for finding in analysis.findings:
        nearest = min(
            np.linalg.norm(np.subtract(c.centre_mm, finding.center_mm)) for c in candidates
        )
        assert nearest < 1.0  # a candidate's centre is where its finding's is


def test_without_a_second_stage_every_candidate_is_reported(
    series: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = series
    analysis, candidates = detect_with_floor(files, OracleModel(study), floor=0.0)
    assert len(analysis.findings) == len(candidates) == len(study.nodules)


@dataclasses.dataclass
class _Runtime:
    """What the worker asks of its runtime: the named model."""

    model: OracleModel

    def nodule_model(self, name: str, version: str | None) -> OracleModel:
        return self.model


def test_the_worker_keeps_the_candidates_it_did_not_report(
    series: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = series
    model = ScoredOracle(study, candidate_classifier=_constant(0.02, threshold=0.036))
    analysis = analyse_request(WorkRequest(tuple(files), "lung_nodule"), _Runtime(model))
    assert analysis.findings == ()
    assert len(analysis.unreported) == len(study.nodules)
    assert all(c.score == pytest.approx(0.02) for c in analysis.unreported)


def test_reported_candidates_are_not_kept_and_the_analysis_is_the_usual_one(
    series: tuple[list[str], SimulatedStudy],
) -> None:
    files, study = series
    model = ScoredOracle(study, candidate_classifier=_constant(0.5, threshold=0.036))
    analysis = analyse_with_candidates(files, model)
    usual = analyse_series(files, model)
    assert len(analysis.findings) == len(study.nodules)
    assert analysis.unreported == ()
    same = dataclasses.replace(analysis, unreported=(), timings_s=usual.timings_s)
    assert same.to_json() == usual.to_json()
