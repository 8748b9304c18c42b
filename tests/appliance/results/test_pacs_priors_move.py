"""Priors from a real Orthanc by C-MOVE to the appliance's own Storage SCP (``retrieve = "move"``).

The appliance's receiving side runs (``add_ingest``: store, catalogue writer, Storage SCP on a
free port); Orthanc holds the prior's ScanSide SR and SEG and knows the appliance as a modality
(AE SCANSIDE at that port). The SCU asks Orthanc to C-MOVE them to SCANSIDE; Orthanc opens its
own association to our listener, which stores and catalogues them; the SCU reads them back
from the store. dcmtk's movescu drives the same move from outside, to check the other direction.
"""

from __future__ import annotations

import dataclasses
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from appliance.config import FollowUpConfig, PacsConfig, PacsDestination, load_config
from appliance.findings import SeriesAnalysis
from appliance.inference.dispatcher import AnalysisDispatcher, series_files
from appliance.inference.pacs_priors import (
    MoveTarget,
    PriorFetchError,
    RetrieveTimeout,
    fetch_prior_reports,
    remote_priors,
)
from appliance.inference.priors import compare_with_priors
from appliance.ingest.assembly import add_ingest
from appliance.ingest.sender import send_files
from appliance.results.seg import build_seg
from appliance.results.sources import read_source_headers
from appliance.results.sr import build_sr
from appliance.service import Service
from tests.appliance.results.orthanc import Orthanc
from tests.conftest import free_port, require_tool

pytestmark = pytest.mark.peers

EVER = (date(1900, 1, 1), date(2100, 1, 1))


@dataclasses.dataclass
class Site:
    service: Service
    scp_port: int
    orthanc: Orthanc
    pacs: PacsDestination
    target: MoveTarget
    result_series: tuple[str, str]
    """The SR's and the SEG's Series Instance UIDs."""


@pytest.fixture
def site(tmp_path: Path, analysis_with_findings: SeriesAnalysis) -> Iterator[Site]:
    scp_port = free_port()
    config = load_config(
        None,
        overrides={
            "storage": {"data_dir": str(tmp_path / "data")},
            "dicom": {"port": scp_port},
            "http": {"port": free_port()},
        },
        environ={},
    )
    service = Service(config)
    add_ingest(service)
    service.start()
    orthanc = Orthanc(
        tmp_path / "orthanc",
        extra={"DicomModalities": {"scanside": ["SCANSIDE", "127.0.0.1", scp_port]}},
    )
    orthanc.start()
    sources = read_source_headers(analysis_with_findings)
    seg = build_seg(analysis_with_findings, sources)
    assert seg is not None
    seg.save_as(tmp_path / "seg.dcm")
    sr = build_sr(analysis_with_findings, sources, segmentation=seg)
    sr.save_as(tmp_path / "sr.dcm")
    sent = send_files(
        [tmp_path / "sr.dcm", tmp_path / "seg.dcm"], host="127.0.0.1",
        port=orthanc.dicom_port, called_ae=orthanc.ae_title,
    )  # fmt: skip
    assert [r.status for r in sent] == [0, 0]
    pacs = PacsDestination("orthanc", orthanc.ae_title, "127.0.0.1", orthanc.dicom_port, "move")
    root = service.layout.root
    target = MoveTarget(
        "SCANSIDE", lambda uid: [Path(f) for f in series_files(service.db, uid, root)]
    )
    try:
        yield Site(
            service, scp_port, orthanc, pacs, target,
            (str(sr.SeriesInstanceUID), str(seg.SeriesInstanceUID)),
        )  # fmt: skip
    finally:
        orthanc.stop()
        service.close()


def test_the_prior_is_moved_to_our_storage_scp_catalogued_and_read(
    site: Site, analysis_with_findings: SeriesAnalysis
) -> None:
    started = time.perf_counter()
    fetched = fetch_prior_reports(
        site.pacs, calling_ae="SCANSIDE", patient_id=analysis_with_findings.patient_id,
        since=EVER[0], before=EVER[1], timeout_s=5.0, move_to=site.target,
    )  # fmt: skip
    print(f"C-FIND + C-MOVE of SR and SEG from Orthanc: {time.perf_counter() - started:.2f} s")
    (prior,) = fetched.reports
    assert prior.report.study_uid == analysis_with_findings.study_uid
    for written, read in zip(analysis_with_findings.findings, prior.report.findings, strict=True):
        assert prior.centre_of(read) == pytest.approx(written.center_mm, abs=1.0)  # from the SEG
        assert read.diameter_mm == written.diameter_mm
    # They came in through our own listener, from Orthanc's AE title, like any received series.
    rows = site.service.db.query_dicts(
        "SELECT series_uid, calling_ae FROM instances ORDER BY series_uid"
    )
    assert sorted(r["series_uid"] for r in rows) == sorted(site.result_series)
    assert {r["calling_ae"] for r in rows} == {site.orthanc.ae_title}


