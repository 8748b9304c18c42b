"""The axial slice through a finding's centre, small enough to draw in a terminal.

The TUI shows a nodule on the slice through its centre. :func:`slice_preview` picks that slice
from the series' instances in the catalogue (by position along the slice normal), reads the
stored DICOM file, converts to Hounsfield units, crops a square around the finding, windows it
to 0-255 grey levels and downsamples it. It also returns the finding's outline on the same
grid: the connected region above ``OUTLINE_HU`` that contains the centre, bounded by the
finding's diameter (a circle of that diameter when no such region exists). File paths come only
from the catalogue and must resolve inside the data directory; nothing from the request is ever
used as a path.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pydicom
from scipy import ndimage

from appliance.catalogue.browse import FindingPosition, finding_position
from appliance.catalogue.database import Database
from appliance.catalogue.instances import slice_positions
from appliance.errors import DicomInputError, ScanSideError

__all__ = [
    "OUTLINE_HU",
    "WINDOWS",
    "Preview",
    "PreviewError",
    "UnknownFindingError",
    "field_of_view_mm",
    "outline_mask",
    "slice_preview",
]

WINDOWS: dict[str, tuple[float, float]] = {"lung": (-600.0, 1500.0), "mediastinum": (40.0, 400.0)}
"""Named HU windows: (level, width)."""

OUTLINE_HU = -500.0
"""Pixels denser than this (lung parenchyma is about -850 HU) belong to the nodule's outline."""


class PreviewError(ScanSideError):
    """No slice can be shown for this finding (no centre, no stored images, unreadable file)."""

    title = "No preview"


class UnknownFindingError(PreviewError):
    """The finding asked for is not in the catalogue."""

    title = "Unknown finding"


@dataclasses.dataclass(frozen=True)
class Preview:
    """A windowed, downsampled slice and the finding's outline on the same grid."""

    finding_id: str
    sop_instance_uid: str
    slice_position_mm: float
    pixel_mm: float
    window: str
    pixels: list[list[int]]
    outline: list[list[int]]


@dataclasses.dataclass(frozen=True)
class _Slice:
    sop_instance_uid: str
    path: str
    position: npt.NDArray[np.float64]
    orientation: npt.NDArray[np.float64]


def _finding(db: Database, finding_id: str) -> tuple[FindingPosition, str, list[float]]:
    """The finding, its series and its centre; refused when it has no position in a series."""
    found = finding_position(db, finding_id)
    if found is None:
        raise UnknownFindingError(f"no finding {finding_id!r}")
    if found.center_mm is None or found.series_uid is None or len(found.center_mm) != 3:
        raise PreviewError(f"finding {finding_id} has no position in a received series")
    return found, found.series_uid, found.center_mm


def _nearest_slice(db: Database, series_uid: str, center: npt.NDArray[np.float64]) -> _Slice:
    positions = slice_positions(db, series_uid)
    if not positions:
        raise PreviewError(f"the images of series {series_uid} are not in the store")
    slices = [
        _Slice(
            p.sop_instance_uid,
            p.path,
            np.asarray(p.image_position_mm, float),
            np.asarray(p.image_orientation, float),
        )
        for p in positions
    ]
    normal = np.cross(slices[0].orientation[:3], slices[0].orientation[3:])
    target = float(center @ normal)
    return min(slices, key=lambda s: abs(float(s.position @ normal) - target))


def _stored_file(data_dir: Path, relative: str) -> Path:
    """The stored file for a catalogue path, refusing anything outside the data directory."""
    root = data_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise PreviewError(f"refusing to read {relative!r}: it is outside the data directory")
    if not path.is_file():
        raise PreviewError(f"the stored image {relative} is missing from the data directory")
    return path


def _hounsfield(path: Path) -> tuple[npt.NDArray[np.float64], tuple[float, float]]:
    try:
        ds = pydicom.dcmread(path)
        raw = ds.pixel_array.astype(np.float64)
    except (pydicom.errors.InvalidDicomError, AttributeError, ValueError, OSError) as exc:
        raise DicomInputError(f"cannot read the pixels of {path.name}: {exc}") from exc
    slope = float(getattr(ds, "RescaleSlope", 1.0))
    intercept = float(getattr(ds, "RescaleIntercept", 0.0))
    spacing = tuple(float(v) for v in ds.PixelSpacing)
    return raw * slope + intercept, (spacing[0], spacing[1])


