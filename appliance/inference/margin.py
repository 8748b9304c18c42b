"""The margin of a finding (smooth, lobulated, spiculated) from two documented shape measures.

:mod:`appliance.inference.measure` calls :func:`margin_scores` with the finding's mask and the
HU image around it. Both scores come from rays cast from the mask's centroid:

- **spiculation** (a count): how many separate narrow tissue strands leave the surface, counted
  in 3D. ``RAYS_3D`` directions spread evenly over the sphere (a Fibonacci lattice, in mm, so
  anisotropic voxels are handled); along each, the boundary is where the (linearly interpolated)
  mask drops below one half, and the mean HU over the next ``SHELL_MM`` is compared with the lung
  around the finding (the median over all rays, at most ``STRAND_HU``): ``STRAND_CONTRAST_HU``
  above it, the ray follows a strand. Neighbouring strand directions are grouped; a group covering
  more than ``MAX_STRAND_AREA_MM2`` 2 mm outside the surface is the chest wall or a vessel lying
  against the finding and does not count. The score is the number of remaining groups: spicules
  radiate in many directions, a touching vessel adds one or two.
- **lobulation** (a fraction): undulation of the boundary radius r(theta) on each axial slice
  (of at least ``MIN_PIXELS`` pixels, 120 in-plane rays): the radius profile's Fourier harmonics
  3 to 6, relative to the mean radius (an ellipse lives in harmonics 0 and 2), averaged over the
  slices weighted by area.

These are continuous scores (the spiculation score is what an ROC curve is drawn from); the
thresholds ``SPICULATED_SCORE`` and ``LOBULATED_SCORE`` turn them into the margin class.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import ndimage
from scipy.sparse.csgraph import connected_components

__all__ = ["LOBULATED_SCORE", "SPICULATED_SCORE", "margin_class", "margin_scores"]

STRAND_HU = -650.0
"""Highest value taken for the surrounding lung (aerated lung is about -850 HU)."""
SHELL_MM = 5.0
"""How far past the boundary strands are followed; the HU image must extend this far."""
STRAND_CONTRAST_HU = 75.0
"""A ray follows a strand when its mean HU is this much above the lung around the finding."""
RAYS_3D = 600
MAX_STRAND_AREA_MM2 = 10.0
"""Larger groups of strand directions (area 2 mm outside the surface) are not spicules."""
RAYS = 120
MIN_PIXELS = 12
SPICULATED_SCORE = 4.0
"""Strands from which the margin is spiculated."""
LOBULATED_SCORE = 0.09
"""Relative boundary undulation from which a non-spiculated margin is lobulated."""

BoolArray = npt.NDArray[np.bool_]
_STEP_MM = 0.25


def _boundary_radii(
    mask: BoolArray, centre: npt.NDArray[np.float64], direction: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Distance (mm) from the centre to where the interpolated mask drops below one half, per
    ray (``direction``: voxels per mm along each ray, one row per ray; 2D or 3D)."""
    steps = np.arange(0.0, 60.0, _STEP_MM)
    points = centre[None, None, :] + steps[None, :, None] * direction[:, None, :]
    inside = ndimage.map_coordinates(
        mask.astype(np.float32), np.moveaxis(points, -1, 0), order=1, cval=0.0
    )
    last = np.array([np.flatnonzero(row > 0.5).max(initial=0) for row in inside])
    return np.asarray(steps[last] + _STEP_MM / 2, dtype=np.float64)


def _slice_lobulation(mask2d: BoolArray, spacing: tuple[float, float]) -> float:
    centre = np.argwhere(mask2d).mean(axis=0)
    angles = np.linspace(0.0, 2 * np.pi, RAYS, endpoint=False)
    direction = np.stack([np.sin(angles) / spacing[0], np.cos(angles) / spacing[1]], axis=1)
    radii = _boundary_radii(mask2d, centre, direction)
    harmonics = np.abs(np.fft.rfft(radii)) / len(radii)
    return 2.0 * float(np.sqrt((harmonics[3:7] ** 2).sum())) / max(float(radii.mean()), 1e-6)


@functools.cache
def _sphere_directions(count: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """``count`` unit vectors (z, y, x) evenly over the sphere and which pairs are neighbours."""
    i = np.arange(count) + 0.5
    polar = np.arccos(1.0 - 2.0 * i / count)
    azimuth = np.pi * (1.0 + 5.0**0.5) * i
    directions = np.column_stack(
        [np.cos(polar), np.sin(polar) * np.sin(azimuth), np.sin(polar) * np.cos(azimuth)]
    )
    spacing = np.sqrt(4.0 * np.pi / count)
    return directions, (directions @ directions.T) >= np.cos(1.6 * spacing)


def _strand_count(mask: BoolArray, hu: npt.NDArray[np.float32], spacing: Sequence[float]) -> float:
    """The 3D spiculation score (see the module doc)."""
    directions, neighbours = _sphere_directions(RAYS_3D)
    steps = directions / np.asarray(spacing, dtype=np.float64)  # voxels per mm along each ray
    centre = np.argwhere(mask).mean(axis=0)
    radii = _boundary_radii(mask, centre, steps)
    shell = radii[:, None] + np.arange(0.5, SHELL_MM + 0.01, 0.5)[None, :]
    outer = centre[None, None, :] + shell[:, :, None] * steps[:, None, :]
    values = ndimage.map_coordinates(hu, outer.transpose(2, 0, 1), order=1, mode="nearest")
    means = values.mean(axis=1)
    background = min(float(np.median(means)), STRAND_HU)
    strand = np.flatnonzero(means >= background + STRAND_CONTRAST_HU)
    if strand.size == 0:
        return 0.0
    _, groups = connected_components(neighbours[np.ix_(strand, strand)], directed=False)
    cell_mm2 = 4.0 * np.pi / RAYS_3D * (float(radii.mean()) + 2.0) ** 2
    return float((np.bincount(groups) * cell_mm2 <= MAX_STRAND_AREA_MM2).sum())


def margin_scores(
    mask: BoolArray, hu: npt.NDArray[np.float32], spacing: Sequence[float]
) -> tuple[float, float]:
    """``(spiculation, lobulation)`` of a mask indexed [slice, row, column] (see the module doc).

    ``hu`` covers the same voxels as ``mask`` and should reach ``SHELL_MM`` beyond it."""
    in_plane = (float(spacing[1]), float(spacing[2]))
    lobulation, weights = [], []
    for k in range(mask.shape[0]):
        area = int(mask[k].sum())
        if area >= MIN_PIXELS:
            lobulation.append(_slice_lobulation(mask[k], in_plane))
            weights.append(float(area))
    lobulated = float(np.average(lobulation, weights=weights)) if lobulation else 0.0
    return _strand_count(mask, hu, spacing), lobulated


def margin_class(spiculation: float, lobulation: float) -> str:
    """spiculated, lobulated or smooth, from the two scores and the documented thresholds."""
    if spiculation >= SPICULATED_SCORE:
        return "spiculated"
    return "lobulated" if lobulation >= LOBULATED_SCORE else "smooth"
