"""The families part 42 (``bank_fresh_42.py``) showed missing, share C: rankings, averages and
percentages, and intervals said in other words (:mod:`query.ranked_forms`,
:mod:`query.intervals`).

Each rule is checked in phrasings written here (not the part's). The parser tests check that
every word was read; the engine tests check answers against the cohort, computed in plain
Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    att,
    chest_ct,
    days_between,
    findings,
    head_ct,
    history,
    in_lobe,
    is_nodule,
    ldct,
    mean_of,
    median_of,
    nods,
    own,
    pats,
    studies,
    top,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]
Test = Callable[[Row], bool]


def _value(engine: QueryEngine, question: str) -> float:
    got = answer(engine, question)
    assert got.unit == "value", question
    assert got.value is not None, question
    return float(got.value)


def _nodules(*tests: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def _gaps(test: Test) -> list[int]:
    """Days between each patient's consecutive studies that pass ``test``."""
    found: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        found += [
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        ]
    return found


def _day(s: Row) -> int:
    return int(s["study_date"].replace("-", ""))


def _untied(
    rows: list[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str]]:
    for n in range(start, 12):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    raise AssertionError("every ranking is tied at its boundary")


# --- every word is read ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "list the 5 most elderly patients",
        "the 3 oldest people going by their birth dates",
        "of all the ldcts on record, give me the 4 with the most recent dates",
        "effusion findings the algorithm was most certain about, top 2",
        "7 mass findings sorted by diameter, biggest first",
        "stations sorted by how many exams each performed",
        "of the psns, the 3 whose solid core measures the most",
        "how certain was the model about its mass calls on average",
        "median size of the solid portion of part-solid nodules",
        "if we average across all chest cts, counting the ones with none, how many nodules does "
        "each have",
        "out of all the nodules on record, what percentage lie in the rml",
        "mean number of days from one ldct to the patient's next one",
        "biggest gap anyone waited between one study and their next",
        "shortest time, in days, between two scans of the same patient",
        "if patients have successive ldcts, how many days apart are they on average",
        "pts whose first and latest ldcts are more than 700 days apart",
    ],
)
def test_part_42_forms_are_read_without_a_word_left(grounder: Grounder, question: str) -> None:
    assert clean_reading(parse(grounder, question)), question


# --- rankings ---------------------------------------------------------------------------------


def test_the_most_elderly_are_the_oldest_not_an_age(engine: QueryEngine) -> None:
    n, expected = _untied(pats(), lambda r: r["birth_date"], "patient_id", 5)
    assert ids(engine, f"list the {n} most elderly patients", "patient_id") == expected


def test_the_n_with_the_latest_dates_are_the_n_most_recent(engine: QueryEngine) -> None:
    rows = [s for s in studies() if head_ct(s)]
    n, expected = _untied(rows, lambda s: -_day(s), "study_uid", 3)
    question = f"of all the head cts on file, fetch the {n} with the latest study dates"
    assert ids(engine, question, "study_uid") == expected


def test_what_the_model_was_surest_about_is_the_most_confident(engine: QueryEngine) -> None:
    rows = [f for f in findings() if f["kind"] == "mass"]
    n, expected = _untied(rows, lambda r: -r["confidence"], "finding_id", 2)
    question = f"mass findings the algorithm was most certain about, top {n}"
    assert ids(engine, question, "finding_id") == expected


def test_n_ranked_by_a_field_with_its_direction_is_one_ranking(engine: QueryEngine) -> None:
    rows = [f for f in findings() if f["kind"] == "mass"]
    n, expected = _untied(rows, lambda r: -r["diameter_mm"], "finding_id", 7)
    question = f"{n} mass findings sorted by diameter, biggest first"
    assert ids(engine, question, "finding_id") == expected
    rows = [f for f in _nodules() if f.get("long_axis_mm") is not None]
    n, expected = _untied(rows, lambda r: r["long_axis_mm"], "finding_id", 4)
    question = f"{n} nodules ranked by long-axis length, shortest first"
    assert ids(engine, question, "finding_id") == expected


