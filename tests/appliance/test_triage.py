"""Triage: priorities from the configured rules, and a worklist where waiting raises priority."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from appliance.catalogue.database import Database, open_database
from appliance.config import TriageConfig, TriageRule
from appliance.findings import Finding
from appliance.priority import effective_rank, prioritise
from appliance.triage import worklist

NOW = datetime(2026, 11, 22, 12, 0, 0)


def _finding(lung_rads: str, *, kind: str = "nodule", diameter: float = 7.0) -> Finding:
    return Finding(
        finding_id=f"f-{lung_rads}-{kind}",
        kind=kind,
        lobe="RUL",
        long_axis_mm=diameter,
        short_axis_mm=diameter,
        diameter_mm=diameter,
        volume_mm3=100.0,
        mean_hu=20.0,
        attenuation="solid",
        solid_component_mm=None,
        margin="smooth",
        calcified=False,
        lung_rads=lung_rads,
        confidence=0.9,
        center_mm=(0.0, 0.0, 0.0),
    )


def test_the_highest_priority_any_rule_gives_wins() -> None:
    config = TriageConfig()
    assert prioritise([_finding("2"), _finding("4A")], config).priority == "high"
    result = prioritise([_finding("4A"), _finding("4B")], config)
    assert (result.priority, result.rank, result.reason) == ("urgent", 0, "Lung-RADS 4B/4X")
    assert prioritise([_finding("4B", kind="mass", diameter=35.0)], config).priority == "urgent"


def test_no_matching_rule_gives_the_default_priority() -> None:
    config = TriageConfig(default_priority="routine")
    result = prioritise([_finding("2")], config)
    assert (result.priority, result.reason) == ("routine", "no triage rule matched")
    assert prioritise([], config).priority == "routine"


def test_a_rule_with_a_size_limit() -> None:
    rule = TriageRule(name="big", priority="high", min_diameter_mm=10.0)
    config = TriageConfig(rules=(rule,))
    assert prioritise([_finding("3", diameter=9.9)], config).priority == "low"
    assert prioritise([_finding("3", diameter=10.0)], config).priority == "high"


def test_waiting_raises_one_level_per_age_cap_never_above_urgent() -> None:
    assert effective_rank(3, 0.0, 24.0) == 3
    assert effective_rank(3, 23.9, 24.0) == 3
    assert effective_rank(3, 24.0, 24.0) == 2
    assert effective_rank(3, 49.0, 24.0) == 1
    assert effective_rank(3, 500.0, 24.0) == 0


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "catalogue.duckdb")


def _study(db: Database, uid: str, priority: str, waited_h: float) -> None:
    db.execute(
        "INSERT INTO studies (study_uid, patient_id, priority, priority_rank, priority_reason, "
        "received_at, analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [uid, "P1", priority, ["urgent", "high", "routine", "low"].index(priority), "rule",
         NOW - timedelta(hours=waited_h), NOW - timedelta(hours=waited_h)],
    )  # fmt: skip


def test_worklist_orders_by_priority_then_wait(db: Database) -> None:
    _study(db, "routine-old", "routine", 5.0)
    _study(db, "routine-new", "routine", 1.0)
    _study(db, "urgent", "urgent", 0.5)
    _study(db, "high", "high", 2.0)
    db.execute("INSERT INTO studies (study_uid, patient_id) VALUES ('not-analysed', 'P2')")
    order = [e.study_uid for e in worklist(db, NOW, config=TriageConfig(age_cap_h=24.0))]
    assert order == ["urgent", "high", "routine-old", "routine-new"]


def test_a_routine_study_is_not_starved_by_newer_urgent_ones(db: Database) -> None:
    config = TriageConfig(age_cap_h=4.0)
    _study(db, "routine-waiting", "routine", 9.0)  # two caps waited: routine -> high -> urgent
    for n in range(5):
        _study(db, f"urgent-{n}", "urgent", 0.1 * n)
    entries = worklist(db, NOW, config=config)
    assert entries[0].study_uid == "routine-waiting"
    assert (entries[0].priority, entries[0].effective_priority) == ("routine", "urgent")
    assert len(worklist(db, NOW, limit=3, config=config)) == 3
