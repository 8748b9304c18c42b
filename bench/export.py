"""Time and check a 50-study de-identified research export on this machine.

``python -m bench.export [--studies 50] [--slices 40] [--rows 128] [--json OUT]`` (from the
repository root; run as a module, since ``bench/query.py`` would hide the ``query`` package)

Simulated chest CT studies (each with its own patient name, ID, birth date, accession, study date
and institution) are written, imported through ``scanside import``, given one hand-made finding
with a mask each (so every study has an SR and a SEG), recorded and published; then the whole
cohort is exported with :func:`appliance.export.exporter.export_cohort`, timed, and checked:

- PHI scan: every identifier of the sources (patient name and ID, birth date, study and series
  dates in DICOM and ISO form, accession, institution, every study, series, instance and frame of
  reference UID, the SR's and SEG's too) searched in every written byte before the pixel data of
  each DICOM file and in the whole of the other files (the pixel data holds no text);
- ``dciodvfy`` on every written DICOM file: the count of ``Error`` lines;
- every SR and SEG reference resolved inside the export.

Prints one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pydicom

from appliance.catalogue.database import Database, open_database
from appliance.catalogue.findings import record_analysis
from appliance.cli import main as cli
from appliance.config import AppConfig, StorageConfig, TriageConfig
from appliance.export.exporter import export_cohort
from appliance.findings import Finding, FindingMask, SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.publisher import ResultsPublisher

_PIXEL_DATA = b"\xe0\x7f\x10\x00"
_IDENTIFIERS = (
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
)


def _analysis(files: list[Path]) -> SeriesAnalysis:
    headers = [pydicom.dcmread(p, stop_before_pixels=True) for p in files]
    order = sorted(range(len(files)), key=lambda i: float(headers[i].ImagePositionPatient[2]))
    headers = [headers[i] for i in order]
    first, middle = headers[0], headers[len(headers) // 2]
    z = np.ogrid[-2:3, -6:7, -6:7]
    mask = (z[0] / 2.0) ** 2 + (z[1] / 6.0) ** 2 + (z[2] / 6.0) ** 2 <= 1.0
    offset = (len(headers) // 2 - 2, int(first.Rows) // 2 - 6, int(first.Columns) // 2 - 6)
    x0, y0, zc = (float(v) for v in middle.ImagePositionPatient)
    spacing = float(first.PixelSpacing[0])
    finding_id = f"{first.SeriesInstanceUID}.1"
    finding = Finding(
        finding_id=finding_id,
        kind="nodule",
        lobe="RUL",
        long_axis_mm=9.0,
        short_axis_mm=7.0,
        diameter_mm=8.0,
        volume_mm3=250.0,
        mean_hu=-20.0,
        attenuation="solid",
        solid_component_mm=None,
        margin="smooth",
        calcified=False,
        lung_rads="4A",
        confidence=0.9,
        center_mm=(x0 + spacing * first.Columns / 2, y0 + spacing * first.Rows / 2, zc),
    )
    return SeriesAnalysis(
        study_uid=str(first.StudyInstanceUID),
        series_uid=str(first.SeriesInstanceUID),
        patient_id=str(first.PatientID),
        model_name="bench",
        model_version="0",
        findings=(finding,),
        lung_rads="4A",
        source_files=tuple(str(h.filename) for h in headers),
        source_sop_instance_uids=tuple(str(h.SOPInstanceUID) for h in headers),
        masks=(FindingMask(finding_id, offset, mask),),
    )


def _publish(db: Database, layout: DataLayout) -> list[str]:
    config = AppConfig(storage=StorageConfig(data_dir=str(layout.root)))
    publisher = ResultsPublisher(db, layout, config)
    studies = []
    for series_uid, study_uid in db.execute("SELECT series_uid, study_uid FROM series"):
        paths = db.execute("SELECT path FROM instances WHERE series_uid = ?", [series_uid])
        analysis = _analysis([layout.root / str(p[0]) for p in paths])
        record_analysis(db, analysis, TriageConfig())
        publisher.publish(analysis)
        studies.append(str(study_uid))
    return studies


def _secrets(paths: Iterable[Path]) -> tuple[set[bytes], dict[str, set[bytes]]]:
    """Identifiers to find nowhere, and each patient's dates (to find nowhere in their files).

    A date is not unique: another patient's shifted date may fall on it by chance, which reveals
    nothing. So dates are searched in the patient's own files, everything else in all files.
    """
    anywhere: set[bytes] = set()
    dates: dict[str, set[bytes]] = {}
    for path in paths:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        own = dates.setdefault(str(ds.PatientID), set())
        for keyword in _IDENTIFIERS:
            value = str(ds.get(keyword, "") or "").strip()
            if keyword.endswith("Date") and len(value) == 8:
                own.update({value.encode(), f"{value[:4]}-{value[4:6]}-{value[6:]}".encode()})
            elif len(value) >= 4:
                anywhere.add(value.encode())
                if keyword.endswith("UID"):
                    anywhere.add(value[-24:].encode())
    return anywhere, dates


def _written_text(out: Path, *, pattern: str = "*") -> bytes:
    parts = []
    for path in sorted(p for p in out.rglob(pattern) if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".dcm":
            cut = data.find(_PIXEL_DATA)
            data = data if cut < 0 else data[:cut]
        parts.append(data)
    return b"\x00".join(parts)


def _dciodvfy_errors(paths: list[Path]) -> int:
    tool = shutil.which("dciodvfy")
    if tool is None:
        return -1
    errors = 0
    for path in paths:
        run = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
        errors += sum(
            1 for line in (run.stdout + run.stderr).splitlines() if line.startswith("Error")
        )
    return errors


def _unresolved(paths: list[Path]) -> int:
    datasets = [pydicom.dcmread(p, stop_before_pixels=True) for p in paths]
    exported = {str(ds.SOPInstanceUID) for ds in datasets}
    missing = 0
    for ds in datasets:
        if ds.Modality in ("SR", "SEG"):
            for element in ds.iterall():
                if (
                    element.keyword == "ReferencedSOPInstanceUID"
                    and str(element.value) not in exported
                ):
                    missing += 1
    return missing


def run(studies: int, slices: int, rows: int, root: Path) -> dict[str, Any]:
    sim, data, out = root / "sim", root / "data", root / "export"
    started = time.perf_counter()
    assert cli(["simulate", "--out", str(sim), "--studies", str(studies), "--slices", str(slices),
                "--rows", str(rows), "--nodules", "0"]) == 0  # fmt: skip
    for truth in sim.rglob("truth.json"):
        truth.unlink()  # not DICOM: the import would refuse it
    assert cli(["import", str(sim), "--data-dir", str(data)]) == 0
    layout = DataLayout.at(data).create()
    with open_database(layout.catalogue) as db:
        cohort = _publish(db, layout)
        prepared_s = time.perf_counter() - started
        report = export_cohort(db, layout, cohort, out, requested_by="bench")
    sources = list((data / "store").rglob("*.dcm")) + list(layout.results.rglob("*.dcm"))
    anywhere, dates = _secrets(sources)
    text = _written_text(out)
    hits = sorted(s.decode() for s in anywhere if s in text)
    pseudonyms = json.loads(report.map_path.read_text())["patients"]
    for patient, own in dates.items():
        folder = _written_text(out / pseudonyms[patient])
        hits += sorted(f"{patient}: {d.decode()}" for d in own if d in folder)
    all_dates = set().union(*dates.values())
    coincidences = sum(1 for d in all_dates if d in text)  # any patient's date, any file
    table = (out / "findings.parquet").read_bytes() + (out / "manifest.json").read_bytes()
    hits += sorted(d.decode() for own in dates.values() for d in own if d in table)
    written = sorted(out.rglob("*.dcm"))
    return {
        "studies": report.studies,
        "dicom_files": report.files,
        "findings": report.findings,
        "refused": len(report.refused),
        "export_seconds": round(report.seconds, 2),
        "export_mb": round(report.size_bytes / 1e6, 1),
        "files_per_second": round(report.files / report.seconds, 1),
        "prepare_seconds": round(prepared_s, 1),
        "identifiers_searched": len(anywhere) + sum(len(d) for d in dates.values()),
        "phi_hits": len(hits),
        "phi_hit_examples": hits[:5],
        "dates_found_only_in_other_patients_files": coincidences,
        "dciodvfy_errors": _dciodvfy_errors(written),
        "unresolved_references": _unresolved(written),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=50)
    parser.add_argument("--slices", type=int, default=40)
    parser.add_argument("--rows", type=int, default=128)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scanside-export-bench-") as folder:
        figures = run(args.studies, args.slices, args.rows, Path(folder))
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
