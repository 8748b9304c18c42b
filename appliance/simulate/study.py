"""Render one synthetic chest CT study: geometry, anatomy, trees, nodules, blur and noise.

:func:`simulate_study` is the simulator's function API, used by ``scanside simulate``, by the
tests and by the training code (``models/lung_nodule``), which samples volumes without a DICOM
round trip. Everything is drawn from one seeded generator, so a seed always gives the same study.

Speed: the smooth anatomy and the vessel and airway trees are painted on a grid of half the
in-plane resolution (partial-volume blur for free) and upsampled linearly; nodules are painted at
full resolution with slice-thickness averaging so their truth is exact; the noise comes from a
bank of noise slices. A 300-slice 512 x 512 study renders in a few seconds on one core.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.simulate.anatomy import ChestAnatomy, sample_anatomy
from appliance.simulate.geometry import ScanGeometry
from appliance.simulate.nodules import (
    NoduleShape,
    NoduleTruth,
    draw_diameter,
    occupancy,
    sample_shape,
)
from appliance.simulate.trees import grow_tree, rasterize

__all__ = [
    "PatientInfo",
    "SimulatedStudy",
    "patient_and_background",
    "render_study",
    "simulate_study",
]

FloatArray = npt.NDArray[np.float32]
THICKNESSES_MM = (0.625, 1.0, 1.25, 2.0, 2.5, 3.0, 5.0)
HU_BLOOD = 40.0
HU_BRONCHIAL_WALL = 20.0


@dataclasses.dataclass(frozen=True)
class PatientInfo:
    """The synthetic patient and study identity written to DICOM."""

    patient_id: str
    patient_name: str
    sex: str
    birth_date: dt.date
    study_date: dt.date

    @property
    def age_years(self) -> int:
        b, s = self.birth_date, self.study_date
        return s.year - b.year - ((s.month, s.day) < (b.month, b.day))


@dataclasses.dataclass(frozen=True)
class SimulatedStudy:
    """A rendered study: the HU volume (slice, row, column), its geometry and the truth."""

    seed: int
    geometry: ScanGeometry
    volume_hu: npt.NDArray[np.int16]
    labels: npt.NDArray[np.uint8]
    """Nodule bodies: 0 background, ``i + 1`` for ``nodules[i]`` (spicules excluded)."""
    nodules: tuple[NoduleTruth, ...]
    patient: PatientInfo
    anatomy: ChestAnatomy
    visit: int = 0
    """0 for a study as drawn; ``n`` for its ``n``-th follow-up
    (:mod:`appliance.simulate.followup`), which has UIDs of its own."""

    def truth_json(self) -> dict[str, Any]:
        g = self.geometry
        return {
            "seed": self.seed,
            "patient_id": self.patient.patient_id,
            "coordinate_system": "DICOM patient (LPS), mm",
            "shape_zyx": list(g.shape),
            "spacing_zyx_mm": list(g.spacing_zyx),
            "origin_xyz_mm": list(g.origin_mm),
            "lobe_partition": "appliance.simulate.anatomy (oblique fissure u = 0.05 + 0.65 v, "
            "right horizontal fissure u = 0.5)",
            "nodules": [n.to_json() for n in self.nodules],
        }


def simulate_study(
    seed: int,
    *,
    slices: int | None = None,
    slice_thickness_mm: float | None = None,
    pixel_spacing_mm: float | None = None,
    rows: int = 512,
    nodules: int | None = None,
    suspicious: bool = False,
    diameters_mm: tuple[float, ...] | None = None,
    vessel_hu: float = HU_BLOOD,
    touching_share: float = 0.0,
    fine_vessels_per_litre: float = 0.0,
) -> SimulatedStudy:
    """Render the study of ``seed``; the keyword arguments pin what would otherwise be drawn.

    ``nodules`` is the number of nodules (default 0-4); ``suspicious`` makes the first one a large
    spiculated or part-solid nodule (Lung-RADS 4); ``diameters_mm`` fixes the nodules' mean
    diameters (their count then defaults to its length). ``vessel_hu`` is the pulmonary vessels'
    attenuation: unenhanced blood (40 HU) by default; 150-350 HU imitates a contrast-enhanced
    scan, whose bright vessels cut across by thick slices look like dense nodules. It draws
    nothing from the seed's random stream, so the rest of the study is the same.
    ``touching_share`` is the chance that a nodule is placed against a vessel or an airway wall
    (juxtavascular, juxtabronchial: the nodules a detector most often misses) instead of
    anywhere in the lung; at 0 (the default) the study is what it always was.
    ``fine_vessels_per_litre`` adds that many small vessel trees per litre of the chest's box
    (root radius 1.0-1.6 mm, down to 0.6 mm; :func:`_fine_vessel_trees`), which cut by thick
    slices fall apart into the many small dense pieces of a real lung (``docs/simulator.md``,
    "How it differs from the real series"); they are drawn from a generator of their own, so at
    0 (the default) the study is what it always was.
    """
    return render_study(
        seed, slices=slices, slice_thickness_mm=slice_thickness_mm,
        pixel_spacing_mm=pixel_spacing_mm, rows=rows, nodules=nodules, suspicious=suspicious,
        diameters_mm=diameters_mm, vessel_hu=vessel_hu, touching_share=touching_share,
        fine_vessels_per_litre=fine_vessels_per_litre,
    )[0]  # fmt: skip


def patient_and_background(
    seed: int,
    *,
    slices: int | None = None,
    slice_thickness_mm: float | None = None,
    pixel_spacing_mm: float | None = None,
    rows: int = 512,
    vessel_hu: float = HU_BLOOD,
    fine_vessels_per_litre: float = 0.0,
    shift_mm: tuple[float, float, float] = (0.0, 0.0, 0.0),
    breathing: tuple[float, float] | None = None,
) -> tuple[np.random.Generator, ScanGeometry, ChestAnatomy, FloatArray]:
    """The seed's generator (after the background's draws), geometry, anatomy and background.

    ``shift_mm`` renders the same anatomy with the patient moved by that much in the scanner: the
    background is drawn on the geometry moved the other way, so a point of the anatomy at ``a``
    shows at ``a + shift_mm`` in the returned geometry (:mod:`appliance.simulate.followup`).
    ``breathing`` (in-plane scale, z scale) renders it at another inspiration: the point ``a``
    shows at ``c + s * (a - c) + shift_mm``, ``c`` being :func:`breathing_centre` (the lungs'
    centre in-plane, their apex along z). The background is drawn analytically on the grid
    that maps there (spacing divided by the scale), so nothing is interpolated.
    """
    if rows % 2 or rows < 64:
        raise ValueError('Argument "rows" must be an even number >= 64.')
    rng = np.random.default_rng(seed)
    geometry = _sample_geometry(rng, slices, slice_thickness_mm, pixel_spacing_mm, rows)
    zs = geometry.axis_mm(0)
    fov = rows * geometry.pixel_spacing_mm
    anatomy = sample_anatomy(rng, fov, float(zs[0]), float(zs[-1]))
    fine = (np.random.default_rng([seed, 13]), fine_vessels_per_litre)
    moved = geometry.shifted((-shift_mm[0], -shift_mm[1], -shift_mm[2]))
    if breathing is not None:
        moved = _unbreathed_grid(moved, breathing, breathing_centre(anatomy))
    hu = _render_background(rng, anatomy, moved, vessel_hu, fine)
    return rng, geometry, anatomy, hu


def breathing_centre(anatomy: ChestAnatomy) -> tuple[float, float, float]:
    """The fixed point of a different inspiration (anatomy mm): lungs' centre, apex along z."""
    return (anatomy.center_x, anatomy.lung_cy, anatomy.apex_z)


