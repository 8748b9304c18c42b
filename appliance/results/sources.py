"""Reading the analysed series' headers, which the SR and the SEG both reference.

The SR lists the images as evidence and inherits patient and study from them; the SEG copies
their geometry. Only headers are read (no pixel data), in the slice order of
:attr:`~appliance.findings.SeriesAnalysis.source_files`, and checked against the analysis so a
result can never point at the wrong images. Called by :mod:`appliance.results.files`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from appliance.errors import ResultsError
from appliance.findings import SeriesAnalysis

__all__ = ["read_source_headers"]


def read_source_headers(analysis: SeriesAnalysis) -> list[Dataset]:
    """The headers of ``analysis.source_files``, in slice order, checked against the analysis."""
    if not analysis.source_files:
        raise ResultsError(
            f"series {analysis.series_uid}: the analysis lists no source files, so no DICOM "
            "result can reference its images"
        )
    headers = [_read_header(Path(p)) for p in analysis.source_files]
    _check_consistent(analysis, headers)
    return headers


def _read_header(path: Path) -> Dataset:
    try:
        return pydicom.dcmread(path, stop_before_pixels=True)
    except (OSError, InvalidDicomError) as exc:
        raise ResultsError(f"cannot read source image {path}: {exc}") from exc


def _check_consistent(analysis: SeriesAnalysis, headers: Sequence[Dataset]) -> None:
    for ds in headers:
        if ds.get("SeriesInstanceUID") != analysis.series_uid:
            raise ResultsError(
                f"{ds.filename}: belongs to series {ds.get('SeriesInstanceUID')}, "
                f"not the analysed series {analysis.series_uid}"
            )
    uids = [str(ds.SOPInstanceUID) for ds in headers]
    if analysis.source_sop_instance_uids and tuple(uids) != analysis.source_sop_instance_uids:
        raise ResultsError(
            f"series {analysis.series_uid}: the source files do not match the SOP Instance UIDs "
            "recorded by the analysis (were files replaced since?)"
        )
