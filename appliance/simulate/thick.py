"""Rebin a CT series into thick slices, as an older or low-dose protocol reconstructs them.

Many scanners in the sites ScanSide serves reconstruct chest CT at 5-10 mm only. To test the
limited mode for such series (``docs/analysis.md``) on a real patient's anatomy, this module
turns a thinner series into a thick one: each output slice is the overlap-weighted mean of the
source slices it covers (a slab, as a scanner's thick reconstruction averages the detector rows
it spans), written as a new series with its own UIDs and ``SliceThickness`` equal to the step.

Used by tests and by ``models.lung_nodule`` evaluations; the appliance never rebins at run time.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pydicom
from pydicom.uid import generate_uid

from appliance.inference.volume import assemble_volume

__all__ = ["rebin_series", "slab_weights"]


def slab_weights(count: int, step_mm: float, thickness_mm: float) -> npt.NDArray[np.float64]:
    """(output slices, ``count``) weights: the length of each source slice's extent
    (``step_mm`` wide) inside each output slab (``thickness_mm`` wide), rows normalised."""
    slabs = int(np.floor(count * step_mm / thickness_mm))
    if slabs < 1:
        raise ValueError(f"{count} slices of {step_mm} mm do not fill one {thickness_mm} mm slab")
    src_lo = np.arange(count) * step_mm
    out_lo = np.arange(slabs) * thickness_mm
    overlap = np.minimum(src_lo[None, :] + step_mm, out_lo[:, None] + thickness_mm) - np.maximum(
        src_lo[None, :], out_lo[:, None]
    )
    weights = np.clip(overlap, 0.0, None)
    return np.asarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float64)


def rebin_series(files: Sequence[str | Path], thickness_mm: float, out: Path) -> list[Path]:
    """Write ``files`` (one axial series) rebinned to ``thickness_mm`` slices into ``out``."""
    volume = assemble_volume(files)
    step = float(volume.spacing_mm[0])
    weights = slab_weights(volume.hu.shape[0], step, thickness_mm)
    slabs = np.tensordot(weights, volume.hu.astype(np.float64), axes=(1, 0))
    template = pydicom.dcmread(volume.files[0])
    normal = volume.affine[:3, 0] / step
    first = volume.affine[:3, 3] - normal * step / 2.0  # the first source slice's lower face
    series_uid = generate_uid()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for m, slab in enumerate(slabs):
        ds = copy.deepcopy(template)
        centre = first + normal * (m + 0.5) * thickness_mm
        ds.ImagePositionPatient = [round(float(v), 4) for v in centre]
        ds.SliceThickness = thickness_mm
        ds.SpacingBetweenSlices = thickness_mm
        ds.InstanceNumber = m + 1
        ds.SeriesInstanceUID = series_uid
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.SeriesDescription = f"{thickness_mm:g}mm"
        slope = float(getattr(ds, "RescaleSlope", 1) or 1)
        intercept = float(getattr(ds, "RescaleIntercept", 0) or 0)
        stored = np.round((slab - intercept) / slope)
        signed = int(getattr(ds, "PixelRepresentation", 0)) == 1
        info = np.iinfo(np.int16 if signed else np.uint16)
        ds.PixelData = np.clip(stored, info.min, info.max).astype(info.dtype).tobytes()
        path = out / f"{m + 1:04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        written.append(path)
    return written
