"""Measuring a finding the way radiologists do, from its mask and the HU image.

The pipeline calls :func:`measure` once per detected component, with the component's mask on the
source grid (the scanner's own voxels). Every number is deterministic; the definitions and
thresholds are the ones documented in ``docs/analysis.md``:

- **long / short axis** (Lung-RADS v2022): on the axial slice where the finding is longest, the
  longest diameter, then the longest diameter perpendicular to it. Diameters are taken between
  boundary points a quarter pixel outside the edge pixels (``EDGE_OFFSET``), so a disc of
  diameter D measures D on average, not D minus a pixel.
  ``diameter_mm`` is their mean, rounded to 0.1 mm.
- **volume**: voxel count times voxel volume; **centre**: mask centroid in patient LPS mm.
- **attenuation**: from the HU of the mask's deep interior (:func:`deep_interior`: at least
  ``DEEP_MM`` in from the edge in-plane and without the end slices, so the partial volume a real
  scanner's blur puts there does not count): solid when at least ``SOLID_FRACTION`` of it is at
  or above ``SOLID_HU`` (on slices thicker than half the diameter, when the nodule's column level
  is); otherwise part-solid when the largest solid component measures at least
  ``MIN_SOLID_COMPONENT_MM`` (its mean diameter is ``solid_component_mm``), else ground-glass.
  Then, where the model version has a learned head (:mod:`appliance.inference.attenuation_head`:
  the version's own, given by the pipeline; the shipped version's by default), a logistic model
  over :func:`attenuation_features` may turn a part-solid or ground-glass call solid: on real
  nodules the rules read a scanner's blur inside a solid nodule as ground glass (LIDC training
  patients, out of fold: 82.9 % -> 91.8 % agreement with the readers).
- **calcified**: at least ``CALCIFIED_FRACTION`` of the mask above ``CALCIUM_HU``.
- **margin**: see :mod:`appliance.inference.margin`.
- **kind**: ``mass`` when the long axis exceeds 30 mm, else ``nodule``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import ndimage
from scipy.spatial import ConvexHull, QhullError

from appliance.inference.attenuation_head import SHIPPED, HeadChoice, resolve_head
from appliance.inference.lungs import LungMask
from appliance.inference.margin import SHELL_MM, counted_in_plane, margin_class, margin_scores
from appliance.inference.refine import (
    DEFAULT_LUNG_HU,
    REACH_MM,
    SOLID_HU,
    RefinedMask,
    disc,
    refine_mask,
)

__all__ = [
    "ATTENUATION_FEATURES",
    "AxialAxes",
    "Measurements",
    "attenuation",
    "attenuation_features",
    "axial_axes",
    "measure",
    "rules_attenuation",
]

SOLID_FRACTION = 0.5
"""Fraction of the deep interior (:func:`deep_interior`) at or above ``SOLID_HU`` from which a
nodule is solid ..."""
DEEP_MM = 1.0
"""How far in from the edge (in-plane) the deep interior starts."""
MIN_DEEP_VOXELS = 3
THIN_SLICE_FRACTION = 0.5
"""... where the slices are at most this fraction of the diameter; on thicker slices partial
volume blurs both edges and only the solid fraction of the interior counts."""
MIN_SOLID_COMPONENT_MM = 2.0
"""A solid part smaller than this (mean diameter) leaves a nodule ground-glass: real ground glass
is crossed by vessels whose cross-sections measure 1-2 mm."""
CORE_ROUNDNESS = 0.5
"""A solid part's in-plane short / long axis is at least this (else: a vessel, not a core)."""
CORE_OPENING_MM = 1.0
"""Solid strands thinner than about twice this (spicules, vessels through the ground glass) are
opened off before the solid part is measured."""
CORE_TAPER = 0.25
"""The solid part's depth is taken over the slices where its cross-section is at least this
fraction of its largest: a core tapers at its poles, a vessel keeps its calibre."""
DENSE_HU = -100.0
"""A feature of the attenuation head: the share of the mask at or above this."""
CALCIUM_HU = 200.0
CALCIFIED_FRACTION = 0.20
"""Fraction of the mask above ``CALCIUM_HU`` from which a nodule is calcified. On the LIDC-IDRI
training patients, against the readers' calcification ratings: from the readers' own masks 0.10
called 6.6 % wrongly (small dense vessels, bone partial volume), 0.20 5.3 %; from the shipped
model's refined masks (``models/lung_nodule/tune_measurement.py``) 0.20 agreed on 91.8 %, 0.30
on 93.5 %, 0.40 on 92.2 %. 0.20 stays: 0.30 gained 8 of 474 nodules and would call an 8 mm
nodule with a 5 mm central calcification (a quarter of its volume) not calcified."""
MASS_MM = 30.0
EDGE_OFFSET = 0.25
"""Boundary points lie this many pixels outside the edge pixels' centres. Half a pixel (the
pixel edge) overestimates a disc's diameter by ~0.35 mm at 0.7-0.8 mm pixels, the centres
underestimate it by as much; a quarter pixel is unbiased to within 0.05 mm from 4 to 30 mm."""
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
ATTENUATION_FEATURES = (
    "deep_p10",
    "deep_p50",
    "deep_p90",
    "mask_p50",
    "mask_p90",
    "deep_solid_share",
    "mask_solid_share",
    "mask_dense_share",
    "core_share",
    "log_diameter",
    "thickness_ratio",
    "column_excess",
)
"""What :func:`attenuation_features` computes, in order (the head's JSON names them)."""


