"""The question reader's look-ups on a real catalogue file: a word is a patient ID or an
accession number whatever its case, a study UID only exactly, and the stored spelling comes
back; the station names are the distinct ones, upper case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from appliance.catalogue import cohort
from appliance.catalogue.database import Database, open_database
from appliance.catalogue.identifiers import identify, station_names


def _study(uid: str, patient: str, accession: str, station: str | None) -> cohort.ImportedStudy:
    return cohort.ImportedStudy(
        study_uid=uid,
        patient_id=patient,
        accession=accession,
        study_date=date(2025, 3, 1),
        modality="CT",
        body_part="CHEST",
        description="CT CHEST",
        station=station,
        patient_age_years=61,
        lung_rads=None,
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "catalogue.duckdb") as database:
        cohort.upsert_cohort(
            database,
            [cohort.ImportedPatient("LIDC-0042", "F", date(1960, 1, 2))],
            [
                _study("1.2.826.0.1.99.2025", "LIDC-0042", "ACC7781", "ct-north"),
                _study("1.2.826.0.1.99.2026", "LIDC-0042", "ACC7782", "CT-NORTH"),
                _study("1.2.826.0.1.99.2027", "LIDC-0042", "ACC7783", None),
            ],
            [],
        )
        yield database


def test_a_patient_id_is_found_whatever_its_case(db: Database) -> None:
    assert identify(db, "lidc-0042") == ("patient", "LIDC-0042")


def test_an_accession_number_is_found_whatever_its_case(db: Database) -> None:
    assert identify(db, "acc7782") == ("accession", "ACC7782")


def test_a_study_uid_is_found_only_exactly(db: Database) -> None:
    assert identify(db, "1.2.826.0.1.99.2026") == ("study", "1.2.826.0.1.99.2026")
    assert identify(db, "1.2.826.0.1.99") is None


def test_a_word_that_names_nothing_is_none_and_is_never_pasted_into_sql(db: Database) -> None:
    assert identify(db, "x' OR '1'='1") is None
    assert identify(db, "2026") is None


def test_station_names_are_distinct_and_upper_case(db: Database) -> None:
    assert station_names(db) == frozenset({"CT-NORTH"})
