"""Results reach a real PACS (Orthanc from Debian) once, even when it is down for a while.

Each test starts its own Orthanc on free loopback ports (never the system service), publishes
the results of a real CT series through the ResultsPublisher and lets the OutboxSender deliver
them; what arrived is checked through Orthanc's REST API. Backoffs are tiny through the config.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from appliance.catalogue.database import Database, open_database
from appliance.config import AppConfig, DicomConfig, PacsConfig, PacsDestination, StorageConfig
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.publisher import ResultsPublisher
from appliance.results.sender import OutboxSender
from tests.appliance.results.orthanc import Orthanc
from tests.appliance.results.waiting import wait_until
from tests.conftest import free_port, require_tool

pytestmark = pytest.mark.peers


def make_config(
    data_dir: Path, orthanc: Orthanc, *, ae_title: str | None = None, max_attempts: int = 0
) -> AppConfig:
    destination = PacsDestination(
        name="pacs",
        ae_title=ae_title or orthanc.ae_title,
        host="127.0.0.1",
        port=orthanc.dicom_port,
    )
    return AppConfig(
        dicom=DicomConfig(ae_title="SCANSIDE", network_timeout_s=10.0),
        storage=StorageConfig(data_dir=str(data_dir)),
        pacs=PacsConfig(
            destinations=(destination,),
            retry_initial_s=0.05,
            retry_max_s=0.2,
            max_attempts=max_attempts,
        ),
    )


@pytest.fixture
def orthanc(tmp_path: Path) -> Iterator[Orthanc]:
    server = Orthanc(tmp_path / "orthanc")
    yield server
    server.stop()


def pacs_state(sender: OutboxSender) -> dict[str, object]:
    return sender.status()["destinations"]["pacs"]  # type: ignore[no-any-return]


def test_the_sr_and_seg_arrive_in_the_pacs(
    orthanc: Orthanc, layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    orthanc.start()
    config = make_config(layout.root, orthanc)
    sender = OutboxSender(db, layout, config)
    published = ResultsPublisher(db, layout, config).publish(
        analysis_with_findings, priority="urgent"
    )

    assert sender.run_once() == 2

    sr_uid, seg_uid = (row.sop_instance_uid for row in sender.outbox.items())
    assert sorted(orthanc.stored_sop_instance_uids()) == sorted([sr_uid, seg_uid])
    sr, seg = orthanc.tags(sr_uid), orthanc.tags(seg_uid)
    assert (sr["Modality"], seg["Modality"]) == ("SR", "SEG")
    assert sr["StudyInstanceUID"] == seg["StudyInstanceUID"] == analysis_with_findings.study_uid
    assert sr["ContentTemplateSequence"][0]["TemplateIdentifier"] == "1500"
    state = pacs_state(sender)
    assert (state["pending"], state["sent"], state["failed"]) == (0, 2, 0)
    assert [p.suffix for p in published.files] == [".dcm", ".dcm", ".txt", ".json"]  # + FHIR
    assert list(layout.outbox.glob("*.dcm")) == []  # delivered everywhere: outbox copy released


def test_a_pacs_down_while_results_are_made_gets_everything_once_when_it_is_back(
    orthanc: Orthanc,
    layout: DataLayout,
    db: Database,
    analysis_with_findings: SeriesAnalysis,
    analysis_without_findings: SeriesAnalysis,
) -> None:
    config = make_config(layout.root, orthanc)
    sender = OutboxSender(db, layout, config, poll_interval_s=0.1)
    publisher = ResultsPublisher(db, layout, config, notify=sender.wake)
    sender.start()
    try:
        publisher.publish(analysis_with_findings)
        publisher.publish(analysis_without_findings)

        def tried_and_kept() -> bool:
            """every object tried at least twice while the PACS is down"""
            return all(i.attempts >= 2 and i.state == "pending" for i in sender.outbox.items())

        wait_until(tried_and_kept)
        assert "could not connect" in str(pacs_state(sender)["last_error"])
        orthanc.start()

        def all_sent() -> bool:
            """all three objects sent"""
            return pacs_state(sender)["sent"] == 3

        wait_until(all_sent)
        time.sleep(0.5)  # more rounds: nothing is sent again
        stored = orthanc.stored_sop_instance_uids()
        expected = [i.sop_instance_uid for i in sender.outbox.items()]
        assert sorted(stored) == sorted(expected) and len(set(stored)) == 3
        assert pacs_state(sender)["stored_since_start"] == 3
    finally:
        sender.stop()


def test_a_destination_that_refuses_ends_failed_with_the_reason(
    orthanc: Orthanc, layout: DataLayout, db: Database, analysis_without_findings: SeriesAnalysis
) -> None:
    orthanc.start()
    config = make_config(layout.root, orthanc, ae_title="NOT_ORTHANC", max_attempts=3)
    sender = OutboxSender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_without_findings)

    for _ in range(3):
        time.sleep(0.25)  # past the backoff
        sender.run_once()

    state = pacs_state(sender)
    assert (state["pending"], state["sent"], state["failed"]) == (0, 0, 1)
    [failure] = state["failures"]  # type: ignore[misc]
    assert failure["attempts"] == 3
    assert (
        "rejected the association" in failure["error"]
        and "Called AE title not recognised" in failure["error"]
    )
    assert orthanc.stored_sop_instance_uids() == []


def test_pending_sends_resume_after_a_restart_of_the_sender(
    orthanc: Orthanc, layout: DataLayout, analysis_with_findings: SeriesAnalysis
) -> None:
    config = make_config(layout.root, orthanc)
    with open_database(layout.catalogue) as db:
        ResultsPublisher(db, layout, config).publish(analysis_with_findings)
        first = OutboxSender(db, layout, config)
        assert first.run_once() == 0  # PACS down: tried, still pending
        assert pacs_state(first)["pending"] == 2
    orthanc.start()

    with open_database(layout.catalogue) as db:  # the appliance restarted
        second = OutboxSender(db, layout, config, poll_interval_s=0.1)
        second.start()
        try:
            wait_until(lambda: pacs_state(second)["sent"] == 2)
        finally:
            second.stop()
    assert len(orthanc.stored_sop_instance_uids()) == 2


def test_an_object_whose_outcome_was_unknown_is_sent_again_and_stored_once(
    orthanc: Orthanc, layout: DataLayout, db: Database, analysis_without_findings: SeriesAnalysis
) -> None:
    orthanc.start()
    config = make_config(layout.root, orthanc)
    sender = OutboxSender(db, layout, config)
    published = ResultsPublisher(db, layout, config).publish(analysis_without_findings)
    queued = sender.outbox.items()[0]
    assert sender.run_once() == 1
    # The crash window: stored at the PACS, but the process died before recording it, so the
    # row is still pending and its file still in the outbox (add() puts the file back).
    db.execute("UPDATE outbox SET state = 'pending', sent_at = NULL")
    sender.outbox.add(
        published.files[0],
        sop_class_uid=queued.sop_class_uid,
        sop_instance_uid=queued.sop_instance_uid,
        study_uid=queued.study_uid,
    )

    assert sender.run_once() == 1

    assert orthanc.stored_sop_instance_uids() == [queued.sop_instance_uid]


@pytest.fixture
def counting_scp(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """dcmtk's storescp writing every object it receives to a new file: it counts C-STOREs."""
    folder = tmp_path / "storescp"
    folder.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [require_tool("storescp"), "-aet", "COUNTER", "-od", str(folder), "+uf", str(port)],
        env={**os.environ, "TCP_NODELAY": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _listening(port))
        yield port, folder
    finally:
        process.terminate()
        process.wait(timeout=10)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def test_every_destination_receives_each_object_exactly_once_while_another_is_down(
    orthanc: Orthanc,
    counting_scp: tuple[int, Path],
    layout: DataLayout,
    db: Database,
    analysis_with_findings: SeriesAnalysis,
) -> None:
    port, received = counting_scp
    base = make_config(layout.root, orthanc)
    counter = PacsDestination(name="counter", ae_title="COUNTER", host="127.0.0.1", port=port)
    config = dataclasses.replace(
        base, pacs=dataclasses.replace(base.pacs, destinations=(*base.pacs.destinations, counter))
    )
    sender = OutboxSender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    for _ in range(4):  # rounds while Orthanc is down: the counter gets its objects in the first
        sender.run_once()
        time.sleep(0.25)
    orthanc.start()
    for _ in range(4):
        sender.run_once()
        time.sleep(0.25)

    assert len(list(received.iterdir())) == 2  # one file per C-STORE received: no re-send
    assert len(orthanc.stored_sop_instance_uids()) == 2
    status = sender.status()["destinations"]
    assert (status["counter"]["sent"], status["pacs"]["sent"]) == (2, 2)
    assert status["counter"]["stored_since_start"] == status["pacs"]["stored_since_start"] == 2
