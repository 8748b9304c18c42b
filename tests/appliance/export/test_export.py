"""A research export of a real study: de-identified, consistent, valid, and recorded.

The data directory holds 20 real CT slices (imported the way a modality sends them), their SR and
SEG and their findings (conftest). The export is checked the way a data-protection officer would:
a scan of every written byte for the original identifiers (names, IDs, dates, UIDs, accession,
institution), dciodvfy on every DICOM file, every SR and SEG reference resolved inside the
export, the findings table pseudonymised alike, the pseudonym map kept on the box for the
service user only, and the export recorded.
"""

from __future__ import annotations

import stat
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pydicom
import pytest
from pydicom.dataset import Dataset

from appliance.catalogue.database import Database
from appliance.errors import ExportError
from appliance.export.exporter import export_cohort
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.reader import read_sr
from tests.conftest import require_tool

Exported = tuple[Database, DataLayout]


def originals(layout: DataLayout) -> set[str]:
    """Every identifier in the source files: what must not appear anywhere in the export."""
    found: set[str] = set()
    sources = list((layout.root / "store").rglob("*.dcm")) + list(layout.results.rglob("*.dcm"))
    for path in sources:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        for keyword in (
            "PatientName",
            "PatientID",
            "PatientBirthDate",
            "StudyDate",
            "SeriesDate",
            "AccessionNumber",
            "InstitutionName",
            "StudyInstanceUID",
            "SeriesInstanceUID",
            "SOPInstanceUID",
            "FrameOfReferenceUID",
            "StudyID",
        ):
            value = str(ds.get(keyword, "") or "").strip()
            if len(value) >= 4:
                found.add(value)
        for keyword in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"):
            found.add(str(ds.get(keyword, ""))[-24:])  # a tail: a cut-off UID leaks it too
        date_value = str(ds.get("StudyDate", "") or "")
        if len(date_value) == 8:
            found.add(f"{date_value[:4]}-{date_value[4:6]}-{date_value[6:]}")
    return found


def all_values(ds: Dataset, keyword: str) -> list[str]:
    values = []
    for element in ds.iterall():
        if element.keyword == keyword:
            values.append(str(element.value))
    return values


def export(exported: Exported, tmp_path: Path, **kwargs: Any) -> Any:
    db, layout = exported
    study = str(db.execute("SELECT study_uid FROM studies")[0][0])
    return export_cohort(db, layout, [study], tmp_path / "out", requested_by="test", **kwargs)


def test_no_original_identifier_is_left_in_any_written_byte(
    exported_data: Exported, tmp_path: Path
) -> None:
    report = export(exported_data, tmp_path)

    secrets = originals(exported_data[1])
    sources = list((exported_data[1].root / "store").rglob("*.dcm"))
    sources += list(exported_data[1].results.rglob("*.dcm"))
    source_bytes = b"".join(p.read_bytes() for p in sources)
    as_stored = [s for s in secrets if not (s[:4].isdigit() and s[4:5] == "-")]  # not ISO dates
    assert len(as_stored) >= 25 and all(s.encode() in source_bytes for s in as_stored)  # scan works
    written = [p for p in report.out_dir.rglob("*") if p.is_file()]
    assert report.files == 22 and len(written) == 24  # 20 images, SR, SEG; table, manifest
    hits = [
        (path.name, secret)
        for path in written
        for secret in secrets
        if secret.encode() in path.read_bytes()
    ]
    assert hits == []
    assert report.refused == ()


def test_every_exported_object_passes_dciodvfy(exported_data: Exported, tmp_path: Path) -> None:
    dciodvfy = require_tool("dciodvfy")
    report = export(exported_data, tmp_path)

    errors = {}
    for path in sorted(report.out_dir.rglob("*.dcm")):
        run = subprocess.run([dciodvfy, str(path)], capture_output=True, text=True, check=False)
        found = [
            line for line in (run.stdout + run.stderr).splitlines() if line.startswith("Error")
        ]
        if found:
            errors[path.name] = found
    assert errors == {}


