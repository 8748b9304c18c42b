"""Shrinking, resolved and "larger on the latest scan than on the first" on a small catalogue.

The shared cohort has no nodule that shrinks or resolves (its bank answers for those are empty),
so this builds a catalogue of three patients whose nodules do, and whose answers are known by
construction: P1's nodule T1 shrinks by 3 mm and is then not seen on a later chest CT (resolved),
and its nodule T2 appears later and grows by 0.5 mm; P2's nodule T3 grows by 2 mm five months
later; P3 has one study. Intervals and per-patient averages are checked on it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from appliance.catalogue.database import open_database
from query.engine import QueryEngine
from reports.cohort_import import import_cohort

AS_OF = "2026-11-01"
_STUDIES = (
    ("S1", "P1", "2024-01-10"),
    ("S2", "P1", "2025-01-05"),
    ("S3", "P1", "2026-01-05"),
    ("S4", "P2", "2024-03-01"),
    ("S5", "P2", "2024-08-01"),
    ("S6", "P3", "2025-06-01"),
)
_NODULES = (  # finding, study, track, diameter
    ("F1", "S1", "T1", 8.0),
    ("F2", "S2", "T1", 5.0),
    ("F3", "S2", "T2", 6.0),
    ("F4", "S3", "T2", 6.5),
    ("F5", "S4", "T3", 5.0),
    ("F6", "S5", "T3", 7.0),
)


def _write(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QueryEngine]:
    folder = tmp_path_factory.mktemp("tracks")
    _write(
        folder,
        "patients.jsonl",
        [{"patient_id": p, "sex": "F", "birth_date": "1960-05-05"} for p in ("P1", "P2", "P3")],
    )
    _write(
        folder,
        "studies.jsonl",
        [
            {
                "study_uid": uid,
                "patient_id": pid,
                "accession": f"A{uid}",
                "study_date": day,
                "modality": "CT",
                "body_part": "CHEST",
                "description": "CT CHEST LOW DOSE LUNG SCREENING",
                "station": "CT01",
            }
            for uid, pid, day in _STUDIES
        ],
    )
    _write(
        folder,
        "findings.jsonl",
        [
            {
                "finding_id": fid,
                "study_uid": uid,
                "series_uid": f"{uid}.1",
                "kind": "nodule",
                "lobe": "RUL",
                "side": None,
                "long_axis_mm": size + 1,
                "short_axis_mm": size - 1,
                "diameter_mm": size,
                "volume_mm3": 100.0,
                "mean_hu": 20,
                "attenuation": "solid",
                "solid_component_mm": None,
                "margin": "smooth",
                "calcified": False,
                "lung_rads": "2",
                "track_id": track,
                "confidence": 0.9,
            }
            for fid, uid, track, size in _NODULES
        ],
    )
    _write(
        folder,
        "reports.jsonl",
        [
            {"study_uid": uid, "report_date": day, "text": "FINDINGS: Lung nodule."}
            for uid, _, day in _STUDIES
        ],
    )
    path = folder / "catalogue.duckdb"
    with open_database(path) as db:
        import_cohort(db, folder)
    with QueryEngine(path) as engine:
        yield engine


def _keys(engine: QueryEngine, question: str, key: str) -> list[str]:
    answer = engine.answer(question, AS_OF)
    assert answer.warnings == (), answer.warnings
    return sorted({row[key] for row in answer.rows})


@pytest.mark.parametrize(
    ("question", "key", "expected"),
    [
        ("nodules that shrank", "study_uid", ["S2"]),
        ("patients whose nodules got smaller", "patient_id", ["P1"]),
        ("patients with resolved nodules", "patient_id", ["P1"]),
        ("nodules that resolved", "study_uid", ["S2"]),
        ("nodules larger on the latest scan than on the first", "study_uid", ["S3", "S5"]),
        ("nodules smaller on the latest scan than on the first", "study_uid", []),
        ("nodules that grew", "study_uid", ["S5"]),
        ("patients scanned again within 6 months", "patient_id", ["P2"]),
        ("patients scanned again within a year", "patient_id", ["P1", "P2"]),
        # P2's second scan is exactly five calendar months after the first
        ("patients scanned again within 5 months", "patient_id", ["P2"]),
        ("patients scanned again in less than 5 months", "patient_id", []),
        ("no. of patients with regressing nodules", "patient_id", ["P1"]),
    ],
)
def test_a_nodule_over_time(
    small: QueryEngine, question: str, key: str, expected: list[str]
) -> None:
    assert _keys(small, question, key) == expected


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("average number of nodules per patient", 2.0),  # 6 nodules, 3 patients
        ("average number of studies per patient", 2.0),
        ("median nodule size", 6.25),
        ("average time between first and latest scan", (726 + 153) / 2),  # P3 has one date
        ("average age of patients with nodules", 64.5),  # P1 65 on 2026-01-05, P2 64 on 2024-08-01
    ],
)
def test_one_number(small: QueryEngine, question: str, value: float) -> None:
    answer = small.answer(question, AS_OF)
    assert answer.warnings == ()
    assert answer.unit == "value" and answer.value == pytest.approx(value, abs=0.01)


def test_one_patients_days_are_a_count(small: QueryEngine) -> None:
    """One patient's span is that patient's number of days: unit count, the value kept (session
    28, A: query/one_patient_days.py)."""
    answer = small.answer("days between the first and latest scan of P2", AS_OF)
    assert answer.warnings == ()
    assert (answer.unit, answer.count, answer.value) == ("count", 153, 153.0)


def test_resolved_is_only_known_for_tracked_findings(small: QueryEngine) -> None:
    answer = small.answer("patients whose consolidation resolved", AS_OF)
    assert "resolved" in answer.query.ignored
    assert any("only for nodules and masses" in w for w in answer.warnings)


@pytest.mark.parametrize(
    ("question", "amount", "unit", "inclusive"),
    [
        ("patients scanned again within 6 months", 6, "month", True),
        ("pts rescanned within two weeks", 14, "day", True),
        ("patients with a repeat CT within a year", 12, "month", True),
        ("patients scanned again in less than 90 days", 90, "day", False),
    ],
)
def test_an_interval_is_read_with_its_unit_and_bound(
    small: QueryEngine, question: str, amount: int, unit: str, inclusive: bool
) -> None:
    follow_up = small.parse(question).filter.followed_within
    assert follow_up is not None
    assert (follow_up.amount, follow_up.unit, follow_up.inclusive) == (amount, unit, inclusive)


def test_follow_up_scans_within_a_period_stay_a_period(small: QueryEngine) -> None:
    """Without "a", "another" or "again", "within 90 days" is the last 90 days, as before."""
    query = small.parse("follow-up scans within 90 days")
    assert query.filter.followed_within is None and query.filter.dates is not None
