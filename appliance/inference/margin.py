"""The margin of a finding (smooth, lobulated, spiculated) from two documented shape measures.

:mod:`appliance.inference.measure` calls :func:`margin_scores` with the finding's mask and the
HU image around it. Both scores come from rays cast from the mask's centroid on each axial slice
(of at least ``MIN_PIXELS`` pixels), and are averaged over slices weighted by the mask's area:

- **spiculation** (a count): how many narrow tissue strands leave the boundary. Past the
  boundary, the mean HU along the next ``SHELL_MM`` of each ray is compared with the lung around
  the finding (the median over the rays, at most ``STRAND_HU``): a ray ``STRAND_CONTRAST_HU``
  above it follows a strand. Spicules are radial, so a ray along one stays in tissue. Runs of
  consecutive strand rays wider than ``MAX_STRAND_MM`` (measured 2 mm outside the boundary:
  chest wall, a large vessel lying against the finding) are not spicules and do not count.
  Smooth nodules in aerated lung score about 0.
- **lobulation** (a fraction): undulation of the boundary radius r(theta). The radius profile's
  Fourier harmonics 3 to 6, relative to the mean radius: an ellipse lives in harmonics 0 and 2
  (and a little 4), pixel steps in higher ones, lobes in between.

These are continuous scores (the spiculation score is what an ROC curve is drawn from); the
thresholds ``SPICULATED_SCORE`` and ``LOBULATED_SCORE`` turn them into the margin class.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import ndimage

__all__ = ["LOBULATED_SCORE", "SPICULATED_SCORE", "margin_class", "margin_scores"]

STRAND_HU = -650.0
"""Highest value taken for the surrounding lung (aerated lung is about -850 HU)."""
SHELL_MM = 5.0
"""How far past the boundary strands are followed; the HU image must extend this far."""
STRAND_CONTRAST_HU = 75.0
"""A ray follows a strand when its mean HU is this much above the lung around the finding."""
RAYS = 120
MAX_STRAND_MM = 3.0
"""Wider runs of strand rays (arc length 2 mm out) are the wall or a vessel, not spicules."""
MIN_PIXELS = 12
SPICULATED_SCORE = 1.8
"""Strands per axial slice from which the margin is spiculated."""
LOBULATED_SCORE = 0.09
"""Relative boundary undulation from which a non-spiculated margin is lobulated."""

BoolArray = npt.NDArray[np.bool_]
_STEP_MM = 0.25


def _boundary_radii(
    mask2d: BoolArray, centre: npt.NDArray[np.float64], direction: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Distance (mm) from the centre to the last mask pixel along each ray."""
    steps = np.arange(0.0, 60.0, _STEP_MM)
    points = centre[None, None, :] + steps[None, :, None] * direction[:, None, :]
    inside = ndimage.map_coordinates(
        mask2d.astype(np.float32), points.transpose(2, 0, 1), order=1, cval=0.0
    )
    last = np.array([np.flatnonzero(row > 0.5).max(initial=0) for row in inside])
    return np.asarray(steps[last] + _STEP_MM / 2, dtype=np.float64)


def _narrow_runs(flags: npt.NDArray[np.bool_], ray_gap_mm: float) -> int:
    """How many runs of consecutive True (cyclic) are no wider than ``MAX_STRAND_MM``."""
    if flags.all() or not flags.any():
        return 0
    rolled = np.roll(flags, -int(np.argmin(flags)))  # start the cycle at a False
    labels, _ = ndimage.label(rolled)
    widths = np.bincount(labels.ravel())[1:] * ray_gap_mm
    return int((widths <= MAX_STRAND_MM).sum())


def _slice_scores(
    mask2d: BoolArray, hu2d: npt.NDArray[np.float32], spacing: tuple[float, float]
) -> tuple[float, float]:
    centre = np.argwhere(mask2d).mean(axis=0)
    angles = np.linspace(0.0, 2 * np.pi, RAYS, endpoint=False)
    direction = np.stack([np.sin(angles) / spacing[0], np.cos(angles) / spacing[1]], axis=1)
    radii = _boundary_radii(mask2d, centre, direction)
    shell = radii[:, None] + np.arange(0.5, SHELL_MM + 0.01, 0.5)[None, :]
    outer = centre[None, None, :] + shell[:, :, None] * direction[:, None, :]
    values = ndimage.map_coordinates(hu2d, outer.transpose(2, 0, 1), order=1, mode="nearest")
    means = values.mean(axis=1)
    background = min(float(np.median(means)), STRAND_HU)
    strands = _narrow_runs(
        means >= background + STRAND_CONTRAST_HU, (radii.mean() + 2.0) * 2 * np.pi / RAYS
    )
    harmonics = np.abs(np.fft.rfft(radii)) / len(radii)
    lobulation = 2.0 * float(np.sqrt((harmonics[3:7] ** 2).sum())) / max(float(radii.mean()), 1e-6)
    return float(strands), lobulation


def margin_scores(
    mask: BoolArray, hu: npt.NDArray[np.float32], spacing: Sequence[float]
) -> tuple[float, float]:
    """``(spiculation, lobulation)`` of a mask indexed [slice, row, column] (see the module doc)."""
    in_plane = (float(spacing[1]), float(spacing[2]))
    scores, weights = [], []
    for k in range(mask.shape[0]):
        area = int(mask[k].sum())
        if area >= MIN_PIXELS:
            scores.append(_slice_scores(mask[k], hu[k], in_plane))
            weights.append(float(area))
    if not scores:
        return 0.0, 0.0
    averaged = np.average(np.asarray(scores), axis=0, weights=weights)
    return float(averaged[0]), float(averaged[1])


def margin_class(spiculation: float, lobulation: float) -> str:
    """spiculated, lobulated or smooth, from the two scores and the documented thresholds."""
    if spiculation >= SPICULATED_SCORE:
        return "spiculated"
    return "lobulated" if lobulation >= LOBULATED_SCORE else "smooth"