def _unbreathed_grid(
    g: ScanGeometry, scale: tuple[float, float], centre: tuple[float, float, float]
) -> ScanGeometry:
    """The grid whose voxel ``i`` is the anatomy point that breathing brings to ``g``'s voxel
    ``i``: ``a = c + (o + i * d - c) / s``, i.e. origin ``c + (o - c) / s``, spacing ``d / s``."""
    s = np.array([scale[0], scale[0], scale[1]])
    c, o = np.asarray(centre), np.asarray(g.origin_mm)
    x, y, z = (float(v) for v in c + (o - c) / s)
    return dataclasses.replace(
        g,
        origin_mm=(x, y, z),
        pixel_spacing_mm=g.pixel_spacing_mm / scale[0],
        slice_thickness_mm=g.slice_thickness_mm / scale[1],
    )


def render_study(
    seed: int,
    *,
    slices: int | None = None,
    slice_thickness_mm: float | None = None,
    pixel_spacing_mm: float | None = None,
    rows: int = 512,
    nodules: int | None = None,
    suspicious: bool = False,
    diameters_mm: tuple[float, ...] | None = None,
    vessel_hu: float = HU_BLOOD,
    touching_share: float = 0.0,
    fine_vessels_per_litre: float = 0.0,
) -> tuple[SimulatedStudy, list[NoduleShape]]:
    """:func:`simulate_study` plus the nodules' shapes (the follow-up renders them again)."""
    rng, geometry, anatomy, hu = patient_and_background(
        seed, slices=slices, slice_thickness_mm=slice_thickness_mm,
        pixel_spacing_mm=pixel_spacing_mm, rows=rows, vessel_hu=vessel_hu,
        fine_vessels_per_litre=fine_vessels_per_litre,
    )  # fmt: skip
    count = (
        nodules
        if nodules is not None
        else (len(diameters_mm) if diameters_mm else int(rng.integers(0, 5)))
    )
    if suspicious and nodules is None:
        count = max(count, 1)  # a drawn count of 0 would leave nothing to make suspicious
    truths, labels, shapes = _add_nodules(
        rng,
        hu,
        anatomy,
        geometry,
        count=count,
        suspicious=suspicious,
        diameters=diameters_mm,
        touching=np.random.default_rng([seed, 11]).random(count) < touching_share,
    )
    _add_noise(rng, hu, geometry.slice_thickness_mm)
    volume = np.clip(np.rint(hu), -1024, 3071).astype(np.int16)
    study = SimulatedStudy(
        seed=seed,
        geometry=geometry,
        volume_hu=volume,
        labels=labels,
        nodules=tuple(truths),
        patient=_sample_patient(rng, seed),
        anatomy=anatomy,
    )
    return study, shapes


