"""The families part 30 of the bank showed missing, half A, in phrasings written here (not the
bank's).

- a follow-up span compared with a duration ("f/u span over 3 yrs", "span of surveillance of
  at least 20 months", "30 or more months of follow-up") is a condition on each patient's span
  from first to latest study, never an average nor an age;
- growth said as "enlargement" / "went up", "interval" before the finding and its growth, and
  "first appearing" as new;
- a negation after a report concept ("effusion was never once documented", "emphysema
  missing from the report"): no affirmed mention; a study in one year and none from a later
  date on;
- a nodule followed over N studies asked for by "who"; a measurement that "sits" in a range (a
  condition on each finding); the long axis named with "dimension"; "mean-HU value".

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics

import bank_part30a_families
import cohort_reference as ref
import pytest
from blind_reference import says as blind_says
from family_reading import Row, answer, clean_reading, ids, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import NumberRange, ScanGap


def findings() -> list[Row]:
    return list(ref.cohort()[2])


def own(pid: str) -> list[Row]:
    return sorted(ref.own_studies(pid), key=lambda s: s["study_date"])


def months_on(day: str, n: int) -> str:
    d = dt.date.fromisoformat(day)
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(y, m + 1, min(d.day, last)).isoformat()
        except ValueError:
            continue
    raise AssertionError(day)


def says(s: Row, concept: str) -> bool:
    """An affirmed, current mention of the concept in the study's report (the bank's reading)."""
    return bool(blind_says(concept)(s))


# --- a follow-up span compared with a duration ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "bounds"),
    [
        ("f/u span over 3 yrs - which pts", NumberRange(low=36, low_inclusive=False)),
        ("span of surveillance of at least 20 months", NumberRange(low=20)),
        (
            "patients whose follow-up span is under 6 months",
            NumberRange(high=6, high_inclusive=False),
        ),
        ("follow-up longer than a year, patients", NumberRange(low=12, low_inclusive=False)),
        ("pts with 24 or more months of follow-up", NumberRange(low=24)),
        ("follow-up duration of no more than two years", NumberRange(high=24)),
    ],
)
def test_a_span_compared_with_a_duration_is_a_condition(
    grounder: Grounder, question: str, bounds: NumberRange
) -> None:
    query = parse(grounder, question)
    assert query.filter.followed_for == ScanGap(bounds, "month")
    assert query.aggregate is None  # never the average span
    assert query.filter.age is None  # never an age
    assert clean_reading(query)


def test_an_average_span_is_still_an_average(grounder: Grounder) -> None:
    query = parse(grounder, "median follow-up span")
    assert query.aggregate is not None and query.aggregate.field == "span_days"
    assert query.filter.followed_for is None


def test_answer_a_span_longer_than_years(engine: QueryEngine) -> None:
    def longer(pid: str) -> bool:
        mine = own(pid)
        return mine[-1]["study_date"] > months_on(mine[0]["study_date"], 24)

    expected = sorted(
        p["patient_id"] for p in patients() if own(p["patient_id"]) and longer(p["patient_id"])
    )
    got = answer(engine, "f/u span more than two years, which patients")
    assert sorted({r["patient_id"] for r in got.rows}) == expected
    assert not got.warnings


# --- growth in other words; "first appearing" as new ---------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "interval mass enlargement - which studies",
        "scans showing nodule enlargement",
        "studies where a nodule's size went up",
    ],
)
def test_enlargement_and_went_up_are_growth(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert any(c.grew for c in query.filter.findings)
    assert clean_reading(query)


def test_an_amount_after_went_up_is_the_growth(grounder: Grounder) -> None:
    query = parse(grounder, "pts whose nodule went up by more than 2 mm since the previous exam")
    (clause,) = query.filter.findings
    assert clause.grew
    assert clause.growth_mm == NumberRange(low=2, low_inclusive=False)
    assert clause.measures == ()  # never the nodule's size
    assert clean_reading(query)


def test_first_appearing_is_new(grounder: Grounder) -> None:
    query = parse(grounder, "studies where a nodule first appeared in 2025")
    assert any(c.new for c in query.filter.findings)
    assert clean_reading(query)


def test_interval_between_studies_is_kept(grounder: Grounder) -> None:
    query = parse(grounder, "median interval between consecutive chest cts")
    assert query.aggregate is not None and query.aggregate.field == "gap_days"


# --- a negation after a report concept; none from a later date on ---------------------------


def test_never_documented_after_the_concept(engine: QueryEngine) -> None:
    got = answer(engine, "patients where a granuloma was never documented")
    expected = sorted(
        p["patient_id"]
        for p in patients()
        if own(p["patient_id"]) and not any(says(s, "granuloma") for s in own(p["patient_id"]))
    )
    assert sorted({r["patient_id"] for r in got.rows}) == expected
    assert not got.warnings


def test_missing_from_the_report_is_on_the_same_study(engine: QueryEngine) -> None:
    got = answer(engine, "chest cts with a nodule, emphysema missing from the report")
    expected = sorted(
        s["study_uid"]
        for s in studies()
        if s["modality"] == "CT"
        and s["body_part"] == "CHEST"
        and any(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))
        and not says(s, "emphysema")
    )
    assert (
        ids(engine, "chest cts with a nodule, emphysema missing from the report", "study_uid")
        == expected
    )
    assert not got.warnings


def test_not_in_a_year_keeps_the_year(grounder: Grounder) -> None:
    query = parse(grounder, "studies with a mass, emphysema not in 2024")
    assert not clean_reading(query)  # "not" is named: nothing moved to the report


def test_a_year_and_none_from_a_later_date_on(engine: QueryEngine) -> None:
    question = "pts w a 2024 scan and no scan from 2025 on"
    expected = sorted(
        p["patient_id"]
        for p in patients()
        if any(s["study_date"].startswith("2024") for s in own(p["patient_id"]))
        and not any(s["study_date"] >= "2025-01-01" for s in own(p["patient_id"]))
    )
    got = answer(engine, question)
    assert sorted({r["patient_id"] for r in got.rows}) == expected
    assert not got.warnings


def test_from_a_year_on_is_open_ended(grounder: Grounder) -> None:
    query = parse(grounder, "patients scanned from 2025 on")
    assert query.filter.dates is not None
    assert query.filter.dates.start == dt.date(2025, 1, 1) and query.filter.dates.end is None


# --- tracks asked by "who"; a range a measurement sits in; long axis; mean-HU value ---------


def test_a_single_nodule_followed_over_studies_who(engine: QueryEngine) -> None:
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] == "nodule":
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    uids = ref.cohort()[1]
    expected = sorted({uids[next(iter(u))]["patient_id"] for u in by_track.values() if len(u) >= 3})
    got = answer(engine, "a single nodule monitored across 3 or more scans - who?")
    assert got.unit == "patient"
    assert sorted({r["patient_id"] for r in got.rows}) == expected
    assert not got.warnings


def test_a_measurement_that_sits_in_a_range_is_each_finding(engine: QueryEngine) -> None:
    question = "findings whose mean attenuation sits between -20 and 60 HU"
    got = answer(engine, question)
    expected = sorted(
        f["finding_id"]
        for f in findings()
        if f.get("mean_hu") is not None and -20 <= f["mean_hu"] <= 60
    )
    assert got.unit == "finding"
    assert sorted({r["finding_id"] for r in got.rows}) == expected
    assert not got.warnings


def test_long_axis_dimension_is_the_long_axis(grounder: Grounder) -> None:
    query = parse(grounder, "masses w/ long-axis dimension over 30mm")
    (clause,) = query.filter.findings
    assert [(m.field, m.range) for m in clause.measures] == [
        ("long_axis_mm", NumberRange(low=30, low_inclusive=False))
    ]
    assert clean_reading(query)


def test_median_mean_hu_value(engine: QueryEngine) -> None:
    got = answer(engine, "solid nodules - median mean-HU value")
    values = [
        f["mean_hu"]
        for f in findings()
        if f["kind"] == "nodule"
        and f.get("attenuation") == "solid"
        and f.get("mean_hu") is not None
    ]
    assert got.value == pytest.approx(statistics.median(values), abs=0.01)
    assert not got.warnings


# --- the tune questions ----------------------------------------------------------------------


@pytest.mark.parametrize("family", bank_part30a_families.FAMILIES, ids=lambda f: f.__name__)
def test_tune_questions(engine: QueryEngine, family: object) -> None:
    assert callable(family)
    for item in family(random.Random(17)):
        got = engine.answer(item.question, item.as_of).to_json()
        assert not got["warnings"], item.question
        if item.unit == "count":
            assert got["count"] == item.expected, item.question
        else:
            key = {"patient": "patient_id", "study": "study_uid", "finding": "finding_id"}[
                item.unit
            ]
            assert sorted({r[key] for r in got["rows"]}) == item.expected, item.question
