"""Detection post-processing: components on the model grid become masks on the source grid."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from appliance.inference.detect import DetectionSettings, detect
from appliance.inference.lungs import LungMask

SOURCE_SPACING = (2.5, 0.7, 0.7)
SOURCE_SHAPE = (40, 160, 160)
MODEL_SPACING = (1.5, 1.5, 1.5)


def _sphere(shape, spacing, centre_mm, radius_mm):  # type: ignore[no-untyped-def]
    grids = np.meshgrid(
        *(np.arange(n) * s for n, s in zip(shape, spacing, strict=True)), indexing="ij"
    )
    return sum((g - c) ** 2 for g, c in zip(grids, centre_mm, strict=True)) <= radius_mm**2


def _model_shape() -> tuple[int, ...]:
    return tuple(
        int((n - 1) * s / t) + 1
        for n, s, t in zip(SOURCE_SHAPE, SOURCE_SPACING, MODEL_SPACING, strict=True)
    )


def _identity(index: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return index * np.asarray(MODEL_SPACING)


def test_a_sphere_found_on_the_model_grid_lands_on_the_source_grid() -> None:
    centre, radius = (50.0, 56.0, 60.0), 6.0
    probability = _sphere(_model_shape(), MODEL_SPACING, centre, radius).astype(np.float32) * 0.9
    (found,) = detect(
        probability, MODEL_SPACING, SOURCE_SPACING, SOURCE_SHAPE, lungs=None, to_patient=_identity
    )
    placed = np.zeros(SOURCE_SHAPE, dtype=bool)
    k, j, i = found.offset
    placed[
        k : k + found.mask.shape[0], j : j + found.mask.shape[1], i : i + found.mask.shape[2]
    ] = found.mask
    truth = _sphere(SOURCE_SHAPE, SOURCE_SPACING, centre, radius)
    dice = 2 * (placed & truth).sum() / (placed.sum() + truth.sum())
    assert dice > 0.85
    assert abs(found.confidence - 0.9) < 1e-6


def test_small_components_and_components_outside_the_lungs_are_dropped() -> None:
    shape = _model_shape()
    probability = np.zeros(shape, dtype=np.float32)
    probability[_sphere(shape, MODEL_SPACING, (50.0, 56.0, 60.0), 6.0)] = 0.8
    probability[_sphere(shape, MODEL_SPACING, (20.0, 30.0, 30.0), 1.0)] = 0.95  # under 14 mm3
    probability[_sphere(shape, MODEL_SPACING, (50.0, 90.0, 90.0), 5.0)] = 0.7
    found = detect(
        probability, MODEL_SPACING, SOURCE_SPACING, SOURCE_SHAPE, lungs=None, to_patient=_identity
    )
    assert [round(c.confidence, 2) for c in found] == [0.8, 0.7]
    lung = np.zeros(shape, dtype=bool)
    lung[:, :, :50] = True  # a "lung" covering x < 75 mm only
    lungs = LungMask(lung, MODEL_SPACING, np.diag([*MODEL_SPACING, 1.0]), 0.0, {})
    settings = DetectionSettings(lung_margin_mm=0.0)
    kept = detect(
        probability,
        MODEL_SPACING,
        SOURCE_SPACING,
        SOURCE_SHAPE,
        lungs=lungs,
        to_patient=_identity,
        settings=settings,
    )
    assert [round(c.confidence, 2) for c in kept] == [0.8]
