"""Real LIDC-IDRI nodules inserted into other lungs, for training and evaluation.

The simulator's nodules are smooth ellipsoids on a smooth lung; real nodules have a scanner's
blur, partial volume, texture and attached vessels. Pasting a real nodule (the CT voxels of its
readers' mask and a one-voxel rim, feathered into the background) into a simulated or a real
lung gives the network and the evaluation real nodules with known outlines, at positions the
host scan never had one. The host's own anatomy stays around the nodule, so the false findings
a host produces are still the host's.

A site is a voxel whose neighbourhood of the nodule's size plus a margin is aerated lung
(:func:`lung_sites`), so a nodule lands inside a lung, not across a wall. The blend is
``host * (1 - w) + nodule * w`` with ``w`` the dilated mask smoothed by a Gaussian of
``FEATHER_VOXELS`` (a one-voxel seam instead of a cut edge); the label is the readers' mask.

With ``context=True`` (training) the whole crop is pasted, not only the nodule: its real
parenchyma and vessels around the nodule replace the host's aerated lung (never the host's walls,
and never the crop's own chest wall), feathered over ``CONTEXT_FEATHER_VOXELS`` at the crop's
faces, and labelled background. Pasting the nodule alone taught a fine-tuned U-Net that real CT
texture means "nodule" (five real vessel branchings reported on the real series,
``candidate_unet/README.md``); with the context, real texture is mostly background, as in a
real scan.

Everything works on (slice, row, column) arrays in HU with the spacing given, so the same code
inserts into the model's 1.25 mm grid (training) and into a scanner's own grid (evaluation).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from appliance.inference.lungs import ball, outside_air
from models.lung_nodule.data import IN_LUNG_DENSE_HU, MODEL_SPACING_MM, Case, lung_around
from models.lung_nodule.lidc import LidcCrop

__all__ = [
    "AERATED_HU",
    "FEATHER_VOXELS",
    "Inserted",
    "add_to_case",
    "insert",
    "lung_sites",
    "resampled",
]

AERATED_HU = -600.0
"""Voxels under this are aerated lung when a site is chosen."""
FEATHER_VOXELS = 0.7
"""Sigma of the Gaussian that feathers the pasted rim into the host."""
SITE_MARGIN_MM = 4.0
"""Aerated lung kept beyond the nodule's extent on every side of a site."""
CONTEXT_FEATHER_VOXELS = 3
"""With context: the crop's weight ramps from 0 to 1 over this many voxels inside its faces."""
WALL_HU = -500.0
"""With context: the crop's dense voxels (over this) that survive an opening of
``WALL_OPENING_VOXELS`` are chest wall or mediastinum, thicker than any vessel in the lung, and
are not pasted."""
WALL_OPENING_VOXELS = 3
HOST_DENSE_HU = -400.0
"""With context: host voxels over this keep their own value (walls, vessels, airways' walls);
the crop's weight ramps in over ``HOST_RAMP_HU`` below it, so partial volume blends."""
HOST_RAMP_HU = 300.0
NOISE_CORRELATION_VOXELS = 0.6
"""Sigma (voxels) of the smoothing that gives added noise a CT-like grain at 1.25 mm."""
REAL_NEGATIVE_CLEARANCE = 4
"""A pasted real vessel counts as a hard negative only this many voxels (5 mm) or more from a
nodule's label."""


@dataclasses.dataclass(frozen=True)
class Inserted:
    """Where a nodule went: its centre in voxels of the host and its crop."""

    center_vox: tuple[float, float, float]
    crop: LidcCrop