@dataclasses.dataclass(frozen=True)
class AxialAxes:
    """Long and short axis of one axial slice of a mask."""

    slice_index: int
    long_mm: float
    short_mm: float


@dataclasses.dataclass(frozen=True)
class Measurements:
    """Everything measured about one finding (the Finding adds identity and Lung-RADS)."""

    kind: str
    center_mm: tuple[float, float, float]
    extent_mm: tuple[tuple[float, float, float], tuple[float, float, float]]
    long_axis_mm: float
    short_axis_mm: float
    diameter_mm: float
    volume_mm3: float
    mean_hu: float
    attenuation: str
    solid_component_mm: float | None
    calcified: bool
    spiculation_score: float
    lobulation_score: float
    margin: str
    side: str | None
    lobe: str | None
    mask_offset: tuple[int, int, int]
    """(slice, row, column) of ``mask[0, 0, 0]`` in the source volume."""
    mask: BoolArray
    """The mask measured (refined), cropped to its bounding box."""


def boundary_points(mask2d: BoolArray, spacing: Sequence[float]) -> FloatArray:
    """Points ``EDGE_OFFSET`` pixel from each edge pixel towards its outside 4-neighbours (mm)."""
    padded = np.pad(mask2d, 1)
    inside = padded[1:-1, 1:-1]
    points = []
    for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        neighbour = padded[1 + dr : padded.shape[0] - 1 + dr, 1 + dc : padded.shape[1] - 1 + dc]
        rows, cols = np.nonzero(inside & ~neighbour)
        points.append(np.column_stack([rows + dr * EDGE_OFFSET, cols + dc * EDGE_OFFSET]))
    return np.concatenate(points) * np.asarray(spacing, dtype=np.float64)


def _hull(points: FloatArray) -> FloatArray:
    try:
        return np.asarray(points[ConvexHull(points).vertices], dtype=np.float64)
    except (QhullError, ValueError):  # collinear or too few points: all are extreme
        return points


def _long_axis(points: FloatArray) -> tuple[float, FloatArray]:
    """Longest distance between two points and its unit direction."""
    hull = _hull(points)
    diff = hull[:, None, :] - hull[None, :, :]
    dist = np.sqrt((diff**2).sum(-1))
    a, b = np.unravel_index(int(np.argmax(dist)), dist.shape)
    length = float(dist[a, b])
    direction = diff[a, b] / length if length > 0 else np.array([1.0, 0.0])
    return length, direction


