"""Detection post-processing: components on the model grid become masks on the source grid."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from appliance.inference.detect import Candidate, DetectionSettings, detect
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


def _detect_in_no_lungs(
    probability: npt.NDArray[np.float32], settings: DetectionSettings | None = None
) -> list[Candidate]:
    return detect(
        probability,
        MODEL_SPACING,
        SOURCE_SPACING,
        SOURCE_SHAPE,
        lungs=None,
        to_patient=_identity,
        settings=settings or DetectionSettings(),
    )


def test_a_sphere_found_on_the_model_grid_lands_on_the_source_grid() -> None:
    centre, radius = (50.0, 56.0, 60.0), 6.0
    probability = _sphere(_model_shape(), MODEL_SPACING, centre, radius).astype(np.float32) * 0.9
    (found,) = _detect_in_no_lungs(probability)
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
    found = _detect_in_no_lungs(probability)
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


def test_a_faint_bridge_does_not_merge_a_clear_nodule_with_a_vessel() -> None:
    # a nodule and a bright vessel, both above the segmentation threshold, joined by a faint
    # bridge above only the candidate threshold: two candidates, the nodule's on the nodule;
    # a faint blob on its own is a candidate of its own
    shape = _model_shape()
    probability = np.zeros(shape, dtype=np.float32)
    nodule = _sphere(shape, MODEL_SPACING, (30.0, 56.0, 60.0), 5.0)
    probability[:, 37:39, 27:30] = 0.7  # the vessel, along z, 15 mm beside the nodule
    probability[18:22, 37:39, 30:38] = 0.3  # the bridge to the nodule's edge
    probability[nodule] = 0.95
    probability[_sphere(shape, MODEL_SPACING, (70.0, 90.0, 90.0), 3.0)] = 0.3
    settings = DetectionSettings(candidate_threshold=0.15)
    found = _detect_in_no_lungs(probability, settings)
    assert [round(c.confidence, 2) for c in found] == [0.95, 0.7, 0.3]
    first = found[0]
    centre_mm = (np.argwhere(first.mask).mean(axis=0) + first.offset) * SOURCE_SPACING
    assert np.allclose(centre_mm, (30.0, 56.0, 60.0), atol=1.5)


def test_a_faint_nodule_with_a_clear_speck_too_small_to_keep_is_found_whole() -> None:
    # a 6 mm blob at 0.3 whose single clear voxel (0.6) is far under the minimum volume: the
    # speck is no candidate of its own, so the faint blob around it is, measured at 0.15
    shape = _model_shape()
    probability = np.zeros(shape, dtype=np.float32)
    blob = _sphere(shape, MODEL_SPACING, (30.0, 60.0, 60.0), 3.0)
    probability[blob] = 0.3
    probability[20, 40, 40] = 0.6
    settings = DetectionSettings(candidate_threshold=0.15, min_volume_mm3=5.0)
    found = _detect_in_no_lungs(probability, settings)
    assert [round(c.confidence, 2) for c in found] == [0.6]
    volume_mm3 = found[0].mask.sum() * float(np.prod(SOURCE_SPACING))
    assert volume_mm3 == pytest.approx(4 / 3 * np.pi * 3.0**3, rel=0.35)
