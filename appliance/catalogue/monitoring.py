"""Keeping, per analysed series, what decides a model's validity and what the model said.

:func:`record_monitoring` writes one ``series_monitoring`` row per series and model version
(migration 0016), inside :func:`appliance.catalogue.findings.record_analysis`'s transaction, so
the row and the findings it counts are written together. :func:`reference_and_window` reads
what drift monitoring (:mod:`appliance.monitoring.drift`, ``docs/drift.md``) compares: the
site's first series analysed by a model (the reference) and its latest ones (the window).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from appliance.catalogue.database import Database
from appliance.findings import SeriesAnalysis

__all__ = [
    "CONFIDENCE_BINS",
    "MonitoringRecord",
    "confidence_histogram",
    "latest_version",
    "monitored_models",
    "record_monitoring",
    "reference_and_window",
]

CONFIDENCE_BINS = 10
"""The confidence histogram's bins: tenths, [0, 0.1) ... [0.9, 1.0]."""

_COLUMNS = (
    "series_uid, study_uid, model_name, model_version, first_analysed_at, analysed_at, "
    "manufacturer, manufacturer_model, kernel, slice_thickness_mm, slice_step_mm, "
    "pixel_spacing_mm, kvp, ctdi_vol_mgy, noise_hu, lung_volume_ml, mode, findings, lung_rads, "
    "confidence_histogram, analysis_s, outside_validation, validation_warnings"
)
_INSERT = f"INSERT INTO series_monitoring ({_COLUMNS}) VALUES ({', '.join(['?'] * 23)})"  # noqa: S608


@dataclasses.dataclass(frozen=True)
class MonitoringRecord:
    """One ``series_monitoring`` row: the fields drift monitoring compares."""

    series_uid: str
    model_version: str
    first_analysed_at: datetime
    slice_thickness_mm: float | None
    noise_hu: float | None
    findings: int
    lung_rads: str | None
    outside_validation: bool
    confidence_histogram: tuple[int, ...] = ()
    kernel: str | None = None
    manufacturer: str | None = None


def confidence_histogram(confidences: Sequence[float]) -> list[int]:
    """Findings per confidence tenth (a confidence of 1.0 counts in the last bin)."""
    counts = [0] * CONFIDENCE_BINS
    for value in confidences:
        counts[min(max(int(value * CONFIDENCE_BINS), 0), CONFIDENCE_BINS - 1)] += 1
    return counts


def _row(analysis: SeriesAnalysis, first: datetime, now: datetime) -> list[Any]:
    i = analysis.inputs
    return [
        analysis.series_uid, analysis.study_uid, analysis.model_name, analysis.model_version,
        first, now, i.get("manufacturer"), i.get("manufacturer_model"), i.get("kernel"),
        i.get("slice_thickness_mm"), i.get("slice_step_mm"), i.get("pixel_spacing_mm"),
        i.get("kvp"), i.get("ctdi_vol_mgy"), i.get("noise_hu"), i.get("lung_volume_ml"),
        analysis.mode, len(analysis.findings), analysis.lung_rads,
        confidence_histogram([f.confidence for f in analysis.findings]),
        round(sum(analysis.timings_s.values()), 3), bool(analysis.validation_warnings),
        list(analysis.validation_warnings),
    ]  # fmt: skip


def record_monitoring(
    con: duckdb.DuckDBPyConnection, analysis: SeriesAnalysis, now: datetime
) -> None:
    """Write (or replace) the series' row for this model version, on ``con`` inside the
    caller's transaction; a re-analysis keeps the first analysis' time."""
    key = [analysis.series_uid, analysis.model_name, analysis.model_version]
    where = "WHERE series_uid = ? AND model_name = ? AND model_version = ?"
    found = con.execute(f"SELECT first_analysed_at FROM series_monitoring {where}", key).fetchall()  # noqa: S608
    con.execute(f"DELETE FROM series_monitoring {where}", key)  # noqa: S608
    con.execute(_INSERT, _row(analysis, found[0][0] if found else now, now))


def monitored_models(db: Database) -> list[str]:
    """The models that have analysed at least one series."""
    rows = db.execute("SELECT DISTINCT model_name FROM series_monitoring ORDER BY 1")
    return [str(r[0]) for r in rows]


def latest_version(db: Database, model_name: str) -> str | None:
    """The version of the model's most recent analysis (the live one)."""
    rows = db.execute(
        "SELECT model_version FROM series_monitoring WHERE model_name = ? "
        "ORDER BY analysed_at DESC, first_analysed_at DESC LIMIT 1",
        [model_name],
    )
    return str(rows[0][0]) if rows else None


_SELECT = (
    "SELECT series_uid, model_version, first_analysed_at, slice_thickness_mm, noise_hu, "
    "findings, lung_rads, outside_validation, confidence_histogram, kernel, manufacturer, "
    "row_number() OVER (ORDER BY first_analysed_at, series_uid) AS seq "
    "FROM series_monitoring WHERE model_name = ? AND (? IS NULL OR model_version = ?)"
)


def _records(rows: list[dict[str, Any]]) -> list[MonitoringRecord]:
    return [
        MonitoringRecord(
            series_uid=r["series_uid"],
            model_version=r["model_version"],
            first_analysed_at=r["first_analysed_at"],
            slice_thickness_mm=r["slice_thickness_mm"],
            noise_hu=r["noise_hu"],
            findings=int(r["findings"]),
            lung_rads=r["lung_rads"],
            outside_validation=bool(r["outside_validation"]),
            confidence_histogram=tuple(r["confidence_histogram"] or ()),
            kernel=r["kernel"],
            manufacturer=r["manufacturer"],
        )
        for r in rows
    ]


def reference_and_window(
    db: Database, model_name: str, *, reference: int, window: int, version: str | None = None
) -> tuple[list[MonitoringRecord], list[MonitoringRecord]]:
    """The model's first ``reference`` series (all versions, or ``version``'s) in the order
    they were first analysed, and its latest ``window`` series after them (oldest first)."""
    params = [model_name, version, version]
    first = db.query_dicts(
        f"SELECT * FROM ({_SELECT}) WHERE seq <= ? ORDER BY seq",  # noqa: S608
        [*params, reference],
    )
    latest = db.query_dicts(
        f"SELECT * FROM ({_SELECT}) WHERE seq > ? ORDER BY seq DESC LIMIT ?",  # noqa: S608
        [*params, reference, window],
    )
    return _records(first), _records(latest[::-1])
