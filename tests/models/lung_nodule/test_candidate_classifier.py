"""The candidate classifier's training: reproducible from its seed, exported trees match sklearn."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from appliance.inference.candidates import FEATURE_NAMES, CandidateClassifier
from models.lung_nodule import candidate_classifier as cc

pytestmark = pytest.mark.training


def _candidates(seed: int, count: int) -> cc.StudyCandidates:
    """Stand-in candidates with a learnable rule: small round blobs are nodules."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(count, len(FEATURE_NAMES)))
    labels = (x[:, 1] - x[:, 2] > 0).astype(np.int64)
    nodule = np.where(labels == 1, np.cumsum(labels) - 1, -1)
    return cc.StudyCandidates(seed, x, labels, nodule, int(labels.sum()) + 1)


def test_training_is_reproducible_and_the_exported_trees_match_sklearn() -> None:
    studies = [_candidates(s, 40) for s in range(6)]
    x, y = cc._stack(studies)
    first = cc.export(cc.fit(x, y, seed=3, trees=20), x)
    second = cc.export(cc.fit(x, y, seed=3, trees=20), x)
    assert json.dumps(first) == json.dumps(second)
    model = cc.fit(x, y, seed=3, trees=20)
    ours = CandidateClassifier.from_json(first, 0.5).probability(x)
    assert np.abs(ours - model.predict_proba(x)[:, 1]).max() < 1e-9
    assert ((ours > 0.5) == y).mean() > 0.9


def test_out_of_fold_froc_counts_nodules_without_candidates_as_missed() -> None:
    studies = [_candidates(s, 30) for s in range(5)]
    curve = cc.froc(studies, cc.out_of_fold(studies, seed=0, trees=10))
    assert max(c["sensitivity"] for c in curve) < 1.0  # each study has one nodule never found
    point = cc.operating_point(curve, target_fp=1.0)
    assert point["fp_per_scan"] <= 1.0
    assert point["sensitivity"] > 0.5


def test_the_training_report_writes_its_seeds_as_ranges() -> None:
    assert cc.seed_ranges([150002, 150000, 150001, 150110, 150200]) == (
        "150000-150002, 150110, 150200"
    )


def test_candidates_past_the_training_nodules_range_of_a_limited_feature_score_zero() -> None:
    studies = [_candidates(s, 40) for s in range(6)]
    x, y = cc._stack(studies)
    column = FEATURE_NAMES.index("shell_tissue_share")
    bounds = cc.limits(x, y)
    assert bounds == {"shell_tissue_share": round(x[y == 1, column].max() + cc.LIMIT_MARGIN, 4)}
    exported = cc.export(cc.fit(x, y, seed=3, trees=20), x, bounds)
    classifier = CandidateClassifier.from_json(json.loads(json.dumps(exported)), 0.5)
    rows = x[:2].copy()
    rows[1, column] = bounds["shell_tissue_share"] + 0.1
    p = classifier.probability(rows)
    assert p[0] > 0 and p[1] == 0


def test_train_and_export_writes_the_trees_and_the_out_of_fold_operating_point(
    tmp_path: Path,
) -> None:
    studies = [_candidates(s, 40) for s in range(6)]
    report = cc.train_and_export(studies, tmp_path, trees=10, target_fp=1.0, seed=0)
    expected = cc.operating_point(cc.froc(studies, cc.out_of_fold(studies, 0, 10)), 1.0)
    assert report["operating_point_out_of_fold"] == expected
    assert json.loads((tmp_path / "candidate_training.json").read_text()) == report
    exported = json.loads((tmp_path / "candidate_classifier.json").read_text())
    assert len(exported["trees"]) == 10
    assert report["numpy_vs_sklearn_max_abs_diff"] < 1e-9


def test_too_few_studies_for_the_folds_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="needs at least 5"):
        cc.train_and_export([_candidates(0, 40)], tmp_path, trees=5, target_fp=1.0, seed=0)


def test_fine_vessel_studies_train_the_trees_but_the_threshold_is_chosen_on_default_renders(
    tmp_path: Path,
) -> None:
    default = [_candidates(s, 40) for s in range(6)]
    fine = [_candidates(s, 40) for s in range(6, 12)]
    for i, study in enumerate(fine):
        study.seed = cc.FINE_VESSEL_SEEDS[i]
    studies = default + fine
    report = cc.train_and_export(studies, tmp_path, trees=10, target_fp=1.0, seed=0)
    scores = cc.out_of_fold(studies, 0, 10)
    expected = cc.operating_point(cc.froc(default, scores[:6]), 1.0)
    assert report["operating_point_out_of_fold"] == expected
    assert report["fine_vessel_studies"] == 6
    fine_curve = cc.froc(fine, scores[6:])
    at = report["fine_vessel_studies_at_operating_point"]
    assert at == max(
        (c for c in fine_curve if c["threshold"] <= expected["threshold"]),
        key=lambda c: c["threshold"],
    )


def test_only_the_fine_vessel_seeds_are_rendered_with_fine_vessels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: dict[int, float] = {}

    def fake(seed: int, **kwargs: float) -> None:
        asked[seed] = kwargs["fine_vessels_per_litre"]

    monkeypatch.setattr(cc, "simulate_study", fake)
    for seed in (cc.CANDIDATE_SEEDS[0], cc.CANDIDATE_SEEDS[165], *cc.FINE_VESSEL_SEEDS[:20]):
        cc.training_study(seed)
    assert asked[cc.CANDIDATE_SEEDS[0]] == asked[cc.CANDIDATE_SEEDS[165]] == 0.0
    low, high = cc.FINE_VESSELS_PER_LITRE
    fine = [asked[s] for s in cc.FINE_VESSEL_SEEDS[:20]]
    assert all(low <= v <= high for v in fine) and len(set(fine)) == 20