def test_a_later_study_is_compared_with_the_moved_prior(
    site: Site, analysis_with_findings: SeriesAnalysis
) -> None:
    db = site.service.db
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
    remote = remote_priors((site.pacs,), calling_ae="SCANSIDE", timeout_s=5.0, move_to=site.target)
    started = time.perf_counter()
    compared = compare_with_priors(db, current, FollowUpConfig(look_back_days=36500), remote=remote)
    assert time.perf_counter() - started < 10.0
    assert compared.comparison["pacs_fetched"] == [f"orthanc: {analysis_with_findings.study_uid}"]
    assert compared.comparison["pacs_errors"] == []
    (finding,) = compared.findings
    assert finding.follow_up == "growing" and finding.growth_mm == pytest.approx(2.2)
    assert finding.prior_study_uid == analysis_with_findings.study_uid


def test_a_pacs_that_does_not_know_the_destination_says_what_to_configure(
    site: Site, analysis_with_findings: SeriesAnalysis
) -> None:
    # Orthanc answers 0xC000 with no sub-operation tried (the standard's 0xA801 is also
    # recognised, as MoveDestinationUnknown); either way the message says what to configure.
    unknown = dataclasses.replace(site.target, ae_title="NOT_ON_PACS")
    with pytest.raises(PriorFetchError, match="the PACS knows NOT_ON_PACS as a modality"):
        fetch_prior_reports(
            site.pacs, calling_ae="SCANSIDE", patient_id=analysis_with_findings.patient_id,
            since=EVER[0], before=EVER[1], timeout_s=5.0, move_to=unknown,
        )  # fmt: skip


def test_instances_that_never_reach_the_catalogue_time_out(
    site: Site, analysis_with_findings: SeriesAnalysis, caplog: pytest.LogCaptureFixture
) -> None:
    blind = dataclasses.replace(site.target, stored_files=lambda uid: [])
    started = time.monotonic()
    with pytest.raises(RetrieveTimeout, match=r"sent 1 instances .* but 0 reached"):
        fetch_prior_reports(
            site.pacs, calling_ae="SCANSIDE", patient_id=analysis_with_findings.patient_id,
            since=EVER[0], before=EVER[1], timeout_s=1.0, move_to=blind,
        )  # fmt: skip
    assert time.monotonic() - started < 5.0
    # the association idles while the instances are awaited: it is released after the wait,
    # never aborted by its own idle limit under it (CI once saw pynetdicom's reactor fail so)
    assert "Network timeout reached" not in caplog.text


def test_a_move_to_a_listener_that_is_down_fails_within_the_timeout(
    tmp_path: Path, analysis_with_findings: SeriesAnalysis, site: Site
) -> None:
    site.service.close()  # our listener is gone: Orthanc cannot deliver
    started = time.monotonic()
    with pytest.raises(PriorFetchError, match="C-MOVE") as raised:
        fetch_prior_reports(
            site.pacs, calling_ae="SCANSIDE", patient_id=analysis_with_findings.patient_id,
            since=EVER[0], before=EVER[1], timeout_s=3.0, move_to=site.target,
        )  # fmt: skip
    assert "before sending anything" in raised.value.message
    assert time.monotonic() - started < 15.0


def test_dcmtk_movescu_moves_the_prior_to_our_storage_scp(site: Site) -> None:
    """The other direction: a third-party move SCU asks Orthanc to send to our listener."""
    movescu = require_tool("movescu")
    sr_series = site.result_series[0]
    study = site.orthanc.tags(site.orthanc.stored_sop_instance_uids()[0])["StudyInstanceUID"]
    done = subprocess.run(
        [movescu, "-S", "-aet", "SCANSIDE", "-aec", site.orthanc.ae_title, "-aem", "SCANSIDE",
         "-k", "QueryRetrieveLevel=SERIES", "-k", f"StudyInstanceUID={study}",
         "-k", f"SeriesInstanceUID={sr_series}", "127.0.0.1", str(site.orthanc.dicom_port)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 10
    while not site.target.stored_files(sr_series) and time.monotonic() < deadline:
        time.sleep(0.05)
    (stored,) = site.target.stored_files(sr_series)
    assert stored.is_file()


def test_the_dispatcher_moves_priors_to_its_own_listener(
    site: Site, analysis_with_findings: SeriesAnalysis
) -> None:
    """What ``scanside serve`` builds from the configuration: the move destination is our own
    AE title and the moved instances are found through our catalogue."""
    config = dataclasses.replace(
        site.service.config,
        pacs=PacsConfig(destinations=(site.pacs,)),
        followup=FollowUpConfig(pacs_priors=("orthanc",), look_back_days=36500),
    )
    config.validate()  # a PACS on loopback may move to us without dicom.peers
    remote = AnalysisDispatcher(site.service.db, config)._remote_priors([])
    assert remote is not None
    reports, errors = remote(analysis_with_findings.patient_id, *EVER)
    assert errors == []
    assert [r.report.study_uid for r in reports] == [analysis_with_findings.study_uid]
