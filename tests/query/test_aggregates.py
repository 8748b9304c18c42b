"""Averages, percentages, "every scan" and periods compared: the answer's shape and contract.

The answers themselves are checked against plain Python in the bank (bank_issue17.py); these
tests pin what a client sees: ``unit`` "value", the number in ``value``, one row, nothing
truncated, and the words that are conditions rather than aggregates.
"""

from __future__ import annotations

from query.engine import QueryEngine

AS_OF = "2026-11-01"


def test_an_average_is_one_value_with_its_count(engine: QueryEngine) -> None:
    answer = engine.answer("average nodule size", AS_OF).to_json()
    assert answer["unit"] == "value" and answer["warnings"] == []
    assert answer["rows"] == [{"average": answer["value"], "findings": answer["count"]}]
    assert answer["truncated"] is False and 3 < answer["value"] < 30


def test_a_percentage_names_its_parts(engine: QueryEngine) -> None:
    answer = engine.answer("what percentage of women have emphysema", AS_OF).to_json()
    (row,) = answer["rows"]
    assert answer["unit"] == "value" and row["matching"] == answer["count"]
    assert answer["value"] == round(100 * row["matching"] / row["total"], 1)
    assert "women" not in answer["sql"].lower() and "emphysema" not in answer["sql"]


def test_mean_diameter_with_a_bound_stays_a_condition(engine: QueryEngine) -> None:
    answer = engine.answer("nodules with mean diameter > 8 mm", AS_OF)
    assert answer.unit == "study" and answer.value is None


def test_every_scan_is_read_for_patients_and_named_for_studies(engine: QueryEngine) -> None:
    patients = engine.answer("patients with nodules on every scan", AS_OF)
    assert patients.warnings == () and "every study of the patient" in patients.interpretation
    studies = engine.answer("nodules on every scan", AS_OF)
    assert any("'every'" in w for w in studies.warnings)


def test_periods_compared_need_a_study_in_each(engine: QueryEngine) -> None:
    again = engine.answer("patients scanned in 2024 and again in 2025", AS_OF)
    either = engine.answer("patients scanned in 2024 or 2025", AS_OF)
    assert again.warnings == () and 0 < again.count < either.count
