"""The thick-slice operating point: the threshold keeps the most nodules of 10 mm and more at the
false-finding rate asked for, sits between the scores that bound that choice, and the fitted
calibration says what the training scans' findings were."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sklearn")  # the recipe shares real_second_stage's fitting code

from appliance.inference.calibration import ConfidenceCalibration
from models.lung_nodule import limited_mode_point as point
from tests.conftest import REPO

pytestmark = pytest.mark.training


def _finding(score: float, outcome: str, nodule: int | None = None) -> dict[str, Any]:
    return {"confidence": score, "outcome": outcome, "nodule": nodule, "diameter_mm": 12.0}


def _host(nodule_scores: list[float], false_scores: list[float]) -> dict[str, Any]:
    """A limited-mode host: one 12 mm inserted nodule per score, one 6 mm one (never counted)."""
    inserted = [{"diameter_mm": 12.0} for _ in nodule_scores] + [{"diameter_mm": 6.0}]
    findings = [_finding(s, "real", i) for i, s in enumerate(nodule_scores)]
    findings += [_finding(0.99, "real", len(nodule_scores))]
    findings += [_finding(s, "fp") for s in false_scores]
    findings += [_finding(0.99, "host")]
    return {"mode": "limited", "slice_mm": 8.0, "inserted": inserted, "findings": findings}


HOSTS = [
    _host([0.95, 0.7], [0.5, 0.2]),
    _host([0.9], [0.8, 0.3]),
    _host([0.1], [0.6, 0.4]),
    _host([0.85, 0.75], [0.05]),
]


def test_the_froc_counts_nodules_of_10_mm_and_false_findings_per_scan() -> None:
    curve = point.froc(HOSTS)
    at_zero = point.point_at(curve, 0.0)
    assert at_zero["sensitivity"] == 1.0  # six nodules of 12 mm; the 6 mm ones never count
    assert at_zero["fp_per_scan"] == 7 / 4  # the host's own nodule counts neither way
    assert point.point_at(curve, 0.65)["sensitivity"] == 5 / 6


def test_the_threshold_keeps_the_most_nodules_within_the_rate_and_sits_between_scores() -> None:
    chosen = point.choose(point.froc(HOSTS), target_fp=0.25)
    # one false finding allowed in four scans: the 0.8 one; nodules down to 0.7 are kept
    assert chosen["sensitivity"] == 5 / 6
    assert chosen["fp_per_scan"] <= 0.25
    assert chosen["range"] == [0.6, 0.7]
    assert 0.6 < chosen["threshold"] < 0.7


def test_the_calibration_follows_the_findings_it_was_fitted_on() -> None:
    full = ConfidenceCalibration(0.66, 1.83, -3.5)
    fitted = point.calibrate(HOSTS * 5, 0.0, prevalence=1.5, full=full)
    calibration = ConfidenceCalibration(*fitted["coefficients"])
    assert calibration.probability(0.95, 12.0) > 0.5 > calibration.probability(0.2, 12.0)
    # every finding here measures 12 mm: size cannot help, so the simpler calibration is kept
    assert fitted["inputs"] == "score"
    assert fitted["coefficients"][1] == 0.0
    assert set(fitted["weighted_log_loss_out_of_fold"]) == {"score", "score and measured size"}


def test_the_recipe_writes_the_manifest_entry(tmp_path: Path) -> None:
    candidates = tmp_path / "train.json"
    candidates.write_text(json.dumps({"hosts": HOSTS * 5}))
    point.main(
        [
            "--candidates",
            str(candidates),
            "--manifest",
            str(REPO / "models" / "lung_nodule" / "manifest.json"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    written = json.loads((tmp_path / "out" / "limited_mode_point.json").read_text())
    entry = written["limited_mode"]
    assert 0.0 < entry["operating_threshold"] < 1.0
    assert written["chosen"]["fp_per_scan"] <= 1.0
    assert len(entry["calibration"]["coefficients"]) == 3


def test_a_host_analysed_in_full_mode_is_refused(tmp_path: Path) -> None:
    candidates = tmp_path / "thin.json"
    candidates.write_text(json.dumps({"hosts": [HOSTS[0] | {"mode": "full"}]}))
    with pytest.raises(SystemExit, match="limited mode"):
        point.main(["--candidates", str(candidates), "--out", str(tmp_path / "out")])
