"""The runtime picks providers, builds each session once and turns HU into nodule probability."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appliance.config import InferenceConfig
from appliance.errors import ModelError
from appliance.inference.runtime import InferenceRuntime, select_providers
from appliance.simulate import simulate_study

GPU = ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"]


def test_auto_prefers_tensorrt_then_cuda_then_cpu() -> None:
    assert select_providers(["auto"], GPU) == GPU
    assert select_providers(["auto"], ["CUDAExecutionProvider", "CPUExecutionProvider"]) == [
        "CUDAExecutionProvider",
        "CPUExecutionProvider",
    ]
    assert select_providers(["auto"], ["AzureExecutionProvider", "CPUExecutionProvider"]) == [
        "CPUExecutionProvider"
    ]


def test_configured_providers_override_auto_and_must_be_installed() -> None:
    assert select_providers(["CPUExecutionProvider"], GPU) == ["CPUExecutionProvider"]
    with pytest.raises(ModelError, match="onnxruntime-gpu"):
        select_providers(["CUDAExecutionProvider"], ["CPUExecutionProvider"])


def test_sessions_are_created_once(tmp_path: Path) -> None:
    runtime = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path)
    first = runtime.nodule_model()
    assert runtime.nodule_model() is first
    assert first.provider == "CPUExecutionProvider"
    assert first.precision in ("fp32", "int8")
    assert first.name == "lung_nodule" and first.version


def test_precision_can_be_forced(tmp_path: Path) -> None:
    runtime = InferenceRuntime(config=InferenceConfig(precision="int8"), cache_dir=tmp_path)
    assert runtime.nodule_model().precision == "int8"


def test_a_simulated_nodule_lights_up_and_empty_lung_stays_dark(tmp_path: Path) -> None:
    model = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path).nodule_model()
    study = simulate_study(
        900_999,
        slices=60,
        slice_thickness_mm=1.25,
        rows=192,
        pixel_spacing_mm=1.25,
        diameters_mm=(12.0,),
    )
    (nodule,) = study.nodules
    k, r, c = (round(v) for v in study.geometry.to_index(nodule.center_mm))
    box = (slice(k - 24, k + 24), slice(r - 40, r + 40), slice(c - 40, c + 40))
    crop = study.volume_hu[box].astype(np.float32)
    probability = model.predict(crop)
    assert probability.shape == crop.shape
    assert probability.dtype == np.float32
    inside = study.labels[box] == 1
    assert probability[inside].mean() > 0.5
    assert probability[24, 40, 40] > 0.9  # the centre
    parenchyma = crop < -750  # plain aerated lung, away from vessels and walls
    assert (probability[parenchyma] > 0.5).mean() < 0.001


def test_predict_rejects_a_2d_image(tmp_path: Path) -> None:
    model = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path).nodule_model()
    with pytest.raises(ModelError, match="3D"):
        model.predict(np.zeros((64, 64), dtype=np.float32))
