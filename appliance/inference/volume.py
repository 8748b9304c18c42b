"""Assembling one series' DICOM slices into a 3D volume in Hounsfield units, and resampling it.

The analysis pipeline (:mod:`appliance.inference.pipeline`) calls :func:`assemble_volume` with
the files of one series in any order. Slices are sorted along the slice normal (the cross product
of ImageOrientationPatient's row and column directions, with ImagePositionPatient projected on
it), never by InstanceNumber or file name. Everything that would make the volume wrong is checked
and refused with a :class:`~appliance.errors.VolumeError` saying what is wrong and where:

- files from more than one series, frame of reference or orientation;
- differing rows/columns or pixel spacing;
- two slices at the same position (duplicates), gaps (a missing slice) and irregular spacing;
- gantry tilt (slice positions not along the normal), multi-frame images, too few slices.

One thing is handled explicitly instead: localizer (scout) images, recognised by ImageType
``LOCALIZER``, are left out of the volume and listed in :attr:`Volume.excluded`.

The volume keeps its affine (voxel index ``(k, j, i)`` -> patient LPS mm) so findings can be
placed in patient coordinates, and :func:`resample` / :func:`source_to_target_matrix` move arrays
between the source grid and the model's grid with linear interpolation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pydicom

from appliance.errors import VolumeError

__all__ = [
    "SliceHeader",
    "Volume",
    "assemble_volume",
    "read_headers",
    "resample",
    "resampled_shape",
]

MIN_SLICES = 3
ORIENTATION_TOLERANCE = 1e-3
"""Largest difference between two slices' direction cosines counted as the same orientation."""
SPACING_TOLERANCE = 0.05
"""Relative deviation of one slice step from the median step still counted as regular (5 %)."""
POSITION_TOLERANCE_MM = 0.01
"""Two slices closer than this along the normal are duplicates."""

FloatArray = npt.NDArray[np.float32]


@dataclasses.dataclass(frozen=True)
class SliceHeader:
    """The geometry and identity of one image file, read without its pixels."""

    path: str
    sop_instance_uid: str
    series_uid: str
    study_uid: str
    patient_id: str
    frame_of_reference_uid: str
    position: tuple[float, float, float]
    orientation: tuple[float, float, float, float, float, float]
    rows: int
    columns: int
    pixel_spacing: tuple[float, float]  # (row spacing, column spacing) in mm
    frames: int
    localizer: bool


