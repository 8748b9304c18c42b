"""The outbox records every object for every destination before sending, and keeps score."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from appliance.catalogue.database import Database, open_database
from appliance.config import PacsConfig, PacsDestination
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.files import write_result_files
from appliance.results.outbox import Outbox, backoff_s, utcnow

PACS = PacsConfig(
    destinations=(
        PacsDestination(name="main", ae_title="MAINPACS", host="127.0.0.1", port=104),
        PacsDestination(name="research", ae_title="RESEARCH", host="127.0.0.1", port=105),
    ),
    retry_initial_s=2.0,
    retry_max_s=5.0,
    max_attempts=3,
)


@pytest.fixture
def layout(tmp_path: Path) -> DataLayout:
    return DataLayout.at(tmp_path / "data").create()


@pytest.fixture
def db(layout: DataLayout):
    with open_database(layout.catalogue) as database:
        yield database


@pytest.fixture
def sr_file(analysis_without_findings: SeriesAnalysis, tmp_path: Path) -> Path:
    return write_result_files(analysis_without_findings, tmp_path / "results")[0]


def add(outbox: Outbox, path: Path, uid: str = "1.2.3.4") -> list[int]:
    return outbox.add(
        path, sop_class_uid="1.2.840.10008.5.1.4.1.1.88.34", sop_instance_uid=uid, study_uid="1.2.3"
    )


def test_an_object_is_queued_once_per_destination_with_its_file_in_the_outbox(
    db: Database, layout: DataLayout, sr_file: Path
) -> None:
    outbox = Outbox(db, layout, PACS)

    ids = add(outbox, sr_file)
    again = add(outbox, sr_file)

    assert len(ids) == 2 and again == []
    items = outbox.items()
    assert [i.destination for i in items] == ["main", "research"]
    assert {i.state for i in items} == {"pending"}
    assert outbox.file(items[0]) == layout.outbox / "1.2.3.4.dcm"
    assert outbox.file(items[0]).read_bytes() == sr_file.read_bytes()


def test_without_destinations_nothing_is_queued(
    db: Database, layout: DataLayout, sr_file: Path
) -> None:
    outbox = Outbox(db, layout, PacsConfig())

    assert add(outbox, sr_file) == []
    assert list(layout.outbox.iterdir()) == []


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [backoff_s(n, PACS) for n in (1, 2, 3, 4)] == [2.0, 4.0, 5.0, 5.0]


def test_failed_tries_back_off_and_end_failed_after_max_attempts(
    db: Database, layout: DataLayout, sr_file: Path
) -> None:
    outbox = Outbox(db, layout, PACS)
    add(outbox, sr_file)
    item = outbox.due("main")[0]

    assert outbox.mark_failed_attempt(item, "refused") == "pending"
    assert outbox.due("main") == []  # not due before its backoff
    later = utcnow() + timedelta(seconds=2.5)
    item = outbox.due("main", now=later)[0]
    assert item.attempts == 1
    assert outbox.mark_failed_attempt(item, "refused") == "pending"
    item = outbox.due("main", now=later + timedelta(seconds=5))[0]
    assert outbox.mark_failed_attempt(item, "refused again") == "failed"

    status = outbox.summary()
    assert status["main"]["failed"] == 1 and status["research"]["pending"] == 1
    assert status["main"]["failures"] == [
        {"sop_instance_uid": "1.2.3.4", "attempts": 3, "error": "refused again"}
    ]
    assert outbox.retry_failed("main") == 1
    assert outbox.due("main")[0].attempts == 0


def test_max_attempts_zero_retries_for_ever(
    db: Database, layout: DataLayout, sr_file: Path
) -> None:
    outbox = Outbox(db, layout, dataclasses.replace(PACS, max_attempts=0))
    add(outbox, sr_file)
    for _ in range(20):
        item = outbox.items()[0]
        assert outbox.mark_failed_attempt(item, "down") == "pending"


def test_the_file_leaves_the_outbox_once_every_destination_has_it(
    db: Database, layout: DataLayout, sr_file: Path
) -> None:
    outbox = Outbox(db, layout, PACS)
    add(outbox, sr_file)
    main, research = outbox.items()

    outbox.mark_sent(main)
    assert outbox.file(main).exists()
    outbox.mark_sent(research)

    assert not outbox.file(main).exists()
    assert sr_file.exists()  # the results copy stays
    assert {i.state for i in outbox.items()} == {"sent"}
    assert outbox.due("main") == [] and outbox.due("research") == []


def test_pending_rows_survive_reopening_and_resume_makes_them_due(
    layout: DataLayout, sr_file: Path
) -> None:
    with open_database(layout.catalogue) as db:
        outbox = Outbox(db, layout, PACS)
        add(outbox, sr_file)
        outbox.mark_failed_attempt(outbox.items()[0], "down")
    with open_database(layout.catalogue) as db:
        outbox = Outbox(db, layout, PACS)
        assert [i.destination for i in outbox.due("main")] == []
        assert outbox.resume() == 1
        assert [i.attempts for i in outbox.due("main")] == [1]