def _sample_geometry(
    rng: np.random.Generator,
    slices: int | None,
    thickness: float | None,
    spacing: float | None,
    rows: int,
) -> ScanGeometry:
    if slices is None and thickness is None:
        thickness = float(rng.choice(THICKNESSES_MM))
    if thickness is None:
        count = slices if slices is not None else 0
        thickness = min(THICKNESSES_MM, key=lambda t: abs(t * count - 330.0))
    if slices is None:
        assert thickness is not None
        slices = int(np.clip(round(rng.uniform(300, 380) / thickness), 100, 400))
    spacing = spacing if spacing is not None else round(float(rng.uniform(0.6, 0.9)), 4)
    half = (rows - 1) / 2.0 * spacing
    z0 = round(float(rng.uniform(-420, -300)), 2)
    origin = (-half, -half + float(rng.uniform(-15, 15)), z0)
    return ScanGeometry((slices, rows, rows), spacing, float(thickness), origin)


def _in_lung_fn(anatomy: ChestAnatomy) -> Any:
    def in_lung(p: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        side = anatomy.lung_side(
            p[:, 0].astype(np.float32), p[:, 1].astype(np.float32), p[:, 2].astype(np.float32)
        )
        return np.asarray(side > 0)

    return in_lung


def _render_background(
    rng: np.random.Generator,
    anatomy: ChestAnatomy,
    g: ScanGeometry,
    vessel_hu: float,
    fine: tuple[np.random.Generator, float],
) -> FloatArray:
    """Anatomy and trees on a half-resolution in-plane grid, upsampled to the full grid."""
    sub = max(1, int(np.ceil(g.slice_thickness_mm / 1.25 - 1e-6)))
    zs = g.axis_mm(0)
    dz = g.slice_thickness_mm / sub
    steps = (np.arange(sub) - (sub - 1) / 2.0) * dz
    zr: npt.NDArray[np.float64] = (zs[:, None] + steps[None, :]).ravel()
    cs = 2.0 * g.pixel_spacing_mm
    ys = g.axis_mm(1)[::2] + 0.5 * g.pixel_spacing_mm
    xs = g.axis_mm(2)[::2] + 0.5 * g.pixel_spacing_mm
    hu, lungs = anatomy.render(xs, ys, zr)
    hu = np.array(hu, dtype=np.float32)
    vessels = np.zeros_like(hu)
    walls = np.zeros_like(hu)
    lumen = np.zeros_like(hu)
    axes = (zr, ys, xs)
    in_lung = _in_lung_fn(anatomy)
    for segs in _vessel_trees(rng, anatomy, in_lung):
        rasterize(vessels, segs, axes, cs)
    for segs in _fine_vessel_trees(*fine, anatomy, in_lung):
        rasterize(vessels, segs, axes, cs)
    for segs in _airway_trees(rng, anatomy, in_lung):
        rasterize(walls, segs, axes, cs, radius_add=0.6)
        rasterize(lumen, segs, axes, cs)
    tissue = np.maximum(vessels, walls * 0.8)
    hu += tissue * (np.where(vessels >= walls, vessel_hu, HU_BRONCHIAL_WALL) - hu)
    hu += lumen * (-1000.0 - hu) * (lungs > 0)
    del lungs, vessels, walls, lumen
    hu = hu.reshape(g.shape[0], sub, *hu.shape[1:]).mean(axis=1)
    return _upsample2(hu)


def _vessel_trees(
    rng: np.random.Generator, anatomy: ChestAnatomy, in_lung: Any
) -> list[npt.NDArray[np.float64]]:
    trees = []
    for side in (1, 2):
        lateral = -1.0 if side == 1 else 1.0
        hx, hy, hz = anatomy.hilum(side)
        for dx, dy, dz in ((0.4, 0.1, 1.0), (1.0, 0.2, 0.1), (0.5, 0.6, -0.8), (0.5, -0.6, -0.6)):
            for shift, radius in ((0.0, 5.5), (12.0, 4.5)):  # artery, then vein lower down
                root = (hx, hy + rng.uniform(-5, 5), hz - shift)
                direction = (lateral * dx, dy + rng.uniform(-0.2, 0.2), dz)
                trees.append(
                    grow_tree(
                        rng,
                        root,
                        direction=direction,
                        radius=radius,
                        length=28.0,
                        min_radius=0.45,
                        in_lung=in_lung,
                    )
                )
    return trees


def _fine_vessel_trees(
    rng: np.random.Generator, per_litre: float, anatomy: ChestAnatomy, in_lung: Any
) -> list[npt.NDArray[np.float64]]:
    """Small trees rooted uniformly through the lungs: the peripheral vessels that the hilar
    trees, pruned where they would leave the lung, do not reach.

    ``per_litre`` counts roots per litre of the box around both lungs (those outside the lungs
    are dropped). At 120 a 5 mm study has about 200-230 separate pieces over -500 HU per litre
    of lung, against 186 in the real series (``docs/simulator.md``).
    """
    if per_litre <= 0.0:
        return []
    a = anatomy
    reach = a.lung_dx + a.lung_ax
    one = np.array([a.center_x - reach, a.lung_cy - a.lung_ay, min(a.dome_right_z, a.dome_left_z)])
    one[2] -= a.dome_depth
    other = np.array([a.center_x + reach, a.lung_cy + a.lung_ay, a.apex_z])
    # in order: an anatomy squeezed into a small field of view (128 rows at 0.7 mm) can have a
    # negative half-width, and the box must still be one
    lo, hi = np.minimum(one, other), np.maximum(one, other)
    roots = rng.uniform(lo, hi, size=(int(per_litre * np.prod(hi - lo) / 1e6), 3))
    trees = []
    for root in roots[in_lung(roots)]:
        direction = rng.normal(size=3)
        trees.append(
            grow_tree(
                rng,
                (float(root[0]), float(root[1]), float(root[2])),
                direction=(float(direction[0]), float(direction[1]), float(direction[2])),
                radius=float(rng.uniform(1.0, 1.6)),
                length=8.0,
                min_radius=0.6,
                in_lung=in_lung,
                max_segments=64,
            )
        )
    return trees


def _airway_trees(
    rng: np.random.Generator, anatomy: ChestAnatomy, in_lung: Any
) -> list[npt.NDArray[np.float64]]:
    top = anatomy.apex_z + 80.0
    cx, cy = anatomy.center_x, anatomy.lung_cy - 0.3 * anatomy.lung_ay
    trachea = np.array([[cx, cy, top, cx, cy, anatomy.carina_z, 8.0]])
    trees = [trachea]
    for side in (1, 2):
        hx, hy, hz = anatomy.hilum(side)
        trees.append(np.array([[cx, cy, anatomy.carina_z, hx, hy, hz, 5.5]]))
        lateral = -1.0 if side == 1 else 1.0
        for direction in ((lateral * 0.4, 0.0, 1.0), (lateral * 0.8, 0.3, -0.8)):
            trees.append(
                grow_tree(
                    rng,
                    (hx, hy, hz),
                    direction=direction,
                    radius=4.0,
                    length=22.0,
                    min_radius=1.1,
                    in_lung=in_lung,
                )
            )
    return trees


def _upsample2(a: FloatArray) -> FloatArray:
    """Linear 2x upsampling in-plane (rows and columns) of a (z, y, x) volume."""
    for axis in (1, 2):
        n = a.shape[axis]
        shape = list(a.shape)
        shape[axis] *= 2
        out = np.empty(shape, dtype=np.float32)
        even = [slice(None)] * 3
        odd = [slice(None)] * 3
        even[axis], odd[axis] = slice(0, None, 2), slice(1, None, 2)
        ev, od = out[tuple(even)], out[tuple(odd)]
        np.multiply(a, 0.75, out=ev)
        np.multiply(a, 0.75, out=od)
        cur = [slice(None)] * 3
        nxt = [slice(None)] * 3
        cur[axis], nxt[axis] = slice(1, n), slice(0, n - 1)
        ev[tuple(cur)] += 0.25 * a[tuple(nxt)]
        od[tuple(nxt)] += 0.25 * a[tuple(cur)]
        first = [slice(None)] * 3
        last = [slice(None)] * 3
        first[axis], last[axis] = slice(0, 1), slice(n - 1, n)
        ev[tuple(first)] += 0.25 * a[tuple(first)]
        od[tuple(last)] += 0.25 * a[tuple(last)]
        a = out
    return a


def _add_noise(rng: np.random.Generator, hu: FloatArray, thickness: float) -> None:
    """Add quantum noise (thinner slices are noisier) from a bank of 24 noise slices."""
    sigma = float(np.clip(16.0 * np.sqrt(2.5 / thickness), 10.0, 40.0))
    bank = rng.standard_normal((24, *hu.shape[1:]), dtype=np.float32) * sigma
    picks: list[int] = np.asarray(rng.integers(0, len(bank), size=hu.shape[0])).tolist()
    shifts: list[list[int]] = np.asarray(
        rng.integers(0, hu.shape[1], size=(hu.shape[0], 2))
    ).tolist()
    for k in range(hu.shape[0]):
        dy, dx = shifts[k]
        hu[k] += np.roll(bank[picks[k]], (dy, dx), axis=(0, 1))


def _sample_patient(rng: np.random.Generator, seed: int) -> PatientInfo:
    study = dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 5 * 365)))
    age_days = int(rng.integers(50 * 365, 80 * 365))
    return PatientInfo(
        patient_id=f"SIM{seed:06d}",
        patient_name=f"SIMULATED^PATIENT{seed}",
        sex=str(rng.choice(["F", "M"])),
        birth_date=study - dt.timedelta(days=age_days),
        study_date=study,
    )


