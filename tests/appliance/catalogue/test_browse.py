"""What the API shows of the patient data, read from a real catalogue file: whole-row types
name their tables' columns, lists filter and page, a study's detail gathers its parts, the feed
shows each series' latest analysis, and a nodule's track stays within its patient."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from appliance.catalogue import browse, counts, instances, jobs, outbox
from appliance.catalogue.audit_log import AuditRow
from appliance.catalogue.browse import FindingRecord, SeriesRecord, StudyRecord
from appliance.catalogue.database import Database, open_database
from appliance.catalogue.instances import InstanceRow, PatientRow, SeriesRow, StudyRow

T0 = datetime(2026, 12, 5, 9, 0, 0)


def _columns(db: Database, table: str) -> list[str]:
    rows = db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    )
    return [str(r[0]) for r in rows]


def _fields(row_type: type) -> list[str]:
    return [f.name for f in dataclasses.fields(row_type)]


def _receive(db: Database, patient: str, study: str, series: str, when: datetime, n: int) -> None:
    """``n`` images of one series, through the receiving side's own writer."""
    for number in range(1, n + 1):
        sop = f"{series}.{number}"
        instances.record_instances(
            db,
            [PatientRow(patient, f"DOE^{patient}", "F", date(1960, 1, 1))],
            [StudyRow(study, patient, f"A{study}", when.date(), None, "CT", "CHEST", "Chest CT",
                      None, None, None, 66, when, None)],
            [SeriesRow(series, study, "CT", 1, "Lung 1mm", "CHEST", None, None, None, 512, 512,
                       [0.7, 0.7], 1.0, None, when, when, "CT_ROOM1", "10.0.0.5", None)],
            [InstanceRow(sop, 1, series, study, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
                         number, [0.0, 0.0, float(number)], [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                         float(number), 512, 512, f"store/{sop}.dcm", "ab" * 32, 1000,
                         when + timedelta(seconds=number), "CT_ROOM1", 1, 1, [0.7, 0.7], 1.0,
                         "10.0.0.5")],
        )  # fmt: skip


def _finding(
    db: Database, finding_id: str, study: str, series: str | None, **values: object
) -> None:
    row = {"kind": "nodule", "source": "analysis", **values}
    names = ["finding_id", "study_uid", "series_uid", *row]
    db.execute(
        f"INSERT INTO findings ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [finding_id, study, series, *row.values()],
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """Two patients: P1 with a prior (2025) and a current study (2026) sharing track T1, and
    P2 whose finding reuses the name T1 (an imported cohort's track ids need not be unique)."""
    with open_database(tmp_path / "c.duckdb") as database:
        _receive(database, "P1", "S-prior", "S-prior.1", T0 - timedelta(days=365), 2)
        _receive(database, "P1", "S-now", "S-now.1", T0, 3)
        _receive(database, "P2", "S-other", "S-other.1", T0 + timedelta(hours=1), 1)
        database.execute(
            "UPDATE studies SET priority = 'urgent', lung_rads = '4B' WHERE study_uid = 'S-now'"
        )
        _finding(database, "F-prior", "S-prior", None, diameter_mm=6.0, track_id="T1",
                 lung_rads="2", center_mm=[0.0, 0.0, 1.0])  # fmt: skip
        _finding(database, "F-big", "S-now", "S-now.1", diameter_mm=12.0, track_id="T1",
                 lung_rads="4B", center_mm=[1.0, 2.0, 2.4], prior_finding_id="F-prior")  # fmt: skip
        _finding(database, "F-small", "S-now", "S-now.1", diameter_mm=4.0, lung_rads="2")
        _finding(database, "F-p2", "S-other", "S-other.1", diameter_mm=5.0, track_id="T1")
        yield database


@pytest.mark.parametrize(
    ("row_type", "table", "extra"),
    [
        (StudyRecord, "studies", ["patient_name", "sex"]),
        (SeriesRecord, "series", []),
        (FindingRecord, "findings", []),
        (AuditRow, "audit_log", []),
    ],
)
def test_each_whole_row_type_names_its_tables_columns_in_order(
    tmp_path: Path, row_type: type, table: str, extra: list[str]
) -> None:
    """A migration that adds a column fails here until the row type (and the API) has it."""
    with open_database(tmp_path / "c.duckdb") as db:
        assert _fields(row_type) == _columns(db, table) + extra


def test_lists_filter_and_page_with_the_total_that_matched(db: Database) -> None:
    studies = browse.list_studies(db, limit=2, offset=0)
    assert studies.total == 3
    assert [s.study_uid for s in studies.rows] == ["S-other", "S-now"]  # newest received first
    assert studies.rows[0].patient_name == "DOE^P2" and studies.rows[0].sex == "F"
    urgent = browse.list_studies(db, limit=50, offset=0, priority="urgent")
    assert [(s.study_uid, s.lung_rads) for s in urgent.rows] == [("S-now", "4B")]
    assert browse.list_studies(db, limit=50, offset=0, date_to=date(2026, 1, 1)).total == 1
    findings = browse.list_findings(db, limit=1, offset=1, min_diameter_mm=5.0)
    assert findings.total == 3
    assert [f.finding_id for f in findings.rows] == ["F-prior"]  # 12, then 6 (offset 1), then 5
    assert findings.rows[0].center_mm == [0.0, 0.0, 1.0]
    series = browse.list_series(db, limit=50, offset=0, study_uid="S-now", state="receiving")
    assert [(s.series_uid, s.instance_count) for s in series.rows] == [("S-now.1", 3)]
    assert browse.list_series(db, limit=50, offset=0, modality="MR").total == 0


def test_a_studys_detail_gathers_its_series_findings_jobs_report_and_pacs_state(
    db: Database,
) -> None:
    jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="S-now", series_uid="S-now.1")
    jobs.enqueue(db, jobs.SHADOW_ANALYSIS, study_uid="S-now", series_uid="S-now.1", model="m@2")
    db.execute(
        "INSERT INTO reports (study_uid, report_date, text, source) "
        "VALUES ('S-now', DATE '2026-12-05', 'Nodule RUL.', 'api')"
    )
    for channel, destination in (("dicom", "pacs"), ("hl7", "ris")):
        outbox.add_rows(
            db,
            channel,
            [destination],
            object_path=f"outbox/{channel}",
            sop_class_uid="1.2",
            sop_instance_uid=f"9.{channel}",
            study_uid="S-now",
            series_uid="S-now.1",
            now=T0,
        )
    detail = browse.study_detail(db, "S-now")
    assert detail is not None
    assert (detail.patient_name, detail.birth_date, detail.patient_age_years) == (
        "DOE^P1",
        date(1960, 1, 1),
        66,
    )
    assert [s.series_uid for s in detail.series] == ["S-now.1"]
    assert [f.finding_id for f in detail.findings] == ["F-big", "F-small"]  # largest first
    assert [j.kind for j in detail.jobs] == [jobs.ANALYSE_SERIES]  # no shadow analyses
    assert detail.report is not None and detail.report.text == "Nodule RUL."
    assert detail.sent_state == "pending"
    assert browse.study_detail(db, "S-unknown") is None
    assert browse.study_exists(db, "S-now") and not browse.study_exists(db, "S-unknown")


def test_the_feed_shows_each_series_latest_analysis_and_its_studys_pacs_state(
    db: Database,
) -> None:
    first = jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="S-now", series_uid="S-now.1")
    claimed = jobs.claim_next(db)
    assert claimed is not None and claimed.job_id == first
    jobs.fail(db, first, "cannot assemble volume", max_attempts=1)
    jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid="S-now", series_uid="S-now.1")
    outbox.add_rows(
        db,
        "dicom",
        ["pacs"],
        object_path="outbox/a",
        sop_class_uid="1.2",
        sop_instance_uid="9.1",
        study_uid="S-now",
        series_uid="S-now.1",
        now=T0,
    )
    rows = browse.feed(db, 2)
    assert [r.series_uid for r in rows] == ["S-other.1", "S-now.1"]
    now = rows[1]
    assert (now.analysis_state, now.analysis_error, now.sent_state) == ("queued", None, "pending")
    assert (now.instance_count, now.lung_rads, now.priority) == (3, "4B", "urgent")
    assert rows[0].analysis_state is None and rows[0].sent_state is None


