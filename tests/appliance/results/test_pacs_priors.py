"""Priors from a real Orthanc: the patient's earlier ScanSide SR and SEG, by C-FIND and C-GET.

The prior is the results tests' analysis of the real CT series, published as an SR (regions:
segments) and a SEG and stored in Orthanc; the current study is a later one of the same patient.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from appliance.catalogue.database import Database
from appliance.config import FollowUpConfig, PacsDestination
from appliance.findings import SeriesAnalysis
from appliance.inference.pacs_priors import fetch_prior_reports, remote_priors
from appliance.inference.priors import compare_with_priors
from appliance.ingest.sender import send_files
from appliance.results.seg import build_seg
from appliance.results.sources import read_source_headers
from appliance.results.sr import build_sr
from tests.appliance.results.orthanc import Orthanc
from tests.conftest import free_port

pytestmark = pytest.mark.peers

EVER = (date(1900, 1, 1), date(2100, 1, 1))


@pytest.fixture
def pacs(tmp_path: Path, analysis_with_findings: SeriesAnalysis) -> Iterator[PacsDestination]:
    """Orthanc holding the prior's SR and SEG; SCANSIDE may query and retrieve."""
    server = Orthanc(
        tmp_path / "orthanc", extra={"DicomModalities": {"scanside": ["SCANSIDE", "127.0.0.1", 1]}}
    )
    server.start()
    sources = read_source_headers(analysis_with_findings)
    seg = build_seg(analysis_with_findings, sources)
    assert seg is not None
    seg.save_as(tmp_path / "seg.dcm")
    build_sr(analysis_with_findings, sources, segmentation=seg).save_as(tmp_path / "sr.dcm")
    sent = send_files(
        [tmp_path / "sr.dcm", tmp_path / "seg.dcm"], host="127.0.0.1",
        port=server.dicom_port, called_ae=server.ae_title,
    )  # fmt: skip
    assert [r.status for r in sent] == [0, 0]
    yield PacsDestination("orthanc", server.ae_title, "127.0.0.1", server.dicom_port)
    server.stop()


def test_the_prior_sr_is_found_fetched_and_read_with_its_centres(
    pacs: PacsDestination, analysis_with_findings: SeriesAnalysis
) -> None:
    (prior,) = fetch_prior_reports(
        pacs, calling_ae="SCANSIDE", patient_id=analysis_with_findings.patient_id,
        since=EVER[0], before=EVER[1],
    ).reports  # fmt: skip
    assert prior.report.study_uid == analysis_with_findings.study_uid
    for written, read in zip(analysis_with_findings.findings, prior.report.findings, strict=True):
        assert read.center_mm is None  # the SR's regions are segments ...
        centre = prior.centre_of(read)  # ... whose centres come from the SEG
        assert centre == pytest.approx(written.center_mm, abs=1.0)
        assert read.diameter_mm == written.diameter_mm
    other = fetch_prior_reports(
        pacs, calling_ae="SCANSIDE", patient_id="SOMEONE-ELSE", since=EVER[0], before=EVER[1]
    )
    assert other.reports == [] and other.refused == []


def test_a_later_study_is_compared_with_the_prior_from_pacs(
    pacs: PacsDestination, analysis_with_findings: SeriesAnalysis, db: Database
) -> None:
    patient = analysis_with_findings.patient_id
    prior_date = str(read_source_headers(analysis_with_findings)[0].StudyDate)
    a_year_later = date(int(prior_date[:4]) + 1, int(prior_date[4:6]), 1)
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, study_date) VALUES ('9.9.1', ?, ?)",
        [patient, a_year_later],
    )
    grown = dataclasses.replace(
        analysis_with_findings.findings[0], finding_id="9.9.2.1", diameter_mm=13.0, track_id=None
    )
    current = dataclasses.replace(
        analysis_with_findings, study_uid="9.9.1", series_uid="9.9.2", findings=(grown,), masks=()
    )
    remote = remote_priors((pacs,), calling_ae="SCANSIDE", timeout_s=5.0)
    started = time.perf_counter()
    compared = compare_with_priors(db, current, FollowUpConfig(look_back_days=36500), remote=remote)
    elapsed = time.perf_counter() - started
    print(f"fetch from Orthanc and compare: {elapsed:.2f} s")
    assert elapsed < 10.0
    assert compared.comparison["prior_study_uid"] == analysis_with_findings.study_uid
    assert compared.comparison["pacs_fetched"] == [f"orthanc: {analysis_with_findings.study_uid}"]
    (finding,) = compared.findings
    assert finding.follow_up == "growing" and finding.growth_mm == pytest.approx(2.2)
    assert len(compared.comparison["resolved"]) == 1  # the prior's mass was not seen again


def test_a_pacs_that_is_down_delays_only_the_comparison(
    analysis_with_findings: SeriesAnalysis, db: Database
) -> None:
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, study_date) VALUES (?, ?, '2099-01-01')",
        [analysis_with_findings.study_uid, analysis_with_findings.patient_id],
    )
    down = PacsDestination("down", "NOBODY", "127.0.0.1", free_port())
    remote = remote_priors((down,), calling_ae="SCANSIDE", timeout_s=2.0)
    started = time.monotonic()
    compared = compare_with_priors(db, analysis_with_findings, FollowUpConfig(), remote=remote)
    assert time.monotonic() - started < 10.0
    assert compared.comparison["priors"] == []
    assert "down" in compared.comparison["pacs_errors"][0]
    assert all(f.follow_up == "baseline" for f in compared.findings)
