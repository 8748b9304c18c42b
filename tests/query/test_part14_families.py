"""The families part 14 of the bank showed misread, in phrasings written here (not the bank's).

- shorthand: "#" / "# of" for "number of", "vol", "sz", "yr(s)", "whats", "f/u";
- days written with slashes ("7/4/2024" month first; "31/1/2025" day first when the first
  number cannot be a month; a guess when both could be months, said so);
- "followed / tracked > N years" without "for", "> 2 yrs of f/u" without "of";
- "w follow-up scan within a year" (a verb or "w" before it, no article).

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import cohort_reference as ref
import pytest
from family_reading import AS_OF, Row, clean_reading, ids, parse, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.rewrites import clean
from query.typed_query import (
    Aggregate,
    ConceptFilter,
    DateRange,
    FindingClause,
    FollowUp,
    NumberRange,
    ScanGap,
    StudyFilter,
    TopN,
)

# --- shorthand ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "count_of"),
    [
        ("# women w a mass", "patient"),
        ("# of masses in the lll", "finding"),
        ("give me the # of head cts", "study"),
    ],
)
def test_a_number_sign_is_number_of(grounder: Grounder, question: str, count_of: str) -> None:
    query = parse(grounder, question)
    assert query.unit == "count" and query.count_of == count_of
    assert clean_reading(query)


def test_an_average_number_sign_per_patient(grounder: Grounder) -> None:
    query = parse(grounder, "mean # of masses per patient")
    assert query.aggregate == Aggregate("per", per="patient")
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "cleaned"),
    [
        ("masses b/w 40 and 60 mm", "masses between 40 and 60 mm"),
        ("median days btw first and latest ct", "median days between first and latest ct"),
        ("pts rescanned w/in 3 months", "pts rescanned within 3 months"),
    ],
)
def test_shorthand_for_between_and_within(question: str, cleaned: str) -> None:
    assert clean(question) == cleaned


@pytest.mark.parametrize("question", ["pt # P00007", "studies of acc #A123", "patient#P00007"])
def test_an_identifiers_number_sign_stays_an_identifier(grounder: Grounder, question: str) -> None:
    assert "number of" not in clean(question)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("median vol of part-solid nodules", "volume_mm3"),
        ("whats the mean sz of masses", "diameter_mm"),
    ],
)
def test_vol_and_sz_are_volume_and_size(grounder: Grounder, question: str, field: str) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None and query.aggregate.field == field
    assert clean_reading(query)


def test_a_ranking_by_vol(grounder: Grounder) -> None:
    query = parse(grounder, "the 4 biggest masses by vol")
    assert query.top == TopN(4, "volume_mm3", True)


def test_this_yr_and_last_yr(grounder: Grounder) -> None:
    assert parse(grounder, "head cts this yr").filter.dates == DateRange(dt.date(2026, 1, 1), AS_OF)
    assert parse(grounder, "women scanned last yr").filter.dates == DateRange(
        dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )


# --- days written with slashes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("cts after 7/20/2024", DateRange(dt.date(2024, 7, 21), None)),
        ("studies before 31/1/2025", DateRange(None, dt.date(2025, 1, 30))),
        ("masses on or after 2/29/2024", DateRange(dt.date(2024, 2, 29), None)),
        (
            "head cts from 11/15/2023 to 3/1/2024",
            DateRange(dt.date(2023, 11, 15), dt.date(2024, 3, 1)),
        ),
    ],
)
def test_a_day_written_with_slashes(grounder: Grounder, question: str, dates: DateRange) -> None:
    query = parse(grounder, question)
    assert query.filter.dates == dates
    assert clean_reading(query)


def test_a_slash_day_that_reads_both_ways_is_a_guess_said_so(grounder: Grounder) -> None:
    query = parse(grounder, "nodules seen after 6/8/2025")
    assert query.filter.dates == DateRange(dt.date(2025, 6, 9), None)
    assert any("'6/8/2025'" in c and "month first" in c for c in query.cautions)


def test_a_slash_day_that_does_not_exist_is_named(grounder: Grounder) -> None:
    query = parse(grounder, "cts before 2/31/2024")
    assert query.filter.dates is None and "2/31/2024" in " ".join(query.ignored)


# --- follow-up durations and repeat scans -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "months"),
    [
        ("women followed >= 2 years", NumberRange(low=24)),
        ("pts tracked more than 18 months", NumberRange(low=18, low_inclusive=False)),
        ("patients w > 1 yr of f/u", NumberRange(low=12, low_inclusive=False)),
        ("pts with at least 30 months surveillance", NumberRange(low=30)),
        ("women with follow-up longer than 2 yrs", NumberRange(low=24, low_inclusive=False)),
        ("pts w f/u of at least 18 months", NumberRange(low=18)),
    ],
)
def test_a_follow_up_duration_without_for(
    grounder: Grounder, question: str, months: NumberRange
) -> None:
    query = parse(grounder, question)
    assert query.filter.followed_for == ScanGap(months, "month")
    assert query.filter.age is None
    assert query.cautions == () and query.ignored == ()


@pytest.mark.parametrize(
    "question",
    ["pts w f/u ct within 9 months", "patients who had follow-up scan within 9 months"],
)
def test_a_follow_up_scan_within_after_a_verb(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.followed_within == FollowUp(9, "month")
    assert query.filter.dates is None


def test_follow_up_scans_within_a_period_alone_stay_a_period(grounder: Grounder) -> None:
    query = parse(grounder, "f/u scans within 60 days")
    assert query.filter.followed_within is None and query.filter.dates is not None


# --- answers ------------------------------------------------------------------------------------


def test_answer_slash_day(engine: QueryEngine) -> None:
    expected = sorted(
        s["study_uid"]
        for s in studies()
        if s["modality"] == "CT" and s["study_date"] < "2024-07-04"
    )
    assert ids(engine, "cts before 7/4/2024", "study_uid") == expected


def test_answer_followed_more_than_years(engine: QueryEngine) -> None:
    own: dict[str, list[str]] = {}
    for s in studies():
        own.setdefault(s["patient_id"], []).append(s["study_date"])

    def apart(days: list[str]) -> bool:
        first, last = dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))
        return last > first.replace(year=first.year + 2)

    expected = sorted(p for p, days in own.items() if apart(days))
    assert ids(engine, "people followed > 2 yrs", "patient_id") == expected


def test_answer_number_sign(engine: QueryEngine) -> None:
    answer = engine.answer("# of masses in men", AS_OF.isoformat())
    people = ref.cohort()[0]
    expected = sum(
        1
        for f in ref.cohort()[2]
        if f["kind"] == "mass"
        and people[ref.cohort()[1][f["study_uid"]]["patient_id"]]["sex"] == "M"
    )
    assert answer.count == expected and answer.warnings == ()


# --- the kind of study counted per patient ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "studies", "scope"),
    [
        (
            "women with at least 2 chest cts",
            NumberRange(low=2),
            StudyFilter(modalities=("CT",), body_parts=("CHEST",)),
        ),
        (
            "how many patients had fewer than 3 head cts",
            NumberRange(high=3, high_inclusive=False),
            StudyFilter(body_parts=("HEAD",)),
        ),
        ("pts with multiple xrays", NumberRange(low=2), StudyFilter(modalities=("DX",))),
        ("people with 4 or more scans", NumberRange(low=4), None),
    ],
)
def test_the_kind_of_study_counted_per_patient(
    grounder: Grounder, question: str, studies: NumberRange, scope: StudyFilter | None
) -> None:
    patient = parse(grounder, question).filter.patient
    assert patient is not None
    assert patient.studies == studies and patient.studies_scope == scope


def _own() -> dict[str, list[Row]]:
    own: dict[str, list[Row]] = {}
    for s in studies():
        own.setdefault(s["patient_id"], []).append(s)
    return own


def test_answer_patients_with_more_than_one_chest_ct(engine: QueryEngine) -> None:
    expected = sorted(
        p
        for p, ss in _own().items()
        if sum(s["modality"] == "CT" and s["body_part"] == "CHEST" for s in ss) >= 3
    )
    assert ids(engine, "patients with 3 or more chest cts", "patient_id") == expected


def test_answer_fewer_head_cts_counts_patients_without_any(engine: QueryEngine) -> None:
    expected = sum(sum(s["body_part"] == "HEAD" for s in ss) < 2 for ss in _own().values())
    answer = engine.answer("how many patients had fewer than 2 head cts", AS_OF.isoformat())
    assert answer.count == expected


# --- "or" between conditions of different kinds ---------------------------------------------


def test_or_between_a_finding_and_a_category(grounder: Grounder) -> None:
    query = parse(grounder, "studies with lung-rads 4b or a pneumothorax")
    assert query.filter.any_of == (
        StudyFilter(lung_rads=("4B",)),
        StudyFilter(findings=(FindingClause(kinds=("pneumothorax",)),)),
    )
    assert query.filter.lung_rads == () and query.filter.findings == ()


def test_or_between_a_report_concept_and_a_finding(grounder: Grounder) -> None:
    query = parse(grounder, "women with lymphadenopathy or a spiculated nodule")
    assert query.filter.any_of == (
        StudyFilter(concepts=(ConceptFilter("lymphadenopathy"),)),
        StudyFilter(findings=(FindingClause(kinds=("nodule",), margins=("spiculated",)),)),
    )
    assert query.filter.sexes == ("F",)


def test_or_between_kinds_of_finding_stays_one_clause(grounder: Grounder) -> None:
    query = parse(grounder, "effusions or masses in men")
    assert query.filter.any_of == ()
    assert query.filter.findings == (FindingClause(kinds=("pleural_effusion", "mass")),)


def test_answer_either_a_finding_or_a_category(engine: QueryEngine) -> None:
    def either(s: Row) -> bool:
        kinds = {f["kind"] for f in ref.findings_of(s["study_uid"])}
        return "pneumothorax" in kinds or ref.category(s) == "4B"

    expected = sorted({s["patient_id"] for s in studies() if either(s)})
    assert ids(engine, "patients with a pneumothorax or lung-rads 4b", "patient_id") == expected


# --- "both" with an attribute on each side ----------------------------------------------------


def test_both_with_attributes_of_two_fields(grounder: Grounder) -> None:
    patient = parse(grounder, "women with both part-solid and calcified nodules").filter.patient
    assert patient is not None
    assert patient.has == (
        StudyFilter(findings=(FindingClause(kinds=("nodule",), attenuations=("part-solid",)),)),
        StudyFilter(findings=(FindingClause(kinds=("nodule",), calcified=True),)),
    )


def test_both_calcification_values(grounder: Grounder) -> None:
    patient = parse(grounder, "pts w both calcified and noncalcified masses").filter.patient
    assert patient is not None
    assert patient.has == (
        StudyFilter(findings=(FindingClause(kinds=("mass",), calcified=True),)),
        StudyFilter(findings=(FindingClause(kinds=("mass",), calcified=False),)),
    )


def test_answer_both_attributes_of_two_fields(engine: QueryEngine) -> None:
    def has(test: Any) -> set[str]:
        return {
            ref.cohort()[1][f["study_uid"]]["patient_id"]
            for f in ref.cohort()[2]
            if f["kind"] == "nodule" and test(f)
        }

    expected = sorted(
        has(lambda f: f["attenuation"] == "ground-glass") & has(lambda f: f["lobe"] == "RLL")
    )
    question = "patients with both ground glass and rll nodules"
    assert ids(engine, question, "patient_id") == expected


# --- rankings by number of findings, most recent N, ages after a word for people ------------------


@pytest.mark.parametrize(
    ("question", "top", "unit"),
    [
        ("which pt has the most masses", TopN(1, "finding_count", True), "patient"),
        ("which 3 people have the most nods", TopN(3, "finding_count", True), "patient"),
        ("the scan with the fewest ggns", TopN(1, "finding_count", False), "study"),
        ("latest 4 ldcts in 2024", TopN(4, "study_date", True), "study"),
        ("top 4 people by number of masses", TopN(4, "finding_count", True), "patient"),
        ("top 2 cts by # of nodules", TopN(2, "finding_count", True), "study"),
        ("most recent 2 chest xrays", TopN(2, "study_date", True), "study"),
    ],
)
def test_rankings_in_shorthand(grounder: Grounder, question: str, top: TopN, unit: str) -> None:
    query = parse(grounder, question)
    assert query.top == top and query.unit == unit
    assert query.ignored == () and query.cautions == ()


@pytest.mark.parametrize(
    ("question", "age"),
    [
        ("male pts 60 to 70 with calcified nodules", NumberRange(60, 70)),
        ("women 50-65 w ggns", NumberRange(50, 65)),
        ("people 40 thru 49 with a mass", NumberRange(40, 49)),
    ],
)
def test_an_age_range_after_a_word_for_people(
    grounder: Grounder, question: str, age: NumberRange
) -> None:
    query = parse(grounder, question)
    assert query.filter.age == age
    assert query.ignored == () and query.cautions == ()


def test_a_range_with_a_unit_after_a_word_for_people_is_not_an_age(grounder: Grounder) -> None:
    query = parse(grounder, "patients 6-8 mm nodules")
    assert query.filter.age is None
    assert query.filter.findings[0].measures != ()


def test_answer_age_range_after_people(engine: QueryEngine) -> None:
    people = ref.cohort()[0]
    expected = sorted(
        {
            s["patient_id"]
            for s in studies()
            if people[s["patient_id"]]["sex"] == "M" and 60 <= ref.age(s) <= 70
        }
    )
    assert ids(engine, "men 60 to 70", "patient_id") == expected


# --- a number glued to letters --------------------------------------------------------------------


@pytest.mark.parametrize("question", ["ct03 chest cts", "ct01 masses in 2025"])
def test_a_number_glued_to_letters_counts_nothing(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is None
    assert all(c.min_count == 1 and c.max_count is None for c in query.filter.findings)
    assert not any("studies per patient" in c or "or more" in c for c in query.cautions)


def test_two_ors_between_kinds_of_condition_are_named(grounder: Grounder) -> None:
    query = parse(grounder, "patients with a pneumothorax or lr 4a or lymphadenopathy")
    assert query.filter.any_of == ()
    assert any("more than one 'or'" in c for c in query.cautions)


@pytest.mark.parametrize(
    "question", ["bring up masses in the rul pls", "head cts graded lung-rads 1", "look up ggns"]
)
def test_polite_and_rating_words_are_fillers(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == ()


def test_a_second_grouping_is_named(grounder: Grounder) -> None:
    query = parse(grounder, "number of women per lung-rads category per year")
    assert query.group_by == "lung_rads"
    assert any("more than one grouping" in c for c in query.cautions)


def test_a_period_right_after_the_counted_noun_scopes_the_count(grounder: Grounder) -> None:
    patient = parse(grounder, "people with 2 or more chest cts since 2025").filter.patient
    assert patient is not None and patient.studies == NumberRange(low=2)
    assert patient.studies_scope == StudyFilter(
        modalities=("CT",), body_parts=("CHEST",), dates=DateRange(dt.date(2025, 1, 1), None)
    )
    apart = parse(grounder, "women scanned in 2024 with at least 3 scans").filter.patient
    assert apart is not None and apart.studies_scope is None


def test_answer_count_of_studies_in_a_period(engine: QueryEngine) -> None:
    expected = sorted(
        p
        for p, ss in _own().items()
        if sum(s["modality"] == "CT" and s["study_date"] >= "2025-01-01" for s in ss) >= 2
    )
    assert ids(engine, "patients with 2 or more cts since 2025", "patient_id") == expected


def test_categories_joined_by_or_are_either(grounder: Grounder) -> None:
    query = parse(grounder, "women w lr4a or lr4b")
    assert query.filter.lung_rads == ("4A", "4B")
    assert query.cautions == () and query.ignored == ()


def test_categories_that_exclude_each_other_are_a_warning(grounder: Grounder) -> None:
    query = parse(grounder, "exams lr 1 and lr 4b")
    assert any("exclude each other" in c for c in query.cautions)


def test_both_on_the_same_scan_is_one_study(grounder: Grounder) -> None:
    query = parse(grounder, "people w both ggn and solid nodules on one ct")
    assert query.filter.patient is None
    assert query.filter.findings == (
        FindingClause(kinds=("nodule",), attenuations=("ground-glass",)),
        FindingClause(kinds=("nodule",), attenuations=("solid",)),
    )
    other = parse(grounder, "pts with both a mass and lymphadenopathy on the same scan")
    assert other.filter.patient is None
    assert other.filter.findings == (FindingClause(kinds=("mass",)),)
    assert other.filter.concepts == (ConceptFilter("lymphadenopathy"),)
