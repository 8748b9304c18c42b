"""The PyTorch twin of the shipped model gives the ONNX model's map and carries its second stage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")

from appliance.config import InferenceConfig
from appliance.inference.pipeline import model_settings
from appliance.inference.runtime import InferenceRuntime
from models.lung_nodule.torch_model import MANIFEST, TorchNoduleModel

pytestmark = pytest.mark.training

WEIGHTS = MANIFEST.with_name("nodulenet.pt")


def test_the_torch_twin_matches_the_fp32_onnx_model_on_the_cpu() -> None:
    rng = np.random.default_rng(0)
    hu = np.full((48, 48, 48), -850.0, dtype=np.float32) + rng.normal(0, 20, (48, 48, 48))
    hu[20:28, 20:28, 20:28] = 30.0
    twin = TorchNoduleModel(WEIGHTS, "cpu")
    onnx = InferenceRuntime(config=InferenceConfig(precision="fp32")).nodule_model()
    assert np.abs(twin.predict(hu) - onnx.predict(hu)).max() < 1e-3


def test_the_second_stage_is_the_manifests_or_the_one_trained_into_a_folder(
    tmp_path: Path,
) -> None:
    assert TorchNoduleModel(WEIGHTS, "cpu").candidate_classifier is None
    shipped = model_settings(TorchNoduleModel(WEIGHTS, "cpu", second_stage=True))
    manifest = json.loads(MANIFEST.read_text())
    assert shipped.classifier is not None
    assert shipped.classifier.threshold == manifest["candidate_classifier"]["operating_threshold"]
    shutil.copy(MANIFEST.with_name("candidate_classifier.json"), tmp_path)
    report = {"operating_point_out_of_fold": {"threshold": 0.25}}
    (tmp_path / "candidate_training.json").write_text(json.dumps(report))
    retrained = TorchNoduleModel(WEIGHTS, "cpu", second_stage=True, classifier_dir=tmp_path)
    settings = model_settings(retrained)
    assert settings.classifier is not None
    assert settings.classifier.threshold == 0.25
