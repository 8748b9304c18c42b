"""The simulator renders reproducible chest CT volumes whose truth matches what is in the image."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from scipy import ndimage

from appliance.simulate import LOBES, simulate_study
from appliance.simulate.nodules import (
    LUNA16_DIAMETERS_MM,
    NoduleShape,
    body_axes,
    draw_diameter,
    feret_axes,
    measure_shape,
    sample_shape,
)
from appliance.simulate.study import SimulatedStudy


def _lung_side(study: SimulatedStudy) -> npt.NDArray[np.int8]:
    """Per voxel of the study, the anatomy's lung (0 outside, 1 right, 2 left)."""
    g = study.geometry
    return study.anatomy.lung_side(
        g.axis_mm(2)[None, None, :].astype(np.float32),
        g.axis_mm(1)[None, :, None].astype(np.float32),
        g.axis_mm(0)[:, None, None].astype(np.float32),
    )


def test_the_same_seed_renders_the_same_study() -> None:
    a = simulate_study(11, slices=40, slice_thickness_mm=5.0, rows=128, pixel_spacing_mm=2.6)
    b = simulate_study(11, slices=40, slice_thickness_mm=5.0, rows=128, pixel_spacing_mm=2.6)
    assert np.array_equal(a.volume_hu, b.volume_hu)
    assert a.truth_json() == b.truth_json()


def test_tissues_have_their_hounsfield_units() -> None:
    study = simulate_study(
        3, slices=48, slice_thickness_mm=5.0, rows=128, pixel_spacing_mm=2.6, nodules=0
    )
    lung = _lung_side(study)
    parenchyma = np.median(study.volume_hu[lung > 0])
    assert -900 < parenchyma < -800
    assert study.volume_hu[0, 0, 0] < -950  # air outside the body
    assert (study.volume_hu > 300).any()  # ribs and spine
    # vessels and airways run through the lungs: some lung voxels are blood-dense
    assert (study.volume_hu[lung > 0] > -200).mean() > 0.01


def test_enhanced_vessels_are_brighter_and_change_nothing_else() -> None:
    args = {"slices": 40, "slice_thickness_mm": 5.0, "rows": 128, "pixel_spacing_mm": 2.6}
    plain = simulate_study(12, nodules=0, **args)  # type: ignore[arg-type]
    enhanced = simulate_study(12, nodules=0, vessel_hu=300.0, **args)  # type: ignore[arg-type]
    assert plain.truth_json() == enhanced.truth_json()
    changed = enhanced.volume_hu != plain.volume_hu
    assert changed.any()
    assert (enhanced.volume_hu[changed] > plain.volume_hu[changed]).mean() > 0.95
    # partial volume at 5 mm x 2.6 mm: the vessel voxels gain up to 260 HU, much less on average
    gain = enhanced.volume_hu[changed].astype(float) - plain.volume_hu[changed]
    assert gain.mean() > 20 and gain.max() > 150


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_nodule_is_where_its_truth_says(seed: int) -> None:
    study = simulate_study(
        seed,
        slices=60,
        slice_thickness_mm=2.5,
        rows=256,
        pixel_spacing_mm=1.3,
        diameters_mm=(12.0, 7.0),
    )
    assert len(study.nodules) == 2
    for n in study.nodules:
        k, r, c = np.nonzero(study.labels == n.index)
        centre = study.geometry.to_patient((k.mean(), r.mean(), c.mean()))
        assert np.linalg.norm(np.subtract(centre, n.center_mm)) < 2.5
        assert n.lobe in LOBES
        assert abs((n.long_axis_mm + n.short_axis_mm) / 2 - n.diameter_mm) < 0.01
        hu = study.volume_hu[study.labels == n.index].mean()
        if n.calcified:
            assert hu > 200
        elif n.attenuation == "ground-glass":
            assert -800 < hu < -400
        elif n.attenuation == "solid":
            assert hu > -250


def test_suspicious_studies_lead_with_a_large_irregular_nodule() -> None:
    study = simulate_study(
        7,
        slices=80,
        slice_thickness_mm=2.5,
        rows=256,
        pixel_spacing_mm=1.3,
        nodules=1,
        suspicious=True,
    )
    first = study.nodules[0]
    assert first.diameter_mm >= 15.0
    assert first.margin in ("spiculated", "lobulated")
    assert first.attenuation in ("solid", "part-solid")


def test_measured_axes_follow_radiologists_convention() -> None:
    rng = np.random.default_rng(0)
    shape, (long_mm, short_mm, volume, _) = sample_shape(rng, 10.0, suspicious=False)
    assert (long_mm + short_mm) / 2 == pytest.approx(10.0, abs=0.3)
    assert long_mm >= short_mm
    assert measure_shape(shape)[0] == pytest.approx(long_mm, rel=0.03)
    assert body_axes(shape) == (long_mm, short_mm)
    # a 4 x 2 rectangle of points: long axis along x, short across it
    xs, ys = np.meshgrid(np.arange(0, 4.01, 0.1), np.arange(0, 2.01, 0.1))
    long_axis, short_axis = feret_axes(np.column_stack([xs.ravel(), ys.ravel()]), 0.1)
    assert long_axis == pytest.approx(np.hypot(4, 2) + 0.1, abs=0.01)
    assert short_axis < long_axis
    assert volume > 0


