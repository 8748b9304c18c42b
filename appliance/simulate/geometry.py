"""The voxel grid of a simulated CT series and its mapping to patient coordinates (LPS).

Every part of the simulator (anatomy, vessels, nodules, the DICOM writer) and the training code
place things in millimetres in the patient coordinate system and turn them into voxel indices
through :class:`ScanGeometry`, so the geometry written to DICOM and the ground truth agree.

Conventions: arrays are indexed ``(slice, row, column)``; the image orientation is axial
(``ImageOrientationPatient = [1, 0, 0, 0, 1, 0]``): a column step goes towards the patient's left
(+x), a row step towards the back (+y), and a slice step towards the head (+z).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

__all__ = ["ScanGeometry"]


@dataclasses.dataclass(frozen=True)
class ScanGeometry:
    """An axial CT grid: shape, spacing and the patient position of voxel (0, 0, 0)."""

    shape: tuple[int, int, int]
    """(slices, rows, columns)."""
    pixel_spacing_mm: float
    """In-plane spacing (rows and columns alike)."""
    slice_thickness_mm: float
    """Slice thickness, also the spacing between slice centres (contiguous slices)."""
    origin_mm: tuple[float, float, float]
    """Patient position (x, y, z) of the centre of voxel (0, 0, 0)."""

    @property
    def spacing_zyx(self) -> tuple[float, float, float]:
        return (self.slice_thickness_mm, self.pixel_spacing_mm, self.pixel_spacing_mm)

    def axis_mm(self, axis: int) -> npt.NDArray[np.float64]:
        """Patient coordinate of every index along ``axis`` (0 = z, 1 = y, 2 = x)."""
        start = self.origin_mm[2 - axis]
        return np.asarray(
            start + np.arange(self.shape[axis]) * self.spacing_zyx[axis], dtype=np.float64
        )

    def to_index(self, point_xyz: tuple[float, float, float]) -> tuple[float, float, float]:
        """Fractional (slice, row, column) of a patient point."""
        x, y, z = point_xyz
        ox, oy, oz = self.origin_mm
        return (
            (z - oz) / self.slice_thickness_mm,
            (y - oy) / self.pixel_spacing_mm,
            (x - ox) / self.pixel_spacing_mm,
        )

    def to_patient(self, index_zyx: tuple[float, float, float]) -> tuple[float, float, float]:
        """Patient point (x, y, z) of a fractional (slice, row, column)."""
        k, r, c = index_zyx
        ox, oy, oz = self.origin_mm
        return (
            ox + c * self.pixel_spacing_mm,
            oy + r * self.pixel_spacing_mm,
            oz + k * self.slice_thickness_mm,
        )

    def slice_position(self, k: int) -> tuple[float, float, float]:
        """ImagePositionPatient of slice ``k`` (centre of its first pixel)."""
        ox, oy, oz = self.origin_mm
        return (ox, oy, oz + k * self.slice_thickness_mm)

    def shifted(self, offset_mm: tuple[float, float, float]) -> ScanGeometry:
        """The same grid with its origin moved by ``offset_mm`` (a follow-up's table position)."""
        x, y, z = (o + d for o, d in zip(self.origin_mm, offset_mm, strict=True))
        return dataclasses.replace(self, origin_mm=(x, y, z))
