"""The families part 13 of the bank showed misread, in phrasings written here (not the bank's).

- a kind of study inside a negated phrase says where the condition was never seen ("never had
  a mass on any chest CT": no chest CT with a mass), and "on any <kind of study>" after
  "without"/"no" in a question about patients is the patient's whole history, as "never" is;
  a kind of study negated alone ("never had a screening CT") is itself the condition;
- "negative for X", "reports that say no X" of a report concept: the report states X is absent
  (a negated mention, none affirmed), where "without X" is only the lack of an affirmed one;
- quarters written "Q3/2025", "2024-Q4"; HU ranges "-50 to 50 HU"; an age after a misspelt word
  for people ("patiens under 55"); "4 nodules exactly"; "the 7 least confident nodules";
  "A and B both"; an average or median asked "in cm" / "in cc".

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics

import cohort_reference as ref
import pytest
from family_reading import AS_OF, Row, chest_ct, ids, parse, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import (
    ConceptFilter,
    DateRange,
    FindingClause,
    Measure,
    NumberRange,
    StudyFilter,
    TopN,
    TypedQuery,
)


def never_of(query: TypedQuery) -> tuple[StudyFilter, ...]:
    assert query.filter.patient is not None
    return query.filter.patient.never


# --- a kind of study in a negated phrase -------------------------------------------------------


def test_a_kind_of_study_after_a_never_condition_says_where_it_was_never_seen(
    grounder: Grounder,
) -> None:
    query = parse(grounder, "people who never had a mass on any chest CT")
    assert never_of(query) == (
        StudyFilter(
            modalities=("CT",), body_parts=("CHEST",), findings=(FindingClause(kinds=("mass",)),)
        ),
    )
    assert query.filter.modalities == () and query.filter.body_parts == ()
    assert query.filter.excluded == ()
    assert query.cautions == () and query.ignored == ()


def test_a_kind_of_study_before_the_never_condition_belongs_to_it_too(grounder: Grounder) -> None:
    query = parse(grounder, "patients who never had a low-dose ct showing a spiculated nodule")
    assert never_of(query) == (
        StudyFilter(
            modalities=("CT",),
            descriptions=("SCREENING",),
            findings=(FindingClause(kinds=("nodule",), margins=("spiculated",)),),
        ),
    )
    assert query.filter.excluded == ()


def test_a_report_concept_never_seen_on_a_kind_of_study(grounder: Grounder) -> None:
    query = parse(grounder, "pts who never had lymphadenopathy on a ct")
    assert never_of(query) == (
        StudyFilter(modalities=("CT",), concepts=(ConceptFilter("lymphadenopathy"),)),
    )
    assert query.filter.excluded == () and query.filter.modalities == ()


def test_a_kind_of_study_negated_alone_is_the_condition_on_the_whole_history(
    grounder: Grounder,
) -> None:
    query = parse(grounder, "women who never had a screening ct")
    assert never_of(query) == (StudyFilter(modalities=("CT",), descriptions=("SCREENING",)),)
    assert query.filter.sexes == ("F",) and query.filter.excluded == ()
    assert never_of(parse(grounder, "patients without any head ct")) == (
        StudyFilter(body_parts=("HEAD",)),
    )


def test_the_dates_of_a_never_phrase_say_when_it_was_never_seen(grounder: Grounder) -> None:
    query = parse(grounder, "pts who never had a pneumothorax on a ct since 2025")
    assert never_of(query) == (
        StudyFilter(
            modalities=("CT",),
            dates=DateRange(dt.date(2025, 1, 1), None),
            findings=(FindingClause(kinds=("pneumothorax",)),),
        ),
    )
    assert query.filter.dates is None
    before = parse(grounder, "patients scanned in 2024 who never had a mass")
    assert before.filter.dates == DateRange(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_a_never_lung_rads_category_on_a_kind_of_study(grounder: Grounder) -> None:
    query = parse(grounder, "patients who never had lung-rads 4x on a screening ct")
    assert never_of(query) == (
        StudyFilter(modalities=("CT",), descriptions=("SCREENING",), lung_rads=("4X",)),
    )


@pytest.mark.parametrize(
    "question",
    [
        "patients without a mass on any of their scans",
        "pts with no mass on any scan",
        "subjects w/o a mass on any ct",
    ],
)
def test_without_on_any_scan_is_the_whole_history_in_a_question_about_patients(
    grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    (never,) = never_of(query)
    assert never.findings == (FindingClause(kinds=("mass",)),)
    assert not any("per study" in c for c in query.cautions)
    assert query.filter.findings == ()


def test_in_a_question_about_studies_the_kind_of_study_after_a_negated_concept_is_kept(
    grounder: Grounder,
) -> None:
    query = parse(grounder, "exams with no coronary calcification on ct")
    assert query.filter.modalities == ("CT",) and query.filter.excluded == ()
    assert query.filter.concepts == (ConceptFilter("coronary_calcification", present=False),)
    assert query.filter.patient is None


def test_excluding_a_kind_of_study_is_still_per_study(grounder: Grounder) -> None:
    query = parse(grounder, "studies with emphysema excluding radiographs")
    assert query.filter.excluded == (StudyFilter(modalities=("DX",)),)


# --- "negative for" -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "exams neg for lymphadenopathy",
        "ct reports stating no lymphadenopathy",
        "scans whose report says no lymphadenopathy",
    ],
)
def test_negative_for_a_report_concept_is_a_stated_absence(
    grounder: Grounder, question: str
) -> None:
    (concept,) = parse(grounder, question).filter.concepts
    assert concept == ConceptFilter("lymphadenopathy", present=False, denied=True)


def test_without_a_report_concept_is_not_a_stated_absence(grounder: Grounder) -> None:
    (concept,) = parse(grounder, "exams without lymphadenopathy").filter.concepts
    assert concept == ConceptFilter("lymphadenopathy", present=False)


def test_negative_for_a_finding_kind_is_a_plain_negation(grounder: Grounder) -> None:
    query = parse(grounder, "scans negative for masses")
    assert query.filter.findings == (FindingClause(kinds=("mass",), absent=True),)
    assert query.filter.concepts == ()


def test_patients_negative_for_a_concept_is_read_per_study_and_said_so(grounder: Grounder) -> None:
    query = parse(grounder, "people negative for coronary calcification")
    assert any("per study" in c for c in query.cautions)
    assert query.alternatives and "never had" in query.alternatives[0]


# --- dates, HU ranges, ages, counts, rankings, "both", answer units ---------------------------


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("ggos q3/2025", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("solid nodules 2024-q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        ("masses Q1-2023", dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
    ],
)
def test_a_quarter_joined_to_its_year(
    grounder: Grounder, question: str, start: dt.date, end: dt.date
) -> None:
    query = parse(grounder, question)
    assert query.filter.dates == DateRange(start, end)
    assert query.cautions == () and query.ignored == ()


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("nodules -50 to 50 hu", -50, 50),
        ("nodules minus 800 to minus 400 HU", -800, -400),
        ("density -900 to -600 nodules", -900, -600),
        ("nodules -300 hu to 0 hu", -300, 0),
    ],
)
def test_a_signed_hu_range_without_between(
    grounder: Grounder, question: str, low: float, high: float
) -> None:
    query = parse(grounder, question)
    assert query.filter.findings[0].measures == (Measure("mean_hu", NumberRange(low, high)),)
    assert query.ignored == ()


def test_an_age_after_a_misspelt_word_for_people(grounder: Grounder) -> None:
    query = parse(grounder, "solid nodules over 6 mm in patiens under 55")
    assert query.unit == "patient"
    assert query.filter.age == NumberRange(high=55, high_inclusive=False)
    assert query.filter.findings[0].measures == (
        Measure("diameter_mm", NumberRange(low=6, low_inclusive=False)),
    )


@pytest.mark.parametrize(
    "question", ["scans showing 4 nodules exactly", "exams w/ four nodules precisely"]
)
def test_exactly_after_the_counted_noun(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    clause = query.filter.findings[0]
    assert (clause.min_count, clause.max_count) == (4, 4)
    assert query.ignored == () and query.cautions == ()


def test_exactly_after_a_bound_is_named(grounder: Grounder) -> None:
    query = parse(grounder, "studies with more than 2 nodules exactly")
    assert "exactly" in query.ignored


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("the 7 least confident nodules", TopN(7, "confidence", False)),
        ("top 4 most confident masses", TopN(4, "confidence", True)),
        ("the 2 densest nodules", TopN(2, "mean_hu", True)),
    ],
)
def test_a_number_before_a_one_word_ranking(grounder: Grounder, question: str, top: TopN) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert all(c.min_count == 1 for c in query.filter.findings)


def test_a_and_b_both_is_both_a_and_b(grounder: Grounder) -> None:
    query = parse(grounder, "pts with lul and rll nodules both")
    assert query.filter.patient is not None
    lobes = {c.lobes for has in query.filter.patient.has for c in has.findings}
    assert lobes == {("LUL",), ("RLL",)}
    assert query.ignored == ()


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("median long axis of solid nodules in cm", "cm"),
        ("avg solid component in centimetres of part-solid nodules", "cm"),
        ("mean volume in ml of calcified nodules", "cc"),
    ],
)
def test_an_average_asked_in_another_unit(grounder: Grounder, question: str, unit: str) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None and query.aggregate.measure_unit == unit
    assert query.ignored == ()


def test_a_unit_that_does_not_fit_the_measurement_is_named(grounder: Grounder) -> None:
    query = parse(grounder, "median hu of solid nodules in cm")
    assert query.aggregate is not None and query.aggregate.measure_unit is None
    assert "cm" in query.ignored


# --- answers on the cohort ---------------------------------------------------------------------


def histories() -> dict[str, list[Row]]:
    own: dict[str, list[Row]] = {}
    for s in studies():
        own.setdefault(s["patient_id"], []).append(s)
    return own


def has_kind(s: Row, kind: str) -> bool:
    return any(f["kind"] == kind for f in ref.findings_of(s["study_uid"]))


def test_answer_never_a_mass_on_any_chest_ct(engine: QueryEngine) -> None:
    expected = sorted(
        p
        for p, own in histories().items()
        if not any(chest_ct(s) and has_kind(s, "mass") for s in own)
    )
    assert ids(engine, "people who never had a mass on any chest CT", "patient_id") == expected
    assert ids(engine, "pts with no mass on any chest ct", "patient_id") == expected


def test_answer_never_a_pneumothorax_on_a_ct_since_a_date(engine: QueryEngine) -> None:
    expected = sorted(
        p
        for p, own in histories().items()
        if not any(
            s["modality"] == "CT"
            and s["study_date"] >= "2025-01-01"
            and has_kind(s, "pneumothorax")
            for s in own
        )
    )
    question = "pts who never had a pneumothorax on a ct since 2025"
    assert ids(engine, question, "patient_id") == expected


def test_answer_never_a_head_ct(engine: QueryEngine) -> None:
    expected = sorted(
        p for p, own in histories().items() if not any(s["body_part"] == "HEAD" for s in own)
    )
    assert ids(engine, "patients who never had a head ct", "patient_id") == expected


def test_answer_exams_with_no_emphysema_on_a_ct(engine: QueryEngine) -> None:
    reports = ref.cohort()[3]
    expected = sorted(
        s["study_uid"]
        for s in studies()
        if s["modality"] == "CT" and not ref.sentence_affirms(reports[s["study_uid"]], "emphysema")
    )
    assert ids(engine, "exams with no emphysema on ct", "study_uid") == expected


def test_answer_negative_for_lymphadenopathy(engine: QueryEngine) -> None:
    reports = ref.cohort()[3]

    def stated_absent(s: Row) -> bool:
        sentences = re.split(r"(?<=\.)\s+|\n", reports[s["study_uid"]].lower())
        named = [x for x in sentences if "lymphadenopathy" in x or "lymph nodes" in x]
        affirmed = ref.sentence_affirms(reports[s["study_uid"]], "lymphadenopathy") or (
            ref.sentence_affirms(reports[s["study_uid"]], "lymph nodes")
        )
        return bool(named) and not affirmed

    expected = sorted(s["study_uid"] for s in studies() if stated_absent(s))
    assert expected  # the cohort has such reports
    assert ids(engine, "exams neg for lymphadenopathy", "study_uid") == expected


def test_answer_median_long_axis_in_cm(engine: QueryEngine) -> None:
    axes = [
        f["long_axis_mm"]
        for f in ref.cohort()[2]
        if f["kind"] == "nodule" and f["attenuation"] == "solid"
    ]
    answer = engine.answer("median long axis of solid nodules in cm", AS_OF.isoformat())
    assert answer.value == pytest.approx(statistics.median(axes) / 10, abs=0.006)


def test_answer_signed_hu_range(engine: QueryEngine) -> None:
    expected = ref.studies_where(
        lambda s: ref.any_finding(s, lambda f: f["kind"] == "nodule" and -50 <= f["mean_hu"] <= 50)
    )
    assert ids(engine, "nodules -50 to 50 hu", "study_uid") == expected
