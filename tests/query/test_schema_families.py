"""The typed query expresses each family of the catalogue a clinician asks about.

Identifiers, birth dates, quarters and month spans, signed attenuation, confidence, exact counts,
studies per patient, patient-level set logic, a patient's highest Lung-RADS, rankings and counts
per category: each is read into the typed query exactly, without the engine.
"""

from __future__ import annotations

import datetime as dt

import pytest

from query.grounding import Grounder
from query.identifiers import IdKind
from query.parser import parse_question
from query.typed_query import DateRange, Measure, NumberRange, TopN, TypedQuery

AS_OF = dt.date(2026, 11, 1)
UID = "1.2.826.0.1.3680043.10.1437.2.2025"
KNOWN: dict[str, tuple[IdKind, str]] = {
    "p00002": ("patient", "P00002"),
    "a0000003": ("accession", "A0000003"),
    UID: ("study", UID),
}


def parse(grounder: Grounder, question: str) -> TypedQuery:
    return parse_question(question, AS_OF, grounder, frozenset({"CT01"}), KNOWN.get)


def test_a_study_uid_is_one_identifier_and_its_tail_is_never_a_year(grounder: Grounder) -> None:
    query = parse(grounder, f"nodules in study {UID}")
    assert query.filter.study_uids == (UID,)
    assert query.filter.dates is None and query.ignored == ()


def test_patient_ids_and_accessions_come_from_the_catalogue(grounder: Grounder) -> None:
    assert parse(grounder, "studies of patient P00002").filter.patient_ids == ("P00002",)
    assert parse(grounder, "accession A0000003").filter.accessions == ("A0000003",)
    unknown = parse(grounder, "scans for patient X99999")
    assert unknown.filter.patient_ids == ("x99999",)  # named, so the answer is empty, not all


def test_first_and_latest_study_of_a_patient(grounder: Grounder) -> None:
    assert parse(grounder, "first scan of patient P00002").filter.pick == "first"
    assert parse(grounder, "most recent CT for P00002").filter.pick == "latest"


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("in Q2 2025", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("in the third quarter of 2024", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        ("since March", dt.date(2026, 3, 1), None),
        ("from March to June 2025", dt.date(2025, 3, 1), dt.date(2025, 6, 30)),
        ("between Nov and Feb", dt.date(2025, 11, 1), dt.date(2026, 2, 28)),
    ],
)
def test_quarters_and_month_spans(
    grounder: Grounder, phrase: str, start: dt.date, end: dt.date | None
) -> None:
    assert parse(grounder, f"nodules {phrase}").filter.dates == DateRange(start, end)


def test_birth_dates_are_not_study_dates(grounder: Grounder) -> None:
    query = parse(grounder, "patients born in the 1950s with nodules in 2025")
    assert query.filter.birth == DateRange(dt.date(1950, 1, 1), dt.date(1959, 12, 31))
    assert query.filter.dates == DateRange(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("nodules below -600 HU", Measure("mean_hu", NumberRange(high=-600, high_inclusive=False))),
        ("nodules with mean HU between -700 and -300", Measure("mean_hu", NumberRange(-700, -300))),
        (
            "nodules under a centimetre",
            Measure("diameter_mm", NumberRange(high=10, high_inclusive=False)),
        ),
        (
            "nodules with confidence above 0.9",
            Measure("confidence", NumberRange(low=0.9, low_inclusive=False)),
        ),
        ("nodules with confidence of at least 85%", Measure("confidence", NumberRange(low=0.85))),
        ("nodules not over 6 mm", Measure("diameter_mm", NumberRange(high=6))),
    ],
)
def test_numbers_that_are_not_sizes_and_sizes_in_words(
    grounder: Grounder, question: str, measure: Measure
) -> None:
    assert parse(grounder, question).filter.findings[0].measures == (measure,)


def test_exact_and_bounded_counts_of_findings(grounder: Grounder) -> None:
    exact = parse(grounder, "studies with exactly 2 nodules").filter.findings[0]
    assert (exact.min_count, exact.max_count) == (2, 2)
    fewer = parse(grounder, "studies with fewer than 3 nodules").filter.findings[0]
    assert (fewer.min_count, fewer.max_count) == (0, 2)


def test_studies_per_patient_and_the_same_nodule_on_several_scans(grounder: Grounder) -> None:
    query = parse(grounder, "patients with 3 or more studies")
    assert query.unit == "patient" and query.filter.patient is not None
    assert query.filter.patient.studies == NumberRange(low=3)
    assert parse(grounder, "the same nodule on at least 3 scans").filter.findings[0].min_scans == 3


def test_growth_thresholds_other_than_the_default(grounder: Grounder) -> None:
    clause = parse(grounder, "nodules that grew by more than 3 mm").filter.findings[0]
    assert clause.grew and clause.growth_mm == NumberRange(low=3, low_inclusive=False)


def test_both_and_never_are_about_the_patients_whole_history(grounder: Grounder) -> None:
    both = parse(grounder, "patients with both emphysema and a mass").filter.patient
    assert both is not None and len(both.has) == 2 and both.never == ()
    never = parse(grounder, "patients with nodules but never a mass")
    assert never.filter.patient is not None
    assert [c.kinds for f in never.filter.patient.never for c in f.findings] == [("mass",)]
    assert [c.kinds for c in never.filter.findings] == [("nodule",)]


def test_a_patients_highest_lung_rads_and_counts_per_category(grounder: Grounder) -> None:
    highest = parse(grounder, "patients whose highest Lung-RADS was 4B").filter.patient
    assert highest is not None and highest.highest_lung_rads == ("4B",)
    grouped = parse(grounder, "how many studies per Lung-RADS category")
    assert (grouped.unit, grouped.count_of, grouped.group_by) == ("count", "study", "lung_rads")


@pytest.mark.parametrize(
    ("question", "unit", "top"),
    [
        ("the 5 most recent studies", "study", TopN(5, "study_date", largest=True)),
        ("oldest 10 patients", "patient", TopN(10, "birth_date", largest=False)),
        ("the nodule with the lowest HU", "finding", TopN(1, "mean_hu", largest=False)),
        ("top 3 nodules by volume", "finding", TopN(3, "volume_mm3", largest=True)),
        ("the 2 patients with the most nodules", "patient", TopN(2, "finding_count")),
    ],
)
def test_rankings(grounder: Grounder, question: str, unit: str, top: TopN) -> None:
    query = parse(grounder, question)
    assert (query.unit, query.top) == (unit, top)


def test_negation_of_an_attribute_keeps_the_other_values(grounder: Grounder) -> None:
    assert parse(grounder, "nodules not in the right upper lobe").filter.findings[0].lobes == (
        "RML",
        "RLL",
        "LUL",
        "LLL",
    )
    excluded = parse(grounder, "studies excluding head CTs").filter.excluded
    assert [e.body_parts for e in excluded] == [("HEAD",)]


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("studies with 2 nodules", "studies with exactly 2 nodules"),
        ("patients scanned twice", "patients scanned at least twice"),
        ("patients without nodules", "patients who never had nodules"),
    ],
)
def test_a_guess_comes_with_the_question_that_reads_it_the_other_way(
    grounder: Grounder, question: str, other: str
) -> None:
    guessed = parse(grounder, question)
    assert guessed.cautions and guessed.alternatives == (other,)
    settled = parse(grounder, other)
    assert settled.cautions == () and settled.filter != guessed.filter
