"""The last families' conventions at their edges, on a small catalogue built for them.

The shared cohort has no Lung-RADS category that goes down, no nodule whose volume falls, no due
day that falls on the as-of date and no head CT between two chest CTs, so the answers here are
known by construction (dates and sizes chosen so that each convention of docs/query.md decides
them):

- Q1: chest CTs A1 2024-01-10 (nodule T1 8.0 mm, 200 mm3, 4A), A2 2024-05-10 (T1 6.6 mm, 150
  mm3, 3: shrank 1.4 mm, so stable; volume fell, so no doubling time; category down), A3
  2024-10-10 (T1 6.6 mm, 300 mm3, 3: stable; volume doubled in 153 days);
- Q2: chest CT B0 2024-01-01 (no nodule: category 1), head CT B1 2025-01-01 (no category),
  chest CT B2 2025-06-01 (T4 5.0 mm, 50 mm3, 2: up from 1 over the head CT), chest CT B3
  2026-03-01 (T4 7.0 mm, 100 mm3, 4B: grew 2 mm, doubled in 273 days; up from 2);
- Q3: one chest CT C1 2025-10-31 without nodule (category 1: due 2026-10-31);
- Q4: chest CTs D1 2023-01-15 (T6 4.0 mm, 30 mm3, 2) and D2 2024-03-20 (T6 unchanged: stable,
  no doubling time; 14 months and 5 days later), a chest radiograph D3 2024-09-20.
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
_STUDIES = (  # uid, patient, date, modality, body part
    ("A1", "Q1", "2024-01-10", "CT", "CHEST"),
    ("A2", "Q1", "2024-05-10", "CT", "CHEST"),
    ("A3", "Q1", "2024-10-10", "CT", "CHEST"),
    ("B0", "Q2", "2024-01-01", "CT", "CHEST"),
    ("B1", "Q2", "2025-01-01", "CT", "HEAD"),
    ("B2", "Q2", "2025-06-01", "CT", "CHEST"),
    ("B3", "Q2", "2026-03-01", "CT", "CHEST"),
    ("C1", "Q3", "2025-10-31", "CT", "CHEST"),
    ("D1", "Q4", "2023-01-15", "CT", "CHEST"),
    ("D2", "Q4", "2024-03-20", "CT", "CHEST"),
    ("D3", "Q4", "2024-09-20", "DX", "CHEST"),
)
_NODULES = (  # finding, study, track, diameter, volume, Lung-RADS
    ("F1", "A1", "T1", 8.0, 200.0, "4A"),
    ("F2", "A2", "T1", 6.6, 150.0, "3"),
    ("F3", "A3", "T1", 6.6, 300.0, "3"),
    ("F4", "B2", "T4", 5.0, 50.0, "2"),
    ("F5", "B3", "T4", 7.0, 100.0, "4B"),
    ("F6", "D1", "T6", 4.0, 30.0, "2"),
    ("F7", "D2", "T6", 4.0, 30.0, "2"),
)


def _write(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _finding(fid: str, uid: str, track: str, size: float, volume: float, lr: str) -> dict[str, Any]:
    return {
        "finding_id": fid,
        "study_uid": uid,
        "series_uid": f"{uid}.1",
        "kind": "nodule",
        "lobe": "RUL",
        "side": None,
        "long_axis_mm": size + 1,
        "short_axis_mm": size - 1,
        "diameter_mm": size,
        "volume_mm3": volume,
        "mean_hu": 20,
        "attenuation": "solid",
        "solid_component_mm": None,
        "margin": "smooth",
        "calcified": False,
        "lung_rads": lr,
        "track_id": track,
        "confidence": 0.9,
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QueryEngine]:
    folder = tmp_path_factory.mktemp("later")
    patients = sorted({p for _, p, *_ in _STUDIES})
    _write(
        folder,
        "patients.jsonl",
        [{"patient_id": p, "sex": "F", "birth_date": "1960-05-05"} for p in patients],
    )
    _write(
        folder,
        "studies.jsonl",
        [
            {
                "study_uid": uid,
                "patient_id": pid,
                "accession": f"X{uid}",
                "study_date": day,
                "modality": modality,
                "body_part": part,
                "description": f"{modality} {part}",
                "station": "CT01",
            }
            for uid, pid, day, modality, part in _STUDIES
        ],
    )
    _write(folder, "findings.jsonl", [_finding(*row) for row in _NODULES])
    _write(
        folder,
        "reports.jsonl",
        [{"study_uid": s[0], "report_date": s[2], "text": "FINDINGS: None."} for s in _STUDIES],
    )
    path = folder / "catalogue.duckdb"
    with open_database(path) as db:
        import_cohort(db, folder)
    with QueryEngine(path) as engine:
        yield engine


KEYS = {"patient": "patient_id", "study": "study_uid"}


@pytest.mark.parametrize(
    ("question", "unit", "expected", "as_of"),
    [
        ("stable nodules", "study", ["A2", "A3", "D2"], AS_OF),
        ("patients whose lung-rads category went down", "patient", ["Q1"], AS_OF),
        ("studies downgraded from 4A to 3", "study", ["A2"], AS_OF),
        # the head CT between B0 and B2 has no category and is skipped
        ("studies whose lung-rads category went up", "study", ["B2", "B3"], AS_OF),
        ("studies upgraded from 2 to 4B", "study", ["B3"], AS_OF),
        # 4B is never overdue; Q3's due day is 2026-10-31, so overdue on 2026-11-01 only
        ("patients overdue for follow-up", "patient", ["Q1", "Q3", "Q4"], AS_OF),
        ("patients overdue for follow-up", "patient", ["Q1", "Q4"], "2026-10-31"),
        # on 2024-04-20 Q1's latest chest CT is A1 (4A, due 2024-04-10): A2 is not known yet
        ("patients overdue for follow-up", "patient", ["Q1"], "2024-04-20"),
        ("patients overdue for their annual CT", "patient", ["Q3", "Q4"], AS_OF),
        ("nodules with VDT < 200 days", "study", ["A3"], AS_OF),
        # a nodule whose volume fell or held has no doubling time, however long
        ("nodules with VDT > 100 days", "study", ["A3", "B3"], AS_OF),
        (
            "patients with a gap of more than 14 months between consecutive scans",
            "patient",
            ["Q4"],
            AS_OF,
        ),
        (
            "patients with more than 14 months between consecutive chest CTs",
            "patient",
            ["Q2", "Q4"],
            AS_OF,
        ),
        ("patients followed for more than 12 months", "patient", ["Q2", "Q4"], AS_OF),
    ],
)
def test_each_convention_decides_the_answer(
    small: QueryEngine, question: str, unit: str, expected: list[str], as_of: str
) -> None:
    answer = small.answer(question, as_of)
    assert answer.warnings == (), answer.warnings
    assert answer.unit == unit, answer.interpretation
    assert sorted({row[KEYS[unit]] for row in answer.rows}) == expected, answer.interpretation


@pytest.mark.parametrize(
    ("question", "value"),
    [
        # per patient 3, 2, 0 and 2 nodules: the median is 2 (the mean would be 1.75)
        ("median number of nodules per patient", 2.0),
        # chest CT intervals 121, 153, 517 (over the head CT), 273 and 430 days
        ("median interval between consecutive chest CTs", 273.0),
        # A1 to A3: 274 days of 30.4375
        ("how many months between the first and latest CT of Q1", 9.0),
        ("median VDT of nodules", 213.0),
    ],
)
def test_one_number(small: QueryEngine, question: str, value: float) -> None:
    answer = small.answer(question, AS_OF)
    assert answer.warnings == (), answer.warnings
    assert answer.value == pytest.approx(value, abs=0.011), answer.interpretation
