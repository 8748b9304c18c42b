"""Questions become typed queries: units, comparators, dates, grounding, and named leftovers."""

from __future__ import annotations

import datetime as dt

import pytest

from appliance.errors import QueryError
from query.grounding import Grounder
from query.parser import parse_question
from query.typed_query import DateRange, FindingClause, Measure, NumberRange, TypedQuery

AS_OF = dt.date(2026, 11, 1)


def parse(grounder: Grounder, question: str) -> TypedQuery:
    return parse_question(question, AS_OF, grounder, frozenset({"CT01", "CT02"}))


def first(query: TypedQuery) -> FindingClause:
    return query.filter.findings[0]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("nodules over 6 mm", NumberRange(low=6, low_inclusive=False)),
        ("nodules more than 6mm", NumberRange(low=6, low_inclusive=False)),
        ("nodules > 0.6 cm", NumberRange(low=6, low_inclusive=False)),
        ("nodules at least 6 mm", NumberRange(low=6)),
        ("nodules ≥ 6 mm", NumberRange(low=6)),
        ("nodules 6 mm or larger", NumberRange(low=6)),
        ("nodules under 6 mm", NumberRange(high=6, high_inclusive=False)),
        ("nodules up to 6 mm", NumberRange(high=6)),
        ("nodules between 4 and 6 mm", NumberRange(4, 6)),
        ("4-6 mm nodules", NumberRange(4, 6)),
        ("subcentimeter nodules", NumberRange(high=10, high_inclusive=False)),
    ],
)
def test_size_comparators_follow_the_cohort_conventions(
    grounder: Grounder, question: str, expected: NumberRange
) -> None:
    assert first(parse(grounder, question)).measures == (Measure("diameter_mm", expected),)


def test_volume_and_long_axis_have_their_own_fields(grounder: Grounder) -> None:
    assert first(parse(grounder, "nodules with volume over 1 cc")).measures == (
        Measure("volume_mm3", NumberRange(low=1000, low_inclusive=False)),
    )
    assert first(parse(grounder, "long axis at least 2 cm")).measures == (
        Measure("long_axis_mm", NumberRange(low=20)),
    )


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("this year", dt.date(2026, 1, 1), AS_OF),
        ("in the last 6 months", dt.date(2026, 5, 1), AS_OF),
        ("in the past year", dt.date(2025, 11, 1), AS_OF),
        ("since 2025", dt.date(2025, 1, 1), None),
        ("in 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("in March 2025", dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
        ("before 2025-03-01", None, dt.date(2025, 2, 28)),
        ("between 2023 and 2024", dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_dates_are_read_against_the_as_of_date(
    grounder: Grounder, phrase: str, start: dt.date | None, end: dt.date | None
) -> None:
    assert parse(grounder, f"nodules {phrase}").filter.dates == DateRange(start, end)


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("speculated nodules", "margins", "spiculated"),
        ("spiky nodules", "margins", "spiculated"),
        ("GGO", "attenuations", "ground-glass"),
        ("ground glass nodules", "attenuations", "ground-glass"),
        ("subsolid nodules", "attenuations", "subsolid"),
        ("nodules in the RUL", "lobes", "RUL"),
        ("nodules in the right upper lobe", "lobes", "RUL"),
        ("lobuated nodules", "margins", "lobulated"),
    ],
)
def test_synonyms_abbreviations_and_misspellings_are_grounded(
    grounder: Grounder, question: str, field: str, value: str
) -> None:
    query = parse(grounder, question)
    assert value in getattr(first(query), field)
    assert query.ignored == ()


def test_an_unplaced_word_is_named_never_dropped(grounder: Grounder) -> None:
    query = parse(grounder, "spiculated nodules flibbertigibbet")
    assert query.ignored == ("flibbertigibbet",)
    assert first(query).margins == ("spiculated",)


def test_sex_and_age_make_the_answer_patients(grounder: Grounder) -> None:
    query = parse(grounder, "women over 60 with solid nodules")
    assert (query.unit, query.filter.sexes) == ("patient", ("F",))
    assert query.filter.age == NumberRange(low=60, low_inclusive=False)


def test_counts_per_study_and_top_n(grounder: Grounder) -> None:
    assert first(parse(grounder, "studies with 3 or more nodules")).min_count == 3
    assert first(parse(grounder, "more than 2 nodules on one CT")).min_count == 3
    top = parse(grounder, "the 5 largest nodules")
    assert (top.unit, top.top and top.top.n) == ("finding", 5)


def test_negation_in_the_question(grounder: Grounder) -> None:
    query = parse(grounder, "screening CTs without nodules")
    assert first(query).absent
    concepts = parse(grounder, "patients without emphysema").filter.concepts
    assert [(c.concept, c.present) for c in concepts] == [("emphysema", False)]


@pytest.mark.parametrize(
    ("question", "calcified"),
    [
        ("calcified nodules", True),
        ("non-calcified nodules", False),
        ("nodules without calcification", False),
        ("nodules with no calcification", False),
    ],
)
def test_calcification_and_its_negation(grounder: Grounder, question: str, calcified: bool) -> None:
    clause = first(parse(grounder, question))
    assert (clause.calcified, clause.absent) == (calcified, False)


def test_station_names_come_from_the_catalogue(grounder: Grounder) -> None:
    assert parse(grounder, "nodules from CT02").filter.stations == ("CT02",)


def test_a_question_with_nothing_understood_is_refused(grounder: Grounder) -> None:
    with pytest.raises(QueryError, match="could not place"):
        parse(grounder, "xyzzy plugh")


def test_an_overlong_question_is_refused(grounder: Grounder) -> None:
    with pytest.raises(QueryError, match="characters"):
        parse(grounder, "nodules " * 200)
