"""Which hosts and which patients an insertion evaluation uses: development comparisons stay
on training patients and candidate-training hosts, never a held-out host; and how a crop is
brought onto a host's grid of thick slices."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from models.lung_nodule.evaluate_inserted import HOST_TRAIN_SEEDS, _assignments, _on_host_grid
from models.lung_nodule.insert import insert
from models.lung_nodule.lidc import DEFAULT_ROOT, LidcCrop, LidcNodule

needs_data = pytest.mark.skipif(
    not (DEFAULT_ROOT / "nodules.csv").is_file(), reason=f"LIDC crops not found at {DEFAULT_ROOT}"
)


@needs_data
def test_train_hosts_take_training_patients_and_no_held_out_host() -> None:
    args = argparse.Namespace(
        split="train", real=0, sim=0, train_hosts=4, per_host=3, seed=0, nodules_from_mm=0.0
    )
    plan = _assignments(args)
    assert [(kind, index) for kind, index, _ in plan] == [("train", i) for i in range(4)]
    assert all(n.split == "train" for _, _, nodules in plan for n in nodules)
    assert all(len(nodules) == 3 for _, _, nodules in plan)


@needs_data
def test_thick_slice_hosts_take_only_the_large_nodules_limited_mode_claims() -> None:
    args = argparse.Namespace(
        split="test", real=2, sim=2, train_hosts=0, per_host=3, seed=0, nodules_from_mm=9.0
    )
    plan = _assignments(args)
    assert all(n.equivalent_diameter_mm >= 9.0 for _, _, nodules in plan for n in nodules)
    assert all(n.split == "test" for _, _, nodules in plan for n in nodules)


def test_candidate_training_hosts_are_not_the_classifier_s_own_seeds() -> None:
    assert min(HOST_TRAIN_SEEDS) > 150_499  # the shipped classifier trained on 150000-150499


def _ellipsoid_crop(radius_mm: float, half_height_mm: float, step_mm: float = 0.7) -> LidcCrop:
    """A solid ellipsoid (round in-plane) in lung on a fine grid, as an LIDC crop."""
    size = int(np.ceil((2 * radius_mm + 10.0) / step_mm)) | 1
    k, r, c = (np.indices((size, size, size)) - size // 2) * step_mm
    mask = (k / half_height_mm) ** 2 + (r / radius_mm) ** 2 + (c / radius_mm) ** 2 <= 1
    hu = np.where(mask, 30.0, -860.0).astype(np.float32)
    nodule = LidcNodule("LIDC-IDRI-9999", 1, 5, 1, 6, 3, equivalent_diameter_mm=2 * radius_mm)
    return LidcCrop(nodule, hu, mask, (step_mm, step_mm, step_mm))


def test_on_a_thin_host_grid_what_is_pasted_is_the_label() -> None:
    _, mask, occupied = _on_host_grid(_ellipsoid_crop(4.5, 4.5), (1.0, 0.7, 0.7))
    assert mask.any()
    assert np.array_equal(mask, occupied)


def _tissue(host: np.ndarray, voxel_mm: tuple[float, float, float]) -> float:
    """HU above the lung's, summed over the volume (HU x mm3): how much nodule there is."""
    return float((host.astype(np.float32) + 860.0).sum()) * float(np.prod(voxel_mm))


def test_on_thick_slices_the_whole_nodule_is_pasted_with_its_partial_volume_rim() -> None:
    """The label is where the slab is at least half nodule, but all the nodule's tissue goes
    into the host. Pasting only the label and one voxel around it lost about 12 % of a ball,
    and real nodules pasted on 5 mm slices then measured about 15 % small."""
    crop = _ellipsoid_crop(4.5, 4.5)
    spacing = (5.0, 0.7, 0.7)
    nodule_hu, mask, occupied = _on_host_grid(crop, spacing)
    assert (occupied & ~mask).any() and not (mask & ~occupied).any()
    whole = np.full((12, 50, 50), -860, dtype=np.int16)
    insert(whole, None, nodule_hu, mask, np.array([6, 25, 25]), occupied=occupied)
    label_only = np.full((12, 50, 50), -860, dtype=np.int16)
    insert(label_only, None, nodule_hu, mask, np.array([6, 25, 25]))
    crop_tissue = _tissue(crop.hu, crop.spacing)
    assert _tissue(whole, spacing) == pytest.approx(crop_tissue, rel=0.03)
    assert _tissue(label_only, spacing) < 0.92 * crop_tissue
