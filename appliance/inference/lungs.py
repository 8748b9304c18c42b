"""A simple lung mask, and which lobe a point in it belongs to.

The detection step (:mod:`appliance.inference.detect`) drops candidates outside the lungs, and
:mod:`appliance.inference.measure` names a finding's lobe from its position within the lung mask.
No model is needed: lung parenchyma is air-filled tissue (about -850 HU) enclosed by the body.

Lung mask, on a (usually coarse) HU volume indexed ``[slice, row, column]``:

1. air-like voxels: HU < ``AIR_HU`` (-400);
2. air connected to the edge of any axial slice is outside the body and is removed
   (slice by slice, so the table and air around the patient never count);
3. the remaining 3D components larger than ``MIN_LUNG_FRACTION`` of the largest are kept
   (the two lungs, often joined through the trachea; not bowel gas);
4. holes (vessels, nodules) are filled slice by slice and the mask is closed with a small ball
   so that nodules touching the pleura fall inside it.

The midline between the right and the left lung is the x (patient mm) with the fewest lung
voxels between the 20th and 80th percentile of their x (the mediastinum).

Lobes: a geometric rule, documented in ``docs/analysis.md``; see :func:`lobe_of`.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import ndimage

__all__ = ["LungMask", "ball", "lobe_of", "lung_mask"]

Extent = tuple[float, float, float, float]
"""(lowest z, highest z, most anterior y, most posterior y) of one lung, patient mm."""

AIR_HU = -400.0
MIN_LUNG_FRACTION = 0.25
"""Air components smaller than this part of the largest are bowel or stomach gas, not lung."""
MIN_SECTION_MM2 = 500.0
"""An axial section of one lung smaller than this (5 cm2) is the trachea or a bronchus."""
GRID_MM = (4.0, 4.0, 4.0)
"""The pipeline computes the mask on this coarse grid: enough for lobes and for filtering."""
CLOSING_MM = 6.0

BoolArray = npt.NDArray[np.bool_]


@dataclasses.dataclass(frozen=True)
class LungMask:
    """The lung mask on some grid, with the lungs' extent in voxel indices."""

    mask: BoolArray
    spacing_mm: tuple[float, float, float]
    affine: npt.NDArray[np.float64]
    """Voxel index (k, j, i) -> patient LPS mm, as :attr:`Volume.affine`."""
    midline_x: float
    """Patient x (mm) separating the right lung (smaller x in LPS) from the left."""
    extents: dict[str, Extent]
    """Per side (``right``, ``left``) the lung's extent; absent when that lung was not found."""

    def side_of(self, point_mm: Sequence[float]) -> str:
        """``right`` or ``left`` for a point in patient mm (LPS: +x is the patient's left)."""
        return "left" if point_mm[0] > self.midline_x else "right"

    def lobe_at(self, point_mm: Sequence[float]) -> str | None:
        """The lobe at a point (patient mm) by :func:`lobe_of`, or None when its lung is unknown.

        Height is measured from the diaphragm under the point (the lowest lung voxel in the
        point's axial column, within 3 voxels around it) to the lung's apex; depth across the
        lung's front-to-back extent.
        """
        side = self.side_of(point_mm)
        extent = self.extents.get(side)
        if extent is None:
            return None
        _, z_high, y_front, y_back = extent
        z_base = self._base_under(point_mm, extent[0])
        height = (point_mm[2] - z_base) / max(z_high - z_base, 1e-6)
        depth = (point_mm[1] - y_front) / max(y_back - y_front, 1e-6)
        return lobe_of(float(np.clip(height, 0, 1)), float(np.clip(depth, 0, 1)), side)

    def _base_under(self, point_mm: Sequence[float], fallback: float) -> float:
        """Patient z of the lowest lung voxel in the axial column through the point."""
        j, i = (round(float(v)) for v in self.index_of(point_mm)[1:])
        column = self.mask[:, max(j - 3, 0) : j + 4, max(i - 3, 0) : i + 4].any(axis=(1, 2))
        slices = np.flatnonzero(column)
        if slices.size == 0:
            return fallback
        z = [float((self.affine[:3, :3] @ [k, j, i] + self.affine[:3, 3])[2]) for k in slices]
        return min(z)

    def box_mm(self) -> tuple[tuple[float, float, float], tuple[float, float, float]] | None:
        """The lungs' bounding box in patient mm (min xyz, max xyz); None without lungs. The
        follow-up comparison aligns a prior to the current scan with it
        (:mod:`appliance.inference.tracking`)."""
        index = np.argwhere(self.mask)
        if index.size == 0:
            return None
        low_index, high_index = index.min(axis=0), index.max(axis=0)
        corners = np.array(
            list(itertools.product(*zip(low_index, high_index, strict=True))), dtype=np.float64
        )
        points = corners @ self.affine[:3, :3].T + self.affine[:3, 3]
        low, high = points.min(axis=0), points.max(axis=0)
        return (
            (float(low[0]), float(low[1]), float(low[2])),
            (float(high[0]), float(high[1]), float(high[2])),
        )

    def index_of(self, point_mm: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Fractional voxel index (k, j, i) of a point in patient mm."""
        offset = np.asarray(point_mm, dtype=np.float64) - self.affine[:3, 3]
        return np.asarray(np.linalg.solve(self.affine[:3, :3], offset), dtype=np.float64)

    def contains(self, point_mm: npt.ArrayLike, margin_mm: float = 0.0) -> bool:
        """True when the point (patient mm) is within about ``margin_mm`` of the mask."""
        k, j, i = (round(float(v)) for v in self.index_of(point_mm))
        if not all(0 <= v < n for v, n in zip((k, j, i), self.mask.shape, strict=True)):
            return False
        rk, rj, ri = (int(np.ceil(margin_mm / s)) for s in self.spacing_mm)
        window = self.mask[
            max(k - rk, 0) : k + rk + 1, max(j - rj, 0) : j + rj + 1, max(i - ri, 0) : i + ri + 1
        ]
        return bool(window.any())


def outside_air(air: BoolArray) -> BoolArray:
    """Air connected to the border of its axial slice."""
    outside = np.zeros_like(air)
    for k in range(air.shape[0]):
        labels, _ = ndimage.label(air[k])
        border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
        outside[k] = np.isin(labels, border[border > 0])
    return outside


def ball(radius_mm: float, spacing: Sequence[float]) -> BoolArray:
    """A ball of ``radius_mm`` as a structuring element on a grid of ``spacing``."""
    radii = [max(round(radius_mm / s), 0) for s in spacing]
    grids = np.ogrid[tuple(slice(-r, r + 1) for r in radii)]
    dist = sum((g * s / radius_mm) ** 2 for g, s in zip(grids, spacing, strict=True))
    return np.asarray(dist <= 1.0)


def _extents(
    points: npt.NDArray[np.float64], midline_x: float, voxel_area_mm2: float
) -> dict[str, Extent]:
    """Per lung: lowest and highest z (slices with at least ``MIN_SECTION_MM2`` of that lung,
    so the trachea above the apices does not count) and front and back y."""
    extents: dict[str, Extent] = {}
    for side, chosen in (("right", points[:, 0] <= midline_x), ("left", points[:, 0] > midline_x)):
        if chosen.sum() < 10:
            continue
        z, y = points[chosen, 2], points[chosen, 1]
        levels, counts = np.unique(np.round(z, 1), return_counts=True)
        sections = levels[counts * voxel_area_mm2 >= MIN_SECTION_MM2]
        if sections.size == 0:
            continue
        extents[side] = (
            float(sections.min()),
            float(sections.max()),
            float(y.min()),
            float(y.max()),
        )
    return extents


def lung_mask(
    hu: npt.NDArray[np.float32], spacing_mm: Sequence[float], affine: npt.NDArray[np.float64]
) -> LungMask:
    """The lung mask of a HU volume (see the module doc for the steps)."""
    spacing = (float(spacing_mm[0]), float(spacing_mm[1]), float(spacing_mm[2]))
    air = hu < AIR_HU
    inside = air & ~outside_air(air)
    labels, count = ndimage.label(inside)
    if count == 0:
        return LungMask(np.zeros_like(air), spacing, affine, 0.0, {})
    sizes = np.bincount(labels.ravel())[1:]
    keep = np.flatnonzero(sizes >= MIN_LUNG_FRACTION * sizes.max()) + 1
    mask = np.isin(labels, keep)
    mask = ndimage.binary_closing(mask, structure=ball(CLOSING_MM, spacing))
    for k in range(mask.shape[0]):
        mask[k] = ndimage.binary_fill_holes(mask[k])
    points = np.argwhere(mask).astype(np.float64) @ affine[:3, :3].T + affine[:3, 3]
    midline_x = _midline(points[:, 0])
    area = float(spacing[1] * spacing[2])
    return LungMask(mask, spacing, affine, midline_x, _extents(points, midline_x, area))


def _midline(x: npt.NDArray[np.float64]) -> float:
    """The x of fewest lung voxels between the two lungs (the mediastinum), in patient mm."""
    if x.size == 0:
        return 0.0
    low, high = np.percentile(x, [20, 80])
    counts, edges = np.histogram(x, bins=np.arange(low, high + 4.0, 4.0))
    if counts.size == 0:
        return float(np.median(x))
    smooth = np.convolve(counts, np.ones(3) / 3.0, mode="same")
    best = int(np.argmin(smooth))
    return float((edges[best] + edges[best + 1]) / 2.0)


def lobe_of(relative_height: float, relative_depth: float, side: str) -> str:
    """The lobe at a point given its place within one lung.

    ``relative_height``: 0 on the diaphragm below the point, 1 at the lung's apex;
    ``relative_depth``: 0 at the lung's most anterior point, 1 at its most posterior. The major
    (oblique) fissure runs from low at the front to high at the back: below the surface
    ``height = 0.05 + 0.65 * depth`` is the lower lobe. On the right, the minor (horizontal)
    fissure at ``height = 0.5`` separates the middle lobe (below it, in front of the major
    fissure) from the upper lobe. The left lung has no minor fissure (the lingula is in LUL).
    These are the proportions the scanner simulator (:mod:`appliance.simulate.anatomy`) uses.
    """
    if relative_height < 0.05 + 0.65 * relative_depth:
        return "LLL" if side == "left" else "RLL"
    if side == "left":
        return "LUL"
    return "RML" if relative_height < 0.5 else "RUL"
