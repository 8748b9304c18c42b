"""The received-image rows: each row type names its table's columns in order, a batch that
names a series twice keeps its last row, a late image reopens a complete series, and a failed
batch is a CatalogueError (not a DuckDB error the receiving side would have to know)."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from appliance.catalogue import instances
from appliance.catalogue.database import Database, open_database
from appliance.catalogue.instances import (
    InstanceRow,
    PatientRow,
    SeriesRow,
    StudyRow,
    complete_series,
    instance_paths,
    receiving_series,
    record_instances,
)
from appliance.errors import CatalogueError

T0 = datetime(2026, 12, 5, 10, 0, 0)


@pytest.mark.parametrize(
    ("row", "sql"),
    [
        (PatientRow, instances._PATIENTS),
        (StudyRow, instances._STUDIES),
        (SeriesRow, instances._SERIES),
        (InstanceRow, instances._INSTANCES),
    ],
)
def test_each_row_type_lists_its_insert_columns_in_order(row: type, sql: str) -> None:
    columns = re.search(r"INSERT INTO \w+ \(([^)]*)\)", sql)
    assert columns is not None
    assert columns.group(1).split(", ") == [f.name for f in dataclasses.fields(row)]


def _batch(sop: str, series_uid: str, when: datetime, *, expected: int | None = None) -> tuple:
    patient = PatientRow("P1", "DOE^JANE", "F", None)
    study = StudyRow(
        "1.2", "P1", "A1", None, None, "CT", "CHEST", None, None, None, None, 60, when, None
    )
    series = SeriesRow(
        series_uid, "1.2", "CT", 1, None, "CHEST", None, None, None, 512, 512, [0.7, 0.7], 1.0,
        expected, when, when, "SCANNER", "127.0.0.1", None,
    )  # fmt: skip
    instance = InstanceRow(
        sop, 1, series_uid, "1.2", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", 1,
        [0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, 1.0, 0.0], 0.0, 512, 512, f"store/{sop}.dcm",
        "ab" * 32, 1000, when, "SCANNER", 1, 1, [0.7, 0.7], 1.0, "127.0.0.1",
    )  # fmt: skip
    return [patient], [study], [series], [instance]


@pytest.fixture
def db(tmp_path: Path):
    with open_database(tmp_path / "c.duckdb") as database:
        yield database


def test_a_batch_records_its_rows_and_a_late_image_reopens_the_series(db: Database) -> None:
    assert record_instances(db, *_batch("1.2.3.1", "1.2.3", T0, expected=2)) == 1
    patients, studies, series, _ = _batch("1.2.3.2", "1.2.3", T0 + timedelta(seconds=1))
    later = _batch("1.2.3.2", "1.2.3", T0 + timedelta(seconds=2), expected=2)[2]
    assert (
        record_instances(db, patients, studies, series + later, _batch("1.2.3.2", "1.2.3", T0)[3])
        == 1
    )

    (receiving,) = receiving_series(db)
    assert (receiving.series_uid, receiving.instance_count, receiving.expected_instances) == (
        "1.2.3", 2, 2,
    )  # fmt: skip
    assert instance_paths(db) == {"store/1.2.3.1.dcm", "store/1.2.3.2.dcm"}
    assert complete_series(db, receiving, "expected count", T0 + timedelta(minutes=1))
    assert receiving_series(db) == []

    record_instances(db, *_batch("1.2.3.3", "1.2.3", T0 + timedelta(minutes=2)))
    assert [s.instance_count for s in receiving_series(db)] == [3]


def test_completion_loses_to_an_image_that_arrived_since_the_series_was_read(db: Database) -> None:
    record_instances(db, *_batch("1.2.3.1", "1.2.3", T0))
    (stale,) = receiving_series(db)
    record_instances(db, *_batch("1.2.3.2", "1.2.3", T0 + timedelta(seconds=5)))
    assert not complete_series(db, stale, "quiet period", T0 + timedelta(minutes=1))


def test_a_failed_batch_is_a_catalogue_error_and_records_nothing(db: Database) -> None:
    patients, studies, series, rows = _batch("1.2.3.1", "1.2.3", T0)
    broken = [dataclasses.replace(rows[0], study_uid=None)]  # type: ignore[arg-type]
    with pytest.raises(CatalogueError, match="recording 1 instances failed"):
        record_instances(db, patients, studies, series, broken)
    assert instance_paths(db) == set()
    assert db.execute("SELECT count(*) FROM patients")[0][0] == 0