@dataclasses.dataclass(frozen=True)
class Volume:
    """A series as one array of HU values, indexed ``[slice, row, column]``."""

    hu: FloatArray
    affine: npt.NDArray[np.float64]
    """4x4: ``affine @ [k, j, i, 1]`` is the voxel's centre in patient LPS coordinates (mm)."""
    spacing_mm: tuple[float, float, float]
    """(slice step, row spacing, column spacing) in mm."""
    files: tuple[str, ...]
    """The files in slice order (index ``k``)."""
    sop_instance_uids: tuple[str, ...]
    series_uid: str
    study_uid: str
    patient_id: str
    excluded: tuple[str, ...] = ()
    """Files left out on purpose (localizers), each as ``path: reason``."""

    def to_patient(self, index: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Patient coordinates (x, y, z mm) of voxel indices ``(k, j, i)`` (shape (..., 3))."""
        idx = np.asarray(index, dtype=np.float64)
        return idx @ self.affine[:3, :3].T + self.affine[:3, 3]

    def grid_affine(self, spacing: Sequence[float]) -> npt.NDArray[np.float64]:
        """The affine of a grid with ``spacing`` (mm) whose first voxel is this volume's first
        (the grids :func:`resample` makes)."""
        affine = self.affine.copy()
        affine[:3, :3] = affine[:3, :3] * (np.asarray(spacing) / np.asarray(self.spacing_mm))
        return affine


def _floats(value: Any, count: int, name: str, path: str) -> tuple[float, ...]:
    if value is None or len(value) != count:
        raise VolumeError(
            f"{path}: {name} is missing or malformed; the image cannot be placed in 3D"
        )
    return tuple(float(v) for v in value)


def _header(path: str | Path) -> SliceHeader:
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
    except (pydicom.errors.InvalidDicomError, OSError) as exc:
        raise VolumeError(f"{path}: not a readable DICOM file ({exc})") from exc
    name = str(path)
    image_type = [str(v).upper() for v in ds.get("ImageType", [])]
    return SliceHeader(
        path=name,
        sop_instance_uid=str(ds.get("SOPInstanceUID", "")),
        series_uid=str(ds.get("SeriesInstanceUID", "")),
        study_uid=str(ds.get("StudyInstanceUID", "")),
        patient_id=str(ds.get("PatientID", "")),
        frame_of_reference_uid=str(ds.get("FrameOfReferenceUID", "")),
        position=_floats(ds.get("ImagePositionPatient"), 3, "ImagePositionPatient", name),  # type: ignore[arg-type]
        orientation=_floats(ds.get("ImageOrientationPatient"), 6, "ImageOrientationPatient", name),  # type: ignore[arg-type]
        rows=int(ds.get("Rows", 0)),
        columns=int(ds.get("Columns", 0)),
        pixel_spacing=_floats(ds.get("PixelSpacing"), 2, "PixelSpacing", name),  # type: ignore[arg-type]
        frames=int(ds.get("NumberOfFrames", 1) or 1),
        localizer="LOCALIZER" in image_type,
    )


def read_headers(files: Sequence[str | Path]) -> list[SliceHeader]:
    """Read the geometry of every file (no pixel data)."""
    return [_header(f) for f in files]


def _same_series(headers: list[SliceHeader]) -> None:
    series = sorted({h.series_uid for h in headers})
    if len(series) > 1:
        counts = {s: sum(h.series_uid == s for h in headers) for s in series}
        detail = ", ".join(f"{s} ({n} files)" for s, n in counts.items())
        raise VolumeError(f"the files belong to {len(series)} series, not one: {detail}")
    frames = {h.frame_of_reference_uid for h in headers}
    if len(frames) > 1:
        raise VolumeError(f"the series mixes {len(frames)} frames of reference: {sorted(frames)}")


def _same_geometry(headers: list[SliceHeader]) -> None:
    first = headers[0]
    for h in headers[1:]:
        if np.max(np.abs(np.subtract(h.orientation, first.orientation))) > ORIENTATION_TOLERANCE:
            raise VolumeError(
                f"{h.path}: orientation {h.orientation} differs from {first.path}'s "
                f"{first.orientation}; "
                "a series must be one stack of parallel slices"
            )
        if (h.rows, h.columns) != (first.rows, first.columns):
            raise VolumeError(
                f"{h.path}: {h.rows}x{h.columns} pixels differs from {first.path}'s "
                f"{first.rows}x{first.columns}"
            )
        if np.max(np.abs(np.subtract(h.pixel_spacing, first.pixel_spacing))) > 1e-4:
            raise VolumeError(
                f"{h.path}: pixel spacing {h.pixel_spacing} differs from {first.path}'s "
                f"{first.pixel_spacing}"
            )
        if h.frames != 1:
            raise VolumeError(f"{h.path}: multi-frame images ({h.frames} frames) are not supported")


def _directions(orientation: tuple[float, ...]) -> tuple[npt.NDArray[np.float64], ...]:
    row_dir = np.asarray(orientation[:3], dtype=np.float64)  # direction of increasing column index
    col_dir = np.asarray(orientation[3:], dtype=np.float64)  # direction of increasing row index
    normal = np.cross(row_dir, col_dir)
    if np.linalg.norm(normal) < 0.5:
        raise VolumeError(f"ImageOrientationPatient {orientation} does not describe a plane")
    return row_dir, col_dir, normal / np.linalg.norm(normal)


def _check_spacing(ordered: list[SliceHeader], along: npt.NDArray[np.float64]) -> float:
    """Return the regular slice step; raise on duplicates, gaps or irregular steps."""
    steps = np.diff(along)
    for n, step in enumerate(steps):
        if step < POSITION_TOLERANCE_MM:
            raise VolumeError(
                f"two slices at the same position ({along[n]:.2f} mm along the normal): "
                f"{ordered[n].path} and {ordered[n + 1].path}; duplicate images in one series"
            )
    median = float(np.median(steps))
    for n, step in enumerate(steps):
        if abs(step - median) > SPACING_TOLERANCE * median:
            ratio = step / median
            what = (
                f"about {round(ratio) - 1} slice(s) missing"
                if ratio > 1.5 and abs(ratio - round(ratio)) < 0.1
                else "irregular slice spacing"
            )
            raise VolumeError(
                f"{what}: between {ordered[n].path} and {ordered[n + 1].path} "
                f"the step is {step:.3f} mm, "
                f"elsewhere {median:.3f} mm; resend the complete series"
            )
    return median


def _check_tilt(positions: npt.NDArray[np.float64], normal: npt.NDArray[np.float64]) -> None:
    if len(positions) < 2:
        return
    direction = positions[-1] - positions[0]
    cos = abs(float(direction @ normal)) / max(float(np.linalg.norm(direction)), 1e-9)
    if cos < 0.999:
        raise VolumeError(
            "slice positions are not along the slice normal "
            f"(angle {np.degrees(np.arccos(cos)):.1f} deg): "
            "gantry-tilted or sheared series are not supported"
        )


def _order(headers: list[SliceHeader]) -> tuple[list[SliceHeader], npt.NDArray[np.float64], float]:
    """Sort along the normal and return (ordered headers, affine, slice step)."""
    _same_series(headers)
    _same_geometry(headers)
    row_dir, col_dir, normal = _directions(headers[0].orientation)
    along = np.array([np.dot(h.position, normal) for h in headers])
    order = np.argsort(along, kind="stable")
    ordered = [headers[i] for i in order]
    positions = np.array([h.position for h in ordered], dtype=np.float64)
    _check_tilt(positions, normal)
    step = _check_spacing(ordered, along[order])
    row_spacing, col_spacing = ordered[0].pixel_spacing
    affine = np.eye(4)
    affine[:3, 0] = normal * step
    affine[:3, 1] = col_dir * row_spacing
    affine[:3, 2] = row_dir * col_spacing
    affine[:3, 3] = positions[0]
    return ordered, affine, step


def _pixels_hu(path: str) -> FloatArray:
    ds = pydicom.dcmread(path)
    try:
        pixels = ds.pixel_array.astype(np.float32)
    except Exception as exc:  # pydicom raises several types for undecodable pixel data
        raise VolumeError(f"{path}: pixel data cannot be decoded ({exc})") from exc
    slope = float(ds.get("RescaleSlope", 1) or 1)
    intercept = float(ds.get("RescaleIntercept", 0) or 0)
    return pixels * np.float32(slope) + np.float32(intercept)


def assemble_volume(files: Sequence[str | Path]) -> Volume:
    """Read, check and stack the files of one series into a HU volume (see the module doc)."""
    headers = read_headers(files)
    excluded = tuple(
        f"{h.path}: localizer image, not part of the volume" for h in headers if h.localizer
    )
    headers = [h for h in headers if not h.localizer]
    if len(headers) < MIN_SLICES:
        raise VolumeError(
            f"{len(headers)} usable slice(s); at least {MIN_SLICES} are needed for a volume"
        )
    ordered, affine, step = _order(headers)
    hu = np.empty((len(ordered), ordered[0].rows, ordered[0].columns), dtype=np.float32)
    for k, header in enumerate(ordered):
        hu[k] = _pixels_hu(header.path)
    first = ordered[0]
    return Volume(
        hu=hu,
        affine=affine,
        spacing_mm=(step, first.pixel_spacing[0], first.pixel_spacing[1]),
        files=tuple(h.path for h in ordered),
        sop_instance_uids=tuple(h.sop_instance_uid for h in ordered),
        series_uid=first.series_uid,
        study_uid=first.study_uid,
        patient_id=first.patient_id,
        excluded=excluded,
    )


def resampled_shape(
    shape: Sequence[int], spacing: Sequence[float], target: Sequence[float]
) -> tuple[int, int, int]:
    """Voxels per axis on the target grid covering the same extent (first voxel centres aligned)."""
    dims = [
        int(np.floor((n - 1) * s / t + 1e-6)) + 1
        for n, s, t in zip(shape, spacing, target, strict=True)
    ]
    return dims[0], dims[1], dims[2]


def _resample_axis(
    array: FloatArray, axis: int, size: int, scale: float, offset: float
) -> FloatArray:
    """Linear interpolation along one axis: output ``o`` samples input ``offset + o * scale``."""
    n = array.shape[axis]
    position = np.clip(offset + np.arange(size, dtype=np.float64) * scale, 0.0, n - 1.0)
    low = np.minimum(np.floor(position).astype(np.intp), max(n - 2, 0))
    high = np.minimum(low + 1, n - 1)
    weight_shape = [1, 1, 1]
    weight_shape[axis] = size
    weight = (position - low).astype(np.float32).reshape(weight_shape)
    below = np.take(array, low, axis=axis)
    above = np.take(array, high, axis=axis)
    below *= 1.0 - weight
    above *= weight
    below += above
    return below


def resample(
    array: npt.NDArray[Any],
    spacing: Sequence[float],
    target: Sequence[float],
    *,
    shape: Sequence[int] | None = None,
    offset: Sequence[float] = (0.0, 0.0, 0.0),
) -> FloatArray:
    """Linear resampling from a grid of ``spacing`` to one of ``target`` spacing (mm, same axes).

    Output voxel ``o`` samples the input at index ``offset + o * target / spacing`` (indices
    beyond the edge take the edge value); the first voxel centres coincide when ``offset`` is
    zero. ``shape`` defaults to the extent-preserving :func:`resampled_shape`. Used both ways:
    HU to the model's grid, probabilities back. The axes are interpolated one after the other
    (trilinear interpolation is separable), shrinking axes first, which is several times faster
    than a general 3D interpolation on a 512 x 512 x 300 volume.
    """
    scale = np.asarray(target, dtype=np.float64) / np.asarray(spacing, dtype=np.float64)
    out_shape = tuple(shape) if shape is not None else resampled_shape(array.shape, spacing, target)
    result = np.asarray(array, dtype=np.float32)
    for axis in sorted(range(3), key=lambda a: out_shape[a] / max(array.shape[a], 1)):
        result = _resample_axis(result, axis, int(out_shape[axis]), scale[axis], offset[axis])
    return result
