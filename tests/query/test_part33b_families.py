"""The families parts 32 and 33 (``bank_fresh_32.py``, ``bank_fresh_33.py``) showed missing,
share B: a patient's age at a study ("who were over 70 at an ldct"), an age range after "aged"
before a noun of studies, the third sex as "neither M nor F" without the field's word; gaps
between consecutive studies ("more than a year apart", "with a gap longer than N months",
"average spacing of consecutive ..."), a follow-up that "spans" a duration; a size range "from
A up to B inclusive / exclusive", lobes joined by a slash, and a breakdown said "break ... down
by" an "acquiring station".

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Callable

import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, ids, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import NumberRange, ScanGap


def own(pid: str) -> list[Row]:
    return sorted(ref.own_studies(pid), key=lambda s: s["study_date"])


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def head_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "HEAD")


def patients_with(test: Callable[[Row], bool]) -> list[str]:
    return sorted({s["patient_id"] for s in studies() if test(s)})


def pairs(pid: str, kind: Callable[[Row], bool]) -> list[tuple[str, str]]:
    """A patient's consecutive study dates of one kind (two studies on one day: one date)."""
    days = sorted({s["study_date"] for s in own(pid) if kind(s)})
    return list(itertools.pairwise(days))


# --- the patient's age at a study ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "men who were under 55 at a chest ct",
            lambda s: ref.sex(s) == "M" and ref.age(s) < 55 and chest_ct(s),
        ),
        (
            "female patients who were over 72 when they had a head ct",
            lambda s: ref.sex(s) == "F" and ref.age(s) > 72 and head_ct(s),
        ),
        (
            "pts who were over 75 on their ldct",
            lambda s: ref.age(s) > 75 and ref.ldct(s),
        ),
    ],
)
def test_over_n_after_who_were_is_the_age_at_that_study(
    engine: QueryEngine, grounder: Grounder, question: str, expected: Callable[[Row], bool]
) -> None:
    query = parse(grounder, question)
    assert query.filter.age is not None
    assert not any("diameter" in c for c in query.cautions)  # never a size
    assert all(not c.measures for c in query.filter.findings)
    want = patients_with(expected)
    assert want and ids(engine, question, "patient_id") == want


def test_a_findings_that_were_over_n_stays_a_size(grounder: Grounder) -> None:
    query = parse(grounder, "nodules that were over 9 on the ldct")
    assert query.filter.age is None
    assert any("diameter" in c for c in query.cautions)  # a size without unit, warned


def test_aged_a_range_before_a_noun_of_studies_is_an_age_range(
    engine: QueryEngine, grounder: Grounder
) -> None:
    question = "women aged 61-66 head ct"
    query = parse(grounder, question)
    assert query.filter.age == NumberRange(61, 66)
    assert query.filter.patient is None or query.filter.patient.studies is None  # no count
    want = patients_with(lambda s: ref.sex(s) == "F" and 61 <= ref.age(s) <= 66 and head_ct(s))
    assert want and ids(engine, question, "patient_id") == want


@pytest.mark.parametrize(
    "question",
    ["how many patients are neither male nor female", "number of people who are not F or M"],
)
def test_neither_sex_without_the_fields_word_is_the_third_sex(
    engine: QueryEngine, question: str
) -> None:
    want = sum(p["sex"] == "O" for p in patients())
    got = answer(engine, question)
    assert got.count == want and not got.warnings


# --- gaps between consecutive studies, a span a follow-up "spans" -------------------------------


def test_consecutive_studies_more_than_a_year_apart(
    engine: QueryEngine, grounder: Grounder
) -> None:
    question = "patients whose successive chest cts were more than a year apart"
    query = parse(grounder, question)
    assert query.filter.gap_before == ScanGap(NumberRange(low=12, low_inclusive=False), "month")
    want = sorted(
        p["patient_id"]
        for p in patients()
        if any(b > ref.months_later(a, 12) for a, b in pairs(p["patient_id"], chest_ct))
    )
    assert want and ids(engine, question, "patient_id") == want


def test_consecutive_studies_with_a_gap_said_after_them(
    engine: QueryEngine, grounder: Grounder
) -> None:
    question = "consecutive ldcts with a gap of less than eleven months - which pts"
    query = parse(grounder, question)
    assert query.filter.gap_before == ScanGap(NumberRange(high=11, high_inclusive=False), "month")
    assert query.cautions == ()
    want = sorted(
        p["patient_id"]
        for p in patients()
        if any(b < ref.months_later(a, 11) for a, b in pairs(p["patient_id"], ref.ldct))
    )
    assert want and ids(engine, question, "patient_id") == want


