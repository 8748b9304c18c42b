"""Real nodules pasted into another lung: inside the lung, labelled by the readers' mask, the
host untouched away from the nodule, and training reads only the training patients."""

from __future__ import annotations

import numpy as np
import pytest

from models.lung_nodule.data import MODEL_SPACING_MM, Case
from models.lung_nodule.insert import add_to_case, insert, lung_sites, resampled
from models.lung_nodule.lidc import DEFAULT_ROOT, LidcCrop, LidcNodule, load_crop, load_nodules

needs_data = pytest.mark.skipif(
    not (DEFAULT_ROOT / "nodules.csv").is_file(), reason=f"LIDC crops not found at {DEFAULT_ROOT}"
)


def _chest(shape: tuple[int, int, int] = (48, 96, 96)) -> np.ndarray:
    """Air outside a body of soft tissue holding one lung of -850 HU."""
    hu = np.full(shape, -1000, dtype=np.int16)
    hu[:, 8:-8, 8:-8] = 40
    hu[4:-4, 16:-16, 16:-16] = -850
    return hu


def _crop(diameter_vox: int = 7, size: int = 15) -> LidcCrop:
    grid = np.indices((size, size, size)) - size // 2
    mask = (grid**2).sum(axis=0) <= (diameter_vox / 2) ** 2
    hu = np.where(mask, 30.0, -860.0).astype(np.float32)
    nodule = LidcNodule("LIDC-IDRI-9999", 1, 5, 1, 6, 3, equivalent_diameter_mm=8.0)
    return LidcCrop(nodule, hu, mask, MODEL_SPACING_MM)


def test_sites_lie_in_the_lung_never_in_the_air_around_the_patient() -> None:
    hu = _chest()
    sites = lung_sites(hu, MODEL_SPACING_MM, 8.0, 500, np.random.default_rng(0))
    assert len(sites) > 0
    assert all(hu[tuple(s)] == -850 for s in sites)


def test_the_nodule_is_pasted_with_its_label_and_the_rest_of_the_host_is_unchanged() -> None:
    hu, labels = _chest(), np.zeros((48, 96, 96), dtype=np.uint8)
    before = hu.copy()
    nodule_hu, mask = resampled(_crop(), MODEL_SPACING_MM)
    center = insert(hu, labels, nodule_hu, mask, np.array([24, 48, 48]))
    assert np.allclose(center, (24, 48, 48), atol=0.5)
    assert labels.sum() == mask.sum()
    assert (hu[labels > 0] == 30).all()
    changed = hu != before
    assert changed.sum() > mask.sum()  # the feathered rim
    far = np.ones_like(changed)
    far[18:31, 42:55, 42:55] = False
    assert not changed[far].any()


def test_a_nodule_at_the_edge_of_the_volume_is_clipped_not_wrapped() -> None:
    hu, labels = _chest(), np.zeros((48, 96, 96), dtype=np.uint8)
    nodule_hu, mask = resampled(_crop(), MODEL_SPACING_MM)
    insert(hu, labels, nodule_hu, mask, np.array([0, 48, 48]))
    assert 0 < labels.sum() < mask.sum()
    assert labels[-10:].sum() == 0


@needs_data
def test_real_crops_go_into_a_case_as_labelled_nodules_of_their_own() -> None:
    hu = _chest((96, 160, 160))
    case = Case(0, hu, np.zeros(hu.shape, dtype=np.uint8), [], [], [], (0.0, 0.0, 0.0))
    crops = [load_crop(n) for n in load_nodules(split="train")[:2]]
    placed = add_to_case(case, crops, np.random.default_rng(1))
    assert placed == 2
    assert [t["source"] for t in case.truth] == ["lidc", "lidc"]
    assert set(np.unique(case.labels)) == {0, 1}
    for center in case.centers_vox:
        assert case.labels[tuple(round(c) for c in center)] == 1