def test_groups_ranked_by_their_number_of_studies_are_a_count_per_group(
    engine: QueryEngine,
) -> None:
    got = answer(engine, "stations sorted by how many exams each performed")
    counted = {str(r["station"]): r["count"] for r in got.rows}
    assert counted == dict(Counter(s["station"] for s in studies()))


def test_whose_solid_part_measures_the_most_ranks_the_solid_component(
    engine: QueryEngine,
) -> None:
    rows = [f for f in _nodules(att("part-solid")) if f.get("solid_component_mm") is not None]
    n, expected = _untied(rows, lambda r: -r["solid_component_mm"], "finding_id", 3)
    question = f"of the psns, the {n} whose solid core measures the most"
    assert ids(engine, question, "finding_id") == expected


# --- averages and shares ----------------------------------------------------------------------


def test_how_confident_the_model_was_on_average_is_the_mean_confidence(
    engine: QueryEngine,
) -> None:
    expected = mean_of([f["confidence"] for f in findings() if f["kind"] == "mass"])
    got = _value(engine, "how certain was the model about its mass calls on average")
    assert abs(got - expected) < 0.006


def test_the_solid_portion_is_the_solid_component(engine: QueryEngine) -> None:
    rows = [f for f in _nodules(att("part-solid")) if f.get("solid_component_mm") is not None]
    expected = median_of([f["solid_component_mm"] for f in rows])
    got = _value(engine, "median size of the solid portion of part-solid nodules")
    assert abs(got - expected) < 0.006


def test_an_average_over_every_study_including_those_with_none_is_per_study(
    engine: QueryEngine,
) -> None:
    expected = mean_of([float(len(nods(s))) for s in studies() if chest_ct(s)])
    question = (
        "if we average across all chest cts, counting the ones with none, how many nodules "
        "does each have"
    )
    assert abs(_value(engine, question) - expected) < 0.006


def test_out_of_every_nodule_what_percent_is_the_share_of_nodules(engine: QueryEngine) -> None:
    rows = _nodules()
    expected = 100 * sum(1 for f in rows if in_lobe("RML")(f)) / len(rows)
    got = _value(engine, "out of all the nodules on record, what percentage lie in the rml")
    assert abs(got - expected) < 0.06


# --- intervals --------------------------------------------------------------------------------


def test_a_study_and_the_patients_next_one_are_consecutive(engine: QueryEngine) -> None:
    expected = mean_of([float(g) for g in _gaps(ldct)])
    got = _value(engine, "mean number of days from one ldct to the patient's next one")
    assert abs(got - expected) < 0.006
    got = _value(engine, "biggest gap anyone waited between one study and their next")
    assert got == float(max(_gaps(lambda s: True)))


def test_the_shortest_interval_between_two_studies_is_a_consecutive_one(
    engine: QueryEngine,
) -> None:
    got = _value(engine, "shortest time, in days, between two scans of the same patient")
    assert got == float(min(_gaps(lambda s: True)))


def test_the_longest_between_two_studies_is_not_read_as_consecutive(
    grounder: Grounder,
) -> None:
    # the longest pair of any two studies is the first-to-latest span: left warned
    assert not clean_reading(parse(grounder, "longest interval between two studies of a patient"))


def test_back_to_back_studies_how_many_days_apart_on_average(engine: QueryEngine) -> None:
    expected = mean_of([float(g) for g in _gaps(ldct)])
    question = "if patients have successive ldcts, how many days apart are they on average"
    assert abs(_value(engine, question) - expected) < 0.006


def test_first_and_last_of_a_kind_n_days_apart_is_the_span_not_an_age(
    engine: QueryEngine,
) -> None:
    def check(mine: list[Row]) -> bool:
        got = [s for s in mine if ldct(s)]
        return len(got) >= 2 and days_between(got[0]["study_date"], got[-1]["study_date"]) > 700

    question = "pts whose first and latest ldcts are more than 700 days apart"
    assert ids(engine, question, "patient_id") == history(check)
