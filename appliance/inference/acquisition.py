"""The inputs that decide whether a model's answer on a series can be trusted.

A model is valid for the scans it was validated on: a scanner, reconstruction kernel, slice
thickness, pixel spacing or noise level it never saw can change what it says without any error
being raised. :func:`series_inputs` gathers those inputs for one analysed series (from the
first image's header and what the pipeline measured: the input noise and the lung volume), so
the pipeline can check them against the model's validation envelope
(:mod:`appliance.inference.envelope`) and the catalogue can keep them for drift monitoring
(:mod:`appliance.catalogue.monitoring`, ``docs/drift.md``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pydicom

from appliance.errors import VolumeError

__all__ = ["SeriesInputs", "read_header", "series_inputs"]


@dataclasses.dataclass(frozen=True)
class SeriesInputs:
    """What a series was acquired and reconstructed with, and what the pipeline measured on it.

    Header values the series does not state are None.
    """

    manufacturer: str | None
    manufacturer_model: str | None
    kernel: str | None
    """ConvolutionKernel; several values joined with ``\\``."""
    slice_thickness_mm: float | None
    """SliceThickness from the header; the slice step when the header has none."""
    slice_step_mm: float
    """Distance between neighbouring slices, from their positions."""
    pixel_spacing_mm: float
    """The larger of the row and column spacing."""
    kvp: float | None
    ctdi_vol_mgy: float | None
    noise_hu: float
    """The input noise :func:`appliance.inference.noise.noise_hu` measured on the model grid
    (0.0: too little lung to measure)."""
    lung_volume_ml: float | None
    """The lung mask's volume in the scanned range (vessels inside the lungs included)."""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _text(header: pydicom.Dataset, keyword: str) -> str | None:
    value = header.get(keyword)
    if value is None:
        return None
    if isinstance(value, pydicom.multival.MultiValue):
        text = "\\".join(str(v).strip() for v in value)
    else:
        text = str(value).strip()
    return text or None


def _number(header: pydicom.Dataset, keyword: str) -> float | None:
    value = header.get(keyword)
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def read_header(path: str | Path) -> pydicom.Dataset:
    """One image's header, without its pixels."""
    try:
        return pydicom.dcmread(path, stop_before_pixels=True)
    except (pydicom.errors.InvalidDicomError, OSError) as exc:
        raise VolumeError(f"{path}: not a readable DICOM file ({exc})") from exc


def series_inputs(
    header: pydicom.Dataset,
    *,
    slice_step_mm: float,
    pixel_spacing_mm: tuple[float, float],
    noise_hu: float,
    lung_volume_ml: float | None,
) -> SeriesInputs:
    """The inputs of a series from its first image's ``header`` and the pipeline's figures."""
    thickness = _number(header, "SliceThickness")
    return SeriesInputs(
        manufacturer=_text(header, "Manufacturer"),
        manufacturer_model=_text(header, "ManufacturerModelName"),
        kernel=_text(header, "ConvolutionKernel"),
        slice_thickness_mm=thickness if thickness else round(slice_step_mm, 3),
        slice_step_mm=round(slice_step_mm, 3),
        pixel_spacing_mm=round(max(pixel_spacing_mm), 4),
        kvp=_number(header, "KVP"),
        ctdi_vol_mgy=_number(header, "CTDIvol"),
        noise_hu=round(noise_hu, 1),
        lung_volume_ml=None if lung_volume_ml is None else round(lung_volume_ml, 1),
    )