def _place(
    rng: np.random.Generator,
    anatomy: ChestAnatomy,
    g: ScanGeometry,
    reach: float,
    taken: list[tuple[npt.NDArray[np.float64], float]],
    *,
    touching: FloatArray | None = None,
    contact_mm: float = 0.0,
) -> npt.NDArray[np.float64] | None:
    """A centre inside the lungs with ``reach`` mm of lung around it, clear of other nodules;
    with ``touching`` (the rendered background), one whose surface touches a vessel or an
    airway wall: the centre in aerated lung and some point ``contact_mm`` from it in tissue."""
    zs = g.axis_mm(0)
    offsets = np.array(
        [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]
        + [[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)],
        dtype=np.float64,
    )
    offsets /= np.linalg.norm(offsets, axis=1, keepdims=True)
    in_lung = _in_lung_fn(anatomy)
    for _ in range(400):
        side = 1 if rng.uniform() < 0.5 else 2
        c = np.array(
            [
                anatomy.lung_center_x(side) + rng.uniform(-1, 1) * anatomy.lung_ax,
                anatomy.lung_cy + rng.uniform(-1, 1) * anatomy.lung_ay,
                rng.uniform(zs[0] + reach, zs[-1] - reach)
                if zs[-1] - zs[0] > 2 * reach
                else np.nan,
            ]
        )
        if np.isnan(c[2]):
            return None
        probe = np.vstack([c[None, :], c[None, :] + offsets * (reach + 2.0)])
        if not in_lung(probe).all():
            continue
        if touching is not None and not _touches_tissue(touching, g, c, offsets * contact_mm):
            continue
        if all(np.linalg.norm(c - p) > reach + r + 4.0 for p, r in taken):
            return c
    return None


