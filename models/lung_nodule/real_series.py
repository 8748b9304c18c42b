"""The one real chest CT in ``../shared/realdata`` (TCIA Lung-PET-CT-Dx A0001, CC BY 4.0) and
its readers' boxes on the tumour, in patient coordinates.

The collection's readers boxed a biopsy-proven adenocarcinoma on 11 axial slices, as Pascal
VOC XML files named by the slice's SOP Instance UID. The appliance's test of the series and the
insertion evaluation both need those boxes in millimetres.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pydicom

__all__ = ["REAL_SERIES", "Box", "reader_boxes"]

REAL_SERIES = (
    Path(__file__).resolve().parents[2].parent / "shared" / "realdata" / "lung-pet-ct-dx-A0001"
)
"""The series' folder: ``ct/`` (the DICOM slices) and ``boxes/`` (the readers' XML)."""

Box = tuple[tuple[float, float], tuple[float, float], float]
"""(x range, y range, z) in patient mm: pixel columns are x, rows are y."""


def reader_boxes(folder: Path = REAL_SERIES) -> list[Box]:
    """Every reader box of the series in ``folder``, on the patient coordinates of its slice."""
    by_uid = {
        str(pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID): f
        for f in (folder / "ct").glob("*.dcm")
    }
    boxes = []
    for xml in sorted((folder / "boxes").glob("*.xml")):
        header = pydicom.dcmread(by_uid[xml.stem], stop_before_pixels=True)
        x0, y0, z = (float(v) for v in header.ImagePositionPatient)
        row_mm, col_mm = (float(v) for v in header.PixelSpacing)
        for box in ET.parse(xml).getroot().iter("bndbox"):
            value = {child.tag: float(child.text or 0) for child in box}
            xs = (x0 + value["xmin"] * col_mm, x0 + value["xmax"] * col_mm)
            ys = (y0 + value["ymin"] * row_mm, y0 + value["ymax"] * row_mm)
            boxes.append((xs, ys, z))
    return boxes
