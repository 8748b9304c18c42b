"""Fixtures for the receiver: a running Service on free ports, dcmtk senders, synthetic series.

Synthetic CT slices are tiny (16x16) so that a 1,000-image study costs little; the real chest CT
series from ``../shared/realdata`` is used where realism matters.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydicom import Dataset
from pydicom.dataset import FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

from appliance.config import AppConfig, load_config
from appliance.ingest.assembly import IngestParts, add_ingest
from appliance.ingest.parsing import split_part10
from appliance.service import Service
from tests.conftest import free_port, require_tool

DCMTK_ENV = {**os.environ, "TCP_NODELAY": "1"}

# pydicom warns (it does not fail) when it reads a value that breaks its VR's rules; the receiver
# makes its own decisions about what it can store, and these tests feed it bad data on purpose.
PYDICOM_READ_WARNINGS = pytest.mark.filterwarnings("ignore::UserWarning:pydicom")


def make_config(data_dir: Path, **sections: dict[str, Any]) -> AppConfig:
    overrides: dict[str, Any] = {
        "storage": {"data_dir": str(data_dir), "min_free_mb": 1, "warn_free_mb": 1},
        "dicom": {"port": free_port()},
        "http": {"port": free_port()},
        "completion": {"default_quiet_s": 60.0, "quiet_s": {}, "check_interval_s": 0.2},
    }
    for name, values in sections.items():
        overrides.setdefault(name, {}).update(values)
    return load_config(None, overrides=overrides, environ={})


class Running:
    """A started Service with the ingest components, for one test."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.service = Service(config)
        self.parts: IngestParts = add_ingest(self.service)
        self.service.start()
        self.port = self.parts.scp.ports.get("dicom", 0)  # 0: plain DICOM turned off

    def receive(self, ds: Dataset, calling_ae: str = "TEST") -> int:
        """Hand ``ds`` to the receiver as a C-STORE would; returns the DIMSE status."""
        buffer = BytesIO()
        ds.save_as(buffer, enforce_file_format=True)
        ts, data = split_part10(buffer.getvalue())
        return self.parts.receiver.receive(data, ts, calling_ae=calling_ae).status

    def settle(self) -> None:
        """Wait until every received instance is in the catalogue."""
        assert self.parts.writer.flush(timeout=30)

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        self.settle()
        return self.service.db.query_dicts(sql, params)

    def close(self) -> None:
        self.service.close()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    service = Running(make_config(tmp_path / "data"))
    yield service
    service.close()


def storescu(
    port: int,
    *paths: Path | str,
    aec: str = "SCANSIDE",
    aet: str = "STORESCU",
    extra: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """dcmtk's storescu, one association for all files (+sd scans folders)."""
    tool = require_tool("storescu")
    args = [
        tool,
        "-aet",
        aet,
        "-aec",
        aec,
        "+sd",
        "+r",
        *extra,
        "127.0.0.1",
        str(port),
        *map(str, paths),
    ]
    return subprocess.run(
        args, env=DCMTK_ENV, capture_output=True, text=True, timeout=300, check=False
    )


def ct_slice(
    study_uid: str,
    series_uid: str,
    index: int,
    *,
    rows: int = 16,
    expected: int | None = None,
    patient_id: str = "SYN-1",
) -> Dataset:
    """A small but complete CT Image Storage instance (one slice of an axial stack)."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = CTImageStorage
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = CTImageStorage
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.PatientID, ds.PatientName, ds.PatientSex, ds.PatientBirthDate = (
        patient_id,
        "Synthetic^Patient",
        "F",
        "19600215",
    )
    ds.StudyDate, ds.StudyTime, ds.Modality, ds.BodyPartExamined = (
        "20240214",
        "101010",
        "CT",
        "CHEST",
    )
    ds.StudyDescription, ds.SeriesDescription, ds.SeriesNumber = "CT chest", "axial 1mm", 2
    ds.InstanceNumber = index + 1
    if expected is not None:
        ds.ImagesInAcquisition = expected
    ds.ImagePositionPatient = [-100.0, -100.0, -index * 1.25]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing, ds.SliceThickness = [0.7, 0.7], 1.25
    ds.Rows = ds.Columns = rows
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
    ds.PixelData = (np.full((rows, rows), index, dtype=np.int16)).tobytes()
    return ds


def write_series(
    folder: Path, count: int, *, expected: int | None = None, rows: int = 16
) -> tuple[str, str, list[Path]]:
    """Write ``count`` synthetic slices of one new series; return study, series UIDs and paths."""
    folder.mkdir(parents=True, exist_ok=True)
    study_uid, series_uid = generate_uid(), generate_uid()
    paths = []
    for i in range(count):
        path = folder / f"slice{i:04d}.dcm"
        ct_slice(study_uid, series_uid, i, rows=rows, expected=expected).save_as(
            path, enforce_file_format=True
        )
        paths.append(path)
    return study_uid, series_uid, paths
