"""What the analysis reads of a series: the newest version of each image, and what routing
looks at (the study's description included)."""

from __future__ import annotations

from pathlib import Path

from appliance.catalogue.database import Database, open_database
from appliance.catalogue.series_inputs import RoutingRow, routing_row, series_paths


def _image(db: Database, sop: str, version: int, path: str, series: str = "1.2.1") -> None:
    db.execute(
        "INSERT INTO instances (sop_instance_uid, version, series_uid, study_uid, sop_class_uid, "
        "path, sha256, size_bytes) VALUES (?, ?, ?, '1.2', '1.2.840.10008.5.1.4.1.1.2', ?, ?, 1)",
        [sop, version, series, path, f"sha-{path}"],
    )


def test_a_resent_image_is_read_in_its_newest_version_only(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        _image(db, "9.2", 1, "store/b-first.dcm")
        _image(db, "9.2", 2, "store/b-again.dcm")
        _image(db, "9.1", 1, "store/a.dcm")
        _image(db, "9.3", 1, "store/other.dcm", series="1.2.2")

        assert series_paths(db, "1.2.1") == ["store/a.dcm", "store/b-again.dcm"]
        assert series_paths(db, "no.such.series") == []


def test_routing_reads_the_series_and_its_studys_description(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        db.execute(
            "INSERT INTO studies (study_uid, patient_id, description) "
            "VALUES ('1.2', 'P-1', 'CT CHEST LOW DOSE')"
        )
        db.execute(
            "INSERT INTO series (series_uid, study_uid, modality, body_part, description, "
            "instance_count, slice_thickness_mm, protocol_name) "
            "VALUES ('1.2.1', '1.2', 'CT', 'CHEST', 'Lung 1mm', 300, 1.0, 'LDCT')"
        )

        assert routing_row(db, "1.2.1") == RoutingRow(
            "CT", "CHEST", "Lung 1mm", 300, 1.0, "LDCT", "CT CHEST LOW DOSE"
        )
        assert routing_row(db, "no.such.series") is None