def _touches_tissue(
    hu: FloatArray,
    g: ScanGeometry,
    center: npt.NDArray[np.float64],
    offsets: npt.NDArray[np.float64],
) -> bool:
    """Whether ``center`` is aerated lung and one of the points ``center + offsets`` is vessel
    or airway wall (over -300 HU)."""

    def value(point: npt.NDArray[np.float64]) -> float:
        index = np.rint(g.to_index((float(point[0]), float(point[1]), float(point[2]))))
        k, r, c = (int(np.clip(i, 0, n - 1)) for i, n in zip(index, g.shape, strict=True))
        return float(hu[k, r, c])

    if value(center) > -600.0:
        return False
    return any(value(center + o) > -300.0 for o in offsets)


def _add_nodules(
    rng: np.random.Generator,
    hu: FloatArray,
    anatomy: ChestAnatomy,
    g: ScanGeometry,
    *,
    count: int,
    suspicious: bool,
    diameters: tuple[float, ...] | None,
    touching: npt.NDArray[np.bool_],
) -> tuple[list[NoduleTruth], npt.NDArray[np.uint8], list[NoduleShape]]:
    labels = np.zeros(g.shape, dtype=np.uint8)
    truths: list[NoduleTruth] = []
    shapes: list[NoduleShape] = []
    taken: list[tuple[npt.NDArray[np.float64], float]] = []
    for i in range(count):
        first_suspicious = suspicious and not truths  # the first placed, not the first tried
        if diameters and i < len(diameters):
            d = diameters[i]
        else:
            d = draw_diameter(rng, first_suspicious)
        shape, axes = sample_shape(rng, d, first_suspicious)
        against = hu if touching[i] else None
        center = _place(
            rng, anatomy, g, shape.reach_mm, taken, touching=against, contact_mm=d / 2.0 + 1.0
        )
        if center is None and against is not None:
            center = _place(rng, anatomy, g, shape.reach_mm, taken)
        if center is None:
            continue
        taken.append((center, shape.reach_mm))
        shapes.append(shape)
        index = len(truths) + 1
        mean_hu = _paint(hu, labels, g, shape=shape, center=center, index=index)
        truths.append(
            _nodule_truth(shape, axes, anatomy, index=index, center=center, mean_hu=mean_hu)
        )
    return truths, labels, shapes


