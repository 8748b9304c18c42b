"""Synthetic nodules of known geometry in a lung-like background, for the measurement tests.

Each phantom is drawn analytically on a fine grid and averaged down to the scanner's voxels
(partial volume), then gets Gaussian noise, so measurements see what a CT shows at a boundary.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

LUNG_HU = -850.0
SOLID_NODULE_HU = 30.0
GROUND_GLASS_HU = -600.0
SUPERSAMPLE = 3


@dataclasses.dataclass(frozen=True)
class Phantom:
    hu: npt.NDArray[np.float32]
    truth: npt.NDArray[np.bool_]  # the nodule body, voxel centres inside
    spacing: tuple[float, float, float]
    centre_index: tuple[float, float, float]
    affine: npt.NDArray[np.float64]


def _grid(shape: tuple[int, int, int], spacing: tuple[float, float, float], fine: int) -> list:
    axes = [
        (np.arange(n * fine) + 0.5) / fine * s - s / 2 for n, s in zip(shape, spacing, strict=True)
    ]
    return np.meshgrid(*axes, indexing="ij", sparse=True)


def _downsample(fine: npt.NDArray[np.float64], factor: int) -> npt.NDArray[np.float64]:
    k, j, i = (n // factor for n in fine.shape)
    return fine.reshape(k, factor, j, factor, i, factor).mean(axis=(1, 3, 5))


def ellipsoid(z, y, x, centre, axes_mm, angle_deg=0.0):  # type: ignore[no-untyped-def]
    """Indicator of an ellipsoid with semi-axes (a along the rotated x, b along rotated y, c z)."""
    th = np.radians(angle_deg)
    dx, dy, dz = x - centre[2], y - centre[1], z - centre[0]
    u = dx * np.cos(th) + dy * np.sin(th)
    v = -dx * np.sin(th) + dy * np.cos(th)
    a, b, c = axes_mm
    return (u / a) ** 2 + (v / b) ** 2 + (dz / c) ** 2 <= 1.0


def spicules(z, y, x, centre, radius_mm, count, length_mm, width_mm, seed):  # type: ignore[no-untyped-def]
    """Thin cylinders radiating from the surface, mostly in the axial plane."""
    rng = np.random.default_rng(seed)
    out = np.zeros(np.broadcast_shapes(z.shape, y.shape, x.shape), dtype=bool)
    for n in range(count):
        phi = 2 * np.pi * (n + rng.uniform(-0.3, 0.3)) / count
        tilt = rng.uniform(-0.3, 0.3)
        d = np.array([np.sin(tilt), np.cos(tilt) * np.sin(phi), np.cos(tilt) * np.cos(phi)])
        rel = [z - centre[0], y - centre[1], x - centre[2]]
        t = rel[0] * d[0] + rel[1] * d[1] + rel[2] * d[2]
        dist2 = (rel[0] - t * d[0]) ** 2 + (rel[1] - t * d[1]) ** 2 + (rel[2] - t * d[2]) ** 2
        out |= (t > 0) & (t < radius_mm + length_mm) & (dist2 <= (width_mm / 2) ** 2)
    return out


def make(
    shape: tuple[int, int, int],
    spacing: tuple[float, float, float],
    field,  # type: ignore[no-untyped-def]  # (z, y, x, centre) -> HU at those points (mm)
    body,  # type: ignore[no-untyped-def]  # (z, y, x, centre) -> True inside the nodule
    *,
    centre_index: tuple[float, float, float] | None = None,
    noise_hu: float = 15.0,
    seed: int = 0,
) -> Phantom:
    """A phantom whose HU is ``field`` averaged over each voxel, plus noise."""
    centre_index = centre_index or tuple(float(n // 2) for n in shape)  # type: ignore[assignment]
    centre = [c * s for c, s in zip(centre_index, spacing, strict=True)]
    hu = _downsample(np.asarray(field(*_grid(shape, spacing, SUPERSAMPLE), centre)), SUPERSAMPLE)
    truth = np.asarray(body(*_grid(shape, spacing, 1), centre), dtype=bool)
    hu = hu + np.random.default_rng(seed).normal(0, noise_hu, hu.shape)
    affine = np.diag([*spacing, 1.0])
    return Phantom(hu.astype(np.float32), truth, spacing, centre_index, affine)  # type: ignore[arg-type]


def layered(*layers):  # type: ignore[no-untyped-def]
    """A HU field: lung background, then each (indicator, HU) painted over it in order."""

    def field(z, y, x, centre):  # type: ignore[no-untyped-def]
        hu = np.full(np.broadcast_shapes(z.shape, y.shape, x.shape), LUNG_HU)
        for indicator, value in layers:
            hu = np.where(indicator(z, y, x, centre), value, hu)
        return hu

    return field