@pytest.mark.parametrize("angle", [0.0, 0.7])
def test_the_truth_axes_of_an_ellipsoid_are_exact(angle: float) -> None:
    # the rendered body of a smooth nodule is one ellipsoid: its Lung-RADS axes are 2a and 2b
    shape = NoduleShape(
        attenuation="solid", margin="smooth", calcified=False, body_hu=30.0, core_hu=30.0,
        core_radius_mm=0.0, ellipsoids=((0.0, 0.0, 0.0, 4.0, 3.1, 3.5, angle),), spicules=(),
    )  # fmt: skip
    long_mm, short_mm = body_axes(shape)
    assert long_mm == pytest.approx(8.0, abs=0.01)
    assert short_mm == pytest.approx(6.2, abs=0.01)


def test_the_short_axis_is_a_chord_perpendicular_to_the_long_axis() -> None:
    # two overlapping discs side by side (a lobulated outline): the perpendicular chord through
    # the waist is narrower than the outline's width, the chord through a lobe is the widest
    lobes = ((-2.0, 0.0, 0.0, 3.0, 3.0, 3.0, 0.0), (2.0, 0.0, 0.0, 3.0, 3.0, 3.0, 0.0))
    shape = NoduleShape("solid", "lobulated", False, 30.0, 30.0, 0.0, lobes, ())
    long_mm, short_mm = body_axes(shape)
    assert long_mm == pytest.approx(10.0, abs=0.01)
    assert short_mm == pytest.approx(6.0, abs=0.02)


def test_sizes_follow_the_luna16_table() -> None:
    rng = np.random.default_rng(1)
    sizes = np.array([draw_diameter(rng, suspicious=False) for _ in range(4000)])
    assert np.median(sizes) == pytest.approx(LUNA16_DIAMETERS_MM[10], rel=0.1)
    assert sizes.min() >= LUNA16_DIAMETERS_MM[0]
    assert sizes.max() <= LUNA16_DIAMETERS_MM[-1]


def _tissue_around(study: SimulatedStudy, index: int) -> float:
    """Share of the voxels just outside nodule ``index`` that are vessel or airway wall."""
    body = study.labels == index
    ring = ndimage.binary_dilation(body, iterations=2) & ~body
    return float((study.volume_hu[ring] > -300).mean())


def test_touching_nodules_lie_against_vessels_or_airways_and_default_studies_are_unchanged() -> (
    None
):
    args = {"slices": 60, "slice_thickness_mm": 2.5, "rows": 256, "nodules": 5}
    plain = simulate_study(21, **args)  # type: ignore[arg-type]
    again = simulate_study(21, touching_share=0.0, **args)  # type: ignore[arg-type]
    assert np.array_equal(plain.volume_hu, again.volume_hu)
    touching = simulate_study(21, touching_share=1.0, **args)  # type: ignore[arg-type]
    assert len(touching.nodules) == len(plain.nodules)
    apart = [_tissue_around(plain, n.index) for n in plain.nodules]
    against = [_tissue_around(touching, n.index) for n in touching.nodules]
    assert np.median(against) > np.median(apart) + 0.05
    assert sum(share > 0.05 for share in against) >= 3


def _dense_pieces_per_litre(study: SimulatedStudy) -> float:
    """Separate pieces over -500 HU (26-connected) per litre of lung, 5 mm in from its edge."""
    g = study.geometry
    lung = _lung_side(study)
    inner = ndimage.binary_erosion(lung > 0, iterations=3)
    _, pieces = ndimage.label((study.volume_hu > -500) & inner, structure=np.ones((3, 3, 3)))
    litres = inner.sum() * g.slice_thickness_mm * g.pixel_spacing_mm**2 / 1e6
    return float(pieces / litres)


def test_fine_vessels_cut_by_thick_slices_fall_apart_into_small_pieces_and_move_no_nodule() -> None:
    args = {"slices": 40, "slice_thickness_mm": 5.0, "rows": 256, "pixel_spacing_mm": 1.3}
    plain = simulate_study(23, nodules=3, **args)  # type: ignore[arg-type]
    again = simulate_study(23, nodules=3, fine_vessels_per_litre=0.0, **args)  # type: ignore[arg-type]
    assert np.array_equal(plain.volume_hu, again.volume_hu)
    fine = simulate_study(23, nodules=3, fine_vessels_per_litre=120.0, **args)  # type: ignore[arg-type]
    # the real 5 mm series has 186 pieces per litre, the default render a quarter of that
    assert _dense_pieces_per_litre(fine) > 2.0 * _dense_pieces_per_litre(plain)
    assert [(n.center_mm, n.diameter_mm) for n in fine.nodules] == [
        (n.center_mm, n.diameter_mm) for n in plain.nodules
    ]


def test_fine_vessels_render_in_a_small_field_of_view_too() -> None:
    # 128 rows at a drawn pixel spacing squeeze the anatomy until a lung's half-width is
    # negative; the box the fine vessels are rooted in must still be one (the sweep's smoke
    # run renders studies so)
    args = {"rows": 128, "slices": 20, "slice_thickness_mm": 5.0, "fine_vessels_per_litre": 120.0}
    for seed in (2, 3, 11):  # each raised "high - low < 0" before
        assert simulate_study(seed, **args).volume_hu.shape == (20, 128, 128)  # type: ignore[arg-type]
