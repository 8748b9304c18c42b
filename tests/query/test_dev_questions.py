"""ScanSide answers the cohort's development questions exactly (target: at least 95 %)."""

from __future__ import annotations

from cohort_reference import read_jsonl

from query.engine import QueryEngine

KEYS = {"patient": "patient_id", "study": "study_uid", "finding": "finding_id"}


def test_at_least_95_percent_of_the_dev_questions_are_answered_exactly(engine: QueryEngine) -> None:
    questions = read_jsonl("dev_queries.jsonl")
    wrong = []
    for item in questions:
        answer = engine.answer(item["question"], item["as_of"])
        if item["unit"] == "count":
            got: object = answer.count
        else:
            got = sorted({row[KEYS[item["unit"]]] for row in answer.rows})
        if answer.unit != item["unit"] or got != item["expected"]:
            wrong.append(f"{item['question']!r}: read as {answer.interpretation}")
    accuracy = 1 - len(wrong) / len(questions)
    print(
        f"\ndev questions answered exactly: {accuracy:.1%} "
        f"({len(questions) - len(wrong)}/{len(questions)})"
    )
    for line in wrong:
        print("  wrong:", line)
    assert accuracy >= 0.95, wrong
