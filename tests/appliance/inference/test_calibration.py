"""A finding's confidence is a probability: the calibration's formula, and a manifest that
carries a wrong one stops the model from loading with a message naming the key."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from appliance.errors import ModelError
from appliance.inference.calibration import ConfidenceCalibration, OperatingPoint
from appliance.inference.repository import ModelRepository
from tests.conftest import REPO


def test_the_probability_follows_the_logistic_formula() -> None:
    calibration = ConfidenceCalibration(0.8, 1.5, -4.0)
    expected = 1 / (1 + math.exp(-(0.8 * math.log(0.9 / 0.1) + 1.5 * math.log(6.0) - 4.0)))
    assert calibration.probability(0.9, 6.0) == pytest.approx(expected)


def test_higher_scores_and_larger_findings_are_more_likely_real_when_fitted_so() -> None:
    calibration = ConfidenceCalibration(0.8, 1.5, -4.0)
    assert calibration.probability(0.5, 6.0) < calibration.probability(0.9, 6.0)
    assert calibration.probability(0.99, 2.5) < calibration.probability(0.99, 8.0)
    assert 0.0 <= calibration.probability(0.0, 0.0) < calibration.probability(1.0, 30.0) <= 1.0


@pytest.mark.parametrize(
    "value",
    [{}, {"coefficients": [1, 2]}, {"coefficients": ["a", 1, 2]}, {"coefficients": [0, 1, 2]}],
)
def test_bad_coefficients_are_refused(value: dict[str, object]) -> None:
    with pytest.raises(ModelError, match="calibration"):
        ConfidenceCalibration.from_json(value, "manifest")


def _repository_with(tmp_path: Path, calibration: object) -> Path:
    source = REPO / "models" / "lung_nodule"
    if not (source / "manifest.json").is_file():
        pytest.skip("the reference model is not in this checkout")
    folder = tmp_path / "lung_nodule"
    folder.mkdir()
    manifest = json.loads((source / "manifest.json").read_text())
    manifest["candidate_classifier"]["calibration"] = calibration
    (folder / "manifest.json").write_text(json.dumps(manifest))
    for name in ("candidate_classifier.json",):
        shutil.copy(source / name, folder / name)
    return tmp_path


def test_a_manifest_with_a_broken_calibration_names_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="candidate_classifier: calibration"):
        ModelRepository(_repository_with(tmp_path, {"coefficients": [1.0]}))


def test_a_manifest_calibration_is_read(tmp_path: Path) -> None:
    repository = ModelRepository(_repository_with(tmp_path, {"coefficients": [1.0, 0.5, -1.0]}))
    entry = repository.get("lung_nodule").candidate_classifier
    assert entry is not None
    assert entry.calibration == ConfidenceCalibration(1.0, 0.5, -1.0)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ({}, "operating_threshold"),
        ({"operating_threshold": "high"}, "operating_threshold"),
        ({"operating_threshold": 1.5}, "operating_threshold"),
        ({"operating_threshold": 0.5, "calibration": {"coefficients": [1]}}, "calibration"),
    ],
)
def test_a_bad_operating_point_is_refused_naming_the_key(
    value: dict[str, object], key: str
) -> None:
    with pytest.raises(ModelError, match=key):
        OperatingPoint.from_json(value, "manifest")


def _repository_with_limited_mode(tmp_path: Path, limited: object) -> Path:
    root = _repository_with(tmp_path, {"coefficients": [1.0, 0.5, -1.0]})
    path = root / "lung_nodule" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["candidate_classifier"]["limited_mode"] = limited
    path.write_text(json.dumps(manifest))
    return root


def test_a_manifest_limited_mode_operating_point_is_read(tmp_path: Path) -> None:
    limited = {"operating_threshold": 0.4, "calibration": {"coefficients": [0.9, 0.2, -1.5]}}
    repository = ModelRepository(_repository_with_limited_mode(tmp_path, limited))
    entry = repository.get("lung_nodule").candidate_classifier
    assert entry is not None
    assert entry.limited_mode == OperatingPoint(0.4, ConfidenceCalibration(0.9, 0.2, -1.5))


def test_a_broken_limited_mode_stops_the_model_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="candidate_classifier: limited_mode"):
        ModelRepository(_repository_with_limited_mode(tmp_path, {"operating_threshold": -1}))
