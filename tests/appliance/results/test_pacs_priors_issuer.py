"""Issuer-aware priors from a real Orthanc: a patient ID means one patient only with its issuer.

Orthanc holds two earlier ScanSide results of patient ID ``Lung_Dx-A0001``: one from images
whose Issuer of Patient ID is HOSP_A (the SR and SEG inherit it, as DICOM asks), one from an
other hospital's images, HOSP_B, with the same patient ID. A current study of HOSP_A's patient
must be compared with the first only.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

from appliance.config import PacsDestination
from appliance.findings import SeriesAnalysis
from appliance.inference.pacs_priors import _read, fetch_prior_reports, issuer_of
from appliance.ingest.sender import send_files
from appliance.results.seg import build_seg
from appliance.results.sources import read_source_headers
from appliance.results.sr import build_sr
from tests.appliance.results.orthanc import Orthanc
from tests.conftest import require_tool

pytestmark = pytest.mark.peers

EVER = (date(1900, 1, 1), date(2100, 1, 1))


def _publish(analysis: SeriesAnalysis, issuer: str, folder: Path, study_uid: str) -> list[Path]:
    """The SR and SEG of ``analysis`` as if its images had said ``issuer`` (and ``study_uid``)."""
    sources = read_source_headers(analysis)
    for header in sources:
        if issuer:
            header.IssuerOfPatientID = issuer
        header.StudyInstanceUID = study_uid
    seg = build_seg(analysis, sources)
    assert seg is not None
    sr = build_sr(analysis, sources, segmentation=seg)
    assert sr.get("IssuerOfPatientID", "") == seg.get("IssuerOfPatientID", "") == issuer
    folder.mkdir()
    seg.save_as(folder / "seg.dcm")
    sr.save_as(folder / "sr.dcm")
    return [folder / "sr.dcm", folder / "seg.dcm"]


@pytest.fixture
def pacs(tmp_path: Path, analysis_with_findings: SeriesAnalysis) -> Iterator[PacsDestination]:
    server = Orthanc(
        tmp_path / "orthanc", extra={"DicomModalities": {"scanside": ["SCANSIDE", "127.0.0.1", 1]}}
    )
    server.start()
    files = _publish(analysis_with_findings, "HOSP_A", tmp_path / "a", "1.2.826.0.1.3680043.9.1")
    files += _publish(analysis_with_findings, "HOSP_B", tmp_path / "b", "1.2.826.0.1.3680043.9.2")
    files += _publish(analysis_with_findings, "", tmp_path / "none", "1.2.826.0.1.3680043.9.3")
    sent = send_files(files, host="127.0.0.1", port=server.dicom_port, called_ae=server.ae_title)
    assert [r.status for r in sent] == [0] * 6
    yield PacsDestination("orthanc", server.ae_title, "127.0.0.1", server.dicom_port)
    server.stop()


def _fetch(pacs: PacsDestination, patient_id: str, issuer: str = ""):  # type: ignore[no-untyped-def]
    return fetch_prior_reports(
        pacs, calling_ae="SCANSIDE", patient_id=patient_id, since=EVER[0], before=EVER[1],
        issuer=issuer,
    )  # fmt: skip


def test_the_current_studys_issuer_finds_only_that_issuers_prior(
    pacs: PacsDestination, analysis_with_findings: SeriesAnalysis
) -> None:
    fetched = _fetch(pacs, analysis_with_findings.patient_id, issuer="HOSP_A")
    # Orthanc matches on the key itself: HOSP_B's study is not even listed, and neither is the
    # study whose images named no issuer (a PACS that matches on the key finds no such prior).
    assert [r.report.study_uid for r in fetched.reports] == ["1.2.826.0.1.3680043.9.1"]
    assert fetched.refused == []


def test_a_configured_issuer_wins_over_the_studys(
    pacs: PacsDestination, analysis_with_findings: SeriesAnalysis
) -> None:
    hosp_b = dataclasses.replace(pacs, issuer_of_patient_id="HOSP_B")
    fetched = _fetch(hosp_b, analysis_with_findings.patient_id, issuer="HOSP_A")
    assert [r.report.study_uid for r in fetched.reports] == ["1.2.826.0.1.3680043.9.2"]


def test_without_an_issuer_both_are_found(
    pacs: PacsDestination, analysis_with_findings: SeriesAnalysis
) -> None:
    fetched = _fetch(pacs, analysis_with_findings.patient_id)
    assert sorted(r.report.study_uid for r in fetched.reports) == [
        "1.2.826.0.1.3680043.9.1",
        "1.2.826.0.1.3680043.9.2",
        "1.2.826.0.1.3680043.9.3",
    ]


def test_dcmtk_findscu_sees_the_same_issuer_matching(
    pacs: PacsDestination, analysis_with_findings: SeriesAnalysis
) -> None:
    """The PACS's answer to the issuer-aware study query, asked by a third-party SCU."""
    findscu = require_tool("findscu")
    done = subprocess.run(
        [findscu, "-v", "-S", "-aet", "SCANSIDE", "-aec", pacs.ae_title,
         "-k", "QueryRetrieveLevel=STUDY", "-k", f"PatientID={analysis_with_findings.patient_id}",
         "-k", "IssuerOfPatientID=HOSP_B", "-k", "StudyInstanceUID",
         pacs.host, str(pacs.port)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answered = re.findall(r"\(0020,000d\) UI \[([0-9.]+)[ \x00]?\]", done.stderr + done.stdout)
    assert answered == ["1.2.826.0.1.3680043.9.2"], done.stderr  # UI values are NUL-padded


def test_an_sr_that_names_another_issuer_is_refused_and_said_so(
    tmp_path: Path, analysis_with_findings: SeriesAnalysis
) -> None:
    """For a PACS that ignores the key in its matching, the SR's own header decides."""
    hosp_b = _publish(analysis_with_findings, "HOSP_B", tmp_path / "b", "1.2.826.0.1.3680043.9.2")
    none = _publish(analysis_with_findings, "", tmp_path / "none", "1.2.826.0.1.3680043.9.3")
    dest = PacsDestination("lax", "LAX", "127.0.0.1", 104)
    refused: list[str] = []
    kept = _read(dest, hosp_b + none, analysis_with_findings.patient_id, "HOSP_A", refused)
    assert [r.report.study_uid for r in kept] == ["1.2.826.0.1.3680043.9.3"]  # no issuer: kept
    (sentence,) = refused
    assert "study 1.2.826.0.1.3680043.9.2 refused" in sentence and "'HOSP_B'" in sentence


def test_the_issuer_is_read_from_a_stored_image(
    tmp_path: Path, analysis_with_findings: SeriesAnalysis
) -> None:
    (sr, _) = _publish(analysis_with_findings, "HOSP_A", tmp_path / "x", str(generate_uid()))
    assert issuer_of(sr) == "HOSP_A"
    assert issuer_of(tmp_path / "missing.dcm") == ""