def resampled(
    crop: LidcCrop, spacing: tuple[float, float, float]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
    """The crop's HU and mask on a grid of ``spacing`` (linear for HU, mask from a linearly
    resampled fraction over one half)."""
    factors = [s / t for s, t in zip(crop.spacing, spacing, strict=True)]
    hu = ndimage.zoom(crop.hu, factors, order=1, mode="nearest", grid_mode=True)
    fraction = ndimage.zoom(
        crop.mask.astype(np.float32), factors, order=1, mode="nearest", grid_mode=True
    )
    return hu.astype(np.float32), fraction > 0.5


def lung_sites(
    hu: npt.NDArray[np.generic],
    spacing: tuple[float, float, float],
    extent_mm: float,
    limit: int,
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """Up to ``limit`` voxel centres (k, r, c) whose cube of ``extent_mm`` + 2 x SITE_MARGIN_MM
    is at least 97 % aerated lung (air inside the body), searched on a grid of about 4 mm."""
    step = [max(1, round(4.0 / s)) for s in spacing]
    air = np.asarray(hu)[:: step[0], :: step[1], :: step[2]] < AERATED_HU
    coarse = air & ~outside_air(air)
    size = [
        max(1, round((extent_mm + 2 * SITE_MARGIN_MM) / (s * t)))
        for s, t in zip(spacing, step, strict=True)
    ]
    share = ndimage.uniform_filter(coarse.astype(np.float32), size=size, mode="constant")
    points = np.argwhere(share >= 0.97) * np.array(step)
    if len(points) > limit:
        points = points[rng.choice(len(points), limit, replace=False)]
    return points.astype(np.int64)


def insert(
    hu: npt.NDArray[np.generic],
    labels: npt.NDArray[np.generic] | None,
    nodule_hu: npt.NDArray[np.float32],
    nodule_mask: npt.NDArray[np.bool_],
    center: npt.NDArray[np.int64],
    label_value: int = 1,
    *,
    context: bool = False,
    pasted: list[tuple[tuple[slice, ...], npt.NDArray[np.bool_]]] | None = None,
    occupied: npt.NDArray[np.bool_] | None = None,
) -> tuple[float, float, float]:
    """Paste ``nodule_hu`` (already on the host's grid) into ``hu`` in place, centred on
    ``center`` (k, r, c); set ``labels`` to ``label_value`` under the mask. With ``context``
    the crop around the nodule is pasted too (module doc). ``occupied`` (default: the mask) is
    what is pasted whole: on slices thicker than the crop's, every voxel whose slab holds some
    of the nodule, so its partial-volume rim comes along. Returns the mask's centre of mass in
    host voxels; ``pasted`` (if given) gets the host box written and where the crop outweighs
    the host in it."""
    whole = nodule_mask if occupied is None else occupied | nodule_mask
    rim = ndimage.binary_dilation(whole, iterations=1)
    weight = np.clip(ndimage.gaussian_filter(rim.astype(np.float32), FEATHER_VOXELS), 0.0, 1.0)
    weight[whole] = 1.0
    box = np.argwhere(rim)
    lo, hi = box.min(axis=0), box.max(axis=0) + 1
    mid = (lo + hi) // 2
    if context:
        weight = np.maximum(weight, _context_weight(nodule_hu, rim))
        lo, hi = np.zeros(3, dtype=np.int64), np.asarray(nodule_mask.shape, dtype=np.int64)
    start = np.asarray(center) - (mid - lo)
    dst, src = [], []
    for axis in range(3):
        a = int(start[axis])
        b = a + int(hi[axis] - lo[axis])
        a0, b0 = max(a, 0), min(b, hu.shape[axis])
        dst.append(slice(a0, b0))
        src.append(slice(int(lo[axis]) + a0 - a, int(hi[axis]) - (b - b0)))
    host = np.asarray(hu)[tuple(dst)].astype(np.float32)
    w = weight[tuple(src)]
    if context:  # the host's own walls and vessels stay; only its aerated lung is replaced
        aerated = np.clip((HOST_DENSE_HU - host) / HOST_RAMP_HU, 0.0, 1.0)
        w = np.where(nodule_mask[tuple(src)], w, w * aerated)
    blended = host * (1.0 - w) + nodule_hu[tuple(src)] * w
    hu[tuple(dst)] = np.rint(blended).astype(hu.dtype)
    if pasted is not None:
        pasted.append((tuple(dst), np.asarray(w > 0.5)))
    mask = nodule_mask[tuple(src)]
    if labels is not None:
        view = labels[tuple(dst)]
        view[mask] = label_value
    com = np.argwhere(mask).mean(axis=0) + np.array([s.start for s in dst])
    return (float(com[0]), float(com[1]), float(com[2]))


def _context_weight(
    crop_hu: npt.NDArray[np.float32], rim: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float32]:
    """The crop's weight outside the nodule: 1 inside, ramping to 0 at its faces, 0 on its
    chest wall (thick dense tissue) and near it."""
    distance = np.ones(crop_hu.shape, dtype=np.float32)
    for axis, n in enumerate(crop_hu.shape):
        index = np.arange(n, dtype=np.float32)
        edge = np.minimum(index + 0.5, n - 0.5 - index) / CONTEXT_FEATHER_VOXELS
        shape = [1, 1, 1]
        shape[axis] = n
        distance = np.minimum(distance, np.clip(edge, 0.0, 1.0).reshape(shape))
    dense = (crop_hu > WALL_HU) & ~ndimage.binary_dilation(rim, iterations=2)
    wall = ndimage.binary_opening(dense, structure=ball(WALL_OPENING_VOXELS, (1.0, 1.0, 1.0)))
    wall = ndimage.binary_dilation(wall, iterations=2)
    return np.asarray(distance * ~wall, dtype=np.float32)


def lung_noise_hu(hu: npt.NDArray[np.generic]) -> float:
    """Image noise of aerated lung (-950..-700 HU): the robust spread (MAD x 1.4826) of the
    image minus its 1-voxel Gaussian smoothing, 0 with too few lung voxels."""
    image = np.asarray(hu, dtype=np.float32)
    residual = image - ndimage.gaussian_filter(image, 1.0)
    lung = (image > -950.0) & (image < -700.0)
    if lung.sum() < 100:
        return 0.0
    values = residual[lung]
    return float(1.4826 * np.median(np.abs(values - np.median(values))))


def _noise(
    shape: tuple[int, ...], sigma_hu: float, rng: np.random.Generator
) -> npt.NDArray[np.float32]:
    """Correlated Gaussian noise (white noise smoothed by ``NOISE_CORRELATION_VOXELS``) whose
    :func:`lung_noise_hu` reads about ``sigma_hu``."""
    if sigma_hu <= 0:
        return np.zeros(shape, dtype=np.float32)
    white = rng.standard_normal(shape, dtype=np.float32)
    smooth = ndimage.gaussian_filter(white, NOISE_CORRELATION_VOXELS)
    residual = smooth - ndimage.gaussian_filter(smooth, 1.0)
    return np.asarray(smooth * (sigma_hu / float(residual.std())), dtype=np.float32)


def _matched_noise(
    case: Case,
    crops: list[tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]],
    rng: np.random.Generator,
) -> list[npt.NDArray[np.float32]]:
    """Bring the host and the crops to one lung noise (the host's or the crops' median,
    whichever is larger), so that a pasted crop's real surroundings are not a square of other
    texture around the nodule: the host's noise is raised in place; the quieter crops' HU come
    back raised (a noisier crop keeps its own)."""
    host = lung_noise_hu(case.hu)
    levels = [lung_noise_hu(np.where(mask, -850.0, hu)) for hu, mask in crops]
    target = max([host, float(np.median(levels))]) if levels else host
    if target > host:
        raised = case.hu + _noise(case.hu.shape, float(np.sqrt(target**2 - host**2)), rng)
        case.hu[...] = np.clip(np.rint(raised), -1024, 3071).astype(case.hu.dtype)
    return [
        hu + _noise(hu.shape, float(np.sqrt(max(target**2 - level**2, 0.0))), rng)
        for (hu, _), level in zip(crops, levels, strict=True)
    ]


def add_to_case(
    case: Case, crops: list[LidcCrop], rng: np.random.Generator, *, context: bool = False
) -> int:
    """Insert ``crops`` into a training case at model spacing (its HU, labels, centres and
    truth), each at its own aerated-lung site, with its surroundings and with the host's and
    the crops' noise matched when ``context``; returns how many found a site."""
    placed = 0
    grids = [resampled(crop, MODEL_SPACING_MM) for crop in crops]
    if context:
        grids = list(zip(_matched_noise(case, grids, rng), [m for _, m in grids], strict=True))
    for crop, (nodule_hu, mask) in zip(crops, grids, strict=True):
        if not mask.any():
            continue
        extent = float(max(mask.shape) * MODEL_SPACING_MM[0])
        sites = lung_sites(case.hu, MODEL_SPACING_MM, extent, 64, rng)
        taken = np.argwhere(case.labels > 0) * MODEL_SPACING_MM[0]
        for site in sites:
            if len(taken) and np.abs(taken - site * MODEL_SPACING_MM[0]).max(axis=1).min() < extent:
                continue
            boxes: list[tuple[tuple[slice, ...], npt.NDArray[np.bool_]]] = []
            center = insert(
                case.hu, case.labels, nodule_hu, mask, site, context=context, pasted=boxes
            )
            if context:
                case.real_context_vox.extend(_real_dense_voxels(case, *boxes[0]))
            case.centers_vox.append(center)
            case.diameters_mm.append(crop.nodule.equivalent_diameter_mm)
            case.truth.append(
                {"attenuation": crop.nodule.attenuation, "source": "lidc", "key": crop.nodule.key}
            )
            placed += 1
            break
    return placed


def _real_dense_voxels(
    case: Case, box: tuple[slice, ...], crop_share: npt.NDArray[np.bool_]
) -> list[npt.NDArray[np.int64]]:
    """The pasted crop's own vessels and airway walls in ``box``: in ``IN_LUNG_DENSE_HU``,
    mostly the crop's value, lung around them, and no nodule label within
    ``REAL_NEGATIVE_CLEARANCE`` voxels (so a hard-negative patch centred there is not a nodule
    patch in disguise)."""
    hu = case.hu[box].astype(np.float32)
    near_label = ndimage.binary_dilation(case.labels[box] > 0, iterations=REAL_NEGATIVE_CLEARANCE)
    low, high = IN_LUNG_DENSE_HU
    keep = (hu > low) & (hu < high) & crop_share & lung_around(hu) & ~near_label
    offset = np.array([s.start for s in box], dtype=np.int64)
    return [np.argwhere(keep).astype(np.int64) + offset] if keep.any() else []
