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

Everything works on (slice, row, column) arrays in HU with the spacing given, so the same code
inserts into the model's 1.25 mm grid (training) and into a scanner's own grid (evaluation).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from appliance.inference.lungs import outside_air
from models.lung_nodule.data import MODEL_SPACING_MM, Case
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
) -> tuple[float, float, float]:
    """Paste ``nodule_hu`` (already on the host's grid) into ``hu`` in place, centred on
    ``center`` (k, r, c); set ``labels`` to ``label_value`` under the mask. Returns the mask's
    centre of mass in host voxels."""
    rim = ndimage.binary_dilation(nodule_mask, iterations=1)
    weight = np.clip(ndimage.gaussian_filter(rim.astype(np.float32), FEATHER_VOXELS), 0.0, 1.0)
    weight[nodule_mask] = 1.0
    box = np.argwhere(rim)
    lo, hi = box.min(axis=0), box.max(axis=0) + 1
    mid = (lo + hi) // 2
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
    blended = host * (1.0 - w) + nodule_hu[tuple(src)] * w
    hu[tuple(dst)] = np.rint(blended).astype(hu.dtype)
    mask = nodule_mask[tuple(src)]
    if labels is not None:
        view = labels[tuple(dst)]
        view[mask] = label_value
    com = np.argwhere(mask).mean(axis=0) + np.array([s.start for s in dst])
    return (float(com[0]), float(com[1]), float(com[2]))


def add_to_case(case: Case, crops: list[LidcCrop], rng: np.random.Generator) -> int:
    """Insert ``crops`` into a training case at model spacing (its HU, labels, centres and
    truth), each at its own aerated-lung site; returns how many found a site."""
    placed = 0
    for crop in crops:
        nodule_hu, mask = resampled(crop, MODEL_SPACING_MM)
        if not mask.any():
            continue
        extent = float(max(mask.shape) * MODEL_SPACING_MM[0])
        sites = lung_sites(case.hu, MODEL_SPACING_MM, extent, 64, rng)
        taken = np.argwhere(case.labels > 0) * MODEL_SPACING_MM[0]
        for site in sites:
            if len(taken) and np.abs(taken - site * MODEL_SPACING_MM[0]).max(axis=1).min() < extent:
                continue
            center = insert(case.hu, case.labels, nodule_hu, mask, site)
            case.centers_vox.append(center)
            case.diameters_mm.append(crop.nodule.equivalent_diameter_mm)
            case.truth.append(
                {"attenuation": crop.nodule.attenuation, "source": "lidc", "key": crop.nodule.key}
            )
            placed += 1
            break
    return placed