def _nodule_truth(
    shape: NoduleShape,
    axes: tuple[float, float, float, float],
    anatomy: ChestAnatomy,
    *,
    index: int,
    center: npt.NDArray[np.float64],
    mean_hu: float,
    shift_mm: tuple[float, float, float] = (0.0, 0.0, 0.0),
) -> NoduleTruth:
    """The truth of a nodule painted at ``center`` (anatomy mm) from :func:`sample_shape`'s
    ``axes``; it is reported at ``center + shift_mm`` (a follow-up's table position)."""
    long_mm, short_mm, volume, core = axes
    x, y, z = (float(c + d) for c, d in zip(center, shift_mm, strict=True))
    return NoduleTruth(
        index=index,
        center_mm=(x, y, z),
        diameter_mm=round(float(long_mm + short_mm) / 2.0, 2),
        long_axis_mm=round(float(long_mm), 2),
        short_axis_mm=round(float(short_mm), 2),
        volume_mm3=round(float(volume), 1),
        attenuation=shape.attenuation,
        solid_component_mm=round(float(core), 2) if shape.attenuation == "part-solid" else None,
        margin=shape.margin,
        calcified=shape.calcified,
        lobe=anatomy.lobe_at(float(center[0]), float(center[1]), float(center[2])),
        mean_hu=round(mean_hu, 1),
    )


