"""A de-identified research export of a cohort: images, SR and SEG, findings table, record.

``scanside export`` and the admin API route call :func:`export_cohort` with the cohort's study
UIDs (from a question or a file) and an output folder. For every study it takes the stored images
(the catalogue's newest version of each instance) and the SR and SEG that ScanSide made (under
``<data>/results/<study UID>/``), de-identifies each with one
:class:`~appliance.export.deid.Deidentifier` (one secret key per export, so UIDs and pseudonyms
agree across every file and SR/SEG references still resolve), and writes::

    <out>/<patient pseudonym>/<study UID>/<series UID>/<SOP instance UID>.dcm
    <out>/findings.parquet     one row per finding, with the same pseudonyms, UIDs and shifted dates
    <out>/manifest.json        what the export holds and how it was de-identified (no identifiers)

An object that may carry burned-in text is refused, not written; the count is in the manifest and
the details (with original identifiers) in the on-box record. The pseudonym map (original ->
pseudonym, per patient the date offset) goes to ``<data>/exports/<name>.pseudonyms.json``, mode
0600 in a 0700 folder: readable by the service user (admins) only; it never leaves with the
export. Every export is recorded in the catalogue's ``exports`` table.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pydicom
from pydicom.errors import InvalidDicomError

from appliance import __version__
from appliance.catalogue.database import Database
from appliance.catalogue.exports import (
    ExportRecord,
    cohort_findings,
    cohort_instances,
    known_studies,
    record_export,
    write_parquet,
)
from appliance.errors import ExportError
from appliance.export import profile
from appliance.export.deid import BurnedInAnnotationError, Deidentifier
from appliance.layout import DataLayout
from appliance.results.durable import safe_stem

__all__ = ["FINDING_COLUMNS", "ExportReport", "export_cohort"]

FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("patient", "VARCHAR"),
    ("study_uid", "VARCHAR"),
    ("series_uid", "VARCHAR"),
    ("finding_id", "VARCHAR"),
    ("study_date", "DATE"),
    ("kind", "VARCHAR"),
    ("lobe", "VARCHAR"),
    ("side", "VARCHAR"),
    ("long_axis_mm", "DOUBLE"),
    ("short_axis_mm", "DOUBLE"),
    ("diameter_mm", "DOUBLE"),
    ("volume_mm3", "DOUBLE"),
    ("mean_hu", "DOUBLE"),
    ("attenuation", "VARCHAR"),
    ("solid_component_mm", "DOUBLE"),
    ("margin", "VARCHAR"),
    ("calcified", "BOOLEAN"),
    ("lung_rads", "VARCHAR"),
    ("track_id", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("model_name", "VARCHAR"),
    ("model_version", "VARCHAR"),
)
"""The columns of ``findings.parquet`` (pseudonymised where the catalogue has identifiers)."""


@dataclasses.dataclass(frozen=True)
class ExportReport:
    """What one export wrote, for the CLI, the API and the record."""

    name: str
    out_dir: Path
    studies: int
    files: int
    findings: int
    refused: tuple[dict[str, str], ...]
    size_bytes: int
    seconds: float
    map_path: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "out_dir": str(self.out_dir),
            "studies": self.studies,
            "files": self.files,
            "findings": self.findings,
            "refused": list(self.refused),
            "size_bytes": self.size_bytes,
            "seconds": round(self.seconds, 3),
            "map_path": str(self.map_path),
        }


def export_cohort(
    db: Database,
    layout: DataLayout,
    study_uids: Sequence[str],
    out_dir: str | Path,
    *,
    requested_by: str,
    role: str | None = None,
    question: str | None = None,
) -> ExportReport:
    """Export ``study_uids`` de-identified into ``out_dir`` (new or empty); see the module doc."""
    started = time.perf_counter()
    out = _prepare(Path(out_dir))
    studies = _check_studies(db, study_uids)
    name = f"export-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    deid = Deidentifier(secrets.token_bytes(32))
    written, refused = _write_objects(db, layout, deid, studies, out)
    findings = _write_findings(db, deid, studies, out / "findings.parquet")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    report = ExportReport(
        name=name,
        out_dir=out,
        studies=len(studies),
        files=written,
        findings=findings,
        refused=tuple(refused),
        size_bytes=size,
        seconds=time.perf_counter() - started,
        map_path=_save_map(layout, name, deid),
    )
    _write_manifest(out, report)
    record_export(
        db,
        ExportRecord(
            name=name,
            requested_by=requested_by,
            role=role,
            question=question,
            study_count=report.studies,
            file_count=report.files,
            refused=list(refused),
            size_bytes=report.size_bytes,
            seconds=report.seconds,
            out_dir=str(out),
            map_path=str(report.map_path),
        ),
    )
    return report


def _prepare(out: Path) -> Path:
    out = out.expanduser().resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out}: the export folder must be new or empty")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _check_studies(db: Database, study_uids: Sequence[str]) -> list[str]:
    wanted = list(dict.fromkeys(u.strip() for u in study_uids if u.strip()))
    if not wanted:
        raise ExportError("the cohort is empty: no study to export")
    found = known_studies(db, wanted)
    missing = [u for u in wanted if u not in set(found)]
    if missing:
        raise ExportError(
            f"{len(missing)} study UID(s) are not in the catalogue, e.g. {missing[0]}"
        )
    return found


def _sources(
    db: Database, layout: DataLayout, deid: Deidentifier, studies: Sequence[str]
) -> list[Path]:
    instances = cohort_instances(db, studies)
    for instance in instances:  # known before any text that contains them is cleaned
        deid.uid(instance.study_uid)
        deid.uid(instance.series_uid)
    files = [layout.root / i.path for i in instances]
    for study in studies:
        folder = layout.results / safe_stem(study)
        files += sorted(folder.glob("*.sr.dcm")) + sorted(folder.glob("*.seg.dcm"))
    return files


def _write_objects(
    db: Database, layout: DataLayout, deid: Deidentifier, studies: Sequence[str], out: Path
) -> tuple[int, list[dict[str, str]]]:
    written = 0
    refused: list[dict[str, str]] = []
    for source in _sources(db, layout, deid, studies):
        try:
            ds = deid.deidentify(pydicom.dcmread(source))
        except BurnedInAnnotationError as exc:
            refused.append({"path": str(source), "reason": exc.message})
            continue
        except (OSError, InvalidDicomError) as exc:
            refused.append({"path": str(source), "reason": f"cannot read it: {exc}"})
            continue
        target = (
            out
            / str(ds.PatientID)
            / str(ds.StudyInstanceUID)
            / str(ds.SeriesInstanceUID)
            / f"{ds.SOPInstanceUID}.dcm"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(target, enforce_file_format=True)
        written += 1
    return written, refused


def _write_findings(db: Database, deid: Deidentifier, studies: Sequence[str], path: Path) -> int:
    rows = []
    for finding in cohort_findings(db, studies):
        patient = deid.patient(str(finding["patient_id"]))
        row = dict(finding)
        row["patient"] = patient.pseudonym
        row["study_uid"] = deid.uid(str(finding["study_uid"]))
        row["series_uid"] = deid.uid(str(finding["series_uid"])) if finding["series_uid"] else None
        row["finding_id"] = deid.text(str(finding["finding_id"]))
        row["track_id"] = deid.text(str(finding["track_id"])) if finding["track_id"] else None
        row["study_date"] = _shifted(finding["study_date"], patient.offset_days)
        rows.append([row[name] for name, _ in FINDING_COLUMNS])
    write_parquet(rows, FINDING_COLUMNS, path)
    return len(rows)


def _shifted(day: object, offset_days: int) -> date | None:
    return day + timedelta(days=offset_days) if isinstance(day, date) else None


def _save_map(layout: DataLayout, name: str, deid: Deidentifier) -> Path:
    folder = layout.exports
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / f"{name}.pseudonyms.json"
    data = json.dumps(deid.pseudonyms, indent=1).encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def _write_manifest(out: Path, report: ExportReport) -> None:
    manifest = {
        "export": report.name,
        "made_by": f"ScanSide {__version__}",
        "deidentification": {
            "method": list(profile.METHOD_TEXT),
            "codes": [{"scheme": "DCM", "value": v, "meaning": m} for v, m in profile.METHOD_CODES],
            "table": f"PS3.15 Table E.1-1 ({profile.TABLE_VERSION})",
            "dates": "shifted by a per-patient offset; times of day kept",
        },
        "studies": report.studies,
        "dicom_files": report.files,
        "findings": report.findings,
        "refused_files": len(report.refused),
        "layout": "<patient>/<study UID>/<series UID>/<SOP instance UID>.dcm; findings.parquet",
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
