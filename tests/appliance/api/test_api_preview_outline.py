"""The preview's outline follows a dense nodule on the slice, and falls back to its diameter."""

from __future__ import annotations

import numpy as np

from appliance.api.preview import OUTLINE_HU, outline_mask


def _lung_with_nodule(radius: int) -> np.ndarray:
    crop = np.full((40, 40), -850.0)  # aerated lung
    rows, cols = np.indices(crop.shape)
    crop[(rows - 20) ** 2 + (cols - 22) ** 2 <= radius**2] = 30.0  # a solid nodule, off-centre
    crop[:, :3] = 40.0  # the chest wall, dense but not part of the nodule
    return crop


def test_the_outline_is_the_dense_region_around_the_centre_not_the_chest_wall() -> None:
    crop = _lung_with_nodule(radius=4)
    mask = outline_mask(crop, (20, 20), radius_px=5.0)
    assert mask[20, 22] and mask[20, 18]  # the nodule, including its off-centre part
    assert not mask[20, 0]  # never the chest wall
    nodule = crop > OUTLINE_HU
    nodule[:, :3] = False
    assert np.array_equal(mask, nodule)


def test_without_a_dense_region_the_outline_is_a_circle_of_the_diameter() -> None:
    crop = np.full((40, 40), -850.0)
    mask = outline_mask(crop, (20, 20), radius_px=3.0)
    assert mask[20, 20] and mask[20, 23] and not mask[20, 24]
    assert mask.sum() == 29  # lattice points within radius 3
