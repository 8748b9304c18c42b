"""Every analysed series reaches the RIS as one valid HL7 v2.5.1 ORU^R01 over MLLP, exactly once.

The RIS is a real MLLP listener (hl7apy's server, :mod:`tests.appliance.results.mllp_listener`)
on a free loopback port, which validates each message strictly and files it once per MSH-10.
Results of a real CT series go through the ResultsPublisher and the outbox; the Hl7Sender
delivers them. Backoffs are tiny through the config.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.parser import parse_message

from appliance.catalogue.database import Database, open_database
from appliance.config import AppConfig, Hl7Config, Hl7Destination, StorageConfig
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.hl7 import escape
from appliance.results.hl7_sender import Hl7Sender
from appliance.results.publisher import ResultsPublisher
from tests.appliance.results.mllp_listener import MllpListener
from tests.appliance.results.waiting import wait_until


def make_config(data_dir: Path, port: int, *, max_attempts: int = 0) -> AppConfig:
    return AppConfig(
        storage=StorageConfig(data_dir=str(data_dir)),
        hl7=Hl7Config(
            destinations=(
                Hl7Destination(
                    name="ris", host="127.0.0.1", port=port, receiving_facility="RADIOLOGY"
                ),
            ),
            sending_facility="HOSP",
            patient_id_authority="HOSP",
            timeout_s=5.0,
            retry_initial_s=0.05,
            retry_max_s=0.2,
            max_attempts=max_attempts,
        ),
    )


@pytest.fixture
def listener() -> Iterator[MllpListener]:
    server = MllpListener()
    yield server
    server.stop()


def ris_state(sender: Hl7Sender) -> dict[str, object]:
    return sender.status()["destinations"]["ris"]  # type: ignore[no-any-return]


def obx_rows(er7: str) -> list[list[str]]:
    return [segment.split("|") for segment in er7.split("\r") if segment.startswith("OBX|")]


def test_the_oru_is_valid_v251_and_carries_patient_order_codes_and_summary(
    layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    config = make_config(layout.root, 1)
    published = ResultsPublisher(db, layout, config).publish(
        analysis_with_findings, priority="urgent"
    )

    (hl7_file,) = [p for p in published.files if p.suffix == ".hl7"]
    er7 = hl7_file.read_bytes().decode("utf-8")  # read_text would turn the CRs into LFs
    message = parse_message(er7, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True)
    message.validate()  # raises on any structural error
    assert message.msh.msh_9.value == "ORU^R01^ORU_R01"
    assert message.msh.msh_12.value == "2.5.1"
    assert (message.msh.msh_4.value, message.msh.msh_6.value) == ("HOSP", "RADIOLOGY")
    segments = {s.split("|")[0]: s.split("|") for s in er7.split("\r")}
    assert segments["PID"][3] == f"{analysis_with_findings.patient_id}^^^HOSP^MR"
    assert segments["OBR"][4] == "24627-2^CT Chest^LN"
    assert segments["OBR"][25] == "P"  # preliminary: a computer result awaiting a radiologist
    assert segments["TQ1"][9] == "S^Stat^HL70485"  # priority urgent
    rows = obx_rows(er7)
    assert [r[1] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    by_code = {(r[3].split("^")[0], r[4]): r for r in rows}
    assert by_code[("110180", "")][5] == analysis_with_findings.study_uid
    assert by_code[("RID50134", "")][5] == "RID50140^Lung-RADS 4B^RADLEX"
    assert by_code[("PRIORITY", "")][5] == "urgent"
    first, second = analysis_with_findings.findings
    assert by_code[("81827009", "1")][5:7] == [f"{first.diameter_mm:.1f}", "mm^mm^UCUM"]
    assert by_code[("118565006", "2")][5:7] == [
        f"{second.volume_mm3:.1f}",
        "mm3^cubic millimeter^UCUM",
    ]
    assert by_code[("112031", "2")][6].startswith("[hnsf'U]^")
    assert by_code[("121071", "2")][5] == "4147007^Mass^SCT"
    assert by_code[("363698007", "2")][5] == "41224006^Lower lobe of left lung^SCT"
    assert by_code[("RID46010", "2")][5] == "RID46011^Partially solid^RADLEX"
    assert by_code[("RID5196", "2")][5] == "52101004^Present^SCT"
    assert by_code[("RID50134", "1")][5] == "RID50139^Lung-RADS 4A^RADLEX"
    summary = [r[5] for r in rows if r[3].startswith("121111^")]
    text_file = next(p for p in published.files if p.suffix == ".txt")
    assert summary == [escape(line) for line in text_file.read_text().splitlines()]
    assert all(r[11] == "P" for r in rows)


def test_a_series_reaches_the_ris_once_and_the_outbox_copy_is_released(
    listener: MllpListener,
    layout: DataLayout,
    db: Database,
    analysis_with_findings: SeriesAnalysis,
) -> None:
    listener.start()
    config = make_config(layout.root, listener.port)
    sender = Hl7Sender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    assert sender.run_once() == 1
    assert sender.run_once() == 0

    (item,) = sender.outbox.items()
    assert list(listener.filed) == listener.arrivals == [item.sop_instance_uid]
    filed = listener.filed[item.sop_instance_uid]
    assert filed.ORU_R01_PATIENT_RESULT.ORU_R01_PATIENT.pid.pid_3.value.startswith(
        analysis_with_findings.patient_id
    )
    state = ris_state(sender)
    assert (state["pending"], state["sent"], state["failed"]) == (0, 1, 0)
    assert list(layout.outbox.glob("*.hl7")) == []


def test_a_nak_is_retried_with_the_same_control_id_until_the_ris_accepts(
    listener: MllpListener, layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    listener.start()
    listener.answers = [("AE", "patient not found"), ("AE", "patient not found")]
    config = make_config(layout.root, listener.port)
    sender = Hl7Sender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    assert sender.run_once() == 0
    state = ris_state(sender)
    assert state["pending"] == 1
    assert "answered AE (application error): patient not found" in str(state["last_error"])
    time.sleep(0.06)
    assert sender.run_once() == 0
    time.sleep(0.12)
    assert sender.run_once() == 1

    (item,) = sender.outbox.items()
    assert listener.arrivals == [item.sop_instance_uid] * 3
    assert list(listener.filed) == [item.sop_instance_uid]
    assert (item.state, item.attempts) == ("sent", 3)


def test_a_ris_that_rejects_ends_failed_with_its_reason_after_max_attempts(
    listener: MllpListener,
    layout: DataLayout,
    db: Database,
    analysis_without_findings: SeriesAnalysis,
) -> None:
    listener.start()
    listener.answers = [("AR", "unknown sending facility")] * 5
    config = make_config(layout.root, listener.port, max_attempts=2)
    sender = Hl7Sender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_without_findings)

    sender.run_once()
    time.sleep(0.06)
    sender.run_once()

    state = ris_state(sender)
    assert (state["pending"], state["sent"], state["failed"]) == (0, 0, 1)
    (failure,) = state["failures"]  # type: ignore[misc]
    assert failure["attempts"] == 2
    assert "answered AR (rejected): unknown sending facility" in failure["error"]
    assert listener.filed == {}


def test_a_ris_down_while_results_are_made_gets_everything_once_when_it_is_back(
    listener: MllpListener,
    layout: DataLayout,
    db: Database,
    analysis_with_findings: SeriesAnalysis,
    analysis_without_findings: SeriesAnalysis,
) -> None:
    config = make_config(layout.root, listener.port)
    sender = Hl7Sender(db, layout, config, poll_interval_s=0.1)
    publisher = ResultsPublisher(db, layout, config, notify=sender.wake)
    sender.start()
    try:
        publisher.publish(analysis_with_findings)
        publisher.publish(analysis_without_findings)

        def tried_and_kept() -> bool:
            """both messages tried at least twice while the RIS is down"""
            return all(i.attempts >= 2 and i.state == "pending" for i in sender.outbox.items())

        wait_until(tried_and_kept)
        assert "cannot reach the MLLP listener" in str(ris_state(sender)["last_error"])
        listener.start()

        def all_sent() -> bool:
            """both messages sent"""
            return ris_state(sender)["sent"] == 2

        wait_until(all_sent)
        time.sleep(0.5)  # more rounds: nothing is sent again
        expected = sorted(i.sop_instance_uid for i in sender.outbox.items())
        assert sorted(listener.arrivals) == sorted(listener.filed) == expected
        assert ris_state(sender)["delivered_since_start"] == 2
    finally:
        sender.stop()


def test_a_lost_ack_resends_the_same_message_and_the_ris_files_it_once(
    listener: MllpListener, layout: DataLayout, db: Database, analysis_with_findings: SeriesAnalysis
) -> None:
    listener.start()
    listener.answers = [("hangup", "")]
    config = make_config(layout.root, listener.port)
    sender = Hl7Sender(db, layout, config)
    ResultsPublisher(db, layout, config).publish(analysis_with_findings)

    assert sender.run_once() == 0
    assert "closed the connection without an acknowledgement" in str(
        ris_state(sender)["last_error"]
    )
    time.sleep(0.06)
    assert sender.run_once() == 1

    (item,) = sender.outbox.items()
    assert listener.arrivals == [item.sop_instance_uid] * 2
    assert list(listener.filed) == [item.sop_instance_uid]


def test_a_restarted_sender_delivers_what_an_earlier_one_left_pending(
    listener: MllpListener,
    layout: DataLayout,
    analysis_with_findings: SeriesAnalysis,
) -> None:
    config = make_config(layout.root, listener.port)
    with open_database(layout.catalogue) as db:
        first = Hl7Sender(db, layout, config)
        ResultsPublisher(db, layout, config).publish(analysis_with_findings)
        assert first.run_once() == 0  # the RIS is down
    listener.start()
    with open_database(layout.catalogue) as db:  # the appliance restarted
        second = Hl7Sender(db, layout, config, poll_interval_s=0.1)
        second.start()
        try:
            wait_until(lambda: ris_state(second)["sent"] == 1)
        finally:
            second.stop()
        (item,) = second.outbox.items()
        assert listener.arrivals == [item.sop_instance_uid]