def _short_axis(points: FloatArray, direction: FloatArray, bin_mm: float) -> float:
    """Longest extent perpendicular to ``direction``, among points at the same place along it."""
    along = points @ direction
    across = points @ np.array([-direction[1], direction[0]])
    bins = np.floor((along - along.min()) / bin_mm).astype(int)
    best = 0.0
    for b in np.unique(bins):
        chosen = across[(bins >= b - 0) & (bins <= b + 1)]
        best = max(best, float(chosen.max() - chosen.min()))
    return best


def axial_axes(mask: BoolArray, spacing: Sequence[float]) -> AxialAxes:
    """Long axis and perpendicular short axis on the axial slice where the mask is longest.

    ``mask`` is indexed [slice, row, column]; ``spacing`` is (slice, row, column) mm.
    """
    in_plane = (float(spacing[1]), float(spacing[2]))
    best = AxialAxes(0, 0.0, 0.0)
    for k in np.nonzero(mask.any(axis=(1, 2)))[0]:
        points = boundary_points(mask[k], in_plane)
        length, direction = _long_axis(points)
        if length > best.long_mm:
            short = _short_axis(points, direction, min(in_plane) / 2.0)
            best = AxialAxes(int(k), length, min(short, length))
    return best


def _interior(mask: BoolArray) -> BoolArray:
    cross = ndimage.generate_binary_structure(2, 1)[None]
    eroded = ndimage.binary_erosion(mask, structure=cross)
    return eroded if eroded.sum() >= 0.2 * mask.sum() else mask


def _largest(mask: BoolArray) -> BoolArray:
    labels, count = ndimage.label(mask, structure=np.ones((3, 3, 3)))
    if count <= 1:
        return mask
    return np.asarray(labels == (int(np.argmax(np.bincount(labels.ravel())[1:])) + 1))


def _mean_diameter(mask: BoolArray, spacing: Sequence[float]) -> float:
    axes = axial_axes(mask, spacing)
    return round((axes.long_mm + axes.short_mm) / 2.0, 1)


def _widest_axes(core: BoolArray, spacing: Sequence[float]) -> AxialAxes:
    """A solid part's axes on the slice where its cross-section is largest: a core is widest at
    its equator, while a strand leaving it (a spicule, a vessel) can be longer on another
    slice and would stand in for it there."""
    widest = int(np.argmax(core.sum(axis=(1, 2))))
    axes = axial_axes(core[widest : widest + 1], spacing)
    return AxialAxes(widest, axes.long_mm, axes.short_mm)


def _compact(core: BoolArray, axes: AxialAxes, spacing: Sequence[float]) -> bool:
    """A solid component is round, not a vessel crossing ground glass: on its widest slice
    (``axes``, from :func:`_widest_axes`), short / long axis at least ``CORE_ROUNDNESS`` and,
    over the slices where its cross-section is at least ``CORE_TAPER`` of its largest, no deeper
    along z than its long axis plus a slice."""
    areas = core.sum(axis=(1, 2))
    slices = np.flatnonzero(areas >= CORE_TAPER * areas.max())
    depth = float(slices[-1] - slices[0]) * float(spacing[0])
    return axes.short_mm >= CORE_ROUNDNESS * axes.long_mm and depth <= axes.long_mm + spacing[0]


def _solid_core(dense: BoolArray, spacing: Sequence[float]) -> BoolArray:
    """The largest solid part of ``dense`` (the mask's voxels at or above ``SOLID_HU``), without
    the thin strands ``CORE_OPENING_MM`` opens off (the strands alone when nothing thicker is
    left)."""
    opened = ndimage.binary_opening(dense, structure=disc(CORE_OPENING_MM, spacing)[None])
    return _largest(opened if opened.any() else dense)


