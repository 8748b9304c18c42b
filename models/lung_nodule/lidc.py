"""Real LIDC-IDRI nodules (``../shared/realdata/lidc-voi``) for training and evaluation.

The simulator's nodules are what every model here was first built on; the LIDC crops are real
nodules from seven centres and eight scanner makers with four thoracic radiologists' outlines
and ratings. This module reads them, maps the readers' ratings onto ScanSide's vocabulary (as
the data set's README says), measures the readers' max-voting mask the way the appliance
measures its own findings, and splits the patients once and for all:

- ``test``: about 30 % of the patients, chosen by a hash of the patient ID. Nothing is trained
  or tuned on them; evaluations report them separately.
- ``train``: the rest, for training, tuning rules and choosing thresholds.

The split is a function of the patient ID alone (no random state, no file order), so a nodule
of a patient is always on the same side, whichever subset of the data is present.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

from appliance.inference.measure import axial_axes

__all__ = [
    "DEFAULT_ROOT",
    "TEST_SHARE_PERCENT",
    "LidcCrop",
    "LidcNodule",
    "load_crop",
    "load_nodules",
    "reader_mean_diameter",
    "split_of",
]

DEFAULT_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "realdata" / "lidc-voi"
TEST_SHARE_PERCENT = 30
"""Patients whose ID hashes into the first this many of 100 buckets form the test part."""


@dataclasses.dataclass(frozen=True)
class LidcNodule:
    """One row of ``nodules.csv``: a nodule and its readers' median ratings (LIDC values)."""

    patient_id: str
    nodule_id: int
    texture: int
    spiculation: int
    calcification: int
    malignancy: int
    equivalent_diameter_mm: float
    """``diameter_mm`` of the CSV: the mask's equivalent diameter, not a Lung-RADS one."""

    @property
    def key(self) -> str:
        return f"{self.patient_id}_R_{self.nodule_id}"

    @property
    def split(self) -> str:
        return split_of(self.patient_id)

    @property
    def attenuation(self) -> str:
        """Texture 1-2 ground-glass, 3 part-solid, 4-5 solid (the README's mapping)."""
        return (
            "ground-glass" if self.texture <= 2 else "part-solid" if self.texture == 3 else "solid"
        )

    @property
    def calcified(self) -> bool:
        """Calcification 1-5 (popcorn ... central) is calcified, 6 absent."""
        return self.calcification <= 5

    @property
    def spiculated(self) -> bool:
        """Spiculation rating 3-5."""
        return self.spiculation >= 3


@dataclasses.dataclass(frozen=True)
class LidcCrop:
    """A nodule's CT crop in HU and the readers' mask, indexed [slice, row, column]."""

    nodule: LidcNodule
    hu: npt.NDArray[np.float32]
    mask: npt.NDArray[np.bool_]
    spacing: tuple[float, float, float]
    """(slice, row, column) mm."""


def split_of(patient_id: str) -> str:
    """``"test"`` or ``"train"``, from the patient ID alone."""
    bucket = int(hashlib.sha256(patient_id.encode()).hexdigest(), 16) % 100
    return "test" if bucket < TEST_SHARE_PERCENT else "train"


def load_nodules(root: Path = DEFAULT_ROOT, split: str | None = None) -> list[LidcNodule]:
    """Every nodule of ``nodules.csv`` whose crop is present (of ``split`` when given)."""
    with (root / "nodules.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    nodules = [
        LidcNodule(
            patient_id=row["patient_id"],
            nodule_id=int(row["nodule_id"]),
            texture=int(row["Texture_value"]),
            spiculation=int(row["Spiculation_value"]),
            calcification=int(row["Calcification_value"]),
            malignancy=int(row["Malignancy_value"]),
            equivalent_diameter_mm=float(row["diameter_mm"]),
        )
        for row in rows
    ]
    present = [n for n in nodules if (root / "image" / f"{n.key}.nii.gz").exists()]
    return [n for n in present if split is None or n.split == split]


def load_crop(nodule: LidcNodule, root: Path = DEFAULT_ROOT) -> LidcCrop:
    """The crop and mask of ``nodule``. NIfTI stores (x, y, z) with a RAS affine whose x and y
    steps are negative, so the voxel axes already run along LPS +x (columns) and +y (rows)."""
    import nibabel as nib  # noqa: PLC0415 - training/evaluation extra only

    image = nib.load(root / "image" / f"{nodule.key}.nii.gz")
    mask = nib.load(root / "nodule_mask" / f"{nodule.key}.nii.gz")
    zooms = image.header.get_zooms()
    hu = np.asarray(image.dataobj, dtype=np.float32).transpose(2, 1, 0)
    labels = np.asarray(mask.dataobj).transpose(2, 1, 0) > 0
    spacing = (float(zooms[2]), float(zooms[1]), float(zooms[0]))
    return LidcCrop(nodule, np.ascontiguousarray(hu), np.ascontiguousarray(labels), spacing)


def iter_crops(nodules: list[LidcNodule], root: Path = DEFAULT_ROOT) -> Iterator[LidcCrop]:
    for nodule in nodules:
        yield load_crop(nodule, root)


def reader_mean_diameter(crop: LidcCrop) -> float:
    """The readers' mask measured as the appliance measures a finding: the mean of the long and
    perpendicular short axis on the axial slice where it is longest (0.1 mm)."""
    axes = axial_axes(crop.mask, crop.spacing)
    return round((round(axes.long_mm, 1) + round(axes.short_mm, 1)) / 2.0, 1)