@needs_data
def test_training_inserts_only_training_patients(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    del torch
    from models.lung_nodule import train  # noqa: PLC0415

    seen: list[str] = []

    def fake_add(
        case: Case, crops: list[LidcCrop], rng: np.random.Generator, *, context: bool = False
    ) -> int:
        seen.extend(c.nodule.split for c in crops)
        return len(crops)

    monkeypatch.setattr("models.lung_nodule.insert.add_to_case", fake_add)
    cases = [Case(0, _chest(), np.zeros((48, 96, 96), np.uint8), [], [], [], (0, 0, 0))] * 3
    assert train.insert_real_nodules(cases, 2, seed=0) == 6
    assert seen == ["train"] * 6


def test_with_context_the_crop_s_lung_is_pasted_as_background_but_the_host_s_walls_stay() -> None:
    hu, labels = _chest(), np.zeros((48, 96, 96), dtype=np.uint8)
    crop = _crop()
    crop_hu = crop.hu.copy()
    crop_hu[7, 2, :] = 40.0  # a real vessel crossing the crop, away from the nodule
    nodule_hu, mask = resampled(
        LidcCrop(crop.nodule, crop_hu, crop.mask, crop.spacing), MODEL_SPACING_MM
    )
    host_wall = (24, 41, 48)  # inside the crop's box once pasted: host tissue that must stay
    hu[host_wall] = 60
    before = hu.copy()
    insert(hu, labels, nodule_hu, mask, np.array([24, 48, 48]), context=True)
    assert labels.sum() == mask.sum()
    assert (hu[labels > 0] == 30).all()
    assert hu[24, 43, 48] > -400  # the crop's vessel is there, labelled background
    assert labels[24, 43, 48] == 0
    assert hu[host_wall] == before[host_wall]  # the host's own dense voxel was not overwritten
    far = np.ones(hu.shape, dtype=bool)
    far[16:33, 40:57, 40:57] = False
    assert (hu[far] == before[far]).all()  # nothing outside the crop's box moves


def test_with_context_the_crop_s_own_chest_wall_is_not_pasted() -> None:
    hu, labels = _chest(), np.zeros((48, 96, 96), dtype=np.uint8)
    crop = _crop(size=25)
    crop_hu = crop.hu.copy()
    crop_hu[:, :, :9] = 40.0  # 11 mm of chest wall along one face of the crop
    nodule_hu, mask = resampled(
        LidcCrop(crop.nodule, crop_hu, crop.mask, crop.spacing), MODEL_SPACING_MM
    )
    before = hu.copy()
    insert(hu, labels, nodule_hu, mask, np.array([24, 48, 48]), context=True)
    wall = (slice(14, 20), slice(36, 42), slice(36, 43))  # the wall's corner, far from the nodule
    assert (hu[wall] == before[wall]).all()
    assert (hu[labels > 0] == 30).all()


def test_with_context_the_crop_s_real_vessels_are_kept_as_hard_negative_sites() -> None:
    hu, labels = _chest((64, 112, 112)), np.zeros((64, 112, 112), dtype=np.uint8)
    case = Case(0, hu, labels, [], [], [], (0.0, 0.0, 0.0))
    crop = _crop(size=31)
    crop_hu = crop.hu.copy()
    crop_hu[15, 2:5, :] = 40.0  # a real vessel 10-13 voxels from the nodule's centre
    crop_hu[15, 13, :] = 40.0  # another, touching the nodule
    real = LidcCrop(crop.nodule, crop_hu, crop.mask, crop.spacing)
    assert add_to_case(case, [real], np.random.default_rng(3), context=True) == 1
    sites = np.concatenate(case.real_context_vox)
    assert len(sites) > 0
    assert all(-750 < case.hu[tuple(s)] < 200 for s in sites)
    label_at = np.argwhere(case.labels > 0)
    nearest = np.abs(sites[:, None, :] - label_at[None, :, :]).sum(axis=2).min(axis=1)
    assert nearest.min() > 4  # the vessel against the nodule is not offered as a negative


def test_the_sampler_centres_hard_negatives_on_real_vessels_at_the_share_asked() -> None:
    torch = pytest.importorskip("torch")
    from models.lung_nodule.train import PatchSampler  # noqa: PLC0415

    hu = _chest((64, 112, 112))
    case = Case(0, hu, np.zeros(hu.shape, dtype=np.uint8), [], [], [], (0.0, 0.0, 0.0))
    case.real_context_vox.append(np.array([[30, 40, 50]], dtype=np.int64))
    sampler = PatchSampler(
        [case],
        16,
        torch.device("cpu"),
        0,
        nodule_fraction=0.0,
        hard_fraction=1.0,
        hard_real_share=0.5,
    )
    _, labels = sampler.batch(1)
    assert labels.shape == (1, 1, 16, 16, 16)
    assert sampler.real_dense[0].tolist() == [[30, 40, 50]]
    picks = [sampler._real_draw() for _ in range(400)]
    assert 0.4 < sum(picks) / len(picks) < 0.6
    assert not PatchSampler([case], 16, torch.device("cpu"), 0)._real_draw()  # share 0: never