def _paint(
    hu: FloatArray,
    labels: npt.NDArray[np.uint8],
    g: ScanGeometry,
    *,
    shape: NoduleShape,
    center: npt.NDArray[np.float64],
    index: int,
) -> float:
    """Blend one nodule into ``hu`` at full resolution (thickness-averaged); returns its mean HU."""
    reach = shape.reach_mm
    lo = np.floor(np.array(g.to_index(tuple(center - reach)))).astype(int)
    hi = np.ceil(np.array(g.to_index(tuple(center + reach)))).astype(int) + 1
    lo = np.maximum(lo, 0)
    hi = np.minimum(hi, g.shape)
    box = tuple(slice(int(a), int(b)) for a, b in zip(lo, hi, strict=True))
    zs, ys, xs = (g.axis_mm(a)[box[a]] - center[2 - a] for a in range(3))
    sub = max(1, int(np.ceil(g.slice_thickness_mm / 0.5)))
    offsets = (np.arange(sub) - (sub - 1) / 2.0) * g.slice_thickness_mm / sub
    bg = hu[box]
    acc = np.zeros_like(bg)
    body_acc = np.zeros_like(bg)
    for off in offsets:
        z = (zs + off)[:, None, None]
        body, core, spikes = occupancy(
            shape, xs[None, None, :], ys[None, :, None], z, g.pixel_spacing_mm
        )
        value = bg + spikes * (-60.0 - bg)
        value = value + body * (shape.body_hu - value)
        value = value + core * (shape.core_hu - value)
        acc += value
        body_acc += body
    hu[box] = acc / sub
    inside = body_acc / sub >= 0.5
    labels[box][inside] = index
    return float(hu[box][inside].mean()) if inside.any() else float(shape.body_hu)