def test_worklist_cards_count_each_studys_findings(db: Database) -> None:
    cards = browse.study_cards(db, ["S-now", "S-prior", "S-unknown"])
    assert {uid: (c.findings, c.accession) for uid, c in cards.items()} == {
        "S-now": (2, "AS-now"),
        "S-prior": (1, "AS-prior"),
    }
    assert browse.study_cards(db, []) == {}


def test_a_track_stays_within_its_patient_oldest_exam_first(db: Database) -> None:
    head = browse.track_head(db, "F-big")
    assert head == browse.TrackHead("T1", "P1")
    exams = browse.track_exams(db, "F-big", head)
    assert [(e.finding_id, e.study_date, e.has_images) for e in exams] == [
        ("F-prior", (T0 - timedelta(days=365)).date(), False),  # no series: its images are not here
        ("F-big", T0.date(), True),
    ]
    untracked = browse.track_head(db, "F-small")
    assert untracked is not None and untracked.track_id is None
    assert [e.finding_id for e in browse.track_exams(db, "F-small", untracked)] == ["F-small"]
    assert browse.track_head(db, "F-unknown") is None


def test_a_findings_position_and_the_slices_of_its_series(db: Database) -> None:
    found = browse.finding_position(db, "F-big")
    assert found == browse.FindingPosition("F-big", "S-now.1", [1.0, 2.0, 2.4], 12.0)
    assert browse.finding_position(db, "F-unknown") is None
    slices = instances.slice_positions(db, "S-now.1")
    assert sorted(s.image_position_mm[2] for s in slices) == [1.0, 2.0, 3.0]
    assert all(s.path.startswith("store/") for s in slices)
    assert instances.slice_positions(db, "S-unknown") == []


