"""Noise harmonisation: inputs noisier than the model's training data are smoothed first."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from appliance.inference.noise import harmonise, noise_hu
from appliance.inference.volume import resample
from appliance.simulate import simulate_study
from models.lung_nodule.data import MAX_INPUT_NOISE_HU, MODEL_SPACING_MM


def _lung_phantom(noise_sd: float, seed: int = 0) -> npt.NDArray[np.float32]:
    """Lung parenchyma (-850 HU) around a soft-tissue body, with white noise."""
    rng = np.random.default_rng(seed)
    hu = np.full((40, 128, 128), 40.0, dtype=np.float32)
    hu[:, 16:112, 16:112] = -850.0
    hu[:, 60:68, 60:68] = 40.0  # a vessel along z
    return (hu + rng.normal(0.0, noise_sd, hu.shape)).astype(np.float32)


def test_noise_is_the_robust_spread_of_the_in_plane_residual_in_the_lungs() -> None:
    # white noise of sigma s leaves a residual of sigma s * sqrt(1 + 1/4) = 1.118 s
    for sd in (10.0, 40.0, 150.0):  # even noise far beyond a lung kernel's is measured
        assert noise_hu(_lung_phantom(sd)) == pytest.approx(1.118 * sd, rel=0.05)


def test_a_volume_without_lungs_measures_no_noise_and_is_left_alone() -> None:
    body = np.random.default_rng(1).normal(40.0, 30.0, (20, 64, 64)).astype(np.float32)
    smoothed, done = harmonise(body, MAX_INPUT_NOISE_HU)
    assert smoothed is body
    assert done.noise_hu == 0.0
    assert done.sigma_voxels == 0.0


def test_a_noisier_input_than_the_model_knows_is_smoothed_just_under_the_limit() -> None:
    noisy = _lung_phantom(40.0)  # 45 HU, like a sharp kernel on a low-dose scan
    smoothed, done = harmonise(noisy, MAX_INPUT_NOISE_HU)
    assert done.noise_hu > MAX_INPUT_NOISE_HU
    assert 0.0 < done.sigma_voxels <= 1.0
    assert done.noise_after_hu <= MAX_INPUT_NOISE_HU
    assert noise_hu(smoothed) == pytest.approx(done.noise_after_hu)
    # in-plane only: each slice is smoothed on its own, the lung's level is kept
    assert float(np.median(smoothed[:, 30:50, 30:50])) == pytest.approx(-850.0, abs=3.0)
    assert done.to_json()["smoothing_sigma_voxels"] == done.sigma_voxels
    unchanged, nothing = harmonise(noisy, None)
    assert unchanged is noisy and nothing.sigma_voxels == 0.0


def test_the_simulators_noisiest_series_is_within_the_models_limit_and_untouched() -> None:
    # 0.625 mm slices are the simulator's noisiest; the limit sits just above them, so the
    # evaluation's simulated studies are never smoothed
    study = simulate_study(3, slices=48, slice_thickness_mm=0.625, nodules=0)
    model_hu = resample(
        study.volume_hu.astype(np.float32), study.geometry.spacing_zyx, MODEL_SPACING_MM
    )
    smoothed, done = harmonise(model_hu, MAX_INPUT_NOISE_HU)
    assert 15.0 < done.noise_hu <= MAX_INPUT_NOISE_HU
    assert smoothed is model_hu