def _column_level(
    mask: BoolArray, hu: npt.NDArray[np.float32], spacing: Sequence[float], lung: float
) -> float:
    """The nodule's own HU, free of slice partial volume: the HU above the lung summed along z
    (one slice beyond the mask each way, where a faint tip lies) through the densest column of
    the mask's footprint (mm x HU), over the nodule's mean diameter (its depth, taken equal to
    its width)."""
    slices = np.flatnonzero(mask.any(axis=(1, 2)))
    first, last = max(int(slices[0]) - 1, 0), int(slices[-1]) + 2
    excess = np.clip(hu[first:last] - lung, 0.0, None).sum(axis=0) * float(spacing[0])
    column = float(excess[mask.any(axis=0)].max())
    return lung + column / max(_mean_diameter(mask, spacing), float(spacing[0]))


def deep_interior(mask: BoolArray, spacing: Sequence[float]) -> BoolArray:
    """The mask's voxels at least ``DEEP_MM`` in-plane from its edge, without its first and
    last slice when it spans three or more: the part free of partial volume with the lung,
    which on a real scanner blurs a millimetre or more inside the edge and fills the end
    slices. The plain interior (:func:`_interior`) when too little is that deep."""
    deep = np.zeros_like(mask)
    present = np.flatnonzero(mask.any(axis=(1, 2)))
    for k in present:
        deep[k] = ndimage.distance_transform_edt(mask[k], sampling=spacing[1:]) > DEEP_MM
    if len(present) >= 3:
        deep[present[0]] = deep[present[-1]] = False
    return deep if deep.sum() >= MIN_DEEP_VOXELS else _interior(mask)


def _is_solid(
    mask: BoolArray,
    hu: npt.NDArray[np.float32],
    spacing: Sequence[float],
    *,
    diameter: float,
    lung_hu: float,
) -> bool:
    """Solid (see the module doc)."""
    if spacing[0] > THIN_SLICE_FRACTION * diameter:
        return _column_level(mask, hu, spacing, lung_hu) >= SOLID_HU
    return float((hu[deep_interior(mask, spacing)] >= SOLID_HU).mean()) >= SOLID_FRACTION


def rules_attenuation(
    mask: BoolArray,
    hu: npt.NDArray[np.float32],
    spacing: Sequence[float],
    *,
    lung_hu: float = DEFAULT_LUNG_HU,
) -> tuple[str, float | None]:
    """The rules' ``(class, solid component mean diameter or None)``; see the module doc."""
    diameter = _mean_diameter(mask, spacing)
    if _is_solid(mask, hu, spacing, diameter=diameter, lung_hu=lung_hu):
        return "solid", None
    size = _core_size(mask, hu, spacing)
    if size is None:
        return "ground-glass", None
    return "part-solid", size


def _core_size(
    mask: BoolArray, hu: npt.NDArray[np.float32], spacing: Sequence[float]
) -> float | None:
    """The mean diameter of the solid part (the strands opened off) when it counts as a core:
    at least ``MIN_SOLID_COMPONENT_MM`` and compact (:func:`_compact`); else None."""
    core = _solid_core((hu >= SOLID_HU) & mask, spacing)
    if not core.any():
        return None
    axes = _widest_axes(core, spacing)
    size = round((axes.long_mm + axes.short_mm) / 2.0, 1)
    if size < MIN_SOLID_COMPONENT_MM or not _compact(core, axes, spacing):
        return None
    return size


