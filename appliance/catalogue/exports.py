"""The catalogue's part of a research export: which files and findings a cohort has, and the record.

:mod:`appliance.export.exporter` asks here for the stored images of the cohort's studies (the
newest version of each instance) and their findings, and records each finished export in the
append-only ``exports`` table (migration 0014). The findings table is written as Parquet by an
in-memory DuckDB, so no Parquet library is needed.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from appliance.catalogue.database import Database

__all__ = [
    "ExportRecord",
    "StoredInstance",
    "cohort_findings",
    "cohort_instances",
    "known_studies",
    "record_export",
    "write_parquet",
]


@dataclasses.dataclass(frozen=True)
class StoredInstance:
    study_uid: str
    series_uid: str
    sop_instance_uid: str
    path: str
    """Relative to the data directory."""


@dataclasses.dataclass(frozen=True)
class ExportRecord:
    name: str
    requested_by: str
    role: str | None
    question: str | None
    study_count: int
    file_count: int
    refused: list[dict[str, str]]
    size_bytes: int
    seconds: float
    out_dir: str
    map_path: str


def known_studies(db: Database, study_uids: Sequence[str]) -> list[str]:
    """Those of ``study_uids`` that the catalogue has, in the order given."""
    rows = db.execute(
        "SELECT study_uid FROM studies WHERE study_uid IN (SELECT unnest(?))", [list(study_uids)]
    )
    found = {str(r[0]) for r in rows}
    return [uid for uid in study_uids if uid in found]


def cohort_instances(db: Database, study_uids: Sequence[str]) -> list[StoredInstance]:
    """The stored images of the studies (newest version of each), study by study, in order."""
    rows = db.execute(
        "SELECT study_uid, series_uid, sop_instance_uid, path FROM instances "
        "WHERE study_uid IN (SELECT unnest(?)) "
        "QUALIFY row_number() OVER (PARTITION BY sop_instance_uid ORDER BY version DESC) = 1 "
        "ORDER BY study_uid, series_uid, instance_number NULLS LAST, sop_instance_uid",
        [list(study_uids)],
    )
    return [StoredInstance(*(str(v) for v in row)) for row in rows]


def cohort_findings(db: Database, study_uids: Sequence[str]) -> list[dict[str, Any]]:
    """The findings of the studies with their patient and study date (for the export table)."""
    return db.query_dicts(
        "SELECT s.patient_id, f.study_uid, f.series_uid, f.finding_id, s.study_date, "
        "f.kind, f.lobe, f.side, f.long_axis_mm, f.short_axis_mm, f.diameter_mm, f.volume_mm3, "
        "f.mean_hu, f.attenuation, f.solid_component_mm, f.margin, f.calcified, f.lung_rads, "
        "f.track_id, f.confidence, f.model_name, f.model_version "
        "FROM findings f JOIN studies s USING (study_uid) "
        "WHERE f.study_uid IN (SELECT unnest(?)) ORDER BY f.study_uid, f.finding_id",
        [list(study_uids)],
    )


def record_export(db: Database, record: ExportRecord) -> int:
    """Append the export's record; return its id."""
    rows = db.execute(
        "INSERT INTO exports (name, requested_by, role, question, study_count, file_count, "
        "refused_count, refused, size_bytes, seconds, out_dir, map_path) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING export_id",
        [
            record.name,
            record.requested_by,
            record.role,
            record.question,
            record.study_count,
            record.file_count,
            len(record.refused),
            json.dumps(record.refused),
            record.size_bytes,
            record.seconds,
            record.out_dir,
            record.map_path,
        ],
    )
    return int(rows[0][0])


def write_parquet(
    rows: Sequence[Sequence[Any]], columns: Sequence[tuple[str, str]], path: Path
) -> Path:
    """Write ``rows`` with ``columns`` ((name, DuckDB type), fixed by the caller) as Parquet."""
    con = duckdb.connect()
    try:
        definition = ", ".join(f'"{name}" {kind}' for name, kind in columns)
        con.execute(f"CREATE TABLE export_rows ({definition})")
        if rows:
            marks = ", ".join("?" for _ in columns)
            con.executemany(f"INSERT INTO export_rows VALUES ({marks})", [list(r) for r in rows])  # noqa: S608
        con.table("export_rows").write_parquet(str(path))
    finally:
        con.close()
    return path