def _centre_pixel(
    slice_: _Slice, center: npt.NDArray[np.float64], spacing: tuple[float, float]
) -> tuple[float, float]:
    """(row, column) of ``center`` on the slice's pixel grid."""
    offset = center - slice_.position
    column = float(offset @ slice_.orientation[:3]) / spacing[1]
    row = float(offset @ slice_.orientation[3:]) / spacing[0]
    return row, column


def outline_mask(
    crop: npt.NDArray[np.float64], centre: tuple[int, int], radius_px: float
) -> npt.NDArray[np.bool_]:
    """The connected region denser than ``OUTLINE_HU`` that holds ``centre``, kept within a
    little more than the finding's radius; the disk of that radius when there is none."""
    rows, cols = np.indices(crop.shape)
    distance2 = (rows - centre[0]) ** 2 + (cols - centre[1]) ** 2
    disk: npt.NDArray[np.bool_] = np.less_equal(distance2, radius_px**2)
    labels, _ = ndimage.label((crop > OUTLINE_HU) & (disk | _dilate(disk)))
    label = int(labels[centre])
    if label == 0:
        return disk
    region: npt.NDArray[np.bool_] = (labels == label) & _dilate(disk)
    return region


def _dilate(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    grown: npt.NDArray[np.bool_] = ndimage.binary_dilation(mask, iterations=2)
    return grown


def _downsample(image: npt.NDArray[Any], size: int) -> npt.NDArray[Any]:
    """Nearest-neighbour resample of a square image to ``size`` x ``size``."""
    index = (np.arange(size) * image.shape[0] / size).astype(int)
    return image[np.ix_(index, index)]


def field_of_view_mm(diameter_mm: float | None) -> float:
    """The default width of the square shown: six diameters, at least 80 mm."""
    return max(6.0 * float(diameter_mm or 10.0), 80.0)


def slice_preview(
    db: Database,
    data_dir: Path,
    finding_id: str,
    *,
    size: int = 48,
    window: str = "lung",
    field_mm: float | None = None,
) -> Preview:
    """The slice through ``finding_id``'s centre, ``size`` pixels square, windowed; the square
    is ``field_mm`` wide (default :func:`field_of_view_mm`: the TUI asks for a closer one)."""
    if window not in WINDOWS:
        raise PreviewError(f"unknown window {window!r}: use one of {', '.join(WINDOWS)}")
    found, series_uid, center_mm = _finding(db, finding_id)
    center = np.asarray(center_mm, float)
    slice_ = _nearest_slice(db, series_uid, center)
    hu, spacing = _hounsfield(_stored_file(data_dir, slice_.path))
    row, col = _centre_pixel(slice_, center, spacing)
    diameter_px = float(found.diameter_mm or 10.0) / spacing[0]
    half = max(int((field_mm or field_of_view_mm(found.diameter_mm)) / 2.0 / spacing[0]), 4)
    padded = np.pad(hu, half, mode="constant", constant_values=-1024.0)
    r0 = min(max(round(row), 0), hu.shape[0] - 1)
    c0 = min(max(round(col), 0), hu.shape[1] - 1)
    crop = padded[r0 : r0 + 2 * half, c0 : c0 + 2 * half]
    mask = outline_mask(crop, (half, half), diameter_px / 2.0)
    level, width = WINDOWS[window]
    grey = np.clip((crop - (level - width / 2.0)) / width * 255.0, 0, 255).astype(np.uint8)
    return Preview(
        finding_id=finding_id,
        sop_instance_uid=slice_.sop_instance_uid,
        slice_position_mm=float(slice_.position[2]),
        pixel_mm=round(2 * half * spacing[0] / size, 3),
        window=window,
        pixels=_downsample(grey, size).tolist(),
        outline=_downsample(mask, size).astype(np.uint8).tolist(),
    )