def attenuation_features(
    mask: BoolArray,
    hu: npt.NDArray[np.float32],
    spacing: Sequence[float],
    *,
    lung_hu: float = DEFAULT_LUNG_HU,
) -> FloatArray:
    """The learned head's inputs (:data:`ATTENUATION_FEATURES`, in that order), from what the
    rules look at: the HU of the deep interior and of the whole mask, the solid shares, the
    rules' core, the size, the slice thickness against it and the column level."""
    values = hu[mask].astype(np.float64)
    deep = hu[deep_interior(mask, spacing)].astype(np.float64)
    diameter = max(_mean_diameter(mask, spacing), 0.5)
    core = _core_size(mask, hu, spacing)
    features = {
        "deep_p10": float(np.percentile(deep, 10)),
        "deep_p50": float(np.percentile(deep, 50)),
        "deep_p90": float(np.percentile(deep, 90)),
        "mask_p50": float(np.percentile(values, 50)),
        "mask_p90": float(np.percentile(values, 90)),
        "deep_solid_share": float((deep >= SOLID_HU).mean()),
        "mask_solid_share": float((values >= SOLID_HU).mean()),
        "mask_dense_share": float((values >= DENSE_HU).mean()),
        "core_share": (core or 0.0) / diameter,
        "log_diameter": float(np.log(diameter)),
        "thickness_ratio": float(spacing[0]) / diameter,
        "column_excess": _column_level(mask, hu, spacing, lung_hu) - lung_hu,
    }
    return np.asarray([features[name] for name in ATTENUATION_FEATURES], dtype=np.float64)


def attenuation(
    mask: BoolArray,
    hu: npt.NDArray[np.float32],
    spacing: Sequence[float],
    *,
    lung_hu: float = DEFAULT_LUNG_HU,
    head: HeadChoice = SHIPPED,
) -> tuple[str, float | None]:
    """``(class, solid component mean diameter or None)``. ``mask`` is the final (refined)
    mask: a ground-glass rim the refinement found is already part of it, so it lowers the solid
    fraction of the deep interior rather than deciding the class alone.

    The rules decide (:func:`rules_attenuation`); where there is a learned ``head``
    (:mod:`appliance.inference.attenuation_head`: the model version's; :data:`SHIPPED`, the
    default, the shipped version's; None, the rules alone) it decides from
    :func:`attenuation_features`. A part-solid call keeps the rules' solid core for its size;
    where the rules find no core the head cannot make a nodule part-solid, and the rules' class
    stands."""
    rules, size = rules_attenuation(mask, hu, spacing, lung_hu=lung_hu)
    chosen = resolve_head(head, ATTENUATION_FEATURES)
    if chosen is None or (chosen.mode == "override" and rules == "solid"):
        return rules, size  # an override only turns other calls solid: no features needed
    called = chosen.decide(attenuation_features(mask, hu, spacing, lung_hu=lung_hu), rules)
    if called == rules:
        return rules, size
    if called == "part-solid":
        core = _core_size(mask, hu, spacing)
        return ("part-solid", core) if core is not None else (rules, size)
    return called, None


def measure(
    mask: BoolArray,
    offset: Sequence[int],
    hu: npt.NDArray[np.float32],
    spacing: Sequence[float],
    *,
    affine: npt.NDArray[np.float64],
    lungs: LungMask | None = None,
    refine: bool = True,
    attenuation_head: HeadChoice = SHIPPED,
) -> Measurements:
    """Measure one finding: ``mask`` is cropped from the source grid at ``offset`` (k, j, i);
    ``hu`` and ``affine`` are the whole source volume's. ``attenuation_head`` is the model
    version's learned head (None: the rules alone; by default the shipped version's)."""
    k0, j0, i0 = (int(v) for v in offset)
    pad = [int(np.ceil((SHELL_MM + REACH_MM) / s)) + 1 for s in spacing]
    lo = [max(o - p, 0) for o, p in zip((k0, j0, i0), pad, strict=True)]
    hi = [
        min(o + n + p, dim)
        for o, n, p, dim in zip((k0, j0, i0), mask.shape, pad, hu.shape, strict=True)
    ]
    region = hu[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]]
    big = np.zeros(region.shape, dtype=bool)
    big[
        k0 - lo[0] : k0 - lo[0] + mask.shape[0],
        j0 - lo[1] : j0 - lo[1] + mask.shape[1],
        i0 - lo[2] : i0 - lo[2] + mask.shape[2],
    ] = mask
    refined = refine_mask(big, region, spacing) if refine else None
    if refined is not None:
        big = refined.mask
    return _measure_region(
        big,
        region,
        lo,
        spacing,
        affine=affine,
        lungs=lungs,
        refined=refined,
        head=attenuation_head,
    )


