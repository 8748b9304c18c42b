"""The report text, imported cohort and SR intake tables, read and written through the
catalogue's typed rows on a real catalogue file: each row type is its table's columns with
their types, a report written again replaces its sentences and mentions, similar sentences come
best first, an import is idempotent, and an SR instance is pending until it is recorded."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from appliance.catalogue import cohort, instances, reports, sr_reports
from appliance.catalogue.bulk import columns_of
from appliance.catalogue.database import Database, open_database
from appliance.errors import CatalogueError

BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "catalogue.duckdb") as database:
        yield database


def _column_types(db: Database, table: str) -> dict[str, str]:
    rows = db.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
        [table],
    )
    return {str(name): str(kind) for name, kind in rows}


@pytest.mark.parametrize(
    ("table", "row_type"),
    [
        ("reports", reports.ReportRow),
        ("report_sentences", reports.SentenceRow),
        ("report_mentions", reports.MentionRow),
        ("patients", cohort.ImportedPatient),
        ("studies", cohort.ImportedStudy),
        ("findings", cohort.ImportedFinding),
    ],
)
def test_each_written_row_type_is_columns_of_its_table_with_their_types(
    db: Database, table: str, row_type: type
) -> None:
    table_columns = _column_types(db, table)
    for name, kind in columns_of(row_type):
        assert table_columns.get(name) == kind, f"{table}.{name}"


def test_a_field_type_without_a_column_type_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd:
        values: list[float]

    with pytest.raises(CatalogueError, match=r"Odd\.values"):
        columns_of(Odd)


def _vector(*head: float) -> list[float]:
    return [*head, *([0.0] * (reports.EMBEDDING_SIZE - len(head)))]


def _store(db: Database, uid: str, *sentences: str) -> None:
    rows = [reports.SentenceRow(uid, n, "FINDINGS", text) for n, text in enumerate(sentences)]
    mentions = [
        reports.MentionRow(uid, 0, "emphysema", None, "emphysema", False, False, False,
                           "affirmed", "current", None),
    ]  # fmt: skip
    vectors = {text: _vector(1.0, float(n)) for n, text in enumerate(sentences)}
    reports.replace_reports(
        db,
        [reports.ReportRow(uid, date(2026, 11, 1), " ".join(sentences), "api")],
        rows,
        mentions,
        vectors,
    )


def test_writing_a_report_again_replaces_its_sentences_and_mentions(db: Database) -> None:
    _store(db, "1.2.3", "Emphysema.", "A 6 mm nodule.", "No effusion.")
    _store(db, "1.2.3", "Emphysema again.")
    assert reports.report_texts(db) == {"1.2.3": "Emphysema again."}
    assert reports.stored_sentences(db) == [
        reports.SentenceRow("1.2.3", 0, "FINDINGS", "Emphysema again.")
    ]
    assert db.execute("SELECT count(*) FROM report_mentions")[0][0] == 1


def test_similar_sentences_come_best_first_above_the_threshold(db: Database) -> None:
    _store(db, "1.2.3", "Emphysema.", "A nodule.")
    _store(db, "4.5.6", "Effusion.")
    found = reports.similar_sentences(db, _vector(1.0, 0.0), limit=10, min_similarity=0.5)
    assert [(s.study_uid, s.text) for s in found][:2] == [
        ("1.2.3", "Emphysema."),
        ("4.5.6", "Effusion."),
    ]
    assert found[0].similarity == pytest.approx(1.0)
    assert all(a.similarity >= b.similarity >= 0.5 for a, b in itertools.pairwise(found))


def test_rereading_replaces_every_mention(db: Database) -> None:
    _store(db, "1.2.3", "Emphysema.")
    _store(db, "4.5.6", "Emphysema.")
    reports.replace_all_mentions(
        db,
        [reports.MentionRow("1.2.3", 0, "emphysema", None, "Emphysema", True, False, False,
                            "negated", "current", None)],
    )  # fmt: skip
    assert db.execute("SELECT study_uid, negated FROM report_mentions") == [("1.2.3", True)]


def _cohort(db: Database, diameter: float) -> None:
    cohort.upsert_cohort(
        db,
        [cohort.ImportedPatient("P1", "F", date(1960, 5, 1))],
        [cohort.ImportedStudy("S1", "P1", "A1", date(2026, 1, 2), "CT", "CHEST", "Chest CT",
                              None, 65, "3")],
        [cohort.ImportedFinding("F1", "S1", None, "nodule", "RUL", "right", diameter, None,
                                diameter, None, None, "solid", None, None, False, "3", "T1",
                                0.9)],
    )  # fmt: skip


def test_importing_again_updates_in_place_marked_as_imported(db: Database) -> None:
    _cohort(db, 6.0)
    _cohort(db, 7.5)
    assert db.execute("SELECT patient_id, source FROM patients") == [("P1", "import")]
    assert db.execute("SELECT study_uid, lung_rads, source FROM studies") == [("S1", "3", "import")]
    assert db.execute("SELECT finding_id, diameter_mm, source FROM findings") == [
        ("F1", 7.5, "import")
    ]


def _receive(db: Database, sop: str, sop_class: str, when: datetime) -> None:
    series = f"{sop}.series"
    instances.record_instances(
        db,
        [instances.PatientRow("P1", "DOE^JO", "F", date(1960, 1, 1))],
        [instances.StudyRow("S1", "P1", "A1", when.date(), None, "CT", "CHEST", None, None, None,
                            None, 66, when, None)],
        [instances.SeriesRow(series, "S1", "SR", 900, None, None, None, None, None, None, None,
                             None, None, None, when, when, None, None, None)],
        [instances.InstanceRow(sop, 1, series, "S1", sop_class, "1.2.840.10008.1.2.1", 1, None,
                               None, None, None, None, f"store/{sop}.dcm", "ab" * 32, 100, when,
                               None, 1, None, None, None, None)],
    )  # fmt: skip


def test_an_sr_is_pending_until_what_came_of_it_is_recorded(db: Database) -> None:
    _receive(db, "9.1", BASIC_TEXT_SR, datetime(2026, 12, 5, 9, 0))
    _receive(db, "9.2", BASIC_TEXT_SR, datetime(2026, 12, 5, 8, 0))
    _receive(db, "9.3", CT_IMAGE, datetime(2026, 12, 5, 7, 0))
    pending = sr_reports.pending_text_srs(db, {BASIC_TEXT_SR})
    assert [p.sop_instance_uid for p in pending] == ["9.2", "9.1"]
    assert pending[0] == sr_reports.PendingSr("9.2", 1, "S1", "store/9.2.dcm")
    sr_reports.record_taken(db, pending[0], "report", "3 sentences")
    sr_reports.record_taken(db, pending[0], "report", "again")
    assert [p.sop_instance_uid for p in sr_reports.pending_text_srs(db, {BASIC_TEXT_SR})] == ["9.1"]
    assert sr_reports.pending_text_srs(db, {BASIC_TEXT_SR}, limit=0) == []