def test_the_mean_spacing_of_consecutive_studies(engine: QueryEngine) -> None:
    gaps = [
        (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days
        for p in patients()
        for a, b in pairs(p["patient_id"], chest_ct)
    ]
    got = answer(engine, "mean spacing of consecutive chest cts in days")
    assert got.value == pytest.approx(statistics.mean(gaps), abs=0.01)
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "months"),
    [
        ("pts whose follow-up lasted more than two years", 24),
        ("follow-up spans over 30 months", 30),
    ],
)
def test_a_follow_up_that_spans_a_duration(
    engine: QueryEngine, grounder: Grounder, question: str, months: int
) -> None:
    query = parse(grounder, question)
    assert query.filter.followed_for == ScanGap(
        NumberRange(low=months, low_inclusive=False), "month"
    )
    assert query.filter.age is None
    want = sorted(
        p["patient_id"]
        for p in patients()
        if (mine := own(p["patient_id"]))
        and mine[-1]["study_date"] > ref.months_later(mine[0]["study_date"], months)
    )
    assert want and ids(engine, question, "patient_id") == want


# --- a size range "from A up to B", lobes joined by a slash, "break ... down by" ----------------


@pytest.mark.parametrize(
    ("question", "bounds"),
    [
        ("nodules measuring from 0.6 cm up to 1 cm inclusive", NumberRange(6, 10)),
        ("nodules from 6 mm up to 10 mm", NumberRange(6, 10)),
        (
            "nodules from 6 mm up to 10 mm exclusive",
            NumberRange(6, 10, low_inclusive=True, high_inclusive=False),
        ),
        (
            "nodules between 6 and 10 mm exclusive",
            NumberRange(6, 10, low_inclusive=False, high_inclusive=False),
        ),
    ],
)
def test_a_size_range_from_a_up_to_b(
    grounder: Grounder, question: str, bounds: NumberRange
) -> None:
    query = parse(grounder, question)
    (clause,) = query.filter.findings
    assert [(m.field, m.range) for m in clause.measures] == [("diameter_mm", bounds)]
    assert query.cautions == () and query.ignored == ()


def test_answer_a_size_range_up_to_inclusive(engine: QueryEngine) -> None:
    want = sorted(
        {
            ref.cohort()[1][f["study_uid"]]["study_uid"]
            for f in ref.cohort()[2]
            if f["kind"] == "nodule"
            and f["diameter_mm"] is not None
            and 6 <= f["diameter_mm"] <= 10
        }
    )
    assert want
    assert (
        ids(engine, "studies with a nodule from 0.6 cm up to 1.0 cm inclusive", "study_uid") == want
    )


@pytest.mark.parametrize(
    "question", ["ldcts with a RUL/RML nodule", "ldcts with a rul / rml nodule"]
)
def test_lobes_joined_by_a_slash_are_either(
    engine: QueryEngine, grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    (clause,) = query.filter.findings
    assert set(clause.lobes) == {"RUL", "RML"}
    assert clean_reading(query)
    want = sorted(
        s["study_uid"]
        for s in studies()
        if ref.ldct(s)
        and ref.any_finding(s, lambda f: f["kind"] == "nodule" and f["lobe"] in ("RUL", "RML"))
    )
    assert want and ids(engine, question, "study_uid") == want


@pytest.mark.parametrize(
    "question",
    [
        "break the 2025 exams down by acquiring station",
        "break down the 2025 exams by acquisition station",
    ],
)
def test_break_down_by_acquiring_station(engine: QueryEngine, question: str) -> None:
    chosen = [s for s in studies() if s["study_date"].startswith("2025")]
    want = {
        name: sum(s["station"] == name for s in chosen) for name in {s["station"] for s in chosen}
    }
    got = answer(engine, question)
    assert {r["station"]: r["count"] for r in got.rows} == want
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "bounds"),
    [
        (
            "successive scans separated by more than a year",
            NumberRange(low=12, low_inclusive=False),
        ),
        (
            "consecutive ldcts spaced more than 13 months apart",
            NumberRange(low=13, low_inclusive=False),
        ),
        (
            "consecutive chest cts spaced out by under 11 months",
            NumberRange(high=11, high_inclusive=False),
        ),
    ],
)
def test_consecutive_studies_separated_or_spaced_by_a_duration(
    grounder: Grounder, question: str, bounds: NumberRange
) -> None:
    query = parse(grounder, question)
    assert query.filter.gap_before == ScanGap(bounds, "month")
    assert query.cautions == () and query.ignored == ()
