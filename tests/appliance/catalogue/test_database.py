"""The catalogue creates and upgrades its schema itself, and refuses a newer one."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.catalogue.database import migrations, open_database
from appliance.errors import CatalogueError


def test_new_file_gets_every_migration(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        assert db.schema_version() == migrations()[-1][0]
        tables = {r[0] for r in db.execute("SELECT table_name FROM information_schema.tables")}
    assert {"patients", "studies", "series", "instances", "jobs", "findings", "reports"} <= tables


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    open_database(path).close()
    with open_database(path) as db:
        assert db.execute("SELECT count(*) FROM schema_version")[0][0] == len(migrations())


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with open_database(path) as db:
        db.execute("INSERT INTO schema_version (version, name) VALUES (9999, 'future')")
    with pytest.raises(CatalogueError, match="newer ScanSide"):
        open_database(path)


def test_read_only_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no catalogue"):
        open_database(tmp_path / "missing.duckdb", read_only=True)


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        with pytest.raises(RuntimeError), db.transaction() as con:
            con.execute("INSERT INTO patients (patient_id) VALUES ('P1')")
            raise RuntimeError("crash mid-write")
        assert db.execute("SELECT count(*) FROM patients")[0][0] == 0


def test_a_missing_earlier_migration_is_still_applied(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with open_database(path) as db:
        db.execute("DROP TABLE reports")
        db.execute("DELETE FROM schema_version WHERE version = 1")
    # Version 1 is absent from the record, so it runs again -- here it fails loudly because
    # its tables exist, rather than being silently skipped.
    with pytest.raises(CatalogueError, match=r"migration 0001_core\.sql failed"):
        open_database(path)
