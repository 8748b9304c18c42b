"""Continued boosting of the shipped second stage: one classifier file the appliance reads,
scoring exactly as scikit-learn does, with the old trees first and the limit raised only where
the new nodules reach past it; the operating point and calibration come out of fold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("sklearn")

from appliance.inference.candidates import FEATURE_NAMES, CandidateClassifier
from models.lung_nodule import real_second_stage
from tests.conftest import REPO

pytestmark = pytest.mark.training
SHIPPED = REPO / "models" / "lung_nodule"


def _hosts(folder: Path, count: int = 10) -> Path:
    """Candidate files like real_candidates writes: nodules larger and rounder than the rest."""
    rng = np.random.default_rng(0)
    folder.mkdir()
    for index in range(count):
        n = 40
        labels = np.zeros(n, dtype=np.int64)
        labels[:3] = 1
        labels[3] = -1
        features = rng.normal(size=(n, len(FEATURE_NAMES)))
        features[:3] += 2.0
        features[:, FEATURE_NAMES.index("diameter_mm")] = np.abs(features[:, 1]) * 3 + 3
        features[:, FEATURE_NAMES.index("shell_tissue_share")] = rng.uniform(0, 0.5, n)
        features[0, FEATURE_NAMES.index("shell_tissue_share")] = 0.9
        np.savez(
            folder / f"{index}.npz",
            features=features,
            labels=labels,
            real=np.array([1, 1, 0] + [0] * (n - 3)),
            nodule=np.array([0, 1, 2, 3] + [-1] * (n - 4)),
            nodules_ge_4mm=3,
            real_nodules_ge_4mm=2,
        )
    return folder


def _shipped() -> Path:
    if not (SHIPPED / "candidate_classifier.json").is_file():
        pytest.skip("the shipped classifier is not in this checkout")
    return SHIPPED / "candidate_classifier.json"


def test_new_trees_follow_the_old_and_score_as_scikit_learn_does(tmp_path: Path) -> None:
    hosts = real_second_stage.load(_hosts(tmp_path / "c"))
    shipped = json.loads(_shipped().read_text())
    model = real_second_stage.fit(hosts, _shipped(), 5, seed=0)
    limits = real_second_stage.raised_limits(shipped, hosts)
    combined = real_second_stage.combined(shipped, model, limits)
    x, _ = real_second_stage._stack(hosts)

    ours = CandidateClassifier.from_json(combined, 0.0).probability(x)
    assert combined["trees"][: len(shipped["trees"])] == shipped["trees"]
    assert len(combined["trees"]) == len(shipped["trees"]) + 5
    assert np.abs(ours - real_second_stage.scores(model, x, limits)).max() < 1e-9
    # a training nodule at 0.9 shell tissue raises the limit past it (it was 0.83)
    assert limits["shell_tissue_share"] == pytest.approx(0.95)


def test_sensitivity_counts_each_nodule_once_and_misses_without_a_candidate() -> None:
    host = {
        "labels": np.array([1, 1, 1, 0, 0]),
        "nodule": np.array([0, 0, 1, -1, -1]),
        "real": np.array([1, 1, 0, 0, 0]),
        "nodules_ge_4mm": 3,  # nodule 2 has no candidate
        "real_nodules_ge_4mm": 2,
        "features": np.zeros((5, len(FEATURE_NAMES))),
    }
    curve = real_second_stage.froc([host], [np.array([0.9, 0.8, 0.4, 0.5, 0.1])])
    at_half = next(c for c in curve if c["threshold"] == pytest.approx(0.4))
    assert at_half["sensitivity"] == pytest.approx(2 / 3)
    assert at_half["real_sensitivity"] == pytest.approx(1 / 2)
    assert at_half["fp_per_scan"] == 1.0


def test_a_run_writes_the_operating_point_and_the_calibration(tmp_path: Path) -> None:
    _shipped()
    out = tmp_path / "out"
    real_second_stage.main(
        [
            "--candidates",
            str(_hosts(tmp_path / "c")),
            "--models",
            str(SHIPPED),
            "--trees",
            "5",
            "--out",
            str(out),
        ]
    )
    report = json.loads((out / "real_second_stage.json").read_text())
    written = json.loads((out / "candidate_classifier.json").read_text())
    assert report["shipped_trees"]["at_the_target"]["fp_per_scan"] <= 1.0
    assert report["operating_threshold"] > 0
    assert report["calibration"]["coefficients"][0] > 0
    assert CandidateClassifier.from_json(written, 0.0).trees
    assert report["calibration"]["inputs"] in real_second_stage.CALIBRATION_INPUTS


def _calibration_host(rng: np.random.Generator, size_matters: bool) -> dict[str, Any]:
    """Candidates whose score carries the label; their size carries it too, or is noise."""
    n = 60
    labels = (rng.uniform(size=n) < 0.5).astype(np.int64)
    features = np.zeros((n, len(FEATURE_NAMES)))
    diameter = np.where(labels == 1, 9.0, 5.0) if size_matters else rng.uniform(4, 12, n)
    features[:, FEATURE_NAMES.index("diameter_mm")] = diameter * rng.uniform(0.8, 1.2, n)
    return {
        "labels": labels,
        "features": features,
        "nodules_ge_4mm": int(labels.sum()),
        "score": 1 / (1 + np.exp(-(rng.normal(size=n) + (labels - 0.5)))),
    }


@pytest.mark.parametrize(("size_matters", "inputs"), [(False, "score"), (True, "score and size")])
def test_the_calibration_uses_size_only_where_it_lowers_the_out_of_fold_loss(
    size_matters: bool, inputs: str
) -> None:
    rng = np.random.default_rng(1)
    hosts = [_calibration_host(rng, size_matters) for _ in range(20)]
    fitted = real_second_stage.calibration(
        hosts, [h["score"] for h in hosts], threshold=0.0, prevalence=30.0
    )
    assert fitted["inputs"] == inputs
    assert fitted["out_of_fold_log_loss"][inputs] <= min(fitted["out_of_fold_log_loss"].values())
    if inputs == "score":
        assert fitted["coefficients"][1] == 0.0
    else:
        assert fitted["coefficients"][1] > 0.5
