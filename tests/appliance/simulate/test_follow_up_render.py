"""The simulated follow-up: the same patient later, each nodule's fate and place known."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from appliance.cli import main
from appliance.simulate import SeriesUids, SimulatedStudy, simulate_study
from appliance.simulate.followup import FollowUpTruth, simulate_follow_up

SMALL = {"rows": 128, "pixel_spacing_mm": 2.8, "slice_thickness_mm": 2.5, "nodules": 4}


@pytest.fixture(scope="module")
def pair() -> tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth]:
    return simulate_follow_up(930001, interval_days=400, new_nodules=1, **SMALL)  # type: ignore[arg-type]


def test_the_follow_up_is_the_same_patient_later_with_its_own_uids(
    pair: tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth],
) -> None:
    prior, follow, truth = pair
    assert follow.patient.patient_id == prior.patient.patient_id
    assert (follow.patient.study_date - prior.patient.study_date).days == 400
    assert follow.visit == 1 and prior.visit == 0
    assert SeriesUids(930001, 1).study != SeriesUids(930001).study
    assert truth.interval_days == 400 and len(truth.fates) == len(prior.nodules)


def test_each_nodule_is_where_the_truth_says_moved_by_the_shift(
    pair: tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth],
) -> None:
    prior, follow, truth = pair
    kept = [n for n, fate in zip(prior.nodules, truth.fates, strict=True) if fate != "gone"]
    assert len(follow.nodules) == len(kept) + truth.prior_index.count(None)
    for nodule, before in zip(follow.nodules, truth.prior_index, strict=True):
        index = np.rint(follow.geometry.to_index(nodule.center_mm)).astype(int)
        assert follow.labels[tuple(index)] == nodule.index  # painted where the truth says
        if before is None:
            continue
        old = prior.nodules[before - 1]
        assert np.allclose(np.subtract(nodule.center_mm, old.center_mm), truth.shift_mm)
        fate = truth.fates[before - 1]
        growth = nodule.diameter_mm - old.diameter_mm
        assert {"stable": growth == 0, "grown": growth > 1.5, "shrunk": growth < 0}[fate]


def test_the_prior_is_the_study_the_seed_always_renders(
    pair: tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth],
) -> None:
    again = simulate_study(930001, **SMALL)  # type: ignore[arg-type]
    assert np.array_equal(again.volume_hu, pair[0].volume_hu)


def test_the_command_writes_both_studies_and_how_they_relate(tmp_path: Path) -> None:
    argv = ["simulate", "--out", str(tmp_path), "--seed", "930002", "--rows", "96", "--slices",
            "40", "--nodules", "2", "--follow-up", "--interval-days", "180"]  # fmt: skip
    assert main(argv) == 0
    (relation_file,) = tmp_path.glob("*/follow_up.json")
    relation = json.loads(relation_file.read_text())
    assert relation["follow_up_of"] == 930002 and relation["interval_days"] == 180
    assert len(list(tmp_path.glob("*/truth.json"))) == 2
