"""The evaluation's probability-map cache: a map is computed once per input, weights and window."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from appliance.config import InferenceConfig
from appliance.inference.runtime import InferenceRuntime
from models.lung_nodule.prediction_cache import CachedModel, model_identity


def test_a_map_is_computed_once_and_read_back(tmp_path: Path) -> None:
    model = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path).nodule_model()
    cached = CachedModel(model, tmp_path / "maps")
    volume = np.full((40, 48, 48), -850.0, dtype=np.float32)
    volume[18:22, 22:26, 22:26] = 20.0
    first = cached.predict(volume)
    again = cached.predict(volume)
    assert (cached.misses, cached.hits) == (1, 1)
    assert np.array_equal(first, again)
    assert first.shape == volume.shape


def test_another_sliding_window_is_another_map(tmp_path: Path) -> None:
    model = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path).nodule_model()
    before = model_identity(model)
    model.manifest = dataclasses.replace(model.manifest, overlap=(32, 32, 32))
    assert model_identity(model) != before
    assert model.manifest.files[model.precision].sha256 in model_identity(model)
