"""A simulated follow-up pair through the pipeline and the comparison, measured from the images.

The model is the oracle of ``test_pipeline.py`` (it only says where the true nodules are); the
findings are measured from the CT by the pipeline, so the growth checked here is measured growth.
The pair: seed 930010, the patient moved 3, -2 and 12 mm, nodules stable, grown, shrunk or gone
as drawn, and one new nodule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appliance.catalogue.database import Database, open_database
from appliance.catalogue.findings import record_analysis
from appliance.config import FollowUpConfig, TriageConfig
from appliance.findings import Finding, SeriesAnalysis
from appliance.inference.pipeline import analyse_series
from appliance.inference.priors import compare_with_priors
from appliance.simulate import SimulatedStudy, write_series
from appliance.simulate.followup import FollowUpTruth, simulate_follow_up
from tests.appliance.inference.test_pipeline import OracleModel

RENDER = {"slices": 120, "slice_thickness_mm": 1.25, "pixel_spacing_mm": 0.8,
          "diameters_mm": (9.0, 7.0, 6.0, 8.0)}  # fmt: skip


def _analyse(db: Database, study: SimulatedStudy, folder: Path) -> SeriesAnalysis:
    files = sorted(str(p) for p in write_series(study, folder).glob("*.dcm"))
    analysis = analyse_series(files, OracleModel(study))
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, study_date, modality, body_part) "
        "VALUES (?, ?, ?, 'CT', 'CHEST')",
        [analysis.study_uid, analysis.patient_id, study.patient.study_date],
    )
    db.execute(
        "INSERT INTO series (series_uid, study_uid, modality) VALUES (?, ?, 'CT')",
        [analysis.series_uid, analysis.study_uid],
    )
    compared = compare_with_priors(db, analysis, FollowUpConfig())
    record_analysis(db, compared, TriageConfig())
    return compared


def _truth_index(study: SimulatedStudy, finding: Finding) -> int:
    distances = [np.linalg.norm(np.subtract(n.center_mm, finding.center_mm)) for n in study.nodules]
    assert min(distances) < 3.0
    return study.nodules[int(np.argmin(distances))].index


@pytest.fixture(scope="module")
def compared(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth, SeriesAnalysis, SeriesAnalysis]:
    prior, follow, truth = simulate_follow_up(
        930010,
        shift_mm=(3.0, -2.0, 12.0),
        new_nodules=1,
        **RENDER,  # type: ignore[arg-type]
    )
    folder = tmp_path_factory.mktemp("followup")
    db = open_database(folder / "catalogue.duckdb")
    first = _analyse(db, prior, folder)
    second = _analyse(db, follow, folder)
    return prior, follow, truth, first, second


def test_each_nodule_is_matched_to_its_own_prior_and_the_new_one_is_new(
    compared: tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth, SeriesAnalysis, SeriesAnalysis],
) -> None:
    prior, follow, truth, first, second = compared
    assert "new" in [f.follow_up for f in second.findings]
    track_of_prior = {f.track_id: _truth_index(prior, f) for f in first.findings}
    for finding in second.findings:
        expected = truth.prior_index[_truth_index(follow, finding) - 1]
        if expected is None:
            assert finding.follow_up == "new" and finding.track_id not in track_of_prior
        else:
            assert track_of_prior[finding.track_id] == expected
    gone = [i + 1 for i, fate in enumerate(truth.fates) if fate == "gone"]
    resolved = second.comparison["resolved"]
    assert sorted(track_of_prior[r["track_id"]] for r in resolved) == gone


def test_measured_growth_follows_the_true_growth(
    compared: tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth, SeriesAnalysis, SeriesAnalysis],
) -> None:
    prior, follow, truth, _, second = compared
    for finding in second.findings:
        now = follow.nodules[_truth_index(follow, finding) - 1]
        before_index = truth.prior_index[now.index - 1]
        if before_index is None:
            continue
        true_growth = now.diameter_mm - prior.nodules[before_index - 1].diameter_mm
        assert finding.growth_mm == pytest.approx(true_growth, abs=1.0)
        grown = truth.fates[before_index - 1] == "grown"
        assert (finding.follow_up == "growing") == grown, (finding, true_growth)
