"""Measurements on synthetic nodules of known geometry, at the anisotropic spacing of real CT."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from nodule_phantoms import (
    GROUND_GLASS_HU,
    SOLID_NODULE_HU,
    Phantom,
    ellipsoid,
    layered,
    make,
    spicules,
)

from appliance.inference.measure import Measurements, measure

SPACING = (2.5, 0.7, 0.8)  # slice step, row, column (mm)
SHAPE = (24, 90, 80)


def _measure(phantom: Phantom, mask: np.ndarray | None = None) -> Measurements:
    mask = phantom.truth if mask is None else mask
    box = np.argwhere(mask)
    lo, hi = box.min(axis=0), box.max(axis=0) + 1
    crop = mask[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]]
    return measure(crop, tuple(lo), phantom.hu, phantom.spacing, affine=phantom.affine)


def _solid(axes, angle=0.0, hu=SOLID_NODULE_HU, seed=0, centre_index=None):  # type: ignore[no-untyped-def]
    shape = functools.partial(ellipsoid, axes_mm=axes, angle_deg=angle)
    return make(SHAPE, SPACING, layered((shape, hu)), shape, seed=seed, centre_index=centre_index)


@pytest.mark.parametrize(
    ("long_mm", "short_mm", "angle"),
    [(5.0, 5.0, 0.0), (8.0, 6.0, 20.0), (12.0, 7.0, 45.0), (20.0, 14.0, 70.0), (28.0, 22.0, 10.0)],
)
def test_axes_of_an_ellipsoid_on_its_central_slice(
    long_mm: float, short_mm: float, angle: float
) -> None:
    phantom = _solid((long_mm / 2, short_mm / 2, 0.4 * long_mm), angle)
    m = _measure(phantom)
    assert m.long_axis_mm == pytest.approx(long_mm, abs=0.6)
    assert m.short_axis_mm == pytest.approx(short_mm, abs=0.6)
    assert m.diameter_mm == pytest.approx((long_mm + short_mm) / 2, abs=0.5)
    assert m.diameter_mm == round(m.diameter_mm, 1)
    true_volume = 4 / 3 * np.pi * (long_mm / 2) * (short_mm / 2) * (0.4 * long_mm)
    assert m.volume_mm3 == pytest.approx(true_volume, rel=0.12)
    assert m.kind == "nodule"


def test_the_largest_axial_slice_is_measured_even_off_the_centre() -> None:
    # centre halfway between two slices: neither slice shows the full 12 mm, both show ~11.5
    phantom = _solid((6.0, 6.0, 4.0), centre_index=(11.5, 44.5, 39.5))
    m = _measure(phantom)
    visible = 2 * np.sqrt(6.0**2 * (1 - (1.25 / 4.0) ** 2))
    assert m.long_axis_mm == pytest.approx(visible, abs=0.6)


def test_centre_is_in_patient_coordinates() -> None:
    phantom = _solid((4.0, 3.0, 3.0), centre_index=(10.0, 40.0, 35.0))
    phantom.affine[:3, 3] = [-100.0, 50.0, 20.0]  # origin of the grid, mm
    m = _measure(phantom)
    expected = np.array([10.0 * 2.5, 40.0 * 0.7, 35.0 * 0.8]) + np.array([-100.0, 50.0, 20.0])
    assert m.center_mm == pytest.approx(tuple(expected), abs=0.3)


def test_a_large_lesion_is_a_mass() -> None:
    m = _measure(_solid((17.0, 14.0, 12.0)))
    assert m.long_axis_mm > 30.0
    assert m.kind == "mass"


def test_solid_nodule() -> None:
    m = _measure(_solid((5.0, 4.0, 4.0)))
    assert m.attenuation == "solid"
    assert m.solid_component_mm is None
    assert m.mean_hu > -200
    assert not m.calcified


def test_ground_glass_nodule() -> None:
    m = _measure(_solid((7.0, 6.0, 5.0), hu=GROUND_GLASS_HU))
    assert m.attenuation == "ground-glass"
    assert -700 < m.mean_hu < -500


@pytest.mark.parametrize("core_mm", [4.0, 7.0])
def test_part_solid_nodule_and_its_solid_component(core_mm: float) -> None:
    outer = functools.partial(ellipsoid, axes_mm=(8.0, 7.0, 6.0))
    core = functools.partial(ellipsoid, axes_mm=(core_mm / 2, core_mm / 2, core_mm / 2))
    field = layered((outer, GROUND_GLASS_HU), (core, SOLID_NODULE_HU))
    m = _measure(make(SHAPE, SPACING, field, outer))
    assert m.attenuation == "part-solid"
    assert m.solid_component_mm == pytest.approx(core_mm, abs=1.0)


def test_calcified_nodule() -> None:
    body = functools.partial(ellipsoid, axes_mm=(4.0, 4.0, 4.0))
    core = functools.partial(ellipsoid, axes_mm=(2.5, 2.5, 2.5))
    m = _measure(make(SHAPE, SPACING, layered((body, SOLID_NODULE_HU), (core, 600.0)), body))
    assert m.calcified
    assert m.attenuation == "solid"


def _spiculated(seed: int, radius: float) -> Phantom:
    body = functools.partial(ellipsoid, axes_mm=(radius, radius * 0.9, radius * 0.8))
    strands = functools.partial(
        spicules, radius_mm=radius, count=10, length_mm=6.0, width_mm=1.2, seed=seed
    )
    field = layered((strands, SOLID_NODULE_HU), (body, SOLID_NODULE_HU))
    return make(SHAPE, SPACING, field, body, seed=seed)


def _lobulated(seed: int, radius: float) -> Phantom:
    rng = np.random.default_rng(seed)
    lobes = []
    for n in range(4):
        phi = 2 * np.pi * n / 4 + rng.uniform(-0.3, 0.3)
        offset = np.array([0.0, np.sin(phi), np.cos(phi)]) * radius * 0.55
        lobes.append((offset, radius * rng.uniform(0.55, 0.7)))

    def body(z, y, x, centre):  # type: ignore[no-untyped-def]
        inside = ellipsoid(z, y, x, centre, (radius * 0.6,) * 3)
        for offset, r in lobes:
            inside = inside | ellipsoid(z, y, x, np.add(centre, offset), (r, r, r))
        return inside

    return make(SHAPE, SPACING, layered((body, SOLID_NODULE_HU)), body, seed=seed)


@pytest.mark.slow
def test_spiculation_score_separates_spiculated_from_smooth_nodules() -> None:
    sizes = [4.0, 5.0, 6.5, 8.0]
    smooth = [
        _measure(_solid((r, r * 0.7, r * 0.8), angle=17.0 * n, seed=n)) for n, r in enumerate(sizes)
    ]
    spiky = [_measure(_spiculated(n, r)) for n, r in enumerate(sizes)]
    assert max(m.spiculation_score for m in smooth) < min(m.spiculation_score for m in spiky)
    assert all(m.margin == "smooth" for m in smooth)
    assert all(m.margin == "spiculated" for m in spiky)


def test_lobulated_margin() -> None:
    for seed, radius in enumerate([4.0, 6.0, 9.0]):
        m = _measure(_lobulated(seed, radius))
        assert m.margin == "lobulated", (m.spiculation_score, m.lobulation_score)
