"""How fast results are made and delivered, against peers measured in the same run.

1. Making: SR + SEG + summary for the real Lung-PET-CT-Dx series (all 64 slices) with N
   hand-made findings (``write_result_files``), seconds per series.
2. Delivering: the outbox sender C-STOREs M result objects to a private Orthanc; the same files
   are then sent by dcmtk's ``storescu`` (TCP_NODELAY=1) to a second, empty Orthanc. Reported as
   objects per second and the ratio sender / storescu.

Run from the repository root:
    PYTHONPATH=$PWD python bench/results.py [--findings 5] [--objects 60]
Needs ../shared/realdata and Debian's orthanc and dcmtk.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pydicom

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from appliance.catalogue.database import open_database  # noqa: E402
from appliance.config import AppConfig, DicomConfig, PacsConfig, PacsDestination  # noqa: E402
from appliance.findings import Finding, FindingMask, SeriesAnalysis  # noqa: E402
from appliance.layout import DataLayout  # noqa: E402
from appliance.results.files import write_result_files  # noqa: E402
from appliance.results.outbox import Outbox  # noqa: E402
from appliance.results.sender import OutboxSender  # noqa: E402
from tests.appliance.results.orthanc import Orthanc  # noqa: E402

CT = REPO.parent / "shared" / "realdata" / "lung-pet-ct-dx-A0001" / "ct"


def analysis_of_real_series(findings: int) -> SeriesAnalysis:
    headers = sorted(
        (pydicom.dcmread(p, stop_before_pixels=True) for p in CT.glob("*.dcm")),
        key=lambda d: float(d.ImagePositionPatient[2]),
    )
    z, y, x = np.ogrid[-3:4, -12:13, -12:13]
    ball = (z / 3) ** 2 + (y / 12) ** 2 + (x / 12) ** 2 <= 1
    items, masks = [], []
    for i in range(findings):
        offset = (5 + 9 * i % 50, 150 + 30 * i, 150 + 25 * i)
        items.append(
            Finding(
                finding_id=f"F{i + 1}",
                kind="nodule",
                lobe="RUL",
                long_axis_mm=12.0,
                short_axis_mm=9.0,
                diameter_mm=10.5,
                volume_mm3=600.0,
                mean_hu=-20.0,
                attenuation="solid",
                solid_component_mm=None,
                margin="smooth",
                calcified=False,
                lung_rads="4A",
                confidence=0.9,
                center_mm=(0.0, 0.0, float(headers[offset[0] + 3].ImagePositionPatient[2])),
            )
        )
        masks.append(FindingMask(f"F{i + 1}", offset, ball))
    first = headers[0]
    return SeriesAnalysis(
        study_uid=str(first.StudyInstanceUID),
        series_uid=str(first.SeriesInstanceUID),
        patient_id=str(first.PatientID),
        model_name="bench-model",
        model_version="0",
        findings=tuple(items),
        lung_rads="4A",
        source_files=tuple(str(h.filename) for h in headers),
        source_sop_instance_uids=tuple(str(h.SOPInstanceUID) for h in headers),
        masks=tuple(masks),
    )


def make_objects(analysis: SeriesAnalysis, count: int, folder: Path) -> list[Path]:
    """``count`` distinct SR/SEG objects (new UIDs each time), as the appliance would make them."""
    paths: list[Path] = []
    while len(paths) < count:
        written = write_result_files(analysis, folder / str(len(paths)))
        paths += [p for p in written if p.suffix == ".dcm"]
    return paths[:count]


def deliver_with_sender(paths: list[Path], orthanc: Orthanc, work: Path) -> float:
    layout = DataLayout.at(work / "data").create()
    destination = PacsDestination(
        name="bench", ae_title=orthanc.ae_title, host="127.0.0.1", port=orthanc.dicom_port
    )
    config = AppConfig(
        dicom=DicomConfig(ae_title="SCANSIDE"), pacs=PacsConfig(destinations=(destination,))
    )
    with open_database(layout.catalogue) as db:
        outbox = Outbox(db, layout, config.pacs)
        for path in paths:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
            outbox.add(
                path,
                sop_class_uid=ds.SOPClassUID,
                sop_instance_uid=ds.SOPInstanceUID,
                study_uid=ds.StudyInstanceUID,
            )
        sender = OutboxSender(db, layout, config)
        start = time.perf_counter()
        while sender.run_once():
            pass
        return time.perf_counter() - start


def deliver_with_storescu(paths: list[Path], orthanc: Orthanc) -> float:
    # -R: propose only the files' SOP classes (storescu's default list lacks Comprehensive 3D SR)
    command = ["storescu", "-R", "-aet", "SCANSIDE", "-aec", orthanc.ae_title]
    command += ["127.0.0.1", str(orthanc.dicom_port)]
    start = time.perf_counter()
    subprocess.run([*command, *map(str, paths)], check=True, env={**os.environ, "TCP_NODELAY": "1"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--findings", type=int, default=5)
    parser.add_argument("--objects", type=int, default=60)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scanside-bench-results-"))
    try:
        analysis = analysis_of_real_series(args.findings)
        start = time.perf_counter()
        write_result_files(analysis, work / "one")
        made_s = time.perf_counter() - start
        slices = len(analysis.source_files)
        print(f"SR + SEG + summary, {slices} slices, {args.findings} findings: {made_s:.2f} s")
        paths = make_objects(analysis, args.objects, work / "objects")
        mine, peer = Orthanc(work / "orthanc-a"), Orthanc(work / "orthanc-b")
        mine.start()
        peer.start()
        try:
            sender_s = deliver_with_sender(paths, mine, work)
            storescu_s = deliver_with_storescu(paths, peer)
            assert len(mine.get("/instances")) == len(peer.get("/instances")) == len(paths)
        finally:
            mine.stop()
            peer.stop()
        n = len(paths)
        print(f"outbox sender -> Orthanc: {n / sender_s:.1f} objects/s ({n} objects)")
        print(f"dcmtk storescu -> Orthanc: {n / storescu_s:.1f} objects/s (peer, same files)")
        print(f"ratio sender / storescu: {storescu_s / sender_s:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