def test_sr_and_seg_references_resolve_inside_the_export_and_ids_agree(
    exported_data: Exported, tmp_path: Path
) -> None:
    report = export(exported_data, tmp_path)

    datasets = [pydicom.dcmread(p) for p in report.out_dir.rglob("*.dcm")]
    exported_uids = {str(ds.SOPInstanceUID) for ds in datasets}
    results = [ds for ds in datasets if ds.Modality in ("SR", "SEG")]
    assert sorted(ds.Modality for ds in results) == ["SEG", "SR"]
    for ds in results:
        references = set(all_values(ds, "ReferencedSOPInstanceUID"))
        assert references and references <= exported_uids, ds.Modality
    assert len({str(ds.PatientID) for ds in datasets}) == 1
    assert len({str(ds.StudyInstanceUID) for ds in datasets}) == 1
    assert all(ds.PatientIdentityRemoved == "YES" for ds in datasets)
    assert all(ds.LongitudinalTemporalInformationModified == "MODIFIED" for ds in datasets)
    sr = next(ds for ds in results if ds.Modality == "SR")
    image = next(ds for ds in datasets if ds.Modality == "CT")
    tracking = [v for v in all_values(sr, "TextValue") if v.startswith("2.25.")]
    assert tracking and all(t.rsplit(".", 1)[0] == image.SeriesInstanceUID for t in tracking)
    reported = read_sr(sr)  # the measurements survive: ScanSide's own reader reads them back
    assert [(f.kind, f.diameter_mm, f.lung_rads) for f in reported.findings] == [
        ("nodule", 10.8, "4A"),
        ("mass", 37.3, "4B"),
    ]
    assert reported.source_series_uid == image.SeriesInstanceUID


def test_the_findings_table_carries_the_same_pseudonyms_and_shifted_dates(
    exported_data: Exported, tmp_path: Path, analysis_with_findings: SeriesAnalysis
) -> None:
    report = export(exported_data, tmp_path)

    image = next(
        ds
        for ds in (
            pydicom.dcmread(p, stop_before_pixels=True) for p in report.out_dir.rglob("*.dcm")
        )
        if ds.Modality == "CT"
    )
    rows = (
        duckdb.connect()
        .execute(
            "SELECT patient, study_uid, series_uid, finding_id, study_date, kind, diameter_mm "
            "FROM read_parquet(?) ORDER BY finding_id",
            [str(report.out_dir / "findings.parquet")],
        )
        .fetchall()
    )
    assert [r[5] for r in rows] == ["nodule", "mass"]
    assert {(r[0], r[1]) for r in rows} == {(str(image.PatientID), str(image.StudyInstanceUID))}
    assert rows[0][3] == f"{image.SeriesInstanceUID}.1" and rows[0][6] == 10.8
    original = pydicom.dcmread(analysis_with_findings.source_files[0], stop_before_pixels=True)
    study_day = date.fromisoformat(
        f"{original.StudyDate[:4]}-{original.StudyDate[4:6]}-{original.StudyDate[6:]}"
    )
    shift = rows[0][4] - study_day
    assert timedelta(days=-3650) <= shift <= timedelta(days=-365)
    assert image.StudyDate == (study_day + shift).strftime("%Y%m%d")  # dates agree everywhere


def test_the_pseudonym_map_stays_on_the_box_for_the_service_user_only_and_the_export_is_recorded(
    exported_data: Exported, tmp_path: Path, analysis_with_findings: SeriesAnalysis
) -> None:
    db, layout = exported_data
    report = export(exported_data, tmp_path, question="nodules over 8 mm")

    assert report.map_path.parent == layout.exports
    assert stat.S_IMODE(report.map_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(layout.exports.stat().st_mode) == 0o700
    assert analysis_with_findings.patient_id in report.map_path.read_text()
    assert not any(p.name.endswith(".pseudonyms.json") for p in report.out_dir.rglob("*"))
    (record,) = db.query_dicts("SELECT * FROM exports")
    assert (record["name"], record["requested_by"], record["question"]) == (
        report.name,
        "test",
        "nodules over 8 mm",
    )
    assert (record["study_count"], record["file_count"], record["refused_count"]) == (1, 22, 0)
    assert record["size_bytes"] == report.size_bytes > 0


def test_an_export_never_overwrites_and_names_an_unknown_study(
    exported_data: Exported, tmp_path: Path
) -> None:
    db, layout = exported_data
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(ExportError, match="must be new or empty"):
        export_cohort(db, layout, ["1.2.3"], tmp_path / "full", requested_by="test")
    with pytest.raises(ExportError, match=r"not in the catalogue, e.g. 1\.2\.3"):
        export_cohort(db, layout, ["1.2.3"], tmp_path / "new", requested_by="test")