def _volume(mask: BoolArray, hu: npt.NDArray[np.float32], refined: RefinedMask | None) -> float:
    """Volume in voxels: with the refined levels, the partial-volume sum (each voxel of the mask
    and its 26 neighbours counts the fraction of the way its HU lies from the lung level to the
    nodule level, clipped to 0-1), which thick slices do not bias; else the voxel count."""
    if refined is None or refined.nodule_hu <= refined.lung_hu:
        return float(mask.sum())
    near = ndimage.binary_dilation(mask, structure=np.ones((3, 3, 3), dtype=bool))
    fraction = (hu[near] - refined.lung_hu) / (refined.nodule_hu - refined.lung_hu)
    return float(np.clip(fraction, 0.0, 1.0).sum())


def _measure_region(
    mask: BoolArray,
    hu: npt.NDArray[np.float32],
    origin: Sequence[int],
    spacing: Sequence[float],
    *,
    affine: npt.NDArray[np.float64],
    lungs: LungMask | None,
    refined: RefinedMask | None = None,
    head: HeadChoice = SHIPPED,
) -> Measurements:
    found = np.argwhere(mask)
    low, high = found.min(axis=0), found.max(axis=0) + 1
    indices = found + np.asarray(origin)
    to_mm = affine[:3, :3]
    centre = to_mm @ indices.mean(axis=0) + affine[:3, 3]
    corners = indices @ to_mm.T + affine[:3, 3]
    axes = axial_axes(mask, spacing)
    long_mm, short_mm = round(axes.long_mm, 1), round(axes.short_mm, 1)
    values = hu[mask]
    attenuation_class, solid_mm = attenuation(
        mask,
        hu,
        spacing,
        lung_hu=refined.lung_hu if refined is not None else DEFAULT_LUNG_HU,
        head=head,
    )
    spiculation, lobulation = margin_scores(
        refined.half_way if refined is not None else mask, hu, spacing
    )
    side = lungs.side_of(centre) if lungs is not None else None
    return Measurements(
        kind="mass" if long_mm > MASS_MM else "nodule",
        center_mm=(float(centre[0]), float(centre[1]), float(centre[2])),
        extent_mm=(tuple(corners.min(axis=0).tolist()), tuple(corners.max(axis=0).tolist())),  # type: ignore[arg-type]
        long_axis_mm=long_mm,
        short_axis_mm=short_mm,
        diameter_mm=round((long_mm + short_mm) / 2.0, 1),  # of the axes as reported
        volume_mm3=round(_volume(mask, hu, refined) * float(np.prod(spacing)), 1),
        mean_hu=round(float(values.mean()), 1),
        attenuation=attenuation_class,
        solid_component_mm=solid_mm,
        calcified=bool((values > CALCIUM_HU).mean() >= CALCIFIED_FRACTION),
        spiculation_score=round(spiculation, 4),
        lobulation_score=round(lobulation, 4),
        margin=margin_class(spiculation, lobulation, thick_slices=counted_in_plane(spacing)),
        side=side,
        lobe=lungs.lobe_at(centre) if lungs is not None else None,
        mask_offset=(
            int(origin[0]) + int(low[0]),
            int(origin[1]) + int(low[1]),
            int(origin[2]) + int(low[2]),
        ),
        mask=mask[low[0] : high[0], low[1] : high[1], low[2] : high[2]],
    )
