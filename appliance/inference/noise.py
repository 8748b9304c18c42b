"""Bring a series' image noise within what the model was trained on, before inference.

The reference model learnt from simulator renders whose noise on its 1.25 mm grid is at most
24 HU (0.625 mm slices; thicker slices are quieter). A low-dose scan reconstructed with a sharp
lung kernel is far noisier: the real TCIA series in ``../shared/realdata`` measures 47 HU on the
same grid, and the U-Net answers that texture on small vessels with confident false positives.
Like a kernel conversion, :func:`harmonise` smooths such a series in-plane with the smallest
Gaussian that brings its noise within the manifest's ``thresholds.max_input_noise_hu``; a
series already within it is passed through untouched, so simulated studies are unaffected.

Only the model's input (and the candidate features computed from it) are smoothed;
measurements are made on the scanner's own voxels.

Noise is measured the same way on every series: the robust standard deviation (1.4826 x MAD)
of each pixel minus the mean of its four in-plane neighbours, over lung parenchyma (a local
mean of -950 to -700 HU, eroded so that vessel edges do not count), on five axial planes spread
along the series. It measures fine, pixel-to-pixel noise (the texture a sharp kernel adds);
smoothing removes that first, so after smoothing it says little about coarser noise.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
from scipy import ndimage

__all__ = ["Harmonisation", "harmonise", "noise_hu"]

PARENCHYMA_HU = (-950.0, -700.0)
LEVEL_PIXELS = 5
"""Width of the local mean that decides which pixels are parenchyma."""
SLAB_POSITIONS = (0.2, 0.35, 0.5, 0.65, 0.8)
"""Where along the series the noise is sampled (fractions of its length)."""
MIN_VOXELS = 2000
"""Fewer parenchyma voxels than this: no lungs to measure, the series is left as it is."""
SIGMA_STEP = 0.1
MAX_SIGMA = 2.0
"""Largest smoothing, in voxels of the model grid (2.5 mm at 1.25 mm)."""


@dataclasses.dataclass(frozen=True)
class Harmonisation:
    """What :func:`harmonise` measured and did (kept with the analysis)."""

    noise_hu: float
    """The input's noise (0.0 when it has too little lung to measure)."""
    sigma_voxels: float
    """The Gaussian applied (0.0: untouched)."""
    noise_after_hu: float

    def to_json(self) -> dict[str, float]:
        return {
            "input_noise_hu": round(self.noise_hu, 1),
            "smoothing_sigma_voxels": self.sigma_voxels,
            "noise_after_hu": round(self.noise_after_hu, 1),
        }


def _residual(plane: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Inner pixels of an axial plane minus the mean of their four in-plane neighbours (white
    noise of sigma s gives a residual of sigma 1.12 s)."""
    neighbours = plane[:-2, 1:-1] + plane[2:, 1:-1] + plane[1:-1, :-2] + plane[1:-1, 2:]
    return np.asarray(plane[1:-1, 1:-1] - neighbours / 4.0, dtype=np.float32)


def _sampled_planes(hu: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The axial planes at :data:`SLAB_POSITIONS` along the series."""
    depth = hu.shape[0]
    return hu[[min(int(position * depth), depth - 1) for position in SLAB_POSITIONS]]


def _noise_of_planes(planes: npt.NDArray[np.float32]) -> float:
    residuals: list[npt.NDArray[np.float32]] = []
    for plane in planes:
        # parenchyma by its local mean, so that the noise being measured does not decide it
        inner = ndimage.uniform_filter(plane, size=LEVEL_PIXELS)[1:-1, 1:-1]
        lung = (inner > PARENCHYMA_HU[0]) & (inner < PARENCHYMA_HU[1])
        lung = ndimage.binary_erosion(lung, iterations=2)
        if lung.any():
            residuals.append(_residual(plane)[lung])
    if sum(len(r) for r in residuals) < MIN_VOXELS:
        return 0.0
    r = np.concatenate(residuals).astype(np.float64)
    return float(1.4826 * np.median(np.abs(r - np.median(r))))


def noise_hu(hu: npt.NDArray[np.float32]) -> float:
    """The noise of a volume (see the module doc); 0.0 when it shows too little lung."""
    return _noise_of_planes(_sampled_planes(hu)) if _measurable(hu) else 0.0


def _measurable(hu: npt.NDArray[np.float32]) -> bool:
    return hu.ndim == 3 and min(hu.shape) >= 3


def harmonise(
    hu: npt.NDArray[np.float32], max_noise_hu: float | None
) -> tuple[npt.NDArray[np.float32], Harmonisation]:
    """``hu`` smoothed just enough that its noise is at most ``max_noise_hu`` (None: untouched).

    Sigma grows in steps of :data:`SIGMA_STEP` voxels up to :data:`MAX_SIGMA`; a series still
    noisier at that point gets the largest smoothing and its figures say so. The smoothing is
    in-plane, so each step is tried on the sampled planes alone and the volume is smoothed once.
    """
    planes = _sampled_planes(hu) if _measurable(hu) else None
    before = _noise_of_planes(planes) if planes is not None else 0.0
    if planes is None or max_noise_hu is None or before <= max_noise_hu:
        return hu, Harmonisation(before, 0.0, before)
    steps, sigma, after = 0, 0.0, before
    while after > max_noise_hu and sigma < MAX_SIGMA:
        steps += 1
        sigma = round(steps * SIGMA_STEP, 3)
        after = _noise_of_planes(_in_plane_gaussian(planes, sigma))
    return _in_plane_gaussian(hu, sigma), Harmonisation(before, sigma, after)


def _in_plane_gaussian(hu: npt.NDArray[np.float32], sigma: float) -> npt.NDArray[np.float32]:
    return np.asarray(ndimage.gaussian_filter(hu, (0.0, sigma, sigma), mode="nearest"), np.float32)