def test_outbox_reads_across_channels(db: Database) -> None:
    assert outbox.has_outbox(db)
    outbox.add_rows(
        db,
        "dicom",
        ["pacs", "backup"],
        object_path="outbox/a",
        sop_class_uid="1.2",
        sop_instance_uid="9.1",
        study_uid="S-now",
        series_uid=None,
        now=T0,
    )
    outbox.add_rows(
        db,
        "hl7",
        ["ris"],
        object_path="outbox/m",
        sop_class_uid="ORU",
        sop_instance_uid="9.2",
        study_uid="S-other",
        series_uid=None,
        now=T0,
    )
    rows = {r.destination: r for r in outbox.rows_in_states(db, "dicom", ["pending"])}
    later = T0 + timedelta(minutes=1)
    outbox.mark_sent(db, rows["pacs"].outbox_id, status=0, note=None, now=later)
    outbox.record_attempt(db, rows["backup"].outbox_id, state="failed", attempts=5,
                          next_attempt_at=later, error="association refused", status=None,
                          now=later)  # fmt: skip
    assert outbox.counts_by_state(db) == {"pending": 1, "sent": 1, "failed": 1}
    # a study's PACS state counts its DICOM results only (the RIS message does not)
    assert outbox.pacs_state_by_study(db, ["S-now", "S-other"]) == {"S-now": "failed"}
    contacts = {c.destination: c for c in outbox.destination_contacts(db)}
    assert sorted(contacts) == ["backup", "pacs", "ris"]
    assert contacts["pacs"] == outbox.DestinationContact("pacs", 0, 1, 0, later, None, None)
    assert contacts["backup"] == outbox.DestinationContact(
        "backup", 0, 0, 1, None, later, "association refused"
    )
    assert (contacts["ris"].pending, contacts["ris"].last_sent_at) == (1, None)


def test_findings_are_counted_per_lung_rads_category(db: Database) -> None:
    assert counts.findings_by_lung_rads(db) == [("2", 2), ("4B", 1), (None, 1)]
