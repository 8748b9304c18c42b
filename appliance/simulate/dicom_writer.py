"""Write a simulated study as a DICOM CT Image Storage series, with its truth as JSON beside it.

Used by ``scanside simulate`` and by tests that need real DICOM files. The files are what a CT
scanner sends: one uncompressed instance per slice, signed 16-bit stored values with
RescaleSlope 1 / RescaleIntercept -1024, explicit VR little endian, complete patient, study,
series, frame-of-reference and image-plane modules. UIDs derive from the seed, so rewriting the
same seed gives the same UIDs (a resend, not a new study).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

from appliance.simulate.study import SimulatedStudy

__all__ = ["SeriesUids", "series_uids", "study_datasets", "write_series"]

INTERCEPT = -1024.0


class SeriesUids:
    """The deterministic UIDs of a simulated study."""

    def __init__(self, seed: int, visit: int = 0) -> None:
        self.seed = seed
        self.visit = visit
        self.study = self._uid("study")
        self.series = self._uid("series")
        self.frame_of_reference = self._uid("for")

    def _uid(self, what: str) -> str:
        key = f"{self.seed}-{what}" if not self.visit else f"{self.seed}-visit{self.visit}-{what}"
        return str(generate_uid(entropy_srcs=[f"scanside-simulator-{key}"]))

    def instance(self, k: int) -> str:
        return self._uid(f"instance-{k}")


def series_uids(seed: int, visit: int = 0) -> SeriesUids:
    return SeriesUids(seed, visit)


def _common(study: SimulatedStudy, uids: SeriesUids) -> Dataset:
    p, g = study.patient, study.geometry
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SOPClassUID = CTImageStorage
    date = p.study_date.strftime("%Y%m%d")
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = date
    ds.StudyTime = ds.SeriesTime = ds.AcquisitionTime = ds.ContentTime = "093000"
    ds.AccessionNumber = f"SIMACC{study.seed:06d}" + (f"V{study.visit}" if study.visit else "")
    ds.Modality = "CT"
    ds.Manufacturer = "ScanSide"
    ds.ManufacturerModelName = "ScanSide chest CT simulator"
    ds.InstitutionName = "ScanSide simulation"
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = "CT CHEST WITHOUT CONTRAST"
    ds.SeriesDescription = f"CHEST {g.slice_thickness_mm:g}mm LUNG"
    ds.PatientName = p.patient_name
    ds.PatientID = p.patient_id
    ds.PatientBirthDate = p.birth_date.strftime("%Y%m%d")
    ds.PatientSex = p.sex
    ds.PatientAge = f"{p.age_years:03d}Y"
    ds.BodyPartExamined = "CHEST"
    ds.SliceThickness = f"{g.slice_thickness_mm:g}"
    ds.KVP = "120"
    ds.PatientPosition = "FFS"
    ds.StudyInstanceUID = uids.study
    ds.SeriesInstanceUID = uids.series
    ds.StudyID = f"{study.seed}" + (f"V{study.visit}" if study.visit else "")
    ds.SeriesNumber = 2
    ds.AcquisitionNumber = 1
    ds.FrameOfReferenceUID = uids.frame_of_reference
    ds.PositionReferenceIndicator = ""
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = g.shape[1], g.shape[2]
    ds.PixelSpacing = [f"{g.pixel_spacing_mm:.4f}", f"{g.pixel_spacing_mm:.4f}"]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.RescaleIntercept = f"{INTERCEPT:g}"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    ds.WindowCenter, ds.WindowWidth = "-600", "1500"
    ds.ConvolutionKernel = "LUNG"
    return ds


def study_datasets(study: SimulatedStudy) -> list[Dataset]:
    """One dataset per slice, in slice order (inferior to superior), ready to save or send."""
    uids = SeriesUids(study.seed, study.visit)
    template = _common(study, uids)
    stored = (study.volume_hu.astype(np.int32) - int(INTERCEPT)).astype(np.int16)
    out = []
    for k in range(study.geometry.shape[0]):
        ds = Dataset()
        ds.update(template)
        ds.SOPInstanceUID = uids.instance(k)
        ds.InstanceNumber = k + 1
        position = study.geometry.slice_position(k)
        ds.ImagePositionPatient = [f"{v:.4f}" for v in position]
        ds.SliceLocation = f"{position[2]:.4f}"
        ds.PixelData = stored[k].tobytes()
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta = meta
        out.append(ds)
    return out


def write_series(study: SimulatedStudy, out_dir: Path) -> Path:
    """Write the series to ``out_dir/<series UID>/`` plus ``truth.json``; returns that folder."""
    uids = SeriesUids(study.seed, study.visit)
    folder = Path(out_dir) / uids.series
    folder.mkdir(parents=True, exist_ok=True)
    for k, ds in enumerate(study_datasets(study)):
        ds.save_as(folder / f"CT{k + 1:04d}.dcm", enforce_file_format=True)
    truth = study.truth_json() | {
        "study_instance_uid": uids.study,
        "series_instance_uid": uids.series,
        "frame_of_reference_uid": uids.frame_of_reference,
    }
    (folder / "truth.json").write_text(json.dumps(truth, indent=2) + "\n")
    return folder
