"""Lung mask and lobes on simulated chests, against the simulator's own anatomy."""

from __future__ import annotations

import numpy as np
import pytest

from appliance.inference.lungs import GRID_MM, lobe_of, lung_mask
from appliance.inference.volume import resample
from appliance.simulate import simulate_study


def _affine(study, spacing):  # type: ignore[no-untyped-def]
    g = study.geometry
    affine = np.eye(4)
    affine[:3, :3] = np.array([[0, 0, spacing[2]], [0, spacing[1], 0], [spacing[0], 0, 0]])
    affine[:3, 3] = g.origin_mm
    return affine


@pytest.mark.slow
@pytest.mark.parametrize("seed", [31, 32])
def test_lobes_agree_with_the_simulated_anatomy(seed: int) -> None:
    study = simulate_study(
        seed, slices=110, slice_thickness_mm=2.5, pixel_spacing_mm=0.8, rows=512, nodules=0
    )
    g = study.geometry
    coarse = resample(study.volume_hu.astype(np.float32), g.spacing_zyx, GRID_MM)
    lungs = lung_mask(coarse, GRID_MM, _affine(study, GRID_MM))
    rng = np.random.default_rng(seed)
    zs, ys, xs = (g.axis_mm(a) for a in range(3))
    points = np.column_stack([rng.choice(xs, 4000), rng.choice(ys, 4000), rng.choice(zs, 4000)])
    side = study.anatomy.lung_side(points[:, 0], points[:, 1], points[:, 2])
    inside = points[side > 0][:400]
    expected = [study.anatomy.lobe_at(*p) for p in inside]
    found = [lungs.lobe_at(p) for p in inside]
    agreement = np.mean([a == b for a, b in zip(found, expected, strict=True)])
    assert agreement >= 0.85, agreement
    assert len(inside) >= 200  # the sample did hit the lungs
    true_sides = ["left" if s == 2 else "right" for s in side[side > 0][:400]]
    assert np.mean([lungs.side_of(p) == s for p, s in zip(inside, true_sides, strict=True)]) > 0.99


def test_lobe_rule() -> None:
    assert lobe_of(0.9, 0.5, "right") == "RUL"
    assert lobe_of(0.4, 0.1, "right") == "RML"
    assert lobe_of(0.4, 0.9, "right") == "RLL"
    assert lobe_of(0.9, 0.9, "left") == "LUL"
    assert lobe_of(0.2, 0.5, "left") == "LLL"
