"""A small, realistic catalogue for the API and TUI tests, built on the real shared chest CT.

Five slices of the Lung-PET-CT-Dx A0001 series (TCIA, CC BY 4.0) are copied into a temporary
data directory's store and catalogued with their real geometry; around them sit studies in
every state the screens must show: an urgent analysed study with findings, a low-priority
study waiting past the age cap, a study whose analysis failed, a series still arriving and an
imported study that is not on the worklist.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pydicom

from appliance.catalogue.database import Database

__all__ = ["SLICES", "Seeded", "seed"]

SLICES = (28, 29, 30, 31, 32)
"""Instance numbers copied from the real series (slice 30 is at z = -269 mm)."""

URGENT_STUDY = "1.2.826.0.1.3680043.10.1341.1"
AGED_STUDY = "1.2.826.0.1.3680043.10.1341.2"
FAILED_STUDY = "1.2.826.0.1.3680043.10.1341.3"
RECEIVING_STUDY = "1.2.826.0.1.3680043.10.1341.4"
IMPORTED_STUDY = "1.2.826.0.1.3680043.10.1341.5"
FAILURE = "cannot assemble volume: a gap of 15.0 mm between slices 12 and 13"


@dataclasses.dataclass(frozen=True)
class Seeded:
    """What was put in the catalogue, for assertions."""

    urgent_study: str
    real_series: str
    big_finding: str
    small_finding: str
    studies: int
    now: datetime


def _copy_slices(ct_dir: Path, data_dir: Path, db: Database, now: datetime) -> tuple[str, str]:
    study_uid = series_uid = ""
    for number in SLICES:
        source = ct_dir / f"1-{number:02d}.dcm"
        ds = pydicom.dcmread(source, stop_before_pixels=True)
        study_uid, series_uid = str(ds.StudyInstanceUID), str(ds.SeriesInstanceUID)
        relative = f"store/{number:02d}/{ds.SOPInstanceUID}.dcm"
        target = data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        db.execute(
            "INSERT INTO instances (sop_instance_uid, series_uid, study_uid, sop_class_uid, "
            "instance_number, image_position_mm, image_orientation, rows, columns, path, sha256, "
            "size_bytes, received_at, calling_ae) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                str(ds.SOPInstanceUID),
                series_uid,
                study_uid,
                str(ds.SOPClassUID),
                int(ds.InstanceNumber),
                [float(v) for v in ds.ImagePositionPatient],
                [float(v) for v in ds.ImageOrientationPatient],
                int(ds.Rows),
                int(ds.Columns),
                relative,
                hashlib.sha256(target.read_bytes()).hexdigest(),
                target.stat().st_size,
                now - timedelta(minutes=50),
                "CT_ROOM1",
            ],
        )
    return study_uid, series_uid


def _study(
    db: Database, uid: str, patient: str, received: datetime | None, **columns: object
) -> None:
    names = ["study_uid", "patient_id", "received_at", "modality", "body_part", *columns]
    values = [uid, patient, received, "CT", "CHEST", *columns.values()]
    marks = ", ".join("?" for _ in names)
    db.execute(f"INSERT INTO studies ({', '.join(names)}) VALUES ({marks})", values)


def _series(db: Database, uid: str, study: str, state: str, count: int, last: datetime) -> None:
    db.execute(
        "INSERT INTO series (series_uid, study_uid, modality, series_number, description, "
        "instance_count, first_received_at, last_received_at, state, calling_ae, peer_address) "
        "VALUES (?, ?, 'CT', 2, 'Chest 5mm', ?, ?, ?, ?, 'CT_ROOM1', '10.20.30.7')",
        [uid, study, count, last - timedelta(minutes=1), last, state],
    )


def _finding(db: Database, finding_id: str, study: str, series: str, **values: object) -> None:
    names = ["finding_id", "study_uid", "series_uid", "kind", *values]
    marks = ", ".join("?" for _ in names)
    db.execute(
        f"INSERT INTO findings ({', '.join(names)}) VALUES ({marks})",
        [finding_id, study, series, "nodule", *values.values()],
    )


def seed(db: Database, data_dir: Path, ct_dir: Path, now: datetime | None = None) -> Seeded:
    """Fill an empty catalogue (and its store) with the scenario described above."""
    now = now or datetime.now()
    db.execute(
        "INSERT INTO patients (patient_id, patient_name, sex, birth_date) VALUES "
        "('Lung_Dx-A0001', 'A0001^Anonymous', 'M', DATE '1949-01-01'), "
        "('P-2', 'Roe^Richard', 'M', DATE '1951-03-02'), "
        "('P-3', 'Doe^Jane', 'F', DATE '1960-07-14'), "
        "('P-4', 'Poe^Edgar', 'M', DATE '1955-10-07')"
    )
    db.execute("INSERT INTO patients (patient_id, sex, source) VALUES ('C-9', 'F', 'import')")
    real_study, real_series = _copy_slices(ct_dir, data_dir, db, now)
    _study(
        db,
        real_study,
        "Lung_Dx-A0001",
        now - timedelta(minutes=50),
        lung_rads="4B",
        priority="urgent",
        priority_rank=0,
        priority_reason="Lung-RADS 4B/4X",
        analysed_at=now - timedelta(minutes=40),
        description="CT CHEST",
        study_date=now.date(),
    )
    _series(db, real_series, real_study, "complete", len(SLICES), now - timedelta(minutes=49))
    _finding(
        db,
        "F-1",
        real_study,
        real_series,
        lobe="RLL",
        side="right",
        long_axis_mm=16.1,
        short_axis_mm=12.3,
        diameter_mm=14.2,
        volume_mm3=1121.0,
        mean_hu=21.0,
        attenuation="solid",
        margin="spiculated",
        calcified=False,
        lung_rads="4B",
        confidence=0.93,
        center_mm=[-118.6, 142.6, -269.0],
        model_name="nodule-unet",
        model_version="1.0.0",
        track_id="T-API-1",
        follow_up="growing",
        growth_mm=2.1,
    )
    _finding(
        db,
        "F-2",
        real_study,
        real_series,
        lobe="LUL",
        side="left",
        long_axis_mm=4.4,
        short_axis_mm=3.6,
        diameter_mm=4.0,
        volume_mm3=30.0,
        mean_hu=-610.0,
        attenuation="ground-glass",
        margin="smooth",
        calcified=False,
        lung_rads="2",
        confidence=0.71,
        center_mm=[80.0, 120.0, -260.0],
        model_name="nodule-unet",
        model_version="1.0.0",
    )
    db.execute(
        "INSERT INTO jobs (kind, study_uid, series_uid, state, attempts, finished_at) "
        "VALUES ('analyse_series', ?, ?, 'done', 1, ?)",
        [real_study, real_series, now - timedelta(minutes=40)],
    )
    _study(
        db,
        AGED_STUDY,
        "P-2",
        now - timedelta(hours=30),
        lung_rads="2",
        priority="low",
        priority_rank=3,
        priority_reason="no rule matched",
        analysed_at=now - timedelta(hours=29),
        description="CT LOW DOSE SCREENING",
    )
    _series(db, AGED_STUDY + ".1", AGED_STUDY, "complete", 120, now - timedelta(hours=30))
    _study(db, FAILED_STUDY, "P-3", now - timedelta(minutes=20), description="CT CHEST W/O")
    _series(db, FAILED_STUDY + ".1", FAILED_STUDY, "complete", 88, now - timedelta(minutes=19))
    db.execute(
        "INSERT INTO jobs (kind, study_uid, series_uid, state, attempts, error, finished_at) "
        "VALUES ('analyse_series', ?, ?, 'failed', 2, ?, ?)",
        [FAILED_STUDY, FAILED_STUDY + ".1", FAILURE, now - timedelta(minutes=15)],
    )
    _study(db, RECEIVING_STUDY, "P-4", now - timedelta(minutes=1), description="CT THORAX")
    _series(db, RECEIVING_STUDY + ".1", RECEIVING_STUDY, "receiving", 41, now)
    _study(db, IMPORTED_STUDY, "C-9", None, source="import", lung_rads="3", study_date=now.date())
    return Seeded(real_study, real_series, "F-1", "F-2", 5, now)
