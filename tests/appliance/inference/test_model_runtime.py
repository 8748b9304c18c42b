"""The runtime picks providers, builds each session once and turns HU into nodule probability."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appliance.config import InferenceConfig
from appliance.errors import ModelError
from appliance.inference.runtime import InferenceRuntime, select_providers, sliding_window
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


def test_only_patches_over_the_lungs_are_run() -> None:
    rng = np.random.default_rng(0)
    hu = (rng.normal(0, 20, (96, 160, 160)) - 1000).astype(np.float32)  # noisy air
    hu[:, 40:120, 40:120] = 40.0  # a body of soft tissue
    hu[20:70, 50:90, 50:80] = -850.0  # one lung
    seen: list[int] = []

    def run(batch: np.ndarray) -> np.ndarray:
        seen.append(len(batch))
        return np.ones_like(batch)

    def normalise(x: np.ndarray) -> np.ndarray:
        return x

    probability = sliding_window(
        hu, normalise, run, patch=(32, 32, 32), overlap=(8, 8, 8), batch_size=4, fill_hu=-1000.0
    )
    assert probability[40, 70, 65] == 1.0  # inside the lung
    assert probability[40, 10, 10] == 0.0  # air outside the body is never run
    assert probability[90, 100, 100] == 0.0  # soft tissue far from the lung
    assert 0 < sum(seen) < 4 * 7 * 7  # far fewer patches than the whole grid
